#!/usr/bin/env python3
"""`pqa point` against a real `pqa serve` over TLS on loopback (issue 19):
create, list, show, update (only the options given; the revision guards
against a lost update), delete, sets; tables and --json; errors that name
the option or the field, with exit codes 1 and 2.

Usage: point_command_test.py PATH/TO/pqa
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

PQA = None
ADMIN = "point-admin-token-0123456789"
OPERATOR = "point-operator-token-012345"


class PointCommand(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="pqa_point_")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=localhost", "-addext",
                        "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", "server.key",
                        "-out", "server.pem"], cwd=cls.dir, check=True, capture_output=True)
        with open(os.path.join(cls.dir, "tokens.txt"), "w") as f:
            f.write(f"{ADMIN}:ops:admin\n{OPERATOR}:control-room:operator\n")
        for name, token in (("admin.token", ADMIN), ("operator.token", OPERATOR)):
            with open(os.path.join(cls.dir, name), "w") as f:
                f.write(token + "\n")
        cls.server = subprocess.Popen(
            [PQA, "serve", "--db", "sqlite:pqa.sqlite", "--listen", "127.0.0.1:0", "--tls-cert",
             "server.pem", "--tls-key", "server.key", "--tokens", "tokens.txt"], cwd=cls.dir,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for line in cls.server.stderr:
            match = re.search(r'"listening","port":(\d+)', line)
            if match:
                cls.port = int(match.group(1))
                break
        # The access log goes on; it is read by nobody, so it goes to a file.
        cls.log = open(os.path.join(cls.dir, "serve.log"), "w")
        cls.drain = subprocess.Popen(["cat"], stdin=cls.server.stderr, stdout=cls.log)
        cls.server.stderr.close()

    @classmethod
    def tearDownClass(cls):
        cls.server.terminate()
        cls.server.wait(timeout=30)
        cls.drain.wait(timeout=30)
        cls.log.close()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def point(self, *args, token="admin.token"):
        return subprocess.run([PQA, "point", *args, "--server", f"localhost:{self.port}",
                               "--token-file", token, "--ca", "server.pem"], cwd=self.dir,
                              capture_output=True, text=True, timeout=60)

    def show(self, point_id):
        r = self.point("show", point_id, "--json", token="operator.token")
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)

    def test_help_teaches_every_verb(self):
        r = subprocess.run([PQA, "point", "--help"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0)
        for verb in ("create", "list", "show", "update", "delete", "sets", "--revision"):
            self.assertIn(verb, r.stdout)
        r = subprocess.run([PQA, "point", "create", "--help"], capture_output=True, text=True)
        for option in ("--connection", "--voltage-kind", "--eusd", "--mode", "--analyzer",
                       "--description", "--server", "--token-file", "--ca", "--insecure",
                       "--json"):
            self.assertIn(option, r.stdout)
        r = subprocess.run([PQA, "point", "rename"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)
        self.assertIn("unknown verb 'rename'", r.stderr)

    def test_create_show_list_update_and_the_revision_guard(self):
        r = self.point("create", "feeder-1", "--connection", "13.8kV", "--analyzer", "an-1",
                       "--analyzer", "an-2,an-3", "--description", "feeder 1, bay 4",
                       "--mode", "sampled", "--expurgate-momentary")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Annex 8.A row", r.stdout)
        p = self.show("feeder-1")
        self.assertEqual(p["revision"], "1")
        self.assertEqual(p["analyzers"], ["an-1", "an-2", "an-3"])
        self.assertEqual(p["config"]["connection"], "13.8kV")
        self.assertEqual(p["config"]["voltage_class"], "")  # derived from Vn, not stored
        self.assertAlmostEqual(p["config"]["nominal_v"], 13800)
        self.assertAlmostEqual(p["config"]["reference_v"], 13800 / 3 ** 0.5, 6)
        self.assertTrue(p["config"]["expurgate_momentary"])

        # Only what is given changes.
        r = self.point("update", "feeder-1", "--eusd", "1520.40", "--revision", "1")
        self.assertEqual(r.returncode, 0, r.stderr)
        q = self.show("feeder-1")
        self.assertEqual(q["revision"], "2")
        self.assertEqual(q["config"]["eusd_brl"], 1520.40)
        for key in ("connection", "measurement_mode", "expurgate_momentary"):
            self.assertEqual(q["config"][key], p["config"][key], key)
        self.assertEqual(q["analyzers"], p["analyzers"])
        self.assertEqual(q["description"], p["description"])

        # Someone else read revision 1 too: their update is refused, nothing lost.
        r = self.point("update", "feeder-1", "--eusd", "99", "--revision", "1")
        self.assertEqual(r.returncode, 1)
        self.assertIn("FAILED_PRECONDITION", r.stderr)
        self.assertIn("revision 2", r.stderr)
        self.assertEqual(self.show("feeder-1")["config"]["eusd_brl"], 1520.40)

        r = self.point("update", "feeder-1", "--no-expurgate-momentary", "--analyzer", "")
        self.assertEqual(r.returncode, 0, r.stderr)
        q = self.show("feeder-1")
        self.assertFalse(q["config"]["expurgate_momentary"])
        self.assertEqual(q.get("analyzers", []), [])
        self.assertEqual(q["config"]["eusd_brl"], 1520.40)

        r = self.point("list", token="operator.token")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"POINT\s+CONNECTION")
        self.assertRegex(r.stdout, r"feeder-1\s+13.8kV\s+sampled\s+3 ")
        listed = json.loads(self.point("list", "--json", token="operator.token").stdout)
        self.assertIn("feeder-1", [p["point_id"] for p in listed["points"]])

    def test_errors_name_the_option_or_the_field(self):
        r = self.point("create", "feeder-2", "--connection", "abc")
        self.assertEqual(r.returncode, 2)
        self.assertIn("--connection", r.stderr)
        r = self.point("create", "feeder-2", "--connection", "220/127", "--eusd", "nan")
        self.assertEqual(r.returncode, 2)
        self.assertIn("--eusd", r.stderr)
        r = self.point("create", "feeder-2", "--connection", "220/127", "--contracted-v", "13000")
        self.assertEqual(r.returncode, 2)
        self.assertIn("--contracted-v", r.stderr)
        # What only the service can check: an analyzer name with a colon, the id.
        r = self.point("create", "feeder-2", "--connection", "220/127", "--analyzer", "a:b")
        self.assertEqual(r.returncode, 1)
        self.assertIn("INVALID_ARGUMENT: point.analyzers[0]", r.stderr)
        r = self.point("create", "feeder 2", "--connection", "220/127")
        self.assertEqual(r.returncode, 1)
        self.assertIn("point.point_id", r.stderr)
        r = self.point("create", "feeder-2", "--connection", "220/127", token="operator.token")
        self.assertEqual(r.returncode, 1)
        self.assertIn("PERMISSION_DENIED", r.stderr)
        r = self.point("show", "nowhere")
        self.assertEqual(r.returncode, 1)
        self.assertIn("NOT_FOUND", r.stderr)
        self.assertNotIn("feeder-2", [p["point_id"] for p in json.loads(
            self.point("list", "--json").stdout).get("points", [])])

    def test_delete_and_sets(self):
        r = self.point("create", "typo", "--connection", "220/127")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.point("sets", "typo")
        self.assertEqual(r.returncode, 1)
        self.assertIn("OUT_OF_RANGE", r.stderr)  # no records yet
        r = self.point("delete", "typo", "--revision", "1")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("deleted point typo", r.stdout)
        r = self.point("show", "typo")
        self.assertEqual(r.returncode, 1)
        self.assertIn("NOT_FOUND", r.stderr)

    def test_a_tokens_file_with_a_token_twice_is_refused_at_start(self):
        with open(os.path.join(self.dir, "dup.txt"), "w") as f:
            f.write(f"{ADMIN}:ops:admin\n{ADMIN}:substation-7:analyzer\n")
        r = subprocess.run([PQA, "serve", "--db", "sqlite:dup.sqlite", "--listen", "127.0.0.1:0",
                            "--insecure", "--tokens", "dup.txt"], cwd=self.dir,
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("dup.txt:2: token: the same token as line 1", r.stderr)
        self.assertNotIn(ADMIN, r.stderr)

    def test_an_unreachable_service_is_reported_after_the_wait(self):
        r = subprocess.run([PQA, "point", "list", "--server", "127.0.0.1:1", "--token-file",
                            "admin.token", "--ca", "server.pem", "--wait", "1"], cwd=self.dir,
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 1)
        self.assertIn("service unreachable at 127.0.0.1:1", r.stderr)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)


if __name__ == "__main__":
    PQA = os.path.abspath(sys.argv[1])
    unittest.main(argv=sys.argv[:1], verbosity=2)
