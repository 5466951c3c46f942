#!/usr/bin/env python3
"""`pqa replay` on several recordings at once (issue 21, a fleet's files in one
command), end to end: three small synthesised recordings, one of them corrupt
(its .dat cut short), replayed with --jobs 2.

- every output of a good recording is byte for byte what a single-file run of
  it writes (the fleet only decides where files go and when they run);
- the corrupt one fails alone: its line names it and the error, the others
  finish, the exit status is 1 and the summary counts 2 ok, 1 failed;
- the sag synthesised on phase A of one recording is its one event;
- a single output file or stdout with several recordings, two recordings
  that would write one file, and --jobs 0 are usage errors (status 2) that
  say what to write instead;
- the README's fleet block runs as written.

Usage: replay_fleet_test.py PATH/TO/pqa README.md"""
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

PQA = README = None
# Short recordings (signal in seconds) measured in 150-cycle records, so the
# whole test takes a few seconds.
COMMON = ["--interval", "150cycle"]
OUTPUTS = ["--events", "--phase-events", "--event-curves"]


def run(*args, cwd=None):
    return subprocess.run([PQA, *args], cwd=cwd, capture_output=True, text=True, timeout=600)


def read(path):
    with open(path, "rb") as f:
        return f.read()


class Fleet(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        d = cls.d = cls.tmp.name
        rec = os.path.join(d, "rec")
        os.makedirs(rec)
        synth = {
            "quiet": ["--duration", "20s", "--harmonics", "5:4,7:3", "--noise", "0.1"],
            # a 0.5 s sag to 0.55 pu on phase A at 8 s: one event
            "sag": ["--duration", "20s", "--variations", "8:0.5:0.55:A"],
            "broken": ["--duration", "20s"],
        }
        for name, args in synth.items():
            r = run("synth", os.path.join(rec, name + ".cfg"), "--rate", "3840", "--quiet", *args)
            assert r.returncode == 0, r.stderr
        dat = os.path.join(rec, "broken.dat")
        os.truncate(dat, os.path.getsize(dat) - 7)
        cls.inputs = [os.path.join(rec, n + ".cfg") for n in ("quiet", "broken", "sag")]

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def single(self, name):
        """A single-file run's four outputs, as bytes."""
        out = os.path.join(self.d, "single")
        os.makedirs(out, exist_ok=True)
        paths = {kind: os.path.join(out, f"{name}.{kind}") for kind in
                 ("records", "events", "phase-events", "event-curves")}
        r = run("replay", os.path.join(self.d, "rec", name + ".cfg"), *COMMON,
                "--records", paths["records"], "--events", paths["events"],
                "--phase-events", paths["phase-events"], "--event-curves", paths["event-curves"])
        self.assertEqual(r.returncode, 0, r.stderr)
        return {kind: read(p) for kind, p in paths.items()}

    def test_each_recording_gets_the_files_a_single_run_writes_and_a_failure_stops_none(self):
        out = os.path.join(self.d, "fleet")
        r = run("replay", *self.inputs, *COMMON, "--jobs", "2", "--records", out + "/",
                "--events", out + "/{stem}-events.jsonl", "--phase-events", out + "/",
                "--event-curves", out + "/")
        self.assertEqual(r.returncode, 1, r.stderr)
        err = r.stderr
        # One line per recording, the failure naming the recording and the cause.
        self.assertRegex(err, r"\[\d/3\] ok .*quiet\.cfg: 20\.0 s of signal")
        self.assertRegex(err, r"\[\d/3\] ok .*sag\.cfg: 20\.0 s of signal at 60 Hz nominal, "
                              r"\d+ records, 1 events")
        failed = re.search(r"\[\d/3\] FAILED .*broken\.cfg: (.*)", err)
        self.assertIsNotNone(failed, err)
        self.assertIn("broken.dat", failed.group(1))
        self.assertIn("truncated", failed.group(1))
        self.assertRegex(err, r"3 recordings: 2 ok, 1 failed \(.*broken\.cfg\); 40\.0 s of "
                              r"signal \(0\.01 h\) in .* wall on 2 jobs: \d+x real time")
        for name in ("quiet", "sag"):
            want = self.single(name)
            got = {"records": read(os.path.join(out, name + ".records.jsonl")),
                   "events": read(os.path.join(out, name + "-events.jsonl")),
                   "phase-events": read(os.path.join(out, name + ".phase-events.jsonl")),
                   "event-curves": read(os.path.join(out, name + ".event-curves.jsonl"))}
            for kind in want:
                self.assertEqual(got[kind], want[kind], f"{name} {kind}")
            self.assertGreater(len(got["records"].splitlines()), 0, name)
        # The sag as synthesised: phase A only, 0.5 s at 55 %.
        events = [json.loads(line) for line in read(os.path.join(out, "sag-events.jsonl"))
                  .decode().splitlines()]
        self.assertEqual(len(events), 1)
        self.assertEqual(events[0]["phases"], ["A"])
        self.assertAlmostEqual(events[0]["duration_ms"], 500, delta=17)  # one cycle at 60 Hz
        self.assertAlmostEqual(events[0]["amplitude_pu"], 0.55, delta=0.01)
        self.assertEqual(read(os.path.join(out, "quiet-events.jsonl")), b"")

    def test_records_go_beside_each_recording_by_default_one_job_at_a_time(self):
        r = run("replay", self.inputs[0], self.inputs[2], *COMMON, "--jobs", "1", "--quiet")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "")  # --quiet: nothing but failures and warnings
        for name in ("quiet", "sag"):
            beside = os.path.join(self.d, "rec", name + ".records.jsonl")
            self.assertEqual(read(beside), self.single(name)["records"], name)
            os.remove(beside)

    def test_outputs_that_cannot_hold_each_recording_are_usage_errors(self):
        two = [self.inputs[0], self.inputs[2]]
        for args, says in ((["--records", "all.jsonl"], "{stem}"),
                           (["--records", "-"], "stdout"),
                           (["--records", "out/", "--events", "-"], "stdout"),
                           (["--jobs", "0"], "--jobs 0"),
                           (["--jobs", "many"], "--jobs")):
            r = run("replay", *two, *args, cwd=self.d)
            self.assertEqual(r.returncode, 2, args)
            self.assertIn(says, r.stderr, args)
            self.assertIn("--help", r.stderr, args)
        other = os.path.join(self.d, "other")
        os.makedirs(other, exist_ok=True)
        r = run("synth", os.path.join(other, "sag.cfg"), "--rate", "3840", "--duration", "1",
                "--quiet")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = run("replay", self.inputs[2], os.path.join(other, "sag.cfg"), "--records", "same/",
                cwd=self.d)
        self.assertEqual(r.returncode, 2)
        self.assertIn("would both write same/sag.records.jsonl", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.d, "same")))

    def test_help_teaches_the_fleet(self):
        r = run("replay", "--help")
        self.assertEqual(r.returncode, 0, r.stderr)
        for word in ("INPUT...", "--jobs", "{stem}", "{dir}", "--records out/"):
            self.assertIn(word, r.stdout)


class ReadmeFleet(unittest.TestCase):
    def test_the_readme_fleet_block_runs_as_written(self):
        with open(README, encoding="utf-8") as f:
            text = f.read()
        at = text.index("### A fleet of recordings")
        block = re.search(r"```sh\n(.*?)```", text[at:], re.S).group(1)
        with tempfile.TemporaryDirectory() as d:
            os.makedirs(os.path.join(d, "build", "release"))
            os.symlink(PQA, os.path.join(d, "build", "release", "pqa"))
            r = subprocess.run(["bash", "-euo", "pipefail", "-c", block], cwd=d,
                               capture_output=True, text=True, timeout=600)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("2 recordings: 2 ok, 0 failed", r.stderr)
            for n in (1, 2):
                records = read(os.path.join(d, "out", f"feeder-{n}.records.jsonl"))
                self.assertEqual(len(records.splitlines()), 1)  # one 10-minute record
            events = read(os.path.join(d, "out", "feeder-2.events.jsonl")).splitlines()
            self.assertEqual([json.loads(e)["phases"] for e in events], [["A"]])


if __name__ == "__main__":
    README = os.path.abspath(sys.argv.pop(2))
    PQA = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
