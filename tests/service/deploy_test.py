#!/usr/bin/env python3
"""deploy/: the certificate walk-through of deploy/pqa-serve.md and the
systemd unit's command line, run as written (issue 19).

- The shell block under "## Certificates" is read from the page and run; the
  service then starts with its certificate and mutual TLS, a client with
  ca.pem and its own certificate is served, and clients given another CA stop
  at once with one line (`pqa point` and `pqa push`).
- deploy/pqa-serve.service: hardening present, `systemd-analyze verify`
  clean, and its ExecStart, expanded with deploy/pqa-serve.env the way
  systemd expands it (paths moved to a scratch directory), starts a service
  that drains and stops on SIGTERM.

Usage: deploy_test.py PATH/TO/pqa SOURCE_DIR
"""
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

PQA = SOURCE = None
ADMIN = "deploy-admin-token-0123456789"
ANALYZER = "deploy-analyzer-token-012345"


def block_after(text, heading):
    at = text.index(heading)
    return re.search(r"```sh\n(.*?)```", text[at:], re.S).group(1)


def start_serve(args, cwd):
    """Starts `pqa serve ARGS`; returns the process and the port it listens on."""
    process = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True)
    deadline = time.monotonic() + 30
    for line in process.stderr:
        match = re.search(r'"event":"listening","port":(\d+)', line)
        if match:
            return process, int(match.group(1))
        if time.monotonic() > deadline:
            break
    process.kill()
    raise AssertionError("pqa serve did not start: " + " ".join(args))


def stop(process):
    process.terminate()
    rest = process.stderr.read()
    process.stderr.close()
    return process.wait(timeout=30), rest


class Certificates(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="pqa_deploy_certs_")
        with open(os.path.join(SOURCE, "deploy", "pqa-serve.md")) as f:
            cls.block = block_after(f.read(), "## Certificates")
        cls.result = subprocess.run(["bash", "-e", "-c", cls.block], cwd=cls.dir,
                                    capture_output=True, text=True, timeout=120)
        with open(os.path.join(cls.dir, "tokens.txt"), "w") as f:
            f.write(f"{ADMIN}:ops:admin\n{ANALYZER}:substation-7:analyzer\n")
        for name, token in (("admin.token", ADMIN), ("analyzer.token", ANALYZER)):
            with open(os.path.join(cls.dir, name), "w") as f:
                f.write(token + "\n")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=another CA", "-keyout", "other.key", "-out", "other.pem"],
                       cwd=cls.dir, check=True, capture_output=True)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_the_walk_through_runs_and_gives_a_verified_chain(self):
        self.assertEqual(self.result.returncode, 0, self.result.stderr)
        self.assertIn("server.pem: OK", self.result.stdout)
        self.assertIn("substation-7.pem: OK", self.result.stdout)

    def test_the_service_and_a_client_use_them_and_another_ca_stops_in_one_line(self):
        self.assertEqual(self.result.returncode, 0, self.result.stderr)
        serve, port = start_serve(
            [PQA, "serve", "--db", "sqlite:pqa.sqlite", "--listen", "127.0.0.1:0", "--tls-cert",
             "server.pem", "--tls-key", "server.key", "--client-ca", "ca.pem", "--tokens",
             "tokens.txt"], self.dir)
        try:
            mutual = ["--cert", "substation-7.pem", "--key", "substation-7.key"]
            ok = subprocess.run([PQA, "point", "create", "feeder-12", "--connection", "220/127",
                                 "--analyzer", "substation-7", "--server", f"localhost:{port}",
                                 "--token-file", "admin.token", "--ca", "ca.pem", *mutual],
                                cwd=self.dir, capture_output=True, text=True, timeout=60)
            self.assertEqual(ok.returncode, 0, ok.stderr)
            self.assertIn("Annex 8.A row 220/127 LN", ok.stdout)
            for command in (["point", "list", "--token-file", "admin.token"],
                            ["push", "none.jsonl", "--point", "feeder-12", "--token-file",
                             "analyzer.token"]):
                with open(os.path.join(self.dir, "none.jsonl"), "w"):
                    pass
                started = time.monotonic()
                wrong = subprocess.run([PQA, *command, "--server", f"localhost:{port}", "--ca",
                                        "other.pem", *mutual], cwd=self.dir,
                                       capture_output=True, text=True, timeout=60)
                took = time.monotonic() - started
                self.assertEqual(wrong.returncode, 1, wrong.stderr)
                lines = wrong.stderr.strip().splitlines()
                self.assertEqual(len(lines), 1, wrong.stderr)
                self.assertIn("TLS: the certificate of localhost:", lines[0])
                self.assertIn("not trusted by the CA in other.pem", lines[0])
                self.assertLess(took, 10, "a TLS failure is no outage to wait out")
        finally:
            code, log = stop(serve)
        self.assertEqual(code, 0, log)


