#include "host/report/svg_plot.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace pqa::report {
namespace {

using ::testing::ElementsAre;

TEST(NiceTicks, RoundStepsInsideTheRange) {
  // 108.8..136.2 V in at most 5 intervals: 27.4/5 = 5.48 -> step 10.
  EXPECT_THAT(NiceTicks(108.8, 136.2, 5), ElementsAre(110, 120, 130));
  // 0..498 readings: 99.6 -> step 100.
  EXPECT_THAT(NiceTicks(0, 498, 5), ElementsAre(0, 100, 200, 300, 400));
  // 0.37..1.03 Pst: 0.132 -> step 0.2 (0.25 would be the next).
  auto pst = NiceTicks(0.37, 1.03, 5);
  ASSERT_EQ(pst.size(), 4u);  // 0.4, 0.6, 0.8, 1.0
  EXPECT_NEAR(pst[0], 0.4, 1e-12);
  EXPECT_NEAR(pst[3], 1.0, 1e-12);
  // A week in hours with one tick per day.
  EXPECT_THAT(NiceTicks(0, 215.8, 8, 24), ElementsAre(0, 24, 48, 72, 96, 120, 144, 168, 192));
  EXPECT_TRUE(NiceTicks(1, 1, 5).empty());
}

}  // namespace
}  // namespace pqa::report
