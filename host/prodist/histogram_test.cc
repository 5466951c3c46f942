#include "host/prodist/histogram.h"

#include "gtest/gtest.h"

namespace pqa::prodist {
namespace {

TEST(VoltageHistogram, FortyBinsOfOneHundredthFromPoint8To1Point2) {
  v1::VoltageHistogram h = EmptyVoltageHistogram();
  ASSERT_EQ(h.counts_size(), 40);
  for (double pu : {0.80, 0.95, 0.9549, 1.0, 1.20, 0.7999, 1.2001, 1.19999}) AddToHistogram(pu, &h);
  EXPECT_EQ(h.counts(0), 1);   // 0.80
  EXPECT_EQ(h.counts(15), 2);  // 0.95 and 0.9549 in [0.95, 0.96)
  EXPECT_EQ(h.counts(20), 1);  // 1.00
  EXPECT_EQ(h.counts(39), 2);  // 1.19999 and 1.20 (last bin closed)
  EXPECT_EQ(h.below(), 1);
  EXPECT_EQ(h.above(), 1);
}

}  // namespace
}  // namespace pqa::prodist
