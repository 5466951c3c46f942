#include "host/flicker/pinst_histogram.h"

#include <cmath>
#include <random>
#include <utility>

#include "gtest/gtest.h"

namespace pqa::flicker {
namespace {

// Sum of the Pst weights: 0.0314 + 0.0525 + 0.0657 + 0.28 + 0.08.
constexpr double kWeightSum = 0.5096;
// Class width ratio 10^(8/4096): percentile errors stay inside one class.
constexpr double kClassWidth = 0.0045;

TEST(PinstHistogram, ClassifiesEveryValueAsTheLogarithmicDefinitionDoes) {
  // A slowly varying Pinst (the usual case, searched from the previous
  // class), jumps across decades, both ends, and the values on either side
  // of each class's lower edge.
  PinstHistogram h;
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> decades(-5, 5);
  double x = 1.0;
  for (int i = 0; i < 200'000; ++i) {
    x = i % 1000 == 0 ? std::pow(10.0, decades(rng)) : x * (1 + 0.002 * std::sin(i * 0.01));
    ASSERT_EQ(h.Classify(x), PinstHistogram::ClassOf(x)) << x;
  }
  const double c = PinstHistogram::kLogClasses / std::log(1e8);
  for (int k = 1; k <= PinstHistogram::kLogClasses + 1; ++k) {
    const double edge = PinstHistogram::kLowest * std::exp((k - 1) / c);
    // About 20 representable values either side of the edge.
    for (double y = edge * (1 - 4e-15), n = 0; n < 40; ++n, y = std::nextafter(y, 1e9)) {
      ASSERT_EQ(h.Classify(y), PinstHistogram::ClassOf(y)) << y;
    }
  }
  EXPECT_EQ(h.Classify(0.0), 0);
  EXPECT_EQ(h.Classify(PinstHistogram::kLowest), 1);
  EXPECT_EQ(h.Classify(PinstHistogram::kHighest), PinstHistogram::kLogClasses + 1);
}

TEST(PinstHistogram, PercentilesOfAUniformDistribution) {
  // Pinst uniform on (0, 2]: P_k = 2 (1 - k/100).
  PinstHistogram h;
  constexpr int kN = 1'000'000;
  for (int i = 1; i <= kN; ++i) h.Add(2.0 * i / kN);
  for (double k : {0.1, 1.0, 3.0, 10.0, 50.0, 80.0, 99.0}) {
    const double expected = 2 * (1 - k / 100);
    EXPECT_NEAR(h.Percentile(k), expected, kClassWidth * expected) << "P" << k;
  }
}

TEST(PinstHistogram, ConstantPinstGivesPstFromTheWeightSum) {
  // Every percentile equals c, so Pst = sqrt(c x sum of weights).
  for (double c : {0.001, 0.5, 1.0, 37.0}) {
    PinstHistogram h;
    for (int i = 0; i < 1000; ++i) h.Add(c);
    EXPECT_NEAR(ShortTermSeverity(h), std::sqrt(c * kWeightSum),
                kClassWidth * std::sqrt(c * kWeightSum))
        << c;
  }
}

TEST(PinstHistogram, TwoLevelsGiveTheHandComputedPst) {
  // 5 % of the time Pinst = 10, otherwise 1: P0.1 .. P4 = 10, P6 .. P80 = 1.
  PinstHistogram h;
  for (int i = 0; i < 100'000; ++i) h.Add(i < 5'000 ? 10.0 : 1.0);
  const double expected = std::sqrt(0.0314 * 10 + 0.0525 * 10 + 0.0657 * 10 + 0.28 + 0.08);
  EXPECT_NEAR(ShortTermSeverity(h), expected, kClassWidth * expected);
}

TEST(PinstHistogram, SegmentsAreClassifiedAsTheContinuousPinstBetweenValues) {
  // Three straight segments 0.5 -> 2 -> 0.5 -> 2 spend equal time at every
  // level in between: Pinst uniform on [0.5, 2], P_k = 2 - 1.5 k / 100,
  // though only four values are given (classified as points they would say
  // P50 = 2).
  PinstHistogram h;
  h.AddSegment(0.5, 2.0);
  h.AddSegment(2.0, 0.5);
  h.AddSegment(0.5, 2.0);
  EXPECT_EQ(h.count(), 3);
  for (double k : {0.1, 1.0, 3.0, 10.0, 50.0, 80.0, 99.0}) {
    const double expected = 2 - 1.5 * k / 100;
    EXPECT_NEAR(h.Percentile(k), expected, kClassWidth * expected) << "P" << k;
  }
}

TEST(PinstHistogram, SegmentSharesEqualManyInterpolatedValues) {
  // The weight a segment gives each class is the limit of classifying
  // points spread evenly along it: 200,000 of them, each 1/200,000 of the
  // weight, agree within 1e-5 of a value per class. Segments inside one
  // class, across a few, across decades, from 0 and past kHighest.
  const std::pair<double, double> segments[] = {{1.0, 1.001}, {1.0, 1.02}, {1.02, 1.0},
                                                {0.5, 3.0},   {0.0, 2e-4}, {3e-5, 7.0},
                                                {9e3, 2e4},   {2e4, 5e3},  {40.0, 0.3}};
  for (const auto& [from, to] : segments) {
    PinstHistogram segment, points;
    segment.AddSegment(from, to);
    constexpr int kPoints = 200'000;
    for (int i = 0; i < kPoints; ++i) points.Add(from + (to - from) * (i + 0.5) / kPoints);
    std::int64_t total = 0;
    for (int cls = 0; cls <= PinstHistogram::kLogClasses + 1; ++cls) {
      const double share = static_cast<double>(segment.weight(cls)) / PinstHistogram::kUnit;
      const double point_share =
          static_cast<double>(points.weight(cls)) / PinstHistogram::kUnit / kPoints;
      ASSERT_NEAR(share, point_share, 1e-5) << from << " -> " << to << ", class " << cls;
      ASSERT_GE(segment.weight(cls), 0);
      total += segment.weight(cls);
    }
    EXPECT_EQ(total, PinstHistogram::kUnit) << from << " -> " << to;
  }
}

TEST(PinstHistogram, TotalWeightIsExactlyOneValuePerSegment) {
  // Random walks with jumps: however the weights are split, the period's
  // total stays count() whole values, to the last bit.
  PinstHistogram h;
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> step(-0.02, 0.02), decades(-5, 5);
  double x = 1.0;
  for (int i = 0; i < 100'000; ++i) {
    const double next = i % 997 == 0 ? std::pow(10.0, decades(rng)) : x * (1 + step(rng));
    h.AddSegment(x, next);
    x = next;
  }
  std::int64_t total = 0;
  for (int cls = 0; cls <= PinstHistogram::kLogClasses + 1; ++cls) {
    ASSERT_GE(h.weight(cls), 0) << cls;
    total += h.weight(cls);
  }
  EXPECT_EQ(h.count(), 100'000);
  EXPECT_EQ(total, h.count() * PinstHistogram::kUnit);
}

TEST(PinstHistogram, ValuesOutsideTheLogRangeAreKept) {
  PinstHistogram h;
  for (int i = 0; i < 1000; ++i) h.Add(i < 500 ? 0.0 : 2e4);
  // The open top class spans [kHighest, maximum seen]: coarse, but bounded.
  EXPECT_GE(h.Percentile(10), PinstHistogram::kHighest);
  EXPECT_LE(h.Percentile(0), 2e4);
  EXPECT_LT(h.Percentile(90), PinstHistogram::kLowest);
  EXPECT_EQ(h.count(), 1000);
  h.Clear();
  EXPECT_EQ(h.Percentile(50), 0);
}

}  // namespace
}  // namespace pqa::flicker
