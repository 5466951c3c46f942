"""Builds the pqa-client package: the pqa.v1 message and service stubs are
generated from the repository's proto/ at build time (Debian's
python3-grpc-tools), so they always match the service they talk to.

The .proto files are found in $PQA_PROTO_DIR, or ../../proto next to this
file (a build from the repository checkout).
"""
import os
import pathlib

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = pathlib.Path(__file__).resolve().parent


def proto_dir() -> pathlib.Path:
    explicit = os.environ.get("PQA_PROTO_DIR")
    found = pathlib.Path(explicit) if explicit else HERE.parent.parent / "proto"
    if not (found / "pqa" / "v1").is_dir():
        raise SystemExit(f"pqa-client: no pqa/v1/*.proto under {found}; set PQA_PROTO_DIR")
    return found


def generate_stubs(out: pathlib.Path) -> None:
    from grpc_tools import protoc  # Debian python3-grpc-tools

    root = proto_dir()
    protos = sorted(str(p) for p in (root / "pqa" / "v1").glob("*.proto"))
    out.mkdir(parents=True, exist_ok=True)
    args = ["grpc_tools.protoc", f"-I{root}", f"--python_out={out}", f"--grpc_python_out={out}"]
    if protoc.main(args + protos) != 0:
        raise SystemExit("pqa-client: protoc failed on " + " ".join(protos))
    for package in (out / "pqa", out / "pqa" / "v1"):
        (package / "__init__.py").touch()


class BuildPyWithStubs(build_py):
    def run(self) -> None:
        super().run()
        generate_stubs(pathlib.Path(self.build_lib))


setup(cmdclass={"build_py": BuildPyWithStubs})
