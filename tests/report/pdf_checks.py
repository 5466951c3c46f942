"""Checks of a printed report (issue 18), from the PDF alone, with poppler's
pdfinfo and pdftotext: A4 pages, nothing wider than the page, the readings
table complete, and every plot's axis labels in the report's language.
Shared by report_pdf_test.py (a generated week, every CI run) and
tests/cli/week_test.py (the demo's week)."""
import re
import shutil
import subprocess
from datetime import datetime, timedelta, timezone

A4_PTS = (595.28, 841.89)  # 210 x 297 mm in PDF points

# Axis labels each language's plots carry (report_text.cc), and how many
# plots carry each: 5 time series, the histogram, and the event curves.
AXIS_LABELS = {
    "pt-BR": {"data (hora local, UTC-03:00)": 5, "tensão (V)": 1, "% da fundamental": 1,
              "leituras": 1, "tensão / nominal (pu)": 1},
    "en": {"date (local time, UTC-03:00)": 5, "voltage (V)": 1, "% of fundamental": 1,
           "readings": 1, "reading / nominal (pu)": 1},
}
CURVE_X = {"pt-BR": "tempo desde o início do evento (ms)", "en": "time from the event start (ms)"}
# Words that would betray the other language in a plot or table heading.
FOREIGN = {"pt-BR": ["hours since", "Time series", "voltage (V)", "All readings"],
           "en": ["leituras válidas", "Séries temporais", "tensão (V)", "Todas as leituras"]}
# The last column of the widest tables: clipped if the table overflowed.
LAST_COLUMNS = {"pt-BR": ["compensação", "avaliação", "conjunto DTT/FD/Pst"],
                "en": ["compensation", "verdict", "DTT/FD/Pst set"]}


def have_tools():
    return all(shutil.which(t) for t in ("pdfinfo", "pdftotext", "pdftoppm"))


def page_sizes(pdf):
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "100000", pdf], capture_output=True,
                         text=True, check=True).stdout
    return [(float(w), float(h)) for w, h in
            re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", out)]


def text(pdf):
    return subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True,
                          text=True, check=True).stdout


def word_boxes(pdf):
    """(page width, xMin, xMax, word) of every word."""
    html = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", pdf, "-"], capture_output=True,
                          text=True, check=True).stdout
    boxes = []
    for page in re.finditer(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', html, re.S):
        width = float(page.group(1))
        for m in re.finditer(r'<word xMin="([-\d.]+)" yMin="[-\d.]+" xMax="([-\d.]+)" '
                             r'yMax="[-\d.]+">([^<]*)</word>', page.group(2)):
            boxes.append((width, float(m.group(1)), float(m.group(2)), m.group(3)))
    return boxes


def local_minute(utc_text, lang, offset_h=-3):
    t = datetime.fromisoformat(utc_text.replace("Z", "+00:00")) + timedelta(hours=offset_h)
    return t.strftime("%d/%m/%Y %H:%M" if lang == "pt-BR" else "%Y-%m-%d %H:%M")


def check(test, pdf, lang, record_starts, curves=0):
    """Asserts through `test` (a unittest.TestCase). `record_starts`: the
    RFC 3339 UTC start of every record, each of which must be a row."""
    sizes = page_sizes(pdf)
    test.assertGreater(len(sizes), 3, pdf)
    for i, (w, h) in enumerate(sizes):
        test.assertAlmostEqual(w, A4_PTS[0], delta=1.0, msg=f"page {i + 1} width")
        test.assertAlmostEqual(h, A4_PTS[1], delta=1.0, msg=f"page {i + 1} height")
    boxes = word_boxes(pdf)
    test.assertGreater(len(boxes), 1000)
    wide = [(x0, x1, word) for width, x0, x1, word in boxes if x1 > width + 0.5 or x0 < -0.5]
    test.assertEqual(wide, [], "words beyond the page edge")
    words = text(pdf)
    flat = re.sub(r"\s+", " ", words)
    for column in LAST_COLUMNS[lang]:
        test.assertIn(column, flat)
    missing = [s for s in record_starts if local_minute(s, lang) not in flat]
    test.assertEqual(missing, [], "readings missing from the printed item 104 table")
    for label, plots in AXIS_LABELS[lang].items():
        test.assertGreaterEqual(flat.count(label), plots, label)
    if curves:
        test.assertGreaterEqual(flat.count(CURVE_X[lang]), curves)
    for word in FOREIGN[lang]:
        test.assertNotIn(word, flat)


def to_png(pdf, prefix, first=1, last=3):
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(first), "-l", str(last), pdf,
                    prefix], check=True)
