#!/usr/bin/env python3
"""CI for the Python client, as a user installs it: a virtual environment on
Debian's python3 (with its python3-grpcio and python3-protobuf), the package
built from a copy of clients/python with the stubs generated from proto/ by
python3-grpc-tools, installed offline (pip --no-build-isolation --no-index);
then the client's tests and the example script against a real `pqa serve`
over TLS.

Usage: ci.py SERVER_BINARY   (pqa_service_server, the same command as `pqa serve`)
"""
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
PACKAGE = HERE.parent
REPO = PACKAGE.parent.parent


def run(*args, **kwargs):
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True, **kwargs)


def main():
    server = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="pqa_pyclient_") as tmp:
        tmp = pathlib.Path(tmp)
        run("/usr/bin/python3", "-m", "venv", "--system-site-packages", tmp / "venv")
        python = tmp / "venv" / "bin" / "python"
        # A copy, so that the build leaves nothing in the checkout.
        source = tmp / "pqa-client"
        shutil.copytree(PACKAGE, source, ignore=shutil.ignore_patterns("build", "*.egg-info"))
        env = dict(os.environ, PQA_PROTO_DIR=str(REPO / "proto"))
        run(python, "-m", "pip", "install", "--quiet", "--no-build-isolation", "--no-index",
            source, env=env)
        env = dict(os.environ, PQA_SERVER_BIN=server)
        run(python, "-m", "unittest", "-v", "test_client", cwd=HERE, env=env)
        run(python, REPO / "tools" / "python" / "pqa_client_example.py", "--self-test", server)


if __name__ == "__main__":
    main()
