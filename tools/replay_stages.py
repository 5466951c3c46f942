#!/usr/bin/env python3
"""Where one thread's replay time goes, stage by stage, for several recordings (issue 21).

For each recording it runs `pqa replay REC --threads 1` RUNS times under
`perf record --call-graph dwarf` and sorts every sample taken inside the
replay (a stack through replay::ReplaySource) into one stage: the first
stage of the list below that any frame of its stack matches. It prints
milliseconds of processor time per 10 minutes of signal for each stage and
recording (the stage's share of the samples times the processor time pqa
itself prints), and each recording's figure against the first one's: the
table behind issue 21's "a 2 kS/s recording costs at most a quarter of
15.36 kS/s".

  tools/replay_stages.py --pqa build/release/pqa \\
      --recording issue21.cfg --recording issue21_2k.cfg [--runs 4] [--frequency 4999]

Needs perf (Debian: linux-perf) and permission to profile your own
processes (kernel.perf_event_paranoid <= 2, or root).
"""
import argparse
import collections
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

import replay_speed  # this folder is on the path of a script run from it

# (stage, patterns): regular expressions that a frame's function name (the
# symbol without its offset) or its library's file name must match from
# its start. A sample goes to the first stage any of its frames matches,
# so the once-per-replay designs come before the FFT (FFTW's planner runs
# in libfftw3 too), and the half-cycle values (the crossing handler, a
# lambda inside RunTogether) before the per-sample Urms(1/2) loop.
STAGES = [
    ("designs and plans, once a replay",
     [r"pqa::measure::SincResampler::Create", r"fftw_plan",
      r"pqa::flicker::PinstHistogram::BuildTable", r"pqa::measure::HarmonicAnalyzer::Create",
      r"pqa::flicker::FlickerMeter::Create"]),
    ("engine: resampler", [r"pqa::measure::\(anonymous namespace\)::ResampleDispatch"]),
    ("engine: FFT (FFTW)", [r"fftw_", r"libfftw3"]),
    ("engine: zero crossings (band-pass, cycles)",
     [r"pqa::measure::MeasurementEngine::DetectCrossings"]),
    ("engine: the rest (subgroups, RMS, power, aggregation)", [r"pqa::measure::"]),
    ("Urms(1/2) per half cycle (values)",
     [r"pqa::vtcd::UrmsHalfCycleMeter::RunTogether\(.*\)::\{lambda",
      r"pqa::vtcd::UrmsHalfCycleMeter::(OnLanes|OnSample|FlushPending)"]),
    ("Urms(1/2) per sample",
     [r"pqa::vtcd::UrmsHalfCycleMeter::", r"pqa::vtcd::\(anonymous namespace\)::RunLanes"]),
    ("events from Urms(1/2)", [r"pqa::vtcd::"]),
    ("flicker block 5 (classifier)", [r"pqa::flicker::PinstHistogram::"]),
    ("flicker blocks 1-4", [r"pqa::flicker::"]),
    ("reading the file", [r"pqa::io::"]),
    ("records out", [r"pqa::analyzer::JsonLinesWriter", r"pqa::analyzer::Analyzer::Release",
                     r"google::protobuf::"]),
]
MATCHERS = [(name, re.compile("|".join(f"(?:{k})" for k in keys))) for name, keys in STAGES]
# "  7f0c12 pqa::io::FrameSource::Next+0x57a (/path/pqa)": the function name
# and the library.
FRAME = re.compile(r"^\s*[0-9a-f]+ (.*?)(?:\+0x[0-9a-f]+)? \((.*)\)$")
OTHER = "other"


def fail(message):
    print(f"replay_stages: {message}", file=sys.stderr)
    sys.exit(2)


def profile(pqa, recording, frequency, workdir, run):
    """One replay under perf: (x per processor second, the perf data file)."""
    data = os.path.join(workdir, f"perf{run}.data")
    perf = ["perf", "record", "-q", "-F", str(frequency), "--call-graph", "dwarf,32768",
            "-o", data, "--"]
    return replay_speed.replay(pqa, recording, 1, workdir, prefix=perf)[1], data


def stage_counts(data):
    """Samples per stage of the replay (stacks through ReplaySource)."""
    script = subprocess.run(["perf", "script", "-i", data, "--comm", "pqa"],
                            capture_output=True, text=True)
    if script.returncode != 0:
        fail(f"perf script -i {data}: {script.stderr.strip()}")
    counts = collections.Counter()
    for sample in script.stdout.split("\n\n"):
        frames = []
        for line in sample.strip().split("\n")[1:]:
            match = FRAME.match(line)
            if match:  # the function and its library: FFTW's codelets are matched by the latter
                frames += [match.group(1), os.path.basename(match.group(2))]
        if not any(f.startswith("pqa::replay::ReplaySource") for f in frames):
            continue
        stage = next((name for name, pattern in MATCHERS if any(pattern.match(f) for f in frames)),
                     OTHER)
        counts[stage] += 1
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pqa", required=True, help="the pqa binary")
    parser.add_argument("--recording", action="append", required=True,
                        help="a .cfg to replay (repeatable; the first is the reference)")
    parser.add_argument("--runs", type=int, default=4, help="profiled replays each (default 4)")
    parser.add_argument("--frequency", type=int, default=4999, help="perf samples a second")
    args = parser.parse_args()
    if shutil.which("perf") is None:
        fail("perf is not installed (Debian: apt-get install linux-perf)")
    if not os.access(args.pqa, os.X_OK):
        fail(f"{args.pqa} is not an executable pqa")
    names = [stage for stage, _ in STAGES] + [OTHER]
    per_recording = []  # ms per 10 minutes of signal, by stage
    for recording in args.recording:
        with tempfile.TemporaryDirectory(prefix="replay_stages.") as workdir:
            speeds, counts = [], collections.Counter()
            for run in range(args.runs):
                speed, data = profile(args.pqa, recording, args.frequency, workdir, run)
                speeds.append(speed)
                counts.update(stage_counts(data))
                os.remove(data)
        total = sum(counts.values())
        if total == 0:
            fail(f"{recording}: no sample inside replay::ReplaySource (is the binary stripped?)")
        # Processor milliseconds per 10 minutes of signal, from pqa's own figure.
        ms = 600_000 / statistics.median(speeds)
        per_recording.append({n: ms * counts[n] / total for n in names} | {"total": ms,
                                                                          "speed": speeds})
    print(f"# {args.pqa}, {args.runs} profiled replays each, --threads 1, processor ms per "
          "10 minutes of signal")
    header = " | ".join(os.path.basename(r) for r in args.recording)
    ratios = " | ".join(f"{os.path.basename(r)} / {os.path.basename(args.recording[0])}"
                        for r in args.recording[1:])
    print(f"\n| stage | {header} |" + (f" {ratios} |" if ratios else ""))
    print("|---|" + "---|" * (2 * len(args.recording) - 1))

    def row(label, key):
        cells = [f"{p[key]:.1f}" for p in per_recording]
        base = per_recording[0][key]
        cells += [f"{p[key] / base:.2f}" if base > 0 else "-" for p in per_recording[1:]]
        print(f"| {label} | " + " | ".join(cells) + " |")

    for n in names:
        row(n, n)
    row("**total**", "total")
    for recording, p in zip(args.recording, per_recording):
        print(f"\n{os.path.basename(recording)}: x per processor second under perf "
              f"{', '.join(f'{s:,}' for s in p['speed'])}")


if __name__ == "__main__":
    main()
