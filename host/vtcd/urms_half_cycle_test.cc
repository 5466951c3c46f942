#include "host/vtcd/urms_half_cycle.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "gtest/gtest.h"
#include "host/vtcd/test_signals.h"

namespace pqa::vtcd {
namespace {

constexpr TimeNs kT0 = 1'741'000'000 * kNsPerSecond;

std::vector<UrmsHalf> MeasureUrms(const test_signals::Signal& s, double nominal_hz) {
  UrmsHalfCycleMeter meter({nominal_hz, s.rms_v, 0.03}, s.sample_rate_hz, kT0);
  const std::vector<double> frames = s.Frames();
  std::vector<UrmsHalf> out;
  // Uneven blocks, so that block edges fall anywhere in a cycle.
  std::size_t done = 0;
  const std::size_t frames_total = frames.size() / s.phases;
  for (std::size_t block = 997; done < frames_total; block = block * 3 % 4099 + 1) {
    const std::size_t n = std::min(block, frames_total - done);
    meter.Process(frames.data() + done * s.phases, n, s.phases, &out);
    done += n;
  }
  return out;
}

struct SteadyCase {
  double nominal_hz, frequency_hz, sample_rate_hz, h3, h5;
};

class UrmsHalfCycleSteady : public ::testing::TestWithParam<SteadyCase> {};

// IEC 61000-4-30 5.4.1 class A: Urms(1/2) within 0.2 % of Udin; window one
// cycle of the actual fundamental, refreshed every half cycle.
TEST_P(UrmsHalfCycleSteady, OneCycleWindowsGiveTheTrueRmsWithHarmonicsAndOffNominalFrequency) {
  const SteadyCase& c = GetParam();
  test_signals::Signal s;
  s.frequency_hz = c.frequency_hz;
  s.sample_rate_hz = c.sample_rate_hz;
  s.seconds = 2.0;
  s.phases = 1;
  s.third_harmonic_pu = c.h3;
  s.fifth_harmonic_pu = c.h5;
  const double true_rms = s.rms_v * std::sqrt(1.0 + c.h3 * c.h3 + c.h5 * c.h5);
  const std::vector<UrmsHalf> values = MeasureUrms(s, c.nominal_hz);
  const double expected_count = 2.0 * 2.0 * c.frequency_hz;
  ASSERT_GT(values.size(), expected_count - 8);
  ASSERT_LT(values.size(), expected_count + 1);
  const double period_ns = 1e9 / c.frequency_hz;
  const double sample_ns = 1e9 / c.sample_rate_hz;
  for (std::size_t i = 0; i < values.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_TRUE(values[i].measured);
    EXPECT_NEAR(values[i].urms_v, true_rms, 0.002 * s.rms_v);
    EXPECT_NEAR(static_cast<double>(values[i].window_end - values[i].window_start), period_ns,
                0.1 * sample_ns);
    if (i > 0) {
      EXPECT_NEAR(static_cast<double>(values[i].window_end - values[i - 1].window_end),
                  period_ns / 2, 0.1 * sample_ns);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Rates, UrmsHalfCycleSteady,
                         ::testing::Values(SteadyCase{60, 60, 15360, 0, 0},
                                           SteadyCase{50, 50, 7680, 0, 0},
                                           SteadyCase{60, 59.5, 7680, 0.08, 0.05},
                                           SteadyCase{50, 50.4, 15360, 0.05, 0.08},
                                           SteadyCase{60, 60.3, 3200, 0.1, 0.0}));

TEST(UrmsHalfCycleMeter, KeepsProducingValuesThroughAnInterruption) {
  test_signals::Signal s;
  s.phases = 1;
  s.seconds = 3.0;
  s.steps = {{0, 1.0, 2.0, 0.0}};
  const std::vector<UrmsHalf> values = MeasureUrms(s, 60.0);
  const TimeNs half = kNsPerSecond / 120;
  int zero_values = 0;
  for (std::size_t i = 1; i < values.size(); ++i) {
    // No gap longer than 1.5 half cycles between consecutive values.
    EXPECT_LE(values[i].window_end - values[i - 1].window_end, half * 3 / 2) << i;
    const double t = static_cast<double>(values[i].window_start - kT0) / kNsPerSecond;
    if (t > 1.02 && t < 1.95) {
      EXPECT_LT(values[i].urms_v, 0.001 * s.rms_v) << i;
      ++zero_values;
    }
    if (t > 2.1) {
      EXPECT_NEAR(values[i].urms_v, s.rms_v, 0.002 * s.rms_v) << i;
    }
  }
  // About 0.93 s x 120 half cycles per second.
  EXPECT_GE(zero_values, 105);
}

// Each value against the definition summed directly in long double over
// its own window (sample i standing for [i - 1/2, i + 1/2), the ends by the
// fraction inside), within 1e-6 of the RMS: what the nanosecond rounding of
// the window's ends allows the reference. Returns the windows of exact zeros.
int ExpectValuesAreTheirWindowsRms(const test_signals::Signal& s,
                                   const std::vector<UrmsHalf>& values) {
  const std::vector<double> x = s.Frames();
  const double rate = s.sample_rate_hz;
  int zero_windows = 0;
  for (std::size_t v = 0; v < values.size(); ++v) {
    SCOPED_TRACE(v);
    auto position = [&](TimeNs t) { return static_cast<long double>(t - kT0) * rate / 1e9L; };
    const long double from = position(values[v].window_start);
    const long double to = position(values[v].window_end);
    long double energy = 0.0L;
    for (auto i = static_cast<std::int64_t>(std::floor(from + 0.5L));
         i <= static_cast<std::int64_t>(std::floor(to + 0.5L)); ++i) {
      const long double lo = std::max(static_cast<long double>(i) - 0.5L, from);
      const long double hi = std::min(static_cast<long double>(i) + 0.5L, to);
      if (hi > lo) energy += static_cast<long double>(x[i]) * x[i] * (hi - lo);
    }
    const double reference = static_cast<double>(std::sqrt(energy / (to - from)));
    if (energy == 0.0L) {
      EXPECT_EQ(values[v].urms_v, 0.0);
      ++zero_windows;
    } else {
      EXPECT_NEAR(values[v].urms_v, reference, 1e-6 * s.rms_v);
    }
  }
  return zero_windows;
}

// The window's sum of squares comes from running sums kept with the ring
// (restarted at each wrap). Against the definition summed directly in long
// double over each value's own window (sample i standing for
// [i - 1/2, i + 1/2), the ends by the fraction inside), over hundreds of
// ring wraps, a dip and an interruption to exact zeros: the running sums
// must neither drift nor break where they restart, and a window of zeros
// must give exactly 0 V. The tolerance, 1e-6 of the RMS, is what the
// nanosecond rounding of the window's ends allows the reference; a drift or
// a wrong carry at a restart would be whole volts.
TEST(UrmsHalfCycleMeter, RunningSumsGiveEachWindowsSumOfSquaresOverManyRingWraps) {
  for (const double rate : {2000.0, 15360.0}) {
    SCOPED_TRACE(rate);
    test_signals::Signal s;
    s.phases = 1;
    s.sample_rate_hz = rate;
    s.seconds = rate < 5000 ? 60.0 : 12.0;
    s.frequency_hz = 59.9;
    s.third_harmonic_pu = 0.04;
    s.fifth_harmonic_pu = 0.03;
    s.steps = {{0, 3.0, 3.5, 0.3}, {0, 5.0, 6.2, 0.0}, {0, 9.0, 9.05, 1.2}};
    const std::vector<UrmsHalf> values = MeasureUrms(s, 60.0);
    ASSERT_GT(values.size(), static_cast<std::size_t>(s.seconds * 2 * 59.9) - 8);
    const int zero_windows = ExpectValuesAreTheirWindowsRms(s, values);
    EXPECT_GT(zero_windows, 2 * 59.9 * 1.1);  // the 1.2 s interruption less a cycle
  }
}

// Steady crossings' values are computed a few at a time, from the ring of
// running sums (FlushPending()). A recording labelled 60 Hz that runs at
// 41 Hz crosses every 1.46 nominal half cycles, just before a boundary
// would be forced: four kept values then reach further back than the
// ring's 8 L + 64 samples at 14.4 kS/s (L = 120, a ring of 1,024), and the
// oldest must be computed before its window is overwritten.
TEST(UrmsHalfCycleMeter, ValuesKeptForLaterStillReadTheirOwnWindows) {
  test_signals::Signal s;
  s.phases = 1;
  s.sample_rate_hz = 14400;
  s.seconds = 4.0;
  s.frequency_hz = 41;
  s.third_harmonic_pu = 0.04;
  const std::vector<UrmsHalf> values = MeasureUrms(s, 60.0);
  ASSERT_GT(values.size(), static_cast<std::size_t>(s.seconds * 2 * 41) - 8);
  EXPECT_TRUE(
      std::all_of(values.begin(), values.end(), [](const UrmsHalf& v) { return v.measured; }));
  EXPECT_EQ(ExpectValuesAreTheirWindowsRms(s, values), 0);
}

// ProcessTogether() must give what Process() gives on each meter, bit for bit
// (the replay's records and events must not depend on which path ran).
struct TogetherCase {
  int phases;
  std::size_t stride;
  double nominal_hz, sample_rate_hz;
  // Phase p in channel phases - 1 - p: the lanes' samples are gathered, not
  // loaded side by side.
  bool reversed = false;
  // Noise RMS per unit: at 0.3 the filtered noise in the interruption
  // crosses the hysteresis band, with crossings too close to the last
  // boundary that OnCrossing() rejects.
  double noise_pu = 0.01;
};

class UrmsHalfCycleTogether : public ::testing::TestWithParam<TogetherCase> {};

// Noisy frames of `stride` channels; the channels past the phases hold NaN,
// which neither path may read.
std::vector<double> NoisyFrames(const test_signals::Signal& s, std::size_t stride,
                                double noise_pu) {
  const std::vector<double> clean = s.Frames();
  const std::size_t frames = clean.size() / s.phases;
  std::vector<double> out(frames * stride, std::nan(""));
  std::mt19937 random(21);
  std::normal_distribution<double> noise(0.0, noise_pu * s.rms_v);
  // Impulses too (a tenth of the samples, about 3 x the RMS) with the
  // strong noise: their filtered pulses cross close together.
  std::uniform_real_distribution<double> impulse(0.0, 1.0);
  const double impulse_rate = noise_pu > 0.1 ? 0.1 : 0.0;
  for (std::size_t k = 0; k < frames; ++k) {
    for (int p = 0; p < s.phases; ++p)
      out[k * stride + p] = clean[k * s.phases + p] + noise(random) +
                            (impulse(random) < impulse_rate ? 3.0 * noise(random) / noise_pu : 0.0);
  }
  return out;
}

TEST_P(UrmsHalfCycleTogether, GivesEveryMetersValuesBitForBit) {
  const TogetherCase& c = GetParam();
  test_signals::Signal s;
  s.frequency_hz = c.nominal_hz;
  s.sample_rate_hz = c.sample_rate_hz;
  s.seconds = 3.0;
  s.phases = c.phases;
  s.third_harmonic_pu = 0.05;
  // A sag, a swell and an interruption on phase A only: A's boundaries come
  // from the fallback period while the others still cross; a deep sag on
  // the last phase.
  s.steps = {
      {0, 0.5, 0.8, 0.5}, {0, 1.0, 1.3, 1.2}, {0, 1.5, 2.0, 0.0}, {c.phases - 1, 2.2, 2.4, 0.05}};
  const std::vector<double> frames = NoisyFrames(s, c.stride, c.noise_pu);
  const std::size_t total = frames.size() / c.stride;
  const UrmsHalfCycleConfig config{c.nominal_hz, s.rms_v, 0.03};
  std::vector<UrmsHalfCycleMeter> alone(c.phases,
                                        UrmsHalfCycleMeter(config, s.sample_rate_hz, kT0));
  std::vector<UrmsHalfCycleMeter> together = alone;
  std::vector<std::vector<UrmsHalf>> expected(c.phases), got(c.phases);
  std::vector<UrmsHalfCycleMeter*> meters;
  std::vector<std::vector<UrmsHalf>*> outs;
  for (int p = 0; p < c.phases; ++p) {
    meters.push_back(&together[p]);
    outs.push_back(&got[p]);
  }
  // Odd block sizes, from one frame to more than a ring of squares, so that
  // block edges fall anywhere, the start-up included.
  std::size_t done = 0;
  for (std::size_t block = 1; done < total; block = block * 7 % 5003 + 1) {
    const std::size_t n = std::min(block, total - done);
    std::vector<const double*> inputs;
    for (int p = 0; p < c.phases; ++p) {
      const double* first = frames.data() + done * c.stride + (c.reversed ? c.phases - 1 - p : p);
      alone[p].Process(first, n, c.stride, &expected[p]);
      inputs.push_back(first);
    }
    UrmsHalfCycleMeter::ProcessTogether(meters.data(), meters.size(), inputs.data(), n, c.stride,
                                        outs.data());
    done += n;
  }
  for (int p = 0; p < c.phases; ++p) {
    SCOPED_TRACE(p);
    // About two values per cycle, some of phase A's from the fallback period.
    ASSERT_GT(expected[p].size(), static_cast<std::size_t>(2 * 2.9 * c.nominal_hz));
    ASSERT_EQ(got[p].size(), expected[p].size());
    for (std::size_t i = 0; i < expected[p].size(); ++i) {
      SCOPED_TRACE(i);
      EXPECT_EQ(got[p][i].window_start, expected[p][i].window_start);
      EXPECT_EQ(got[p][i].window_end, expected[p][i].window_end);
      EXPECT_EQ(got[p][i].urms_v, expected[p][i].urms_v);
      EXPECT_EQ(got[p][i].measured, expected[p][i].measured);
    }
  }
  const auto fallback = [](const UrmsHalf& v) { return !v.measured; };
  const std::vector<UrmsHalf>& phase_a = expected[c.reversed ? c.phases - 1 : 0];
  EXPECT_GT(std::count_if(phase_a.begin(), phase_a.end(), fallback), 50);
  EXPECT_EQ(together[0].next_sample_time(), alone[0].next_sample_time());
}

INSTANTIATE_TEST_SUITE_P(
    PhasesAndStrides, UrmsHalfCycleTogether,
    ::testing::Values(TogetherCase{3, 3, 60, 15360}, TogetherCase{3, 4, 60, 7680},
                      TogetherCase{2, 3, 50, 12800}, TogetherCase{1, 4, 60, 960},
                      TogetherCase{1, 1, 50, 2000}, TogetherCase{3, 4, 50, 15360},
                      TogetherCase{3, 3, 60, 15360, true}, TogetherCase{3, 4, 50, 2000, true},
                      TogetherCase{3, 3, 50, 2000}, TogetherCase{3, 3, 60, 960, false, 0.3},
                      TogetherCase{3, 3, 60, 2000, false, 0.3},
                      TogetherCase{3, 3, 60, 15360, false, 0.3}));

// Meters at different positions in their streams (one restarted) cannot
// share lanes; they are run one by one, with the same values.
TEST(UrmsHalfCycleTogether, MetersAtDifferentPositionsRunOneByOne) {
  test_signals::Signal s;
  s.seconds = 1.0;
  s.phases = 2;
  const std::vector<double> frames = s.Frames();
  const UrmsHalfCycleConfig config{60.0, s.rms_v, 0.03};
  UrmsHalfCycleMeter a(config, s.sample_rate_hz, kT0), b = a;
  UrmsHalfCycleMeter a_alone = a, b_alone = b;
  std::vector<UrmsHalf> got_a, got_b, expected_a, expected_b;
  const std::size_t lead = 1001, n = frames.size() / 2 - lead;
  a.Process(frames.data(), lead, 2, &got_a);
  a_alone.Process(frames.data(), lead, 2, &expected_a);
  UrmsHalfCycleMeter* meters[] = {&a, &b};
  const double* inputs[] = {frames.data() + 2 * lead, frames.data() + 1};
  std::vector<UrmsHalf>* outs[] = {&got_a, &got_b};
  UrmsHalfCycleMeter::ProcessTogether(meters, 2, inputs, n, 2, outs);
  a_alone.Process(inputs[0], n, 2, &expected_a);
  b_alone.Process(inputs[1], n, 2, &expected_b);
  ASSERT_GT(expected_b.size(), 80u);  // about 0.87 s x 120 half cycles, less the start-up
  ASSERT_EQ(got_a.size(), expected_a.size());
  ASSERT_EQ(got_b.size(), expected_b.size());
  for (std::size_t i = 0; i < got_a.size(); ++i) EXPECT_EQ(got_a[i].urms_v, expected_a[i].urms_v);
  for (std::size_t i = 0; i < got_b.size(); ++i) EXPECT_EQ(got_b[i].urms_v, expected_b[i].urms_v);
}

}  // namespace
}  // namespace pqa::vtcd
