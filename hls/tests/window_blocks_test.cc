// Testbenches of the window building blocks: each block, compiled natively,
// against the double-precision golden model (host/measure) or an analytic
// result, with tolerances derived from IEC 61000-4-30 class A
// (RMS +-0.1 % of Udin) and IEC 61000-4-7 class I (harmonics +-5 % of the
// reading above 1 % of Unom, +-0.05 % of Unom below): the float32 blocks
// must stay at least 50 times inside them.
#include <cmath>
#include <complex>
#include <cstdint>
#include <numbers>
#include <random>
#include <vector>

#include "gtest/gtest.h"
#include "hls/blocks/aggregation.h"
#include "hls/blocks/fft.h"
#include "hls/blocks/harmonic_subgroups.h"
#include "hls/blocks/rms_phasor.h"
#include "hls/blocks/symmetrical_components.h"
#include "hls/blocks/sync_resampler.h"
#include "hls/blocks/thd_family.h"
#include "hls_stream.h"
#include "host/measure/aggregation.h"
#include "host/measure/harmonics.h"
#include "host/measure/sinc_resampler.h"
#include "host/measure/unbalance.h"
#include "host/measure/window_rms.h"

namespace pqa::kernels {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kUnom = 127;  // V, the declared voltage of the analytic signals
// 1/50 of the class A / class I tolerances.
constexpr double kRmsTolerance = 0.001 / 50 * kUnom;        // volts
constexpr double kHarmonicTolerance = 0.0005 / 50 * kUnom;  // volts

struct fft_4096 : fft_default_config {};
struct subgroups_60hz : subgroups_default_config {};

// A window of 12 cycles on 4096 points: 127 V fundamental plus harmonics.
std::vector<double> AnalyticWindow(int points, int cycles, const std::vector<double>& pu) {
  std::vector<double> x(static_cast<std::size_t>(points));
  for (int n = 0; n < points; ++n) {
    double v = 0;
    for (std::size_t h = 1; h < pu.size(); ++h) {
      const double phase = 2 * kPi * cycles * static_cast<double>(h) * n / points;
      v += std::sqrt(2.0) * kUnom * pu[h] * std::cos(phase + 0.3 * static_cast<double>(h));
    }
    x[static_cast<std::size_t>(n)] = v;
  }
  return x;
}

std::vector<cplx<float>> RunFft(const std::vector<double>& x) {
  hls::stream<float> in("in");
  hls::stream<cplx<float>> out("out");
  for (double v : x) in.write(static_cast<float>(v));
  real_fft<fft_4096>(in, out);
  std::vector<cplx<float>> bins;
  while (!out.empty()) bins.push_back(out.read());
  return bins;
}

// Runs harmonic_subgroups on the transform of `x`; returns the subgroup
// stream and leaves the fundamental bin in `fundamental`.
std::vector<float> Subgroups(const std::vector<double>& x, int cycles,
                             hls::stream<cplx<float>>& fundamental) {
  hls::stream<cplx<float>> in("bins");
  for (const cplx<float>& b : RunFft(x)) in.write(b);
  hls::stream<float> sg("subgroups");
  harmonic_subgroups<subgroups_60hz>(in, cycles, sg, fundamental);
  std::vector<float> out;
  while (!sg.empty()) out.push_back(sg.read());
  return out;
}

TEST(RealFft, MatchesTheDirectDftOfTheWindow) {
  std::mt19937 rng(7);
  std::normal_distribution<double> g(0, 100);
  std::vector<double> x(4096);
  for (double& v : x) v = g(rng);
  const std::vector<cplx<float>> bins = RunFft(x);
  ASSERT_EQ(bins.size(), static_cast<std::size_t>(fft_4096::out_bins));
  // Independent reference: the DFT sum in double, at a spread of bins.
  for (int k : {0, 1, 11, 12, 13, 300, 599, 600, 601}) {
    std::complex<double> ref = 0;
    for (int n = 0; n < 4096; ++n)
      ref += x[static_cast<std::size_t>(n)] * std::polar(1.0, -2 * kPi * k * n / 4096.0);
    // float32 rounding over 12 stages: |error| ~ 12 eps |x|_2 sqrt(N); 1e-5 of
    // sum |x| leaves a margin of 10.
    const double bound = 1e-5 * 100 * 4096;
    EXPECT_NEAR(bins[static_cast<std::size_t>(k)].re, ref.real(), bound) << "bin " << k;
    EXPECT_NEAR(bins[static_cast<std::size_t>(k)].im, ref.imag(), bound) << "bin " << k;
  }
}

TEST(HarmonicSubgroups, MatchTheGoldenModelAndTheAnalyticContent) {
  std::vector<double> pu(51, 0.0);
  pu[1] = 1;
  pu[3] = 0.05;
  pu[5] = 0.06;
  pu[7] = 0.002;  // below 1 % of Unom: the absolute tolerance applies
  pu[50] = 0.005;
  const std::vector<double> x = AnalyticWindow(4096, 12, pu);
  hls::stream<cplx<float>> fundamental("fundamental");
  const std::vector<float> sg = Subgroups(x, 12, fundamental);
  ASSERT_EQ(sg.size(), 51u);

  // Golden: the same subgroup rule on the double DFT of the same window.
  std::vector<std::complex<double>> spectrum(2049);
  for (int k = 0; k < 2049; ++k) {
    std::complex<double> s = 0;
    if (k <= 602) {
      for (int n = 0; n < 4096; ++n)
        s += x[static_cast<std::size_t>(n)] * std::polar(1.0, -2 * kPi * k * n / 4096.0);
    }
    spectrum[static_cast<std::size_t>(k)] = s;
  }
  measure::SubgroupMagnitudes golden{};
  measure::HarmonicSubgroups(spectrum.data(), 4096, 12, golden);
  for (int h = 0; h <= 50; ++h) {
    const double v = sg[static_cast<std::size_t>(h)];
    EXPECT_NEAR(v, golden[static_cast<std::size_t>(h)], kHarmonicTolerance) << "order " << h;
    EXPECT_NEAR(v, pu[static_cast<std::size_t>(h)] * kUnom, kHarmonicTolerance) << "order " << h;
  }
  const cplx<float> f = fundamental_phasor<rms_default_config>(fundamental.read());
  const std::complex<double> golden_f = measure::FundamentalPhasor(spectrum.data(), 4096, 12);
  EXPECT_NEAR(f.re, golden_f.real(), kHarmonicTolerance);
  EXPECT_NEAR(f.im, golden_f.imag(), kHarmonicTolerance);
  EXPECT_NEAR(std::abs(golden_f), kUnom, kHarmonicTolerance);
  EXPECT_NEAR(std::arg(golden_f), 0.3, 1e-6);
}

TEST(HarmonicSubgroups, TenCycleWindowsUseBinTenH) {
  std::vector<double> pu(51, 0.0);
  pu[1] = 1;
  pu[2] = 0.03;
  pu[49] = 0.01;
  hls::stream<cplx<float>> fundamental("fundamental");
  const std::vector<float> sg = Subgroups(AnalyticWindow(4096, 10, pu), 10, fundamental);
  ASSERT_EQ(sg.size(), 51u);
  for (int h = 0; h <= 50; ++h) {
    EXPECT_NEAR(sg[static_cast<std::size_t>(h)], pu[static_cast<std::size_t>(h)] * kUnom,
                kHarmonicTolerance)
        << h;
  }
}

TEST(WindowRms, MatchesTheGoldenModelWithFractionalEnds) {
  std::vector<double> x(3200);
  for (std::size_t n = 0; n < x.size(); ++n) {
    x[n] = std::sqrt(2.0) * kUnom * std::sin(2 * kPi * static_cast<double>(n) / 256.3 + 0.1) +
           3.0 * std::sin(2 * kPi * 5 * static_cast<double>(n) / 256.3);
  }
  const double begin = 7.37, end = 7.37 + 12 * 256.3;
  hls::stream<float> in("samples");
  for (double v : x) in.write(static_cast<float>(v));
  hls::stream<float> out("rms");
  window_rms<rms_default_config>(in, static_cast<int>(x.size()),
                                 static_cast<std::uint64_t>(std::llround(begin * 4294967296.0)),
                                 static_cast<std::uint64_t>(std::llround(end * 4294967296.0)), out);
  const double golden = measure::WindowRms(x.data(), begin, end);
  EXPECT_NEAR(out.read(), golden, kRmsTolerance);
  // Whole cycles of known content: sqrt(Unom^2 + (3/sqrt 2)^2); the window
  // is 12 cycles, the 5th harmonic completes 60.
  EXPECT_NEAR(golden, std::sqrt(kUnom * kUnom + 4.5), 1e-3);
}

TEST(SyncResample, MatchesTheGoldenResamplerOnTheSameTable) {
  measure::ResamplerDesign d;
  d.passband = 0.205;
  d.stopband = 0.795;
  auto r = measure::SincResampler::Create(d);
  ASSERT_TRUE(r.ok());
  const int taps = 2 * r->half_width();
  std::vector<float> table(r->table().begin(), r->table().end());
  std::vector<float> slope(r->slope().begin(), r->slope().end());
  std::vector<double> x(3300);
  for (std::size_t n = 0; n < x.size(); ++n) {
    const double t = static_cast<double>(n) / 256.0;
    x[n] = std::sqrt(2.0) * kUnom * (std::sin(2 * kPi * t) + 0.05 * std::sin(2 * kPi * 50 * t));
  }
  const double first = 20.25, step = 12 * 256.4 / 4096;
  hls::stream<float> in("span");
  for (double v : x) in.write(static_cast<float>(v));
  hls::stream<float> out("points");
  sync_resample<resampler_default_config>(
      in, static_cast<int>(x.size()),
      static_cast<std::uint64_t>(std::llround(first * 4294967296.0)),
      static_cast<std::uint64_t>(std::llround(step * 4294967296.0)), table.data(), slope.data(),
      taps, r->phases(), out);
  ASSERT_EQ(out.size(), 4096u);
  std::vector<double> golden(4096);
  const double* in_ptr[] = {x.data()};
  double* out_ptr[] = {golden.data()};
  r->Resample(in_ptr, 1, first, step, 4096, out_ptr);
  double worst = 0;
  for (int m = 0; m < 4096; ++m)
    worst = std::max(worst, std::abs(out.read() - golden[static_cast<std::size_t>(m)]));
  // Per-point error of float32 taps and samples: a few 1e-7 of the peak; an
  // error spread evenly into one harmonic bin would be far below this bound.
  EXPECT_LT(worst, 2e-6 * std::sqrt(2.0) * kUnom);
}

TEST(ThdFamily, MatchesTheGoldenDistortionIndices) {
  measure::SubgroupMagnitudes v{};
  float vf[51] = {};
  v[1] = 127;
  for (int h = 2; h <= 50; ++h) v[static_cast<std::size_t>(h)] = 127 * 0.01 * (1 + h % 7) / h;
  for (int h = 0; h <= 50; ++h) vf[h] = static_cast<float>(v[static_cast<std::size_t>(h)]);
  const measure::DistortionIndices golden = measure::ComputeDistortion(v);
  const thd_result<thd_default_config> r = thd_family<thd_default_config>(vf);
  // The indices are ratios of harmonic values: 1e-5 % absolute is 1/5,000
  // of the 0.05 % class I bound on the smallest harmonic.
  EXPECT_NEAR(r.dtt_pct, golden.dtt_pct, 1e-5);
  EXPECT_NEAR(r.dttp_pct, golden.dttp_pct, 1e-5);
  EXPECT_NEAR(r.dtti_pct, golden.dtti_pct, 1e-5);
  EXPECT_NEAR(r.dtt3_pct, golden.dtt3_pct, 1e-5);
  float zero[51] = {};
  EXPECT_EQ(thd_family<thd_default_config>(zero).dtt_pct, 0.0f);
}

TEST(SymmetricalComponents, MatchTheGoldenModelForAnUnbalancedSet) {
  const std::complex<double> va = std::polar(127.0, 0.1), vb = std::polar(120.0, 0.1 - 2.05),
                             vc = std::polar(131.0, 0.1 + 2.1);
  const measure::SymmetricalComponents golden = measure::ToSymmetricalComponents(va, vb, vc);
  const measure::Unbalance golden_u = measure::ComputeUnbalance(golden);
  auto f = [](std::complex<double> z) {
    return cplx<float>{static_cast<float>(z.real()), static_cast<float>(z.imag())};
  };
  const sequence_result<sequence_default_config> r =
      symmetrical_components<sequence_default_config>(f(va), f(vb), f(vc));
  EXPECT_NEAR(r.positive.re, golden.positive.real(), 1e-4);
  EXPECT_NEAR(r.positive.im, golden.positive.imag(), 1e-4);
  EXPECT_NEAR(r.negative.re, golden.negative.real(), 1e-4);
  EXPECT_NEAR(r.negative.im, golden.negative.imag(), 1e-4);
  EXPECT_NEAR(r.zero.re, golden.zero.real(), 1e-4);
  EXPECT_NEAR(r.zero.im, golden.zero.imag(), 1e-4);
  // IEC 61000-4-30 5.7 class A: +-0.15 % absolute on FD; 1e-5 % is 15,000 times inside.
  EXPECT_NEAR(r.fd_pct, golden_u.fd_pct, 1e-5);
  EXPECT_NEAR(r.u0_pct, golden_u.u0_pct, 1e-5);
  // And against the line-to-line formula, an independent route to FD.
  EXPECT_NEAR(
      golden_u.fd_pct,
      measure::UnbalanceFromLineToLine(std::abs(va - vb), std::abs(vb - vc), std::abs(vc - va)),
      1e-9);
}

TEST(RmsAccumulator, MatchesTheGoldenAggregatorOverTenMinutes) {
  rms_accumulator<aggregation_default_config> acc;
  acc.reset();
  measure::RmsAggregator golden;
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> u(-1, 1);
  for (int i = 0; i < 3000; ++i) {  // 10 minutes of 12-cycle windows
    measure::WindowResult w;
    w.present = {true, false, false};
    w.phases[0].rms_v = 127 + 5 * u(rng);
    float sg[51];
    for (int h = 0; h <= 50; ++h) {
      w.phases[0].subgroups[static_cast<std::size_t>(h)] = h == 1 ? 127 : 1 + 0.5 * u(rng);
      sg[h] = static_cast<float>(w.phases[0].subgroups[static_cast<std::size_t>(h)]);
    }
    w.unbalance.fd_pct = 1 + 0.5 * u(rng);
    w.unbalance.u0_pct = 0.5 + 0.2 * u(rng);
    golden.AddWindow(w);
    acc.add(static_cast<float>(w.phases[0].rms_v), sg, static_cast<float>(w.unbalance.fd_pct),
            static_cast<float>(w.unbalance.u0_pct));
  }
  const measure::AggregatedValues g = golden.Result();
  float rms, fd, u0, sg[51];
  acc.result(rms, sg, fd, u0);
  EXPECT_NEAR(rms, g.phases[0].rms_v, kRmsTolerance);
  EXPECT_NEAR(acc.rms_min, g.phases[0].rms_min_v, kRmsTolerance);
  EXPECT_NEAR(acc.rms_max, g.phases[0].rms_max_v, kRmsTolerance);
  for (int h = 0; h <= 50; ++h) {
    EXPECT_NEAR(sg[h], g.phases[0].subgroups[static_cast<std::size_t>(h)], kHarmonicTolerance);
  }
  EXPECT_NEAR(fd, g.fd_pct, 1e-5);
  EXPECT_NEAR(u0, g.u0_pct, 1e-5);
}

}  // namespace
}  // namespace pqa::kernels
