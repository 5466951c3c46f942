#!/usr/bin/env python3
"""Where `pqa replay`'s instructions go, per stage, from a callgrind profile.

Instruction counts do not move with the machine's load (wall and processor
times on the shared 2-core machine do), so a speed change shows up here as
the same shares before and after, measured exactly. Groups are inclusive
costs of each stage's entry function (its callees, libm and libc calls
included), minus the sub-stages listed under it. Run it on a
`--threads 1` replay: the stages are then on one thread.

  valgrind --tool=callgrind --callgrind-out-file=cg.out \\
      build/release/pqa replay REC.cfg --records r.jsonl --events e.jsonl --threads 1
  tools/callgrind_groups.py cg.out [SIGNAL_SECONDS]

With SIGNAL_SECONDS (the recording's length) it also prints instructions
per second of signal.
"""
import re
import subprocess
import sys

# (label, entry functions summed, entries subtracted); names without arguments.
GROUPS = [
    ("reader: COMTRADE .dat decode into blocks", ["pqa::io::FrameSource::Next"], []),
    ("engine: sample buffers (de-interleaving)",
     ["pqa::measure::MeasurementEngine::BufferBlock"], []),
    ("engine: zero crossings (frequency, window edges)",
     ["pqa::measure::MeasurementEngine::DetectCrossings"], []),
    ("engine: sinc resampler (points per window from the rate)",
     ["pqa::measure::SincResampler::Resample"], []),
    ("engine: FFT (FFTW) and harmonic subgroups", ["pqa::measure::HarmonicAnalyzer::Analyse"], []),
    # WindowRms is WindowMeanProduct's square root: counting both would
    # count its samples twice.
    ("engine: window RMS and power", ["pqa::measure::WindowMeanProduct",
                                      "pqa::measure::WindowPower"], []),
    ("engine: the rest (window forming, unbalance, aggregation)",
     ["pqa::measure::MeasurementEngine::Process"],
     ["pqa::measure::MeasurementEngine::BufferBlock",
      "pqa::measure::MeasurementEngine::DetectCrossings",
      "pqa::measure::SincResampler::Resample", "pqa::measure::HarmonicAnalyzer::Analyse",
      "pqa::measure::WindowMeanProduct", "pqa::measure::WindowPower"]),
    ("flicker: IEC 61000-4-15 chain, Pinst classification, Pst",
     ["pqa::analyzer::Analyzer::ProcessFlicker"], []),
    ("events: Urms(1/2) meters, three phases side by side",
     ["pqa::vtcd::UrmsHalfCycleMeter::ProcessTogether"], []),
    ("events: detection and aggregation of events", ["pqa::vtcd::EventDetector::Process"],
     ["pqa::vtcd::UrmsHalfCycleMeter::ProcessTogether"]),
    ("output: records and events as JSON Lines", ["pqa::analyzer::JsonLinesWriter::Write"], []),
]


def inclusive_costs(profile):
    text = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", profile],
                          capture_output=True, text=True, check=True).stdout
    total, costs = None, {}
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)$", line)
        if not m:
            continue
        cost, what = int(m.group(1).replace(",", "")), m.group(2)
        if what.startswith("PROGRAM TOTALS"):
            total = cost
            continue
        name = what.split(":", 1)[1] if ":" in what.split("(")[0] else what
        name = name.split("(")[0].split(" [")[0]
        # A function listed twice (clones, recursion levels) counts once, the largest.
        costs[name] = max(costs.get(name, 0), cost)
    return total, costs


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    total, costs = inclusive_costs(sys.argv[1])
    seconds = float(sys.argv[2]) if len(sys.argv) == 3 else None
    print(f"| stage | instructions (M) | share |" + (" per signal second (k) |" if seconds else ""))
    print("|---|---:|---:|" + ("---:|" if seconds else ""))
    counted = 0
    for label, plus, minus in GROUPS:
        cost = sum(costs.get(n, 0) for n in plus) - sum(costs.get(n, 0) for n in minus)
        counted += cost
        row = f"| {label} | {cost / 1e6:,.0f} | {100 * cost / total:.1f} % |"
        print(row + (f" {cost / seconds / 1e3:,.0f} |" if seconds else ""))
    rest = total - counted
    print(f"| start-up (loader, FFTW plans) and glue | {rest / 1e6:,.0f} | "
          f"{100 * rest / total:.1f} % |" + (f" {rest / seconds / 1e3:,.0f} |" if seconds else ""))
    print(f"| **total** | {total / 1e6:,.0f} | 100 % |" +
          (f" {total / seconds / 1e3:,.0f} |" if seconds else ""))


if __name__ == "__main__":
    main()
