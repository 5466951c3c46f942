#include "host/measure/frequency_bands.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "host/measure/measurement_engine.h"
#include "host/measure/testing/signal_generator.h"

namespace pqa::measure {
namespace {

using testing::FrequencyPoint;
using testing::SignalGenerator;
using testing::TestSignal;

pqa::v1::FrequencyBands Count(double hz, double nominal_hz = 60) {
  pqa::v1::FrequencyBands b;
  CountTenSecondValue(hz, FrequencyBandsFor(nominal_hz), b);
  return b;
}

// PRODIST Module 8 items 65-67: the normal and recovery bands contain their
// edges, the item 67 thresholds are strict.
TEST(FrequencyBands, ItemsSixtyFiveToSixtySevenAtTheirEdges) {
  EXPECT_EQ(Count(59.9).normal_s(), 10);
  EXPECT_EQ(Count(60.1).normal_s(), 10);
  EXPECT_EQ(Count(59.89).normal_s(), 0);
  EXPECT_EQ(Count(60.11).normal_s(), 0);
  EXPECT_EQ(Count(59.5).recovery_s(), 10);
  EXPECT_EQ(Count(60.5).recovery_s(), 10);
  EXPECT_EQ(Count(59.49).recovery_s(), 0);
  EXPECT_EQ(Count(60.51).recovery_s(), 0);
  EXPECT_EQ(Count(62).above_62_s(), 0);
  EXPECT_EQ(Count(62.01).above_62_s(), 10);
  EXPECT_EQ(Count(63.5).above_63_5_s(), 0);
  EXPECT_EQ(Count(63.51).above_63_5_s(), 10);
  EXPECT_EQ(Count(66).above_66_s(), 0);
  EXPECT_EQ(Count(66.01).above_66_s(), 10);
  EXPECT_EQ(Count(58.5).below_58_5_s(), 0);
  EXPECT_EQ(Count(58.49).below_58_5_s(), 10);
  EXPECT_EQ(Count(57.5).below_57_5_s(), 0);
  EXPECT_EQ(Count(57.49).below_57_5_s(), 10);
  EXPECT_EQ(Count(56.5).below_56_5_s(), 0);
  EXPECT_EQ(Count(56.49).below_56_5_s(), 10);
}

TEST(FrequencyBands, OneValueCountsTenSecondsInEveryBandHoldingIt) {
  const pqa::v1::FrequencyBands b = Count(66.5);
  EXPECT_EQ(b.measured_s(), 10);
  EXPECT_EQ(b.normal_s(), 0);
  EXPECT_EQ(b.recovery_s(), 0);
  EXPECT_EQ(b.above_62_s(), 10);
  EXPECT_EQ(b.above_63_5_s(), 10);
  EXPECT_EQ(b.above_66_s(), 10);
  EXPECT_EQ(b.below_58_5_s(), 0);
  const pqa::v1::FrequencyBands low = Count(56);
  EXPECT_EQ(low.below_58_5_s(), 10);
  EXPECT_EQ(low.below_57_5_s(), 10);
  EXPECT_EQ(low.below_56_5_s(), 10);
  EXPECT_EQ(low.above_62_s(), 0);
}

// EN 50160 4.2.1 on 50 Hz: 50 Hz +-1 % and +4/-6 %; PRODIST's item 67 fields
// stay 0 however far the frequency goes.
TEST(FrequencyBands, FiftyHertzUsesEn50160Bands) {
  EXPECT_EQ(Count(49.5, 50).normal_s(), 10);
  EXPECT_EQ(Count(50.5, 50).normal_s(), 10);
  EXPECT_EQ(Count(50.51, 50).normal_s(), 0);
  EXPECT_EQ(Count(47, 50).recovery_s(), 10);
  EXPECT_EQ(Count(52, 50).recovery_s(), 10);
  EXPECT_EQ(Count(46.99, 50).recovery_s(), 0);
  EXPECT_EQ(Count(52.01, 50).recovery_s(), 0);
  const pqa::v1::FrequencyBands b = Count(45, 50);
  EXPECT_EQ(b.below_58_5_s() + b.below_57_5_s() + b.below_56_5_s() + b.above_62_s(), 0);
}

// 2025-03-03T01:59:00Z: two minutes that cross the 2-hour tick at 02:00.
const TimeNs kStart = FromCivilDay(2025, 3, 3) + (60 + 59) * 60 * kNsPerSecond;

// The engine fills the fields from its own 10 s values: 60 Hz until 01:59:30,
// 62.5 Hz until 02:00:10, 58 Hz until 02:00:30, then 60 Hz; all steps on 10 s
// ticks, so every 10 s value holds one frequency (IEC 61000-4-30 5.1: the
// cycle across a tick is discarded).
TEST(FrequencyBandRecorder, EngineRecordsCarryTheTenSecondValuesAndBands) {
  TestSignal signal;
  signal.sample_rate_hz = 3840;
  signal.start = kStart;
  signal.frequency_profile = {{30, 60}, {30, 62.5}, {70, 62.5}, {70, 58}, {90, 58}, {90, 60}};
  SignalGenerator g(signal);
  EngineConfig config;
  config.emit_150_cycle = true;
  config.emit_2_hour = true;
  std::vector<pqa::v1::Record> records;
  auto engine =
      MeasurementEngine::Create(config, [&](const pqa::v1::Record& r) { records.push_back(r); });
  ASSERT_TRUE(engine.ok()) << engine.status();
  for (int block = 0; block < 1200; ++block) {
    ASSERT_TRUE((*engine)->Process(g.Next(384)).ok());
  }
  ASSERT_TRUE((*engine)->Finish().ok());

  std::vector<pqa::v1::Record> ten, two;
  for (const pqa::v1::Record& r : records) {
    if (r.interval() == kInterval10Min) ten.push_back(r);
    if (r.interval() == kInterval2Hour) two.push_back(r);
    if (r.interval() == kInterval150Cycle) {  // shorter than one 10 s interval
      EXPECT_EQ(r.freq_min_hz(), 0);
      EXPECT_EQ(r.freq_10s_hz_size(), 0);
      EXPECT_FALSE(r.has_frequency_bands());
    }
  }
  ASSERT_EQ(ten.size(), 2u);
  ASSERT_EQ(two.size(), 2u);
  // IEC 61000-4-30 5.1 class A: +-10 mHz; the reference is the signal's own
  // cycles over each 10 s interval.
  constexpr double kClassAHz = 0.01;
  for (int k = 0; k < 2; ++k) {
    const pqa::v1::Record& r = ten[static_cast<std::size_t>(k)];
    ASSERT_EQ(r.freq_10s_hz_size(), kTenSecondValuesPer10Min) << r.start();
    const TimeNs record_start = kStart - 9 * 60 * kNsPerSecond + k * kTenMinutesNs;
    for (int i = 0; i < kTenSecondValuesPer10Min; ++i) {
      const double t0 = g.SecondsAt(record_start + i * kTenSecondsNs);
      if (t0 < 0 || t0 >= 120) {
        EXPECT_EQ(r.freq_10s_hz(i), 0) << r.start() << " [" << i << "]";
      } else {
        EXPECT_NEAR(r.freq_10s_hz(i), testing::MeanFrequency(g, t0, t0 + 10), kClassAHz)
            << r.start() << " [" << i << "]";
      }
    }
  }
  // 01:50 record: 01:59:00..01:59:30 at 60 Hz, 01:59:30..02:00:00 at 62.5 Hz.
  const pqa::v1::FrequencyBands& a = ten[0].frequency_bands();
  EXPECT_EQ(a.measured_s(), 60);
  EXPECT_EQ(a.normal_s(), 30);
  EXPECT_EQ(a.recovery_s(), 30);
  EXPECT_EQ(a.above_62_s(), 30);
  EXPECT_EQ(a.above_63_5_s(), 0);
  EXPECT_NEAR(ten[0].freq_min_hz(), 60, kClassAHz);
  EXPECT_NEAR(ten[0].freq_max_hz(), 62.5, kClassAHz);
  // 02:00 record: 10 s at 62.5, 20 s at 58, 30 s at 60 Hz.
  const pqa::v1::FrequencyBands& b = ten[1].frequency_bands();
  EXPECT_EQ(b.measured_s(), 60);
  EXPECT_EQ(b.normal_s(), 30);
  EXPECT_EQ(b.recovery_s(), 30);
  EXPECT_EQ(b.above_62_s(), 10);
  EXPECT_EQ(b.below_58_5_s(), 20);
  EXPECT_EQ(b.below_57_5_s(), 0);
  EXPECT_NEAR(ten[1].freq_min_hz(), 58, kClassAHz);
  EXPECT_NEAR(ten[1].freq_max_hz(), 62.5, kClassAHz);
  // Each 2-hour record holds its one 10-minute record's values (00:00 ends
  // with the 01:50 record, 02:00 starts with the 02:00 one); no 10 s list.
  for (int k = 0; k < 2; ++k) {
    const pqa::v1::Record& h = two[static_cast<std::size_t>(k)];
    const pqa::v1::Record& m = ten[static_cast<std::size_t>(k)];
    EXPECT_EQ(h.frequency_bands().SerializeAsString(), m.frequency_bands().SerializeAsString());
    EXPECT_EQ(h.freq_min_hz(), m.freq_min_hz());
    EXPECT_EQ(h.freq_max_hz(), m.freq_max_hz());
    EXPECT_EQ(h.freq_10s_hz_size(), 0);
  }
}

}  // namespace
}  // namespace pqa::measure
