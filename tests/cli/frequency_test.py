#!/usr/bin/env python3
"""Frequency variation end to end (issue 17, PRODIST Module 8 items 65-67):
`pqa synth --frequency-steps` writes steps of known durations on 10 s ticks,
`pqa replay` measures them, and the frequency section of `pqa window` (and of
`pqa report`, which carries exactly what `pqa window` prints) holds exactly
the breaches the rules define for those steps, and none for a 25 s dip to
58.6 Hz. Usage: frequency_test.py PATH/TO/pqa"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

PQA = None
START = "2025-03-03T00:00:00Z"


def run(*args):
    return subprocess.run([PQA, *args], capture_output=True, text=True, timeout=300)


def at(seconds):
    """RFC 3339 UTC of START + seconds (START is midnight, seconds < 3600)."""
    return "2025-03-03T00:%02d:%02dZ" % (seconds // 60, seconds % 60)


def measure(directory, name, frequency, duration_s, steps, nominal):
    """Synthesises, replays and evaluates one recording: (report JSON, window run)."""
    cfg = os.path.join(directory, name + ".cfg")
    records = os.path.join(directory, name + ".jsonl")
    r = run("synth", cfg, "--rate", "1920", "--duration", "%ds" % duration_s, "--start", START,
            "--frequency", str(frequency), "--frequency-steps", steps, "--quiet")
    assert r.returncode == 0, r.stderr
    r = run("replay", cfg, "--nominal-frequency", str(nominal), "--no-flicker", "--quiet",
            "--records", records)
    assert r.returncode == 0, r.stderr
    html = os.path.join(directory, name + ".html")
    r = run("report", records, "--connection", "220/127", "--time-zone", "UTC", "--lang", "en",
            "--out", html)
    assert r.returncode == 0, r.stderr
    with open(os.path.join(directory, name + ".json")) as f:
        report = json.load(f)
    window = run("window", records, "--connection", "220/127", "--time-zone", "UTC")
    with open(html) as f:
        return report, window, f.read()


# 60 Hz, 500 s; every step on a 10 s tick, so each 10 s value holds one
# frequency (the cycle across the tick is discarded, IEC 61000-4-30 5.1),
# except the 25 s dip's last value (5 s at 58.6 Hz, 5 s at 60 Hz: 59.3 Hz).
STEPS_60 = ",".join([
    "30:62.5", "70:60",     # 40 s above 62 Hz: item 67 (> 30 s) and item 66 (> 30 s)
    "100:64", "120:60",     # 20 s above 63.5 Hz: item 67 (> 10 s) only
    "150:58", "170:60",     # 20 s below 58.5 Hz: item 67 (> 10 s) only
    "200:57", "210:60",     # 10 s below 57.5 Hz: item 67 (> 5 s); below 58.5 only 10 s
    "240:66.5", "250:60",   # above 66 Hz: never allowed
    "280:56", "290:60",     # below 56.5 Hz: never; and below 57.5 Hz for 10 s (> 5 s)
    "320:58.6", "345:60",   # the 25 s dip to 58.6 Hz: nothing
    "380:62.5", "410:60",   # exactly 30 s above 62 Hz: allowed (items 66 and 67)
    "440:59.2", "480:60",   # 40 s outside 59.5..60.5 Hz, above 58.5 Hz: item 66 only
])

# (rule, start s, duration s, allowed s, extreme Hz), in time order then rule order.
EXPECTED_60 = [
    ("item 66", 30, 40, 30, 62.5),
    ("item 67 >62Hz", 30, 40, 30, 62.5),
    ("item 67 >63.5Hz", 100, 20, 10, 64),
    ("item 67 <58.5Hz", 150, 20, 10, 58),
    ("item 67 <57.5Hz", 200, 10, 5, 57),
    ("item 67 >66Hz", 240, 10, 0, 66.5),
    ("item 67 <57.5Hz", 280, 10, 5, 56),
    ("item 67 <56.5Hz", 280, 10, 0, 56),
    ("item 66", 440, 40, 30, 59.2),
]

# IEC 61000-4-30 5.1 class A: +-10 mHz.
CLASS_A_HZ = 0.01


class Sixty(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        cls.report, cls.window, cls.html = measure(cls.dir.name, "f60", 60, 500, STEPS_60, 60)
        cls.section = cls.report["window"]["frequency"]

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def test_exactly_the_breaches_the_rules_define(self):
        got = [(v["rule"], v["start"], v["duration_s"], v["allowed_s"])
               for v in self.section["violations"]]
        want = [(rule, at(start), duration, allowed)
                for rule, start, duration, allowed, _ in EXPECTED_60]
        self.assertEqual(got, want)
        for v, (_, _, _, _, extreme) in zip(self.section["violations"], EXPECTED_60):
            self.assertAlmostEqual(v["extreme_hz"], extreme, delta=CLASS_A_HZ)
            self.assertEqual(v["start_local"], v["start"].replace("Z", "+00:00"))

    def test_time_in_each_band(self):
        bands = self.section["bands"]
        # 50 values of 10 s; 29 at 60 Hz (the rest are the steps and the dip).
        self.assertEqual(bands["measured_s"], 500)
        self.assertEqual(bands["normal_s"], 290)
        self.assertEqual(bands["recovery_s"], 290)
        self.assertEqual(bands["above_62_s"], 100)    # 40 + 20 + 10 + 30
        self.assertEqual(bands["above_63_5_s"], 30)   # 64 Hz 20 s, 66.5 Hz 10 s
        self.assertEqual(bands["above_66_s"], 10)
        self.assertEqual(bands["below_58_5_s"], 40)   # 58, 58, 57, 56
        self.assertEqual(bands["below_57_5_s"], 20)   # 57, 56
        self.assertEqual(bands["below_56_5_s"], 10)
        self.assertAlmostEqual(self.section["normal_pct"], 58.0, places=9)
        self.assertEqual(self.section["nominal_hz"], 60)
        self.assertEqual(self.section["reference"], "PRODIST Module 8 items 65-67")

    def test_extremes_with_their_times(self):
        self.assertAlmostEqual(self.section["min_hz"], 56, delta=CLASS_A_HZ)
        self.assertEqual(self.section["min_at"], at(280))
        self.assertAlmostEqual(self.section["max_hz"], 66.5, delta=CLASS_A_HZ)
        self.assertEqual(self.section["max_at"], at(240))

    def test_the_report_shows_the_section(self):
        self.assertIn("Frequency variation (items 65-67)", self.html)
        self.assertIn("Breaches: 9", self.html)
        self.assertIn("item 67 &lt;56.5Hz", self.html)

    def test_pqa_window_prints_the_same_section(self):
        if (self.window.returncode == 1 and
                "a PRODIST set needs 1008" in self.window.stderr):
            # Until "fewer than 1,008 readings is a note, not an error" (issue 17,
            # branch i17-pf) is merged, `pqa window` refuses 500 s of records.
            self.skipTest("pqa window still refuses fewer than 1,008 readings")
        self.assertEqual(self.window.returncode, 0, self.window.stderr)
        self.assertEqual(json.loads(self.window.stdout)["frequency"], self.section)


class Fifty(unittest.TestCase):
    """EN 50160 4.2.1 on 50 Hz: +4/-6 % always, +-1 % for 99.5 % of a year."""

    def test_en50160_bands_and_breaches(self):
        with tempfile.TemporaryDirectory() as d:
            # 10 s at 52.5 Hz (beyond +4 %), 30 s at 49.2 Hz (inside +4/-6 %,
            # outside +-1 %), of 120 s.
            report, _, html = measure(d, "f50", 50, 120, "30:52.5,40:50,70:49.2,100:50", 50)
        section = report["window"]["frequency"]
        self.assertEqual(section["nominal_hz"], 50)
        self.assertEqual(section["reference"], "EN 50160")
        got = [(v["rule"], v["start"], v["duration_s"], v["allowed_s"])
               for v in section["violations"]]
        self.assertEqual(got, [("EN 50160 +4/-6%", at(30), 10, 0)])
        bands = section["bands"]
        self.assertEqual(bands["measured_s"], 120)
        self.assertEqual(bands["normal_s"], 80)
        self.assertEqual(bands["recovery_s"], 110)
        self.assertEqual(bands.get("above_62_s", 0) + bands.get("below_58_5_s", 0), 0)
        self.assertIn("Frequency variation (EN 50160, 50 Hz system)", html)


if __name__ == "__main__":
    PQA = os.path.abspath(sys.argv.pop(1))
    unittest.main()
