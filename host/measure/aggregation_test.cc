#include "host/measure/aggregation.h"

#include <cmath>

#include "gtest/gtest.h"

namespace pqa::measure {
namespace {

WindowResult Window(double rms_a, double fd_pct, double seconds = 0.2) {
  WindowResult w;
  w.start = 0;
  w.end = static_cast<TimeNs>(seconds * 1e9);
  w.cycles = 12;
  w.present = {true, false, false};
  w.phases[0].rms_v = rms_a;
  w.phases[0].subgroups[1] = rms_a;
  w.phases[0].subgroups[5] = 0.05 * rms_a;
  w.unbalance.fd_pct = fd_pct;
  return w;
}

TEST(RmsAggregator, TakesTheRootOfTheMeanOfSquares) {
  // IEC 61000-4-30 4.5: sqrt((100^2 + 110^2) / 2) = 105.119 V, FD sqrt((1 + 9) / 2).
  RmsAggregator agg;
  agg.AddWindow(Window(100, 1));
  agg.AddWindow(Window(110, 3));
  const AggregatedValues v = agg.Result();
  EXPECT_EQ(v.windows, 2);
  EXPECT_NEAR(v.phases[0].rms_v, std::sqrt((100.0 * 100 + 110.0 * 110) / 2), 1e-12);
  EXPECT_EQ(v.phases[0].rms_min_v, 100);
  EXPECT_EQ(v.phases[0].rms_max_v, 110);
  EXPECT_NEAR(v.phases[0].subgroups[5], 0.05 * v.phases[0].rms_v, 1e-12);
  EXPECT_NEAR(v.fd_pct, std::sqrt(5.0), 1e-12);
  EXPECT_FALSE(v.present[1]);
  // No 10 s value: the windows' cycles / seconds (24 cycles in 0.4 s).
  EXPECT_NEAR(v.freq_hz, 60, 1e-9);
}

TEST(RmsAggregator, IntervalsCountAsOneValueEachAndKeepExtremes) {
  RmsAggregator ten_a, ten_b;
  ten_a.AddWindow(Window(100, 0));
  ten_a.AddWindow(Window(100, 0));
  ten_a.AddFrequency(59.9);
  ten_a.AddFrequency(60.1);
  ten_b.AddWindow(Window(90, 0));
  ten_b.AddFrequency(60.3);
  RmsAggregator two_hours;
  two_hours.AddInterval(ten_a.Result());
  two_hours.AddInterval(ten_b.Result());
  const AggregatedValues v = two_hours.Result();
  EXPECT_EQ(v.inputs, 2);
  EXPECT_EQ(v.windows, 3);
  // Each 10-minute value weighs the same, however many windows it holds.
  EXPECT_NEAR(v.phases[0].rms_v, std::sqrt((100.0 * 100 + 90.0 * 90) / 2), 1e-12);
  EXPECT_EQ(v.phases[0].rms_min_v, 90);
  EXPECT_EQ(v.phases[0].rms_max_v, 100);
  // The mean of all 10 s values behind it.
  EXPECT_NEAR(v.freq_hz, (59.9 + 60.1 + 60.3) / 3, 1e-12);
}

TEST(ToRecord, DerivesPercentagesFromAggregatedSubgroups) {
  RmsAggregator agg;
  agg.AddWindow(Window(120, 2));
  const pqa::v1::Record r =
      ToRecord(agg.Result(), FromCivilDay(2025, 3, 3) + 1500, 3.0, kInterval150Cycle, true, 3);
  EXPECT_EQ(r.start(), "2025-03-03T00:00:00.000Z");
  EXPECT_EQ(r.interval(), "150cycle");
  EXPECT_TRUE(r.complete());
  EXPECT_EQ(r.windows(), 1);
  ASSERT_EQ(r.phases_size(), 1);
  EXPECT_EQ(r.phases(0).phase(), "A");
  EXPECT_NEAR(r.phases(0).fund_v(), 120, 1e-12);
  EXPECT_NEAR(r.phases(0).dtti_pct(), 5, 1e-12);
  EXPECT_NEAR(r.phases(0).dtt_pct(), 5, 1e-12);
  EXPECT_EQ(r.phases(0).dtt3_pct(), 0);
  ASSERT_EQ(r.phases(0).dit_pct_size(), 49);
  EXPECT_NEAR(r.phases(0).dit_pct(3), 5, 1e-12);  // order 5
  EXPECT_NEAR(r.fd_pct(), 2, 1e-12);
  EXPECT_EQ(r.phases(0).pst(), 0);  // left to the flicker module
}

}  // namespace
}  // namespace pqa::measure
