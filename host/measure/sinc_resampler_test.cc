#include "host/measure/sinc_resampler.h"

#include <cmath>
#include <numbers>
#include <vector>

#include "gtest/gtest.h"

namespace pqa::measure {
namespace {

struct Tone {
  double cycles_per_sample;
  double amplitude;
  double phase;
};

double Evaluate(const std::vector<Tone>& tones, double t) {
  double v = 0;
  for (const Tone& s : tones) {
    v += s.amplitude * std::sin(2 * std::numbers::pi * s.cycles_per_sample * t + s.phase);
  }
  return v;
}

std::vector<double> Sample(const std::vector<Tone>& tones, std::size_t n) {
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = Evaluate(tones, static_cast<double>(i));
  return x;
}

// I0 at points of the Kaiser designs' range (beta 8.96 at 90 dB, 15.57 at
// 150 dB), to 21 digits from mpmath's besseli at 30-digit precision.
TEST(BesselI0, MatchesReferenceValues) {
  EXPECT_EQ(BesselI0(0), 1.0);
  const struct {
    double x, i0;
  } kReference[] = {
      {0.5, 1.06348337074132351926}, {1, 1.26606587775200833560},     {2.5, 3.28983914405012303571},
      {5, 27.2398718236044468945},   {8.959, 1052.13310207153407905}, {10, 2815.71662846625447147},
      {15, 339649.373297913879522},  {15.57, 589301.842746238302341},
  };
  for (const auto& r : kReference) {
    // A few units in the last place (every term of the series is positive):
    // closer than libstdc++'s std::cyl_bessel_i, up to 2.7e-15 off mpmath here.
    EXPECT_NEAR(BesselI0(r.x) / r.i0, 1.0, 1e-15) << "x = " << r.x;
  }
}

// The same function as the standard library's over the range the designs
// evaluate (0 to beta), at any point, not only tabulated ones: within the
// two's errors (libstdc++'s reaches 2.7e-15 of mpmath's value on this grid).
TEST(BesselI0, AgreesWithTheStandardLibrary) {
  for (double x = 0; x <= 16; x += 1.0 / 64) {
    EXPECT_NEAR(BesselI0(x) / std::cyl_bessel_i(0.0, x), 1.0, 4e-15) << "x = " << x;
  }
}

TEST(SincResampler, InterpolatesTonesUpToThePassbandEdge) {
  // 128 samples per cycle: the 50th harmonic (x1.05) is at 0.41 cycles/sample.
  ResamplerDesign d;
  d.passband = 0.41;
  d.stopband = 0.59;
  auto r = SincResampler::Create(d);
  ASSERT_TRUE(r.ok()) << r.status();
  const std::vector<Tone> tones = {
      {1.0 / 128, 1.0, 0.3}, {5.0 / 128, 0.05, 1.0}, {25.0 / 128, 0.02, 2.0}, {0.41, 0.01, -0.5}};
  const auto x = Sample(tones, 4000);
  double worst = 0;
  for (double t = 200.013; t < 3800; t += 0.7731) {
    worst = std::max(worst, std::abs(r->At(x.data(), t) - Evaluate(tones, t)));
  }
  // Design ripple 90 dB (3e-5) on a unit fundamental; 1e-4 leaves room for the
  // kernel table interpolation. IEC 61000-4-7 class I asks for 5e-4 of nominal
  // on small harmonics.
  EXPECT_LT(worst, 1e-4);
}

TEST(SincResampler, RejectsImagesAndAliasesBeyondTheStopband) {
  ResamplerDesign d;
  d.passband = 0.1;
  d.stopband = 0.3;  // a decimating design: cutoff 0.2 cycles/sample
  auto r = SincResampler::Create(d);
  ASSERT_TRUE(r.ok()) << r.status();
  const std::vector<Tone> tone = {{0.35, 1.0, 0.0}};
  const auto x = Sample(tone, 2000);
  double worst = 0;
  for (double t = 200.5; t < 1800; t += 1.37) worst = std::max(worst, std::abs(r->At(x.data(), t)));
  EXPECT_LT(worst, 1e-4);  // 90 dB design
}

TEST(SincResampler, ReproducesSamplesAndConstants) {
  ResamplerDesign d;
  d.passband = 0.2;
  d.stopband = 0.8;
  auto r = SincResampler::Create(d);
  ASSERT_TRUE(r.ok());
  std::vector<double> x(200, 3.25);
  EXPECT_NEAR(r->At(x.data(), 100.37), 3.25, 1e-12);
  const std::vector<Tone> tones = {{0.05, 1.0, 0.2}};
  const auto y = Sample(tones, 200);
  // At an integer position a full-band interpolator returns the sample itself.
  EXPECT_NEAR(r->At(y.data(), 100.0), y[100], 1e-12);
}

TEST(SincResampler, ResamplesSeveralChannelsWithOneSetOfWeights) {
  ResamplerDesign d;
  auto r = SincResampler::Create(d);
  ASSERT_TRUE(r.ok());
  // Instants go in pairs (the second's weights interpolated before the
  // first's sums), an odd count (65) leaves the last one to the tail, and a
  // channel count above six is split (6 + 1).
  std::vector<std::vector<double>> x;
  std::vector<const double*> in;
  for (int ch = 0; ch < 7; ++ch) {
    x.push_back(Sample({{0.02 + 0.015 * ch, 1.0 + ch, 0.3 * ch}}, 500));
  }
  for (const auto& v : x) in.push_back(v.data());
  constexpr std::size_t kCount = 65;
  // Each channel alone: the reference for the bits.
  std::vector<std::vector<double>> alone(x.size(), std::vector<double>(kCount));
  for (std::size_t ch = 0; ch < x.size(); ++ch) {
    double* out = alone[ch].data();
    r->Resample(&in[ch], 1, 100.25, 3.3, kCount, &out);
    for (std::size_t m = 0; m < kCount; ++m) {
      const double t = 100.25 + 3.3 * static_cast<double>(m);
      // Same weights; only the rounding of t may differ (fused multiply-add).
      ASSERT_NEAR(alone[ch][m], r->At(in[ch], t), 1e-12) << ch << " " << m;
    }
  }
  // Counts at the loop's edges (none, the tail alone, one pair, a pair and
  // the tail) give the long run's first instants and write nothing more.
  for (std::size_t n : {0, 1, 2, 3}) {
    std::vector<double> first(n + 1, -1.0);
    double* out = first.data();
    r->Resample(&in[0], 1, 100.25, 3.3, n, &out);
    for (std::size_t m = 0; m < n; ++m) EXPECT_EQ(first[m], alone[0][m]) << n << " " << m;
    EXPECT_EQ(first[n], -1.0) << n;
  }
  for (std::size_t channels = 2; channels <= x.size(); ++channels) {
    std::vector<std::vector<double>> outs(channels, std::vector<double>(kCount));
    std::vector<double*> out;
    for (auto& o : outs) out.push_back(o.data());
    r->Resample(in.data(), channels, 100.25, 3.3, kCount, out.data());
    for (std::size_t ch = 0; ch < channels; ++ch) {
      // Each instant's arithmetic is the same in every path: equal bits.
      EXPECT_EQ(outs[ch], alone[ch]) << channels << " channels, channel " << ch;
    }
  }
}

TEST(SincResampler, RejectsDesignsOutOfRange) {
  ResamplerDesign d;
  d.passband = 0.6;
  EXPECT_FALSE(SincResampler::Create(d).ok());
  d = {};
  d.stopband = d.passband;
  EXPECT_FALSE(SincResampler::Create(d).ok());
  d = {};
  d.passband = 0.45;
  d.stopband = 0.451;  // would need thousands of taps
  auto r = SincResampler::Create(d);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("transition"), absl::string_view::npos);
}

TEST(SincResampler, EachDesignKeepsItsOwnKernel) {
  // Designs are kept for reuse across recordings: a design made again must
  // get its own kernel back, never a neighbour's, however many came between.
  ResamplerDesign a;
  a.passband = 0.205;
  a.stopband = 0.395;
  ResamplerDesign b = a;
  b.stopband = 0.396;  // another table, same half-width
  ResamplerDesign c = a;
  c.phases = 256;
  auto first_a = SincResampler::Create(a);
  ASSERT_TRUE(first_a.ok()) << first_a.status();
  const std::vector<double> table_a = first_a->table(), slope_a = first_a->slope();
  auto rb = SincResampler::Create(b);
  auto rc = SincResampler::Create(c);
  ASSERT_TRUE(rb.ok() && rc.ok());
  EXPECT_EQ(rb->half_width(), first_a->half_width());
  EXPECT_NE(rb->table(), table_a);
  EXPECT_NE(rc->table().size(), table_a.size());
  for (int k = 0; k < 20; ++k) {  // more designs than are kept
    ResamplerDesign other = a;
    other.stopband = 0.4 + 0.001 * k;
    ASSERT_TRUE(SincResampler::Create(other).ok());
  }
  for (int k = 0; k < 2; ++k) {  // designed anew, then from the kept one
    auto again = SincResampler::Create(a);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->table(), table_a);
    EXPECT_EQ(again->slope(), slope_a);
    EXPECT_EQ(again->half_width(), first_a->half_width());
    EXPECT_EQ(again->cutoff(), first_a->cutoff());
  }
}

}  // namespace
}  // namespace pqa::measure