def unit_lines(path):
    """Key=value lines of a unit file, continuation lines joined."""
    with open(path) as f:
        text = f.read().replace("\\\n", " ")
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def expand(command, env):
    """systemd's ExecStart expansion: ${X} is one word, $X splits at white space."""
    words = []
    for word in shlex.split(command):
        if re.fullmatch(r"\$[A-Za-z_]+", word):
            words.extend(env.get(word[1:], "").split())
        else:
            words.append(re.sub(r"\$\{([A-Za-z_]+)\}", lambda m: env.get(m.group(1), ""), word))
    return words


class Unit(unittest.TestCase):
    def setUp(self):
        self.unit = os.path.join(SOURCE, "deploy", "pqa-serve.service")
        self.lines = unit_lines(self.unit)
        self.dir = tempfile.mkdtemp(prefix="pqa_deploy_unit_")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_the_unit_runs_as_its_own_user_on_a_read_only_system(self):
        for setting in ("User=pqa", "ProtectSystem=strict", "StateDirectory=pqa",
                        "EnvironmentFile=/etc/pqa/pqa-serve.env", "NoNewPrivileges=true",
                        "ProtectHome=true", "PrivateTmp=true", "CapabilityBoundingSet=",
                        "KillSignal=SIGTERM"):
            self.assertIn(setting, self.lines)

    def test_systemd_analyze_verify_is_clean(self):
        if not shutil.which("systemd-analyze"):
            self.skipTest("systemd-analyze not installed")
        with open(self.unit) as f:
            text = f.read().replace("/usr/local/bin/pqa", os.path.abspath(PQA))
        copy = os.path.join(self.dir, "pqa-serve.service")
        with open(copy, "w") as f:
            f.write(text)
        r = subprocess.run(["systemd-analyze", "verify", copy], capture_output=True, text=True,
                           timeout=60)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertNotIn("pqa-serve.service", r.stdout + r.stderr)

    def test_exec_start_with_the_environment_file_starts_and_drains(self):
        env = {}
        with open(os.path.join(SOURCE, "deploy", "pqa-serve.env")) as f:
            for line in f:
                if line.strip() and not line.startswith("#"):
                    key, _, value = line.strip().partition("=")
                    env[key] = value
        for key in ("PQA_DB", "PQA_LISTEN", "PQA_TLS_CERT", "PQA_TLS_KEY", "PQA_TOKENS",
                    "PQA_METRICS_LISTEN", "PQA_OPTIONS"):
            self.assertIn(key, env)
        # The machine's paths moved to the scratch directory; the options kept.
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=localhost", "-keyout", "server.key", "-out", "server.pem"],
                       cwd=self.dir, check=True, capture_output=True)
        with open(os.path.join(self.dir, "tokens.txt"), "w") as f:
            f.write(f"{ADMIN}:ops:admin\n")
        env.update(PQA_DB="sqlite:" + os.path.join(self.dir, "pqa.sqlite"),
                   PQA_LISTEN="127.0.0.1:0", PQA_TLS_CERT="server.pem", PQA_TLS_KEY="server.key",
                   PQA_TOKENS="tokens.txt", PQA_METRICS_LISTEN="127.0.0.1:0")
        exec_start = next(line for line in self.lines if line.startswith("ExecStart="))
        args = expand(exec_start[len("ExecStart="):], env)
        self.assertEqual(args[:2], ["/usr/local/bin/pqa", "serve"])
        args[0] = PQA
        serve, _ = start_serve(args, self.dir)
        code, log = stop(serve)
        self.assertEqual(code, 0, log)
        self.assertIn('"event":"stopped"', log)


if __name__ == "__main__":
    PQA, SOURCE = os.path.abspath(sys.argv[1]), sys.argv[2]
    unittest.main(argv=sys.argv[:1], verbosity=2)
