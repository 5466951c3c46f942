#!/usr/bin/python3
"""Independent float64 reference for the flickermeter: Pst of the demo's Tuesday sag.

(Or, with --phase-b-evening, of phase B's 18:00 record, where the voltage
steps to 0.915 pu at the interval's first instant.)

The IEC 61000-4-15 analog blocks, simulated at a high rate (25.6 kS/s by
default) with scipy, on the demo's phase A resynthesised from its definition
(host/cli/demo_command.cc DemoSpec, host/synth/waveform.h): 127 V, 60 Hz,
harmonics 3:1.5, 5:4, 7:3@30, 11:1.2, 13:0.8 %, a rectangular 110 CPM
modulation of 0.6 %, and 0.25 s at 0.55 pu from 10:15:20.004 UTC on Tuesday.
It shares no code with host/flicker:

  block 1  u / R, R the first-order 1-minute mean of the RMS envelope
           (square root of the demodulated, low-passed u^2);
  block 2  squaring;
  block 3  first-order 0.05 Hz high-pass, 6th-order Butterworth low-pass
           (42 Hz for a 60 Hz supply), the 120 V lamp-eye weighting filter
           (IEC 61000-4-15 Ed. 2 Table 1 constants), each the analog
           transfer function by the bilinear transform at the simulation
           rate (its frequency warping there is below 3e-5 up to 42 Hz);
  block 4  squaring, first-order 300 ms low-pass, and the scaling found by
           simulation: the 8.8 Hz sinusoidal modulation of 0.321 % through
           this same chain peaks at Pinst = 1;
  block 5  the ideal classifier: exact order statistics of every Pinst
           sample of the 10-minute interval (no classes, no interpolation
           between Pinst values), and the standard's Pst.

Results (--rate 32000, about 15 s each): the Tuesday sag 7.185387 on the
waveform, 7.186977 with --input-rate 2000 (the demo's samples); the
evening step on phase B 1.117473 and 1.117941. Pitfalls met on the way:
a polynomial (b, a) form of the weighting filter at this rate loses its
poles near z = 1 (0.2 % at 1 Hz), and the scaling run must let the
adaptor's 1-minute mean forget the low-pass's rise from zero (else 0.04 %).

Usage: tools/flicker_reference.py [--rate 25600] [--input-rate 2000]
                                  [--phase-b-evening] [--trace FROM_S TO_S FILE]
(--input-rate: the meter's samples, band-limited, instead of the waveform;
 --trace writes "t_s pinst" lines, t from 10:00:00, for a time span.)
"""
import argparse

import numpy as np
from scipy import signal

SUPPLY_HZ = 60.0
NOMINAL_V = 127.0
HARMONICS = [(3, 1.5, 0), (5, 4, 0), (7, 3, 30), (11, 1.2, 0), (13, 0.8, 0)]  # order, %, degrees
MOD_HZ = 110 / 120
MOD_DVV_PCT = 0.6
# The simulated 20 minutes start 10 minutes before the interval (a multiple
# of 12 s after the demo's start, so the supply and the 110 CPM modulation
# are at the demo's phase); the interval is [600, 1200) s of them.
DURATION_S = 1200.0
INTERVAL = (600.0, 1200.0)
# Phase A (angle 0, 1.0 pu) and the Tuesday sag: 0.25 s at 0.55 pu from
# 10:15:20.004, 920.004 s after 10:00:00. --phase-b-evening: phase B (-121
# degrees, 0.99 pu) at the daily evening step to 0.915 pu at 18:00:00.
PHASE = dict(angle_deg=0.0, magnitude_pu=1.0, variation=(920.004, 0.25, 0.55))
# IEC 61000-4-15 Ed. 2 Table 1, 120 V lamp: K, lambda, w1..w4 in Hz (x 2 pi).
LAMP_120V = dict(k=1.6357, lam=4.167375, w1=9.077169, w2=2.939902, w3=1.394468, w4=17.31512)
REF_DVV_PCT = 0.321  # 8.8 Hz sinusoidal modulation giving Pinst = 1 (120 V lamp)
CHUNK = 1 << 18


def sampled_rectangle(cycles, half_width):
    """sign(sin(2 pi c)) averaged over [c - w, c + w], as the synthesiser writes it."""
    def ramp(x):
        f = x - np.floor(x)
        return np.where(f < 0.5, f, 1 - f)
    return (ramp(cycles + half_width) - ramp(cycles - half_width)) / (2 * half_width)


