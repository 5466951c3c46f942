#!/usr/bin/python3
"""Replay speed of pqa next to pqopen, the Python peer, on one recording (issue 21).

Runs, in one go and on the same file:
  - `pqa replay` with the full chain (harmonic subgroups to 50, flicker,
    sags/swells/interruptions, aggregation, records written): --threads 2 for
    the wall-clock figure, --threads 1 for seconds of signal per processor
    second;
  - pqopen-lib's PowerSystem with the same indicators (harmonics to 50,
    flicker Pst, three phases) fed in 0.2 s chunks, as its own acquisition
    loop would feed it, timed from reading the .dat to the last chunk;
and prints both figures in times real time and their ratio. pqopen has no
COMTRADE reader: the adapter below reads the .cfg/.dat with numpy (ours; the
peer's code stays in its checkout, outside this repository).

Without --recording it synthesises the issue's file with `pqa synth`: 10
minutes, three phases, 60 Hz, 256 samples per cycle (15,360 S/s), BINARY
(16-bit) COMTRADE, harmonics, slight unbalance, a little flicker modulation
and noise.

Needs Debian's python3-numpy and python3-scipy (apt-get install
python3-numpy python3-scipy), a pqopen-lib and a daqopen-lib checkout
(github.com/DaqOpen), and a release build of pqa.

Usage:
  tools/pqopen_compare.py PQOPEN_LIB DAQOPEN_LIB [--pqa build/release/pqa]
                          [--recording FILE.cfg] [--workdir DIR]
"""
import argparse
import datetime
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time

# The recording: what `pqa synth` is asked for when none is given.
SYNTH_ARGS = ["--duration", "10min", "--rate", "15360", "--format", "binary",
              "--harmonics", "3:1.5,5:4,7:3,11:1.5,13:1", "--magnitudes", "1,0.99,1.01",
              "--modulation", "sine:8.8:0.4", "--noise", "0.1"]
CHUNK_S = 0.2  # pqopen's acquisition block in the run


def fail(message):
    print(f"pqopen_compare: {message}", file=sys.stderr)
    sys.exit(2)


