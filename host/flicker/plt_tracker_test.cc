#include "host/flicker/plt_tracker.h"

#include <cmath>
#include <vector>

#include "gtest/gtest.h"

namespace pqa::flicker {
namespace {

constexpr TimeNs kT0 = 1'740'960'000 * kNsPerSecond;  // 2025-03-03T00:00:00Z

PstResult Pst(int ten_minute_index, double pst, bool valid = true) {
  return {kT0 + ten_minute_index * kTenMinutesNs, pst, valid, valid ? 600.0 : 0.0};
}

TEST(PltTracker, FixedIntervalsAreClockAlignedCubicMeans) {
  PltTracker t;
  // 00:00 .. 01:50: six at 1.0 and six at 2.0; Plt = cbrt((6 + 48) / 12).
  for (int k = 0; k < 12; ++k) ASSERT_TRUE(t.Add(Pst(k, k < 6 ? 1.0 : 2.0)).ok());
  const std::vector<PltResult> fixed = t.TakeFixed();
  ASSERT_EQ(fixed.size(), 1u);
  EXPECT_EQ(fixed[0].interval_start, kT0);
  EXPECT_EQ(fixed[0].interval_end, kT0 + kTwoHoursNs);
  EXPECT_TRUE(fixed[0].valid);
  EXPECT_EQ(fixed[0].pst_count, 12);
  EXPECT_NEAR(fixed[0].plt, std::cbrt(54.0 / 12), 1e-12);
}

TEST(PltTracker, SlidingPltCoversTheLatestTwelveIntervals) {
  PltTracker t;
  for (int k = 0; k < 13; ++k) ASSERT_TRUE(t.Add(Pst(k, k == 0 ? 3.0 : 1.0)).ok());
  const std::vector<PltResult> sliding = t.TakeSliding();
  ASSERT_EQ(sliding.size(), 13u);
  EXPECT_FALSE(sliding[10].valid);  // only 11 intervals so far
  EXPECT_TRUE(sliding[11].valid);   // 00:00 .. 02:00
  EXPECT_NEAR(sliding[11].plt, std::cbrt((27.0 + 11) / 12), 1e-12);
  EXPECT_TRUE(sliding[12].valid);  // 00:10 .. 02:10: the 3.0 has left
  EXPECT_EQ(sliding[12].interval_start, kT0 + kTenMinutesNs);
  EXPECT_NEAR(sliding[12].plt, 1.0, 1e-12);
}

TEST(PltTracker, MissingOrInvalidPstMakesPltInvalid) {
  PltTracker t;
  // 02:00 .. 03:50 with 02:30 missing and 03:00 invalid, then 04:00.
  for (int k = 12; k < 24; ++k) {
    if (k == 15) continue;
    ASSERT_TRUE(t.Add(Pst(k, 2.0, k != 18)).ok());
  }
  ASSERT_TRUE(t.Add(Pst(24, 1.0)).ok());
  std::vector<PltResult> fixed = t.TakeFixed();
  ASSERT_EQ(fixed.size(), 1u);
  EXPECT_EQ(fixed[0].interval_start, kT0 + kTwoHoursNs);
  EXPECT_FALSE(fixed[0].valid);
  EXPECT_EQ(fixed[0].pst_count, 10);
  EXPECT_NEAR(fixed[0].plt, 2.0, 1e-12);  // over the valid ones
  t.Flush();
  fixed = t.TakeFixed();
  ASSERT_EQ(fixed.size(), 1u);  // 04:00 .. 06:00 with one Pst
  EXPECT_FALSE(fixed[0].valid);
  EXPECT_EQ(fixed[0].pst_count, 1);
}

TEST(PltTracker, RejectsPstOutOfOrderOrOffTheClock) {
  PltTracker t;
  ASSERT_TRUE(t.Add(Pst(3, 1.0)).ok());
  EXPECT_FALSE(t.Add(Pst(3, 1.0)).ok());
  EXPECT_FALSE(t.Add(Pst(2, 1.0)).ok());
  PstResult off = Pst(4, 1.0);
  off.interval_start += kNsPerSecond;
  EXPECT_FALSE(t.Add(off).ok());
}

}  // namespace
}  // namespace pqa::flicker
