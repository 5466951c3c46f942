#include "host/vtcd/classification.h"

#include "gtest/gtest.h"
#include "host/vtcd/stratification.h"

namespace pqa::vtcd {
namespace {

constexpr double kCycle60 = 1.0 / 60;

// PRODIST Module 8 table 5, each boundary from both sides.
TEST(Classify, Table5DurationBoundaries) {
  const ClassificationLimits l;
  // One cycle: sags and swells need it, interruptions do not.
  EXPECT_EQ(Classify(Family::kSag, 0.5, 0.0166, l), VtcdClass::kNone);
  EXPECT_EQ(Classify(Family::kSag, 0.5, 0.0167, l), VtcdClass::kAmt);
  EXPECT_EQ(Classify(Family::kSwell, 1.2, 0.0166, l), VtcdClass::kNone);
  EXPECT_EQ(Classify(Family::kSwell, 1.2, 0.0167, l), VtcdClass::kEmt);
  EXPECT_EQ(Classify(Family::kSag, 0.05, 0.005, l), VtcdClass::kImt);
  // 3 s: momentary includes it ("inferior ou igual a 3 segundos").
  EXPECT_EQ(Classify(Family::kSag, 0.5, 3.0, l), VtcdClass::kAmt);
  EXPECT_EQ(Classify(Family::kSag, 0.5, 3.001, l), VtcdClass::kAtt);
  EXPECT_EQ(Classify(Family::kSag, 0.05, 3.0, l), VtcdClass::kImt);
  EXPECT_EQ(Classify(Family::kSag, 0.05, 3.001, l), VtcdClass::kItt);
  EXPECT_EQ(Classify(Family::kSwell, 1.2, 3.0, l), VtcdClass::kEmt);
  EXPECT_EQ(Classify(Family::kSwell, 1.2, 3.001, l), VtcdClass::kEtt);
  // 3 min: temporary is strictly below it.
  EXPECT_EQ(Classify(Family::kSag, 0.05, 179.999, l), VtcdClass::kItt);
  EXPECT_EQ(Classify(Family::kSag, 0.05, 180.0, l), VtcdClass::kLongInterruption);
  EXPECT_EQ(Classify(Family::kSag, 0.5, 179.999, l), VtcdClass::kAtt);
  EXPECT_EQ(Classify(Family::kSag, 0.5, 180.0, l), VtcdClass::kLongSag);
  EXPECT_EQ(Classify(Family::kSwell, 1.2, 179.999, l), VtcdClass::kEtt);
  EXPECT_EQ(Classify(Family::kSwell, 1.2, 180.0, l), VtcdClass::kLongSwell);
  // At 50 Hz one cycle is 20 ms.
  ClassificationLimits l50;
  l50.nominal_frequency_hz = 50.0;
  EXPECT_EQ(Classify(Family::kSag, 0.5, 0.0199, l50), VtcdClass::kNone);
  EXPECT_EQ(Classify(Family::kSag, 0.5, 0.0201, l50), VtcdClass::kAmt);
}

TEST(Classify, Table5AmplitudeBoundaries) {
  const ClassificationLimits l;
  const double d = 10 * kCycle60;
  EXPECT_EQ(Classify(Family::kSag, 0.0999, d, l), VtcdClass::kImt);
  EXPECT_EQ(Classify(Family::kSag, 0.1, d, l), VtcdClass::kAmt);  // ">= 0,1"
  EXPECT_EQ(Classify(Family::kSag, 0.8999, d, l), VtcdClass::kAmt);
  EXPECT_EQ(Classify(Family::kSag, 0.9, d, l), VtcdClass::kNone);    // "< 0,9"
  EXPECT_EQ(Classify(Family::kSwell, 1.1, d, l), VtcdClass::kNone);  // "> 1,1"
  EXPECT_EQ(Classify(Family::kSwell, 1.1001, d, l), VtcdClass::kEmt);
}

// Item 69.1: "igual ou inferior a 70 %" is an interruption.
TEST(Classify, Item69_1InterruptionIncludes0p7) {
  const ClassificationLimits l = Item69_1Limits(60.0);
  EXPECT_EQ(Classify(Family::kSag, 0.7, 1.0, l), VtcdClass::kImt);
  EXPECT_EQ(Classify(Family::kSag, 0.7001, 1.0, l), VtcdClass::kAmt);
  EXPECT_EQ(Classify(Family::kSag, 0.7, 10.0, l), VtcdClass::kItt);
}

TEST(Classify, NamesFollowTable5) {
  EXPECT_EQ(ClassName(VtcdClass::kImt), "IMT");
  EXPECT_EQ(ClassName(VtcdClass::kAtt), "ATT");
  EXPECT_EQ(ClassName(VtcdClass::kEtt), "ETT");
  EXPECT_EQ(ClassName(VtcdClass::kNone), "");
  EXPECT_TRUE(IsVtcd(VtcdClass::kItt));
  EXPECT_FALSE(IsVtcd(VtcdClass::kLongInterruption));
}

// Table 6 rows and columns, each printed edge from both sides.
TEST(Stratification, Table6RowsAndColumns) {
  EXPECT_EQ(AmplitudeRowLabel(AmplitudeRow(1.151)), ">1.15");
  EXPECT_EQ(AmplitudeRowLabel(AmplitudeRow(1.15)), "1.10-1.15");
  EXPECT_EQ(AmplitudeRowLabel(AmplitudeRow(1.101)), "1.10-1.15");
  EXPECT_EQ(AmplitudeRow(1.10), -1);
  EXPECT_EQ(AmplitudeRow(1.0), -1);
  EXPECT_EQ(AmplitudeRow(0.90), -1);
  EXPECT_EQ(AmplitudeRowLabel(AmplitudeRow(0.899)), "0.85-0.90");
  EXPECT_EQ(AmplitudeRowLabel(AmplitudeRow(0.85)), "0.80-0.85");
  EXPECT_EQ(AmplitudeRowLabel(AmplitudeRow(0.552)), "0.50-0.60");
  EXPECT_EQ(AmplitudeRowLabel(AmplitudeRow(0.5)), "0.40-0.50");
  EXPECT_EQ(AmplitudeRowLabel(AmplitudeRow(0.101)), "0.10-0.20");
  EXPECT_EQ(AmplitudeRowLabel(AmplitudeRow(0.10)), "<=0.10");
  EXPECT_EQ(AmplitudeRowLabel(AmplitudeRow(0.0)), "<=0.10");
  EXPECT_EQ(DurationColumnLabel(DurationColumn(kCycle60)), "16.67-100ms");
  EXPECT_EQ(DurationColumnLabel(DurationColumn(0.1)), "16.67-100ms");
  EXPECT_EQ(DurationColumnLabel(DurationColumn(0.1002)), "100-300ms");
  EXPECT_EQ(DurationColumnLabel(DurationColumn(0.3)), "100-300ms");
  EXPECT_EQ(DurationColumnLabel(DurationColumn(0.31)), "300-600ms");
  EXPECT_EQ(DurationColumnLabel(DurationColumn(0.61)), "600ms-1s");
  EXPECT_EQ(DurationColumnLabel(DurationColumn(1.01)), "1-3s");
  EXPECT_EQ(DurationColumnLabel(DurationColumn(3.0)), "1-3s");
  EXPECT_EQ(DurationColumnLabel(DurationColumn(3.01)), "3s-1min");
  EXPECT_EQ(DurationColumnLabel(DurationColumn(60.0)), "3s-1min");
  EXPECT_EQ(DurationColumnLabel(DurationColumn(60.01)), "1-3min");
  EXPECT_EQ(DurationColumn(180.0), -1);
}

}  // namespace
}  // namespace pqa::vtcd
