// C-simulation testbench of pqa_window_kernel, self-contained (no host
// libraries, no GoogleTest) so that `vitis_hls` csim runs it unchanged; CTest
// runs the natively compiled copy. Exit status 0 = pass.
//
// Signal: three unbalanced phases at 59.8 Hz (off nominal: the resampler
// must synchronise), sampled at 15,360 Hz, with harmonics of known RMS. The
// kernel's results are checked against the analytic values with 1/10 of the
// class A / class I tolerances (RMS 0.1 % of Udin, harmonics 0.05 % of Unom
// below 1 % of Unom and 5 % of the reading above, FD 0.15 % absolute).
#include <cmath>
#include <cstdio>
#include <vector>

#include "hls/kernels/window_kernel.h"

namespace {

using pqa::kernels::WindowJob;
using pqa::kernels::WindowOutput;

const double kPi = 3.14159265358979323846;
const double kRate = 15360;
const double kFrequency = 59.8;
const double kUnom = 127;
const int kHalfWidth = 16;  // taps either side
const int kTaps = 2 * kHalfWidth;
const int kRows = 256;

struct Harmonic {
  int order;
  double pu;  // RMS relative to the phase's fundamental
};
const Harmonic kHarmonics[] = {{3, 0.05}, {5, 0.06}, {7, 0.004}, {11, 0.02}, {25, 0.01}};
const double kPhaseRms[3] = {127, 121, 131};
const double kPhaseAngle[3] = {0, -118 * kPi / 180, 121 * kPi / 180};

double Sinc(double x) { return x == 0 ? 1 : std::sin(kPi * x) / (kPi * x); }

// Blackman-windowed sinc, cut-off 0.42 cycles/sample: flat far beyond the
// 50th harmonic (0.195 cycles/sample at 256 samples per cycle).
void DesignTable(std::vector<float>& coefficients) {
  std::vector<double> rows((kRows + 1) * kTaps);
  for (int r = 0; r <= kRows; ++r) {
    double sum = 0;
    for (int j = 0; j < kTaps; ++j) {
      const double x = static_cast<double>(r) / kRows + kHalfWidth - 1 - j;
      const double u = (x + kHalfWidth) / (2 * kHalfWidth);  // 0..1 over the kernel
      const double w = 0.42 - 0.5 * std::cos(2 * kPi * u) + 0.08 * std::cos(4 * kPi * u);
      rows[r * kTaps + j] = 0.84 * Sinc(0.84 * x) * w;
      sum += rows[r * kTaps + j];
    }
    for (int j = 0; j < kTaps; ++j) rows[r * kTaps + j] /= sum;
  }
  coefficients.resize(2 * kRows * kTaps);
  for (int i = 0; i < kRows * kTaps; ++i) {
    coefficients[i] = static_cast<float>(rows[i]);
    coefficients[kRows * kTaps + i] = static_cast<float>(rows[i + kTaps] - rows[i]);
  }
}

int failures = 0;
void Check(const char* what, int phase, double got, double want, double tolerance) {
  if (std::fabs(got - want) <= tolerance) return;
  std::printf("FAIL %s phase %d: %.6f, expected %.6f +- %.6f\n", what, phase, got, want, tolerance);
  ++failures;
}

}  // namespace

