#!/usr/bin/env python3
"""How far two runs' records or events are apart, field by field.

Compares two JSON Lines files of `pqa replay` (--records or --events) line by
line and prints, for every numeric field (its path with list indices
folded, e.g. phases[].dit_pct[]), the largest relative and absolute
difference and the line where the largest relative one is. Any difference
in the number of lines, in a string or a flag, or in the shape of a line
is listed and makes the exit status 1: those must not move when only the
arithmetic changed. With --max-relative R it also exits 1 when a numeric
field moved by more than R (relative to the larger magnitude; values
below --floor in both files are compared absolutely against R * floor).

  tools/records_diff.py old/r.jsonl new/r.jsonl [--max-relative 1e-6]
"""
import argparse
import json
import math
import sys


def walk(a, b, path, numeric, other):
    if isinstance(a, bool) or isinstance(b, bool) or isinstance(a, str) or isinstance(b, str):
        if a != b:
            other.append(f"{path}: {a!r} -> {b!r}")
        return
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        numeric.append((path, float(a), float(b)))
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                other.append(f"{path}.{key}: only in {'the first' if key in a else 'the second'}")
                continue
            walk(a[key], b[key], f"{path}.{key}" if path else key, numeric, other)
        return
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            other.append(f"{path}: {len(a)} items -> {len(b)}")
            return
        for x, y in zip(a, b):
            walk(x, y, f"{path}[]", numeric, other)
        return
    if a != b:
        other.append(f"{path}: {a!r} -> {b!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("first")
    parser.add_argument("second")
    parser.add_argument("--max-relative", type=float, default=None)
    parser.add_argument("--floor", type=float, default=1e-9,
                        help="magnitude below which values are compared absolutely")
    args = parser.parse_args()
    with open(args.first) as f:
        first = [json.loads(line) for line in f if line.strip()]
    with open(args.second) as f:
        second = [json.loads(line) for line in f if line.strip()]
    problems = []
    if len(first) != len(second):
        problems.append(f"{len(first)} lines -> {len(second)}")
    worst = {}  # path -> (relative, absolute, line)
    for number, (a, b) in enumerate(zip(first, second), start=1):
        numeric, other = [], []
        walk(a, b, "", numeric, other)
        problems += [f"line {number}: {o}" for o in other]
        for path, x, y in numeric:
            if math.isnan(x) or math.isnan(y):
                if not (math.isnan(x) and math.isnan(y)):
                    problems.append(f"line {number}: {path}: {x} -> {y}")
                continue
            absolute = abs(x - y)
            scale = max(abs(x), abs(y), args.floor)
            relative = absolute / scale
            rel, ab, _ = worst.get(path, (0.0, 0.0, 0))
            if relative > rel or path not in worst:
                worst[path] = (max(relative, rel), max(absolute, ab), number if relative >= rel else _)
            else:
                worst[path] = (rel, max(absolute, ab), _)
    print(f"{len(first)} lines against {len(second)}; numeric fields, largest change:")
    print("| field | relative | absolute | line |")
    print("|---|---:|---:|---:|")
    for path, (rel, ab, line) in sorted(worst.items(), key=lambda kv: -kv[1][0]):
        print(f"| {path} | {rel:.3g} | {ab:.3g} | {line if rel > 0 else ''} |")
    for p in problems[:50]:
        print(f"differs: {p}")
    if len(problems) > 50:
        print(f"... and {len(problems) - 50} more")
    too_far = args.max_relative is not None and any(
        rel > args.max_relative for rel, _, _ in worst.values())
    if too_far:
        print(f"some field moved by more than {args.max_relative:g} relative")
    sys.exit(1 if problems or too_far else 0)


if __name__ == "__main__":
    main()
