"""The main job end to end: `pqa demo` synthesises a week of a 220/127 V
feeder whose content is known analytically, replays it, and judges it as
PRODIST Module 8 does. Every figure is checked against that content with the
standards' tolerances, and the report's data must be exactly what `pqa window`
prints for the same records (one source of numbers).

What the demo puts in (host/cli/demo_command.cc, DemoSpec):
  magnitudes 1, 0.99, 1.012 pu of 127 V at 0, -121, 119.5 degrees;
  harmonics 3:1.5 %, 5:4 %, 7:3 %, 11:1.2 %, 13:0.8 %;
  rectangular modulation 110 cpm, dV/V 0.6 % (IEC 61000-4-15 table 5: 0.844 %
  gives Pst 1 on a 120 V lamp at 60 Hz);
  every day 18:00-21:00 at 0.915 pu (precarious: 116.2 V on A, 115.0 V on B)
  and 02:00-05:00 at 1.03 pu (adequate);
  Tue 10:15:20 a 250 ms sag to 0.55 pu on A; Thu 14:02:11 a 1.2 s sag to
  0.30 pu on ABC; Fri 09:40:00 a 0.6 s swell to 1.15 pu on BC; Sat 11:00 a
  6-minute interruption on ABC.
"""
import cmath
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from datetime import datetime, timezone

PQA = None
NOMINAL = 127.0
MAGNITUDES = (1.0, 0.99, 1.012)
ANGLES = (0.0, -121.0, 119.5)
HARMONICS = {3: 1.5, 5: 4.0, 7: 3.0, 11: 1.2, 13: 0.8}  # % of the fundamental
EUSD = 1500.0


def run(*args, timeout=1800):
    return subprocess.run([PQA, *args], capture_output=True, text=True, timeout=timeout)


