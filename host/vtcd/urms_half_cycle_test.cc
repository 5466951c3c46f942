#include "host/vtcd/urms_half_cycle.h"

#include <cmath>
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

}  // namespace
}  // namespace pqa::vtcd
