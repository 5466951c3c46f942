#!/usr/bin/env python3
"""The README's service quick start, run as written (issue 19).

The shell block under "### Service quick start" in README.md is read at test
time and run with bash in a scratch directory where build/release/pqa is the
binary under test and pqa-demo/records.jsonl a week of records with known
content (what `pqa demo` would leave there, written here in a second instead
of replayed in minutes). Then:

- the sets the quick start prints as JSON (its `pqa point sets` line with
  --json) equal `pqa window` on the same records;
- the /metrics scrape it ends with counts exactly the records stored;
- the table it printed shows the set's DRP.

The block uses fixed ports (50051, 9464); as root it runs in a network
namespace of its own (unshare -n) so that nothing else on the machine can
collide with them. Usage: readme_quickstart_test.py PATH/TO/pqa README.md
"""
import datetime
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest

PQA = README = None
RECORDS = 1008 + 60  # a week and ten hours: one set and 60 readings pending
PRECARIOUS = 25      # readings at 114 V (110..117 V is precarious for 220/127 V)


def quickstart_block(readme_text):
    """The first ```sh block after the quick-start heading."""
    at = readme_text.index("### Service quick start")
    match = re.search(r"```sh\n(.*?)```", readme_text[at:], re.S)
    return match.group(1)


def write_week(path):
    t0 = datetime.datetime(2025, 3, 3, tzinfo=datetime.timezone.utc)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        for i in range(RECORDS):
            v = 114.0 if i < PRECARIOUS else 127.0 + 0.5 * ((i * 7) % 5 - 2)
            phases = [{"phase": p, "rms_v": v + k * 0.3, "fund_v": v + k * 0.3,
                       "dtt_pct": 1.5 + 0.01 * ((i * (k + 3)) % 97), "dttp_pct": 0.2,
                       "dtti_pct": 1.2 + 0.005 * (i % 31), "dtt3_pct": 0.6,
                       "pst": 0.3 + 0.002 * ((i * 13 + k) % 211)}
                      for k, p in enumerate("ABC")]
            record = {"start": (t0 + datetime.timedelta(minutes=10 * i)).strftime(
                          "%Y-%m-%dT%H:%M:%SZ"),
                      "duration_s": 600, "interval": "10min", "complete": True,
                      "flicker_complete": True, "freq_hz": 60.0,
                      "fd_pct": 0.5 + 0.001 * (i % 400), "phases": phases}
            f.write(json.dumps(record) + "\n")


class ReadmeQuickStart(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="pqa_quickstart_")
        os.makedirs(os.path.join(cls.tmp, "build", "release"))
        os.symlink(os.path.abspath(PQA), os.path.join(cls.tmp, "build", "release", "pqa"))
        cls.records = os.path.join(cls.tmp, "pqa-demo", "records.jsonl")
        write_week(cls.records)
        with open(README) as f:
            cls.block = quickstart_block(f.read())
        # The lines as written; the last `pqa point sets` again with --json,
        # and the server stopped, inside the same shell.
        sets_command = re.search(r"^(build/release/pqa point sets (?:.*\\\n)*.*)$", cls.block,
                                 re.M).group(1)
        script = ("set -e\n" + cls.block + "\necho '---json---'\n" + sets_command.rstrip() +
                  " --json\nkill %1\nwait\n")
        isolated = os.geteuid() == 0 and shutil.which("unshare") and subprocess.run(
            ["unshare", "-n", "true"], capture_output=True).returncode == 0
        if isolated:
            command = ["unshare", "-n", "bash", "-c", "ip link set lo up && bash -s"]
        else:
            command = ["bash", "-s"]
            print("not root: the quick start runs on the machine's own loopback ports")
        cls.run_result = subprocess.run(command, input=script, cwd=cls.tmp, text=True,
                                        capture_output=True, timeout=300,
                                        start_new_session=True)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def output(self):
        r = self.run_result
        self.assertEqual(r.returncode, 0, f"stdout:\n{r.stdout}\nstderr:\n{r.stderr}")
        table, _, sets_json = r.stdout.partition("---json---\n")
        return table, json.loads(sets_json)

    def test_the_block_is_what_a_user_types(self):
        for command in ("pqa serve", "pqa point create", "pqa push", "pqa point sets", "/metrics"):
            self.assertIn(command, self.block)

    def test_the_sets_equal_pqa_window_on_the_same_records(self):
        _, sets = self.output()
        window = subprocess.run([PQA, "window", self.records, "--connection", "220/127"],
                                capture_output=True, text=True, timeout=120)
        self.assertEqual(window.returncode, 0, window.stderr)
        expected = json.loads(window.stdout)
        self.assertEqual(len(sets["voltage_sets"]), 1)
        self.assertEqual(sets["voltage_sets"], expected["voltage_sets"])
        self.assertEqual(sets["disturbance_sets"], expected["disturbance_sets"])
        self.assertEqual(sets["pending_readings"], RECORDS - 1008)
        # The hand derivation: 25 precarious readings of 1,008 (spec section 2).
        self.assertEqual(sets["voltage_sets"][0]["nlp"], PRECARIOUS)
        self.assertAlmostEqual(sets["voltage_sets"][0]["drp_pct"], PRECARIOUS / 1008 * 100, 9)

    def test_the_table_shows_the_set(self):
        table, _ = self.output()
        self.assertIn("2025-03-03T00:00:00Z  2025-03-10T00:00:00Z", table)
        self.assertIn("%.3f" % (PRECARIOUS / 1008 * 100), table)
        self.assertIn(f"pushed {RECORDS} records and 0 events to feeder-12", table)

    def test_the_metrics_count_exactly_the_records_stored(self):
        table, _ = self.output()
        stored = re.search(r"^pqa_ingest_records_stored_total (\S+)$", table, re.M)
        self.assertIsNotNone(stored, table)
        self.assertEqual(float(stored.group(1)), RECORDS)
        self.assertIn(f"{RECORDS} stored, 0 already held", table)
        duplicates = re.search(r"^pqa_ingest_duplicates_total (\S+)$", table, re.M)
        self.assertEqual(float(duplicates.group(1)), 0)

    def test_the_access_log_has_a_line_per_call_and_no_secret(self):
        self.output()
        with open(os.path.join(self.tmp, "serve.log")) as f:
            log = f.read()
        calls = [json.loads(line) for line in log.splitlines() if '"event":"call"' in line]
        methods = [c["method"] for c in calls]
        self.assertIn("/pqa.v1.PointRegistry/CreatePoint", methods)
        self.assertIn("/pqa.v1.Ingest/Push", methods)
        push = [c for c in calls if c["method"] == "/pqa.v1.Ingest/Push"]
        self.assertEqual(sum(c["items"] for c in push), RECORDS)
        self.assertEqual({c["principal"] for c in push}, {"substation-7"})
        for token_file in ("admin.token", "analyzer.token"):
            with open(os.path.join(self.tmp, token_file)) as f:
                self.assertNotIn(f.read().strip(), log)


if __name__ == "__main__":
    PQA, README = sys.argv[1], sys.argv[2]
    unittest.main(argv=sys.argv[:1], verbosity=2)