def demo_phase(fs, i):
    t = i / fs
    theta = 2 * np.pi * np.mod(SUPPLY_HZ * t, 1.0) + np.radians(PHASE["angle_deg"])
    wave = np.sin(theta)
    for order, pct, deg in HARMONICS:
        wave += pct / 100 * np.sin(order * theta + np.radians(deg))
    m = MOD_DVV_PCT / 100 / 2 * sampled_rectangle(MOD_HZ * t, MOD_HZ / fs / 2)
    start, duration, residual = PHASE["variation"]
    env = PHASE["magnitude_pu"] * np.where((t >= start) & (t < start + duration), residual, 1.0)
    return np.sqrt(2) * NOMINAL_V * env * (1 + m) * wave


def sine_modulated(fs, i, dvv_pct, fm):
    t = i / fs
    return np.sqrt(2) * NOMINAL_V * (1 + dvv_pct / 100 / 2 * np.sin(2 * np.pi * fm * t)) * np.sin(
        2 * np.pi * np.mod(SUPPLY_HZ * t, 1.0))


class Chain:
    """Blocks 1-4 at rate fs, chunk by chunk (filter states carried)."""

    def __init__(self, fs):
        self.fs = fs
        cutoff = 42.0 if SUPPLY_HZ == 60 else 35.0
        # Butterworth, analog prototype by the bilinear transform (no prewarp).
        z, p, k = signal.butter(6, 2 * np.pi * cutoff, analog=True, output="zpk")
        self.low_pass = signal.zpk2sos(*signal.bilinear_zpk(z, p, k, fs))
        # Every filter from its analog zeros and poles (polynomial forms lose
        # the poles near z = 1 at this rate).
        def sos(zeros, poles, gain):
            return signal.zpk2sos(*signal.bilinear_zpk(zeros, poles, gain, fs))
        self.high_pass = sos([0], [-2 * np.pi * 0.05], 1)  # s / (s + wc)
        L = {k: v * (2 * np.pi if k != "k" else 1) for k, v in LAMP_120V.items()}
        # K w1 s / (s^2 + 2 lambda s + w1^2) (1 + s/w2) / ((1 + s/w3)(1 + s/w4))
        resonance = np.roots([1, 2 * L["lam"], L["w1"] ** 2])
        self.weighting = sos([0, -L["w2"]], list(resonance) + [-L["w3"], -L["w4"]],
                             L["k"] * L["w1"] * L["w3"] * L["w4"] / L["w2"])
        self.smoothing = sos([], [-1 / 0.3], 1 / 0.3)  # 1 / (1 + 0.3 s)
        b, a = signal.bilinear([1], [60.0, 1], fs)  # 1 / (1 + 60 s), first order
        self.adaptor = (b, a)
        self.zi = {}
        self.r = None
        self.scale = 1.0

    def _sos(self, name, sos, x):
        zi = self.zi.get(name)
        if zi is None:
            zi = np.zeros((sos.shape[0], 2))
        y, self.zi[name] = signal.sosfilt(sos, x, zi=zi)
        return y

    def step(self, u):
        # Block 1: the RMS envelope and its 1-minute mean.
        envelope = np.sqrt(np.maximum(self._sos("env", self.low_pass, u * u), 0))
        if self.r is None:
            # Start at the envelope's level, and keep the low-pass's rise from
            # zero (its first 0.5 s) out of the 1-minute mean: it would pull R
            # down by 0.2 %, which takes minutes to fade.
            level = np.mean(envelope[len(envelope) // 2:])
            envelope[:int(0.5 * self.fs)] = level
            self.r = signal.lfilter_zi(*self.adaptor) * level
        r, self.r = signal.lfilter(*self.adaptor, envelope, zi=self.r)
        x = (u / r) ** 2  # blocks 1 and 2
        x = self._sos("hp", self.high_pass, x)
        x = self._sos("lp", self.low_pass, x)
        x = self._sos("w", self.weighting, x)
        return self.scale * self._sos("s", self.smoothing, x * x)


def band_limited(input_rate, fs, source, duration_s):
    """`source` sampled at input_rate (as a recorder would) and interpolated
    to fs by a long windowed-sinc filter: what those samples mean to an ideal
    meter, the sag's edges included as the samples have them."""
    up = int(round(fs / input_rate))
    if abs(up * input_rate - fs) > 1e-9:
        raise SystemExit("--rate must be a multiple of --input-rate")
    # Half a second of the waveform either side, for the filter to settle.
    pad = int(0.5 * input_rate)
    i = np.arange(-pad, int(round(duration_s * input_rate)) + pad, dtype=np.float64)
    x = signal.resample_poly(source(input_rate, i), up, 1, window=("kaiser", 12.0))
    x = x[pad * up:len(x) - pad * up]
    return lambda fs_, j: x[j.astype(np.int64)]


def _feed(chain, fs, source, duration_s, keep):
    n = int(round(duration_s * fs))
    kept = []
    for start in range(0, n, CHUNK):
        i = np.arange(start, min(n, start + CHUNK), dtype=np.float64)
        p = chain.step(source(fs, i))
        if keep is not None:
            t = i / fs
            sel = keep(t)
            kept.append((t[sel], p[sel]))
    return kept


def scale_for(fs):
    """Block 4 scaling: 8.8 Hz, 0.321 % sinusoidal modulation peaks at Pinst = 1."""
    chain = Chain(fs)
    # 2 minutes: the 1-minute mean of the adaptor settles to 1e-7 of Pinst.
    peaks = _feed(chain, fs, lambda fs_, i: sine_modulated(fs_, i, REF_DVV_PCT, 8.8), 120.0,
                  lambda t: t >= 110.0)
    return 1.0 / max(p.max() for _, p in peaks if p.size)


def pst(pinst):
    """IEC 61000-4-15 block 5 from exact percentiles (the level exceeded k % of the time)."""
    def p(k):
        return np.quantile(pinst, 1 - k / 100)
    p1s = (p(0.7) + p(1) + p(1.5)) / 3
    p3s = (p(2.2) + p(3) + p(4)) / 3
    p10s = (p(6) + p(8) + p(10) + p(13) + p(17)) / 5
    p50s = (p(30) + p(50) + p(80)) / 3
    return np.sqrt(0.0314 * p(0.1) + 0.0525 * p1s + 0.0657 * p3s + 0.28 * p10s + 0.08 * p50s), {
        k: p(k) for k in (0.1, 0.7, 1, 1.5, 2.2, 3, 4, 6, 8, 10, 13, 17, 30, 50, 80)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rate", type=float, default=25600)
    ap.add_argument("--input-rate", type=float,
                    help="sample the signal at this rate first, as the meter sees it "
                    "(the simulation rate a multiple of it)")
    ap.add_argument("--trace", nargs=3, metavar=("FROM_S", "TO_S", "FILE"))
    ap.add_argument("--phase-b-evening", action="store_true",
                    help="phase B at the evening step to 0.915 pu (18:00-18:10) instead")
    args = ap.parse_args()
    fs = args.rate
    if args.phase_b_evening:
        PHASE.update(angle_deg=-121.0, magnitude_pu=0.99, variation=(600.0, 3 * 3600.0, 0.915))
    source = demo_phase
    if args.input_rate:
        source = band_limited(args.input_rate, fs, demo_phase, DURATION_S)
    scale = scale_for(fs)
    chain = Chain(fs)
    chain.scale = scale
    trace_from, trace_to = (float(args.trace[0]), float(args.trace[1])) if args.trace else (0, 0)
    kept = _feed(chain, fs, source, DURATION_S,
                 lambda t: ((t >= INTERVAL[0]) & (t < INTERVAL[1])) |
                 ((t >= trace_from) & (t < trace_to)))
    t = np.concatenate([k[0] for k in kept])
    p = np.concatenate([k[1] for k in kept])
    in_interval = (t >= INTERVAL[0]) & (t < INTERVAL[1])
    value, percentiles = pst(p[in_interval])
    print(f"rate {fs:g} S/s, scaling {scale:.9g}")
    for k, v in percentiles.items():
        print(f"  P{k:g} = {v:.6f}")
    print(f"Pst of the interval = {value:.6f}")
    if args.trace:
        sel = (t >= trace_from) & (t < trace_to)
        np.savetxt(args.trace[2], np.column_stack([t[sel], p[sel]]), fmt="%.9f %.12g")


if __name__ == "__main__":
    main()
