"""The printed report (issue 18): a generated week of 10-minute records,
events and event curves through `pqa report --pdf` in headless Chromium, in
both languages; the PDF is checked with poppler (pdf_checks.py) and its
first pages are rendered to PNG next to it for a person to look at
(PQA_REPORT_PNG_DIR keeps them).

Exit 77 (skipped) when chromium or poppler-utils is missing."""
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdf_checks  # noqa: E402

PQA = None
START = datetime(2025, 3, 3, 3, 0, tzinfo=timezone.utc)  # Monday 00:00 in Brasilia
RECORDS = 8 * 144  # eight days: one set of each kind and the readings after it


def rfc(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def week():
    """Records with a daily swing, phase B precarious 18:00-20:00 local, an
    ATT on day 2, a 6-minute outage on day 5 (long interruption, Pst
    flagged), an hour with no data on day 3."""
    out = []
    for i in range(RECORDS):
        if 3 * 144 + 60 <= i < 3 * 144 + 66:
            continue  # analyzer off one hour
        t = START + timedelta(minutes=10 * i)
        day = math.sin(2 * math.pi * (i % 144) / 144)
        phases = []
        for p, name in enumerate("ABC"):
            rms = 127 + 4 * day + p
            if name == "B" and 108 <= i % 144 < 120:
                rms = 115.5
            dit = [round((0.8 if h % 2 else 0.2) * (3.0 / h) * (1 + 0.2 * day), 4)
                   for h in range(2, 51)]
            phases.append({"phase": name, "rms_v": rms, "fund_v": rms,
                           "dtt_pct": 3 + 1.5 * day + 0.3 * p, "dttp_pct": 0.4,
                           "dtti_pct": 2.9 + 1.4 * day, "dtt3_pct": 1.1,
                           "pst": 0.45 + 0.2 * abs(day) + 0.05 * p,
                           "plt_sliding": 0.5 + 0.15 * abs(day), "dit_pct": dit})
        r = {"start": rfc(t), "duration_s": 600, "interval": "10min", "complete": True,
             "flicker_complete": True, "fd_pct": 0.8 + 0.3 * day, "freq_hz": 60.0,
             "phases": phases}
        if i == 2 * 144 + 70:
            r["vtcd_types"] = ["ATT"]
            r["flagged"] = True
        if i == 5 * 144 + 66:  # the outage: 4 of 10 minutes at nominal
            for ph in phases:
                ph["rms_v"] = 127 * math.sqrt(0.4)
                ph["pst"] = 12.0
            r["long_interruption"] = True
            r["flicker_complete"] = False
            r["flagged"] = True
        out.append(r)
    return out


def events_and_curves():
    att = START + timedelta(minutes=10 * (2 * 144 + 70) + 3)
    amt = START + timedelta(days=4, hours=14, seconds=131)
    out_start = START + timedelta(minutes=10 * (5 * 144 + 66) + 4)
    events = [
        {"type": "ATT", "start": rfc(att), "duration_ms": 4210.5, "amplitude_pu": 0.62,
         "phases": ["A", "B"], "reference_v": 127},
        {"type": "AMT", "start": rfc(amt), "duration_ms": 250, "amplitude_pu": 0.55,
         "phases": ["A"], "reference_v": 127},
        {"type": "LONG_INTERRUPTION", "start": rfc(out_start), "duration_ms": 360000,
         "amplitude_pu": 0.0, "phases": ["A", "B", "C"], "reference_v": 127},
    ]
    curves = []
    for e in events[:2]:
        d = e["duration_ms"]
        t = [-200 + 1000 / 120 * k for k in range(int((d + 500) * 120 / 1000))]
        phases = []
        for name in "ABC":
            inside = name in e["phases"]
            phases.append({"phase": name, "t_ms": t,
                           "urms_v": [127 * (e["amplitude_pu"] if inside and 0 <= x <= d else 1.0)
                                      for x in t]})
        curves.append({"event_start": e["start"], "type": e["type"], "duration_ms": d,
                       "reference_v": 127, "phases": phases})
    return events, curves


def write_lines(path, items):
    with open(path, "w") as f:
        for item in items:
            f.write(json.dumps(item) + "\n")


class PrintedReport(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        d = cls.tmp.name
        cls.records = week()
        events, curves = events_and_curves()
        cls.paths = {"records": os.path.join(d, "week.jsonl"),
                     "events": os.path.join(d, "events.jsonl"),
                     "curves": os.path.join(d, "curves.jsonl")}
        write_lines(cls.paths["records"], cls.records)
        write_lines(cls.paths["events"], events)
        write_lines(cls.paths["curves"], curves)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def render(self, lang):
        d = self.tmp.name
        html = os.path.join(d, f"report-{lang}.html")
        pdf = os.path.join(d, f"report-{lang}.pdf")
        r = subprocess.run([PQA, "report", self.paths["records"], "--connection", "220/127",
                            "--point", "UC-4711 Rua das Flores 12", "--eusd", "85.40", "--events",
                            self.paths["events"], "--event-curves", self.paths["curves"],
                            "--out", html, "--pdf", pdf, "--lang", lang],
                           capture_output=True, text=True, timeout=300)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(pdf, r.stdout)
        keep = os.environ.get("PQA_REPORT_PNG_DIR")
        png_dir = keep if keep else d
        pdf_checks.to_png(pdf, os.path.join(png_dir, f"report-{lang}"), 1, 40)
        first = [f for f in os.listdir(png_dir) if f.startswith(f"report-{lang}") and
                 f.endswith(".png")]
        self.assertGreater(len(first), 3)
        return pdf

    def test_portuguese_a4_complete_with_labelled_plots(self):
        pdf = self.render("pt-BR")
        pdf_checks.check(self, pdf, "pt-BR", [r["start"] for r in self.records], curves=2)

    def test_english_a4_complete_with_labelled_plots(self):
        pdf = self.render("en")
        pdf_checks.check(self, pdf, "en", [r["start"] for r in self.records], curves=2)


if __name__ == "__main__":
    PQA = os.path.abspath(sys.argv.pop(1))
    browser = os.environ.get("PQA_CHROMIUM") or shutil.which("chromium")
    if not browser or not pdf_checks.have_tools():
        print("skipped: needs chromium and poppler-utils (tools/setup.sh installs both)")
        sys.exit(77)
    unittest.main(verbosity=2)