int main() {
  std::vector<float> coefficients;
  DesignTable(coefficients);
  const double period = kRate / kFrequency;  // samples per cycle
  const double first = kHalfWidth + 0.37;    // window start, samples from the span start
  const double window = 12 * period;
  const int span = static_cast<int>(std::ceil(first + window)) + kHalfWidth + 2;
  std::vector<float> samples(3 * span);
  for (int p = 0; p < 3; ++p) {
    for (int n = 0; n < span; ++n) {
      // Phase zero of the fundamental at the window start.
      const double theta = 2 * kPi * (n - first) / period + kPhaseAngle[p];
      double v = std::cos(theta);
      for (const Harmonic& h : kHarmonics) v += h.pu * std::cos(h.order * theta + 0.2 * h.order);
      samples[p * span + n] = static_cast<float>(std::sqrt(2.0) * kPhaseRms[p] * v);
    }
  }
  WindowJob job = {};
  job.span_samples = static_cast<unsigned>(span);
  job.phase_mask = 7;
  job.cycles = 12;
  const unsigned long long first_q =
      static_cast<unsigned long long>(std::llround(first * 4294967296.0));
  const unsigned long long step_q = static_cast<unsigned long long>(
      std::llround(window / pqa::kernels::kWindowPoints * 4294967296.0));
  job.first_lo = static_cast<unsigned>(first_q);
  job.first_hi = static_cast<unsigned>(first_q >> 32);
  job.step_lo = static_cast<unsigned>(step_q);
  job.step_hi = static_cast<unsigned>(step_q >> 32);
  WindowOutput out = {};
  pqa_window_kernel(samples.data(), &job, coefficients.data(), &out, 1, kTaps, kRows);

  const double rms_tol = 0.001 * kUnom / 10;
  double fund[3][2];
  for (int p = 0; p < 3; ++p) {
    double sum_sq = 1;
    for (const Harmonic& h : kHarmonics) sum_sq += h.pu * h.pu;
    Check("RMS", p, out.rms_v[p], kPhaseRms[p] * std::sqrt(sum_sq), rms_tol);
    Check("fundamental", p, out.subgroup_v[p][1], kPhaseRms[p], 0.0005 * kUnom / 10);
    for (const Harmonic& h : kHarmonics) {
      const double want = h.pu * kPhaseRms[p];
      const double tol = want < 0.01 * kUnom ? 0.0005 * kUnom / 10 : 0.05 * want / 10;
      Check("harmonic", p, out.subgroup_v[p][h.order], want, tol);
    }
    Check("order 2 (absent)", p, out.subgroup_v[p][2], 0, 0.0005 * kUnom / 10);
    fund[p][0] = out.fundamental_re[p];
    fund[p][1] = out.fundamental_im[p];
    Check("phasor angle", p, std::atan2(fund[p][1], fund[p][0]), kPhaseAngle[p], 1e-3);
  }
  // FD from the analytic phasors (Fortescue), computed here in double.
  double pos[2] = {0, 0}, neg[2] = {0, 0};
  for (int p = 0; p < 3; ++p) {
    const double a = kPhaseAngle[p];
    const double rot = 2 * kPi / 3 * p;  // a^p for V+, a^(2p) = a^-p for V-
    pos[0] += kPhaseRms[p] * std::cos(a + rot) / 3;
    pos[1] += kPhaseRms[p] * std::sin(a + rot) / 3;
    neg[0] += kPhaseRms[p] * std::cos(a - rot) / 3;
    neg[1] += kPhaseRms[p] * std::sin(a - rot) / 3;
  }
  const double fd = 100 * std::hypot(neg[0], neg[1]) / std::hypot(pos[0], pos[1]);
  Check("FD", 0, out.fd_pct, fd, 0.15 / 10);
  if (out.flags != 0) {
    std::printf("FAIL a sound window is flagged (flags %u)\n", out.flags);
    ++failures;
  }
  // Issue 20: beyond full scale (1e20 V overflows the float32 sum of
  // squares) the kernel flags the window instead of writing Infinity.
  for (float& x : samples) x *= 1e18f;
  WindowOutput beyond = {};
  pqa_window_kernel(samples.data(), &job, coefficients.data(), &beyond, 1, kTaps, kRows);
  if ((beyond.flags & pqa::kernels::kWindowFlagUnrepresentable) == 0) {
    std::printf("FAIL a window beyond full scale is not flagged (RMS %g)\n", beyond.rms_v[0]);
    ++failures;
  }
  if (failures == 0) std::printf("pqa_window_kernel testbench: PASS (FD %.4f %%)\n", out.fd_pct);
  return failures == 0 ? 0 : 1;
}