def lines(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def t(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()


def utc(text):
    return datetime.fromisoformat(text + "+00:00").timestamp()


def unbalance_pct():
    a = cmath.exp(2j * math.pi / 3)
    v = [m * cmath.exp(1j * math.radians(g)) for m, g in zip(MAGNITUDES, ANGLES)]
    pos = (v[0] + a * v[1] + a * a * v[2]) / 3
    neg = (v[0] + a * a * v[1] + a * v[2]) / 3
    return abs(neg) / abs(pos) * 100


def distortion_pct(orders):
    return math.sqrt(sum(HARMONICS.get(h, 0.0) ** 2 for h in orders))


class Week(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = cls.tmp.name
        reuse = os.environ.get("PQA_WEEK_DIR")  # a finished `pqa demo --out` (development)
        if reuse:
            cls.dir = reuse
            cls.demo = subprocess.CompletedProcess([], 0, "", "")
        else:
            cls.demo = run("demo", "--out", cls.dir, "--quiet")
        cls.files = {name: os.path.join(cls.dir, name) for name in
                     ("records.jsonl", "events.jsonl", "indicators.json", "report.html",
                      "report.json")}

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def setUp(self):
        self.assertEqual(self.demo.returncode, 0, self.demo.stderr)

    def window(self):
        with open(self.files["report.json"]) as f:
            return json.load(f)

    def test_the_report_holds_exactly_what_pqa_window_prints(self):
        r = run("window", self.files["records.jsonl"], "--connection", "220/127", "--point",
                "demo feeder", "--eusd", str(int(EUSD)), timeout=300)
        self.assertEqual(r.returncode, 0, r.stderr)
        printed = json.loads(r.stdout)
        self.assertEqual(self.window()["window"], printed)
        with open(self.files["indicators.json"]) as f:
            self.assertEqual(json.load(f), printed)
        with open(self.files["report.html"]) as f:
            html = f.read()
        self.assertIn("<svg", html)
        self.assertIn("DRP", html)

    def test_the_week_prints_on_a4_with_every_reading_and_labelled_plots(self):
        # Issue 18: the report as a utility files it, checked from the PDF.
        sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                        "report"))
        import pdf_checks
        if not pdf_checks.have_tools() or not shutil.which("chromium"):
            self.skipTest("needs chromium and poppler-utils (tools/setup.sh)")
        pdf = os.path.join(self.dir, "report.pdf")
        r = run("report", self.files["records.jsonl"], "--connection", "220/127", "--point",
                "demo feeder", "--eusd", str(int(EUSD)), "--events", self.files["events.jsonl"],
                "--event-curves", os.path.join(self.dir, "event-curves.jsonl"), "--out",
                os.path.join(self.dir, "report-print.html"), "--pdf", pdf, timeout=600)
        self.assertEqual(r.returncode, 0, r.stderr)
        starts = [rec["start"] for rec in lines(self.files["records.jsonl"])]
        pdf_checks.check(self, pdf, "pt-BR", starts, curves=4)

    def test_records_cover_the_week_and_only_event_intervals_are_flagged(self):
        records = lines(self.files["records.jsonl"])
        # 2025-03-02T23:50 .. 2025-03-10T02:00: 7 days, 2 hours and 10 minutes.
        self.assertEqual(len(records), 7 * 144 + 13)
        starts = [t(r["start"]) for r in records]
        self.assertEqual(starts, [starts[0] + 600 * i for i in range(len(records))])
        flagged = [r["start"] for r in records if r.get("flagged")]
        self.assertEqual(flagged, ["2025-03-04T10:10:00Z", "2025-03-06T14:00:00Z",
                                   "2025-03-07T09:40:00Z", "2025-03-08T10:50:00Z",
                                   "2025-03-08T11:00:00Z"])
        # The outage interval: 4 of 10 minutes at nominal, 6 at 0 V; class A
        # (IEC 61000-4-30 5.2.2): 0.1 % of the declared voltage.
        outage = next(r for r in records if r["start"] == "2025-03-08T11:00:00Z")
        rms_factor = math.sqrt(1 + distortion_pct(range(2, 41)) ** 2 / 1e4)
        for p, m in zip(outage["phases"], MAGNITUDES):
            self.assertAlmostEqual(p["rms_v"], NOMINAL * m * rms_factor * math.sqrt(0.4),
                                   delta=0.001 * NOMINAL)
        self.assertFalse(outage["flicker_complete"])

    def test_steady_state_set_drp_and_compensation(self):
        sets = self.window()["window"]["voltage_sets"]
        self.assertEqual(len(sets), 1)
        s = sets[0]
        # 1,008 readings from Monday 00:00; the two intervals the long
        # interruption touched are expurgated (item 87), so the set ends 20 min later.
        self.assertEqual(s["start"], "2025-03-03T00:00:00Z")
        self.assertEqual(t(s["end"]) - t(s["start"]), (1008 + 2) * 600)
        self.assertEqual(s["readings"], 1008)
        # 3 hours a day in the precarious band on A and B: 18 readings x 7 days.
        self.assertEqual(s["nlp"], 126)
        self.assertEqual(s.get("nlc", 0), 0)
        precarious = {p["phase"]: p.get("precarious", 0) for p in s["per_phase"]}
        self.assertEqual(precarious, {"A": 126, "B": 126, "C": 0})
        self.assertAlmostEqual(s["drp_pct"], 126 / 1008 * 100, places=9)
        self.assertTrue(s["drp_violation"])
        # Compensation: (DRP - 3) / 100 x k1 (3) x EUSD.
        self.assertAlmostEqual(s["compensation"], (12.5 - 3) / 100 * 3 * EUSD, places=6)

    def test_disturbance_set_percentiles_match_the_synthesised_content(self):
        sets = self.window()["window"]["disturbance_sets"]
        self.assertEqual(len(sets), 1)
        d = sets[0]
        self.assertEqual(d["start"], "2025-03-03T00:00:00Z")
        # Five flagged intervals leave the set: it ends 50 minutes later.
        self.assertEqual(t(d["end"]) - t(d["start"]), (1008 + 5) * 600)
        # IEC 61000-4-7 class I: 5 % of the reading for each harmonic >= 1 %
        # of nominal (all but the 13th, whose 0.05 %-of-nominal bound is smaller).
        self.assertAlmostEqual(d["dtt95_pct"], distortion_pct(range(2, 41)),
                               delta=0.05 * distortion_pct(range(2, 41)))
        self.assertAlmostEqual(d["dtti95_pct"], distortion_pct((5, 7, 11, 13)),
                               delta=0.05 * distortion_pct((5, 7, 11, 13)))
        self.assertAlmostEqual(d["dtt395_pct"], 1.5, delta=0.05 * 1.5)
        # No even harmonics: 13 orders each within 0.05 % of nominal.
        self.assertLess(d.get("dttp95_pct", 0), math.sqrt(13) * 0.05)
        # IEC 61000-4-30 class A unbalance: +-0.15 % absolute.
        self.assertAlmostEqual(d["fd95_pct"], unbalance_pct(), delta=0.15)
        # IEC 61000-4-15 class F1: Pst within 5 %.
        self.assertAlmostEqual(d["pst95"], 0.6 / 0.844, delta=0.05 * 0.6 / 0.844)
        # All below the low-voltage limits of tables 2-4.
        self.assertEqual(d.get("violations", []), [])

    def test_events_their_table_6_cells_and_continuity(self):
        events = lines(self.files["events.jsonl"])
        rms_factor = math.sqrt(1 + distortion_pct(range(2, 41)) ** 2 / 1e4)
        flicker = 0.003  # +-0.3 % of amplitude modulation rides on every Urms(1/2)
        expected = [  # type, start, duration s, residual pu, phases, magnitude of the critical phase
            ("AMT", utc("2025-03-04T10:15:20.004"), 0.25, 0.55, ["A"], 1.0),
            ("AMT", utc("2025-03-06T14:02:11.011"), 1.2, 0.30, ["A", "B", "C"], 0.99),
            ("EMT", utc("2025-03-07T09:40:00.007"), 0.6, 1.15, ["B", "C"], 1.012),
            ("LONG_INTERRUPTION", utc("2025-03-08T11:00:00"), 360, 0.0, ["A", "B", "C"], 1.0)]
        self.assertEqual([e["type"] for e in events], [x[0] for x in expected])
        cycle = 1 / 60
        for e, (kind, start, duration, residual, phases, magnitude) in zip(events, expected):
            with self.subTest(kind=kind, start=e["start"]):
                self.assertEqual(e["phases"], phases)
                # IEC 61000-4-30 5.4.2: the Urms(1/2) window resolves an edge to a cycle.
                self.assertAlmostEqual(t(e["start"]), start, delta=cycle)
                self.assertAlmostEqual(e["duration_ms"] / 1000, duration, delta=cycle)
                centre = residual * magnitude * rms_factor
                band = centre * flicker + 0.002  # plus class A's 0.2 % of Udin
                self.assertAlmostEqual(e["amplitude_pu"], centre, delta=band)
        vtcd = self.window()["vtcd"]
        self.assertEqual(vtcd["events"], 3)  # the long interruption is not a VTCD
        cells = {(c["row"], c["col"]): c["count"] for c in vtcd["stratification"]}
        self.assertEqual(cells.get(("0.50-0.60", "100-300ms")), 1)
        self.assertEqual(cells.get(("0.20-0.30", "1-3s")), 1)
        self.assertEqual(sum(cells.values()), 3)
        # DIC/FIC/DMIC (Module 8 continuity): one 6-minute interruption.
        self.assertEqual(len(vtcd["continuity"]), 1)
        c = vtcd["continuity"][0]
        self.assertEqual(c["month"], "2025-03")
        self.assertEqual(c["fic"], 1)
        self.assertAlmostEqual(c["dic_h"], 0.1, delta=0.005)
        self.assertAlmostEqual(c["dmic_h"], 0.1, delta=0.005)


if __name__ == "__main__":
    PQA = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
