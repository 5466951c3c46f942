#!/usr/bin/env python3
"""Replay speed of several pqa binaries, alternated in one sitting (issue 21).

On a shared machine one run's figure swings by tens of per cent with the
load; runs of the binaries taken in turn (A, B, A, B, ...) see the same
load, so their ratio holds. For every recording and thread count it runs
`pqa replay REC --records ... --events ... --threads T` with each binary in
turn, ROUNDS times, and prints the medians of what pqa prints (x real time
wall, and x real time per processor second) and their ratio to the first
binary. With --demo it also times `pqa demo` (the README's first command) and
checks that every binary prints the same figures.

  tools/replay_speed.py --pqa OLD_BINARY --pqa build/release/pqa \\
      --recording issue21.cfg --recording issue21_2k.cfg --threads 1 --threads 2 \\
      [--rounds 3] [--demo] [--demo-hours 170]
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

SPEED = re.compile(r"([0-9]+)x real time \(([0-9]+)x per processor second\)")


def fail(message):
    print(f"replay_speed: {message}", file=sys.stderr)
    sys.exit(2)


def replay(pqa, recording, threads, workdir, prefix=()):
    """x real time wall and x per processor second that `pqa replay` prints;
    `prefix` runs it under another command (replay_stages.py: perf record)."""
    command = [*prefix, pqa, "replay", recording, "--records", os.path.join(workdir, "r.jsonl"),
               "--events", os.path.join(workdir, "e.jsonl"), "--threads", str(threads)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        fail(f"{' '.join(command)} exited {done.returncode}: {done.stderr.strip()}")
    match = SPEED.search(done.stderr)
    if not match:
        fail(f"{' '.join(command)}: no speed in its output:\n{done.stderr}")
    return int(match.group(1)), int(match.group(2))


def demo(pqa, hours, workdir):
    """Wall seconds of `pqa demo` and the lines that carry its figures."""
    out = os.path.join(workdir, "demo")
    command = [pqa, "demo", "--out", out, "--quiet"]
    if hours:
        command += ["--hours", str(hours)]
    start = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.monotonic() - start
    if done.returncode != 0:
        fail(f"{' '.join(command)} exited {done.returncode}: {done.stderr.strip()}")
    # The first line carries the speed (it differs by design); the rest are figures.
    figures = [line for line in done.stdout.splitlines()[1:] if line.strip()]
    return wall, figures


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pqa", action="append", required=True,
                        help="a pqa binary (give two or more; the first is the reference)")
    parser.add_argument("--recording", action="append", default=[], help="a .cfg to replay")
    parser.add_argument("--threads", action="append", type=int, default=[],
                        help="1 or 2 (repeatable; default both)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each binary (default 3)")
    parser.add_argument("--demo", action="store_true", help="time `pqa demo` too")
    parser.add_argument("--demo-hours", type=int, default=0,
                        help="--hours for the demo (default: its own week)")
    args = parser.parse_args()
    for binary in args.pqa:
        if not os.access(binary, os.X_OK):
            fail(f"{binary} is not an executable pqa")
    threads = args.threads or [1, 2]
    print(f"# {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}, {os.cpu_count()} cores, "
          f"load average {load()}, {args.rounds} alternated rounds")
    names = [f"`{b}`" for b in args.pqa]
    with tempfile.TemporaryDirectory(prefix="replay_speed.") as workdir:
        print("\n| recording | threads | " + " | ".join(names) + " |")
        print("|---|---|" + "---|" * len(names))
        for recording in args.recording:
            # One untimed replay first: a file idle for a while may have left
            # the page cache (some VMs page cold file pages out within a
            # minute), and the first binary of the first round would read it
            # from disk.
            replay(args.pqa[0], recording, 1, workdir)
            for t in threads:
                runs = {b: [] for b in args.pqa}
                for _ in range(args.rounds):
                    for b in args.pqa:
                        runs[b].append(replay(b, recording, t, workdir))
                key = 0 if t == 2 else 1  # wall with two threads, processor seconds with one
                medians = [statistics.median(r[key] for r in runs[b]) for b in args.pqa]
                cells = [f"{m:,.0f}x" + ("" if i == 0 else f" ({m / medians[0]:.2f})")
                         for i, m in enumerate(medians)]
                label = "wall" if t == 2 else "per processor second"
                print(f"| {os.path.basename(recording)} | {t} ({label}) | " + " | ".join(cells) +
                      " |")
        print(f"\nload average after: {load()}")
        if args.demo:
            print("\n| `pqa demo` | " + " | ".join(names) + " |")
            print("|---|" + "---|" * len(names))
            walls = {b: [] for b in args.pqa}
            shown = {}
            for _ in range(max(1, args.rounds // 3)):
                for b in args.pqa:
                    wall, figures = demo(b, args.demo_hours, workdir)
                    walls[b].append(wall)
                    shown[b] = figures
            print("| wall, s | " + " | ".join(f"{statistics.median(walls[b]):.0f}"
                                               for b in args.pqa) + " |")
            same = all(shown[b] == shown[args.pqa[0]] for b in args.pqa)
            print(f"\nprinted figures identical across binaries: {'yes' if same else 'NO'}")
            if not same:
                for b in args.pqa[1:]:
                    for old, new in zip(shown[args.pqa[0]], shown[b]):
                        if old != new:
                            print(f"  {args.pqa[0]}: {old}\n  {b}: {new}")
            print(f"load average after: {load()}")


if __name__ == "__main__":
    main()