def cpu_seconds():
    """Processor time of this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


# --- COMTRADE (IEEE C37.111) .cfg/.dat adapter for pqopen ---------------------

def read_cfg(path):
    """The fields of a .cfg the adapter needs: analog channels with their
    scaling, the sample rate, the start time and the data format."""
    with open(path, encoding="latin-1") as f:
        lines = [line.rstrip("\r\n") for line in f]
    counts = lines[1].split(",")
    n_analog = int(counts[1].strip().rstrip("Aa"))
    n_digital = int(counts[2].strip().rstrip("Dd"))
    analogs = []
    for line in lines[2:2 + n_analog]:
        f = [x.strip() for x in line.split(",")]
        analogs.append({"name": f[1], "phase": f[2], "a": float(f[5]), "b": float(f[6])})
    at = 2 + n_analog + n_digital
    line_frequency = float(lines[at])
    nrates = int(lines[at + 1])
    if nrates != 1:
        fail(f"{path}: the adapter reads one sample rate (nrates 1), not {nrates}")
    rate, end_sample = (float(x) for x in lines[at + 2].split(",")[:2])
    start = lines[at + 2 + nrates]
    day, clock = start.split(",")
    d, m, y = (int(x) for x in day.split("/"))
    hh, mm, ss = clock.split(":")
    start_dt = datetime.datetime(y, m, d, int(hh), int(mm), tzinfo=datetime.timezone.utc)
    start_us = int(start_dt.timestamp()) * 1_000_000 + round(float(ss) * 1e6)
    data_format = lines[at + 2 + nrates + 2].strip().upper()
    return {"analogs": analogs, "n_digital": n_digital, "rate": rate,
            "samples": int(end_sample), "start_us": start_us, "format": data_format,
            "line_frequency": line_frequency}


def read_dat(cfg_path, cfg, np):
    """The three phase voltages (volts) as float arrays, read with numpy."""
    dat_path = os.path.splitext(cfg_path)[0] + ".dat"
    kinds = {"BINARY": "<i2", "BINARY32": "<i4", "FLOAT32": "<f4"}
    if cfg["format"] not in kinds:
        fail(f"{cfg_path}: the adapter reads BINARY, BINARY32 or FLOAT32 data, "
             f"not {cfg['format']}")
    fields = [("n", "<u4"), ("t", "<u4")]
    fields += [(f"a{k}", kinds[cfg["format"]]) for k in range(len(cfg["analogs"]))]
    fields += [(f"d{k}", "<u2") for k in range((cfg["n_digital"] + 15) // 16)]
    data = np.fromfile(dat_path, dtype=np.dtype(fields))
    phases = []
    for want in ("A", "B", "C"):
        k = next((k for k, a in enumerate(cfg["analogs"])
                  if a["phase"].upper() == want and a["name"].upper().startswith(("V", "U"))),
                 None)
        if k is None:
            fail(f"{cfg_path}: no voltage channel of phase {want}")
        a = cfg["analogs"][k]
        phases.append(data[f"a{k}"].astype(np.float64) * a["a"] + a["b"])
    return phases


def run_pqopen(cfg_path, nominal_voltage, np):
    """pqopen's PowerSystem on the recording in 0.2 s chunks: harmonics to
    50, flicker (Pst over 10 minutes), three phases. Returns (signal seconds,
    wall seconds, processor seconds, a few of its results)."""
    from daqopen.channelbuffer import AcqBuffer
    from pqopen.powersystem import PowerSystem
    wall0, cpu0 = time.perf_counter(), cpu_seconds()
    cfg = read_cfg(cfg_path)
    phases = read_dat(cfg_path, cfg, np)
    rate = cfg["rate"]
    nominal_frequency = 50.0 if cfg["line_frequency"] == 50 else 60.0
    channels = [AcqBuffer(name=f"U{k + 1}") for k in range(3)]
    time_channel = AcqBuffer(dtype=np.int64)
    system = PowerSystem(zcd_channel=channels[0], input_samplerate=rate,
                         nominal_frequency=nominal_frequency,
                         nper=10 if nominal_frequency == 50 else 12)
    for k, ch in enumerate(channels):
        system.add_phase(u_channel=ch, name=str(k + 1))
    system.enable_harmonic_calculation(num_harmonics=50)
    system.enable_nper_abs_time_sync(time_channel, interval_sec=600)
    system.enable_fluctuation_calculation(nominal_voltage=nominal_voltage, pst_interval_sec=600)
    n = phases[0].size
    chunk = int(round(CHUNK_S * rate))
    t_us = cfg["start_us"] + np.arange(n, dtype=np.int64) * 1_000_000 // int(rate)
    for at in range(0, n - chunk + 1, chunk):
        for ch, u in zip(channels, phases):
            ch.put_data(u[at:at + chunk])
        time_channel.put_data(t_us[at:at + chunk])
        system.process()
    wall, cpu = time.perf_counter() - wall0, cpu_seconds() - cpu0
    out = system.output_channels
    results = {
        "U1_rms (last 12-cycle window)": float(out["U1_rms"].last_sample_value),
        "U1 H5 (last window, V)": float(np.atleast_1d(out["U1_H_rms"].last_sample_value)[5]),
        # pqopen skips its first, partial Pst interval: none in 10 minutes.
        "U1_pst": (float(out["U1_pst"].last_sample_value)
                   if out["U1_pst"].last_sample_acq_sidx > 0 else "none"),
    }
    return n / rate, wall, cpu, results


# --- pqa -----------------------------------------------------------------------

def run_pqa(pqa, recording, threads, workdir):
    """`pqa replay` with everything on; returns (x real time, x per processor
    second, first record)."""
    records = os.path.join(workdir, f"pqa-records-{threads}.jsonl")
    events = os.path.join(workdir, f"pqa-events-{threads}.jsonl")
    r = subprocess.run([pqa, "replay", recording, "--records", records, "--events", events,
                        "--threads", str(threads)], capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"pqa replay failed ({r.returncode}):\n{r.stderr}")
    m = re.search(r"([\d.]+)x real time \(([\d.]+)x per processor second\)", r.stderr)
    if not m:
        fail(f"pqa replay printed no speed:\n{r.stderr}")
    with open(records) as f:
        first = json.loads(f.readline())
    return float(m.group(1)), float(m.group(2)), first


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("pqopen_lib", help="checkout of github.com/DaqOpen/pqopen-lib")
    p.add_argument("daqopen_lib", help="checkout of github.com/DaqOpen/daqopen-lib")
    p.add_argument("--pqa", default=os.path.join(os.path.dirname(__file__), "..", "build",
                                                 "release", "pqa"),
                   help="the pqa binary (default: build/release/pqa)")
    p.add_argument("--recording", help="a three-phase .cfg (with its .dat); default: synthesise "
                                       "the issue's 10-minute BINARY recording")
    p.add_argument("--nominal-voltage", type=float, default=127.0,
                   help="declared phase voltage, V (default 127, what pqa synth writes)")
    p.add_argument("--workdir", help="where the synthesised file and outputs go (default: a "
                                     "temporary directory, removed afterwards)")
    args = p.parse_args()
    try:
        import numpy as np
        import scipy  # noqa: F401 (pqopen's filters)
    except ImportError as e:
        fail(f"{e}: install Debian's python3-numpy and python3-scipy "
             "(apt-get install python3-numpy python3-scipy) and run this script with "
             "/usr/bin/python3")
    for path, what in ((args.pqopen_lib, "pqopen"), (args.daqopen_lib, "daqopen")):
        if not os.path.isdir(os.path.join(path, what)):
            fail(f"{path}: not a {what}-lib checkout (no {what}/ package in it)")
    sys.path[:0] = [os.path.abspath(args.pqopen_lib), os.path.abspath(args.daqopen_lib)]
    pqa = os.path.abspath(args.pqa)
    if not os.access(pqa, os.X_OK):
        fail(f"{pqa}: no pqa binary (build the release preset, or give --pqa)")

    tmp = None if args.workdir else tempfile.TemporaryDirectory()
    workdir = args.workdir or tmp.name
    os.makedirs(workdir, exist_ok=True)
    recording = args.recording
    if not recording:
        recording = os.path.join(workdir, "issue21.cfg")
        if not os.path.exists(recording):
            r = subprocess.run([pqa, "synth", recording, "--quiet", *SYNTH_ARGS],
                               capture_output=True, text=True)
            if r.returncode != 0:
                fail(f"pqa synth failed:\n{r.stderr}")
    cfg = read_cfg(recording)
    load = open("/proc/loadavg").read().split()[:3]
    print(f"# {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%dT%H:%M:%SZ}, "
          f"{os.cpu_count()} cores, load average {' '.join(load)}")
    print(f"recording: {recording}: {cfg['samples'] / cfg['rate']:.1f} s, "
          f"{len(cfg['analogs'])} analog channels, {cfg['rate']:.0f} S/s, {cfg['format']}")
    if not args.recording:
        print(f"  synthesised: pqa synth issue21.cfg {' '.join(SYNTH_ARGS)}")

    # One untimed replay first: a file idle for a while may have left the page
    # cache (some VMs page cold file pages out within a minute), and the
    # first timed run would read it from disk.
    run_pqa(pqa, recording, 1, workdir)
    wall2, _, first = run_pqa(pqa, recording, 2, workdir)
    _, cpu1, _ = run_pqa(pqa, recording, 1, workdir)
    signal_s, wall, cpu, peer = run_pqopen(recording, args.nominal_voltage, np)
    peer_wall, peer_cpu = signal_s / wall, signal_s / cpu

    print(f"pqa replay --threads 2 (harmonics to 50, flicker, events, records): "
          f"{wall2:.0f}x real time (wall)")
    print(f"pqa replay --threads 1: {cpu1:.0f}x per processor second")
    print(f"pqopen (harmonics to 50, flicker, {CHUNK_S} s chunks): {peer_wall:.1f}x real time "
          f"(wall), {peer_cpu:.1f}x per processor second")
    print(f"ratio pqa / pqopen: {wall2 / peer_wall:.1f}x (wall, pqa on 2 threads), "
          f"{cpu1 / peer_cpu:.1f}x (per processor second, both on one core)")
    a = first["phases"][0]
    print(f"same file, both measured it: pqa first 10-min record phase A rms {a['rms_v']:.2f} V, "
          f"H5 {a['dit_pct'][3] * a['fund_v'] / 100:.2f} V, Pst {a['pst']:.3f}; pqopen "
          + ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}"
                      for k, v in peer.items()))
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
