#include "host/vtcd/impact_factor.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/vtcd/classification.h"
#include "host/vtcd/test_data.h"

namespace pqa::vtcd {
namespace {

constexpr TimeNs kMonthStart = 1'740'787'200 * kNsPerSecond;  // 2025-03-01T00:00:00Z

std::string RegionFile() { return test_data::SourcePath(kDefaultRegionMapPath); }

AggregatedEvent Event(TimeNs start, double amplitude_pu, double duration_s) {
  PolyphaseEvent e;
  e.family = amplitude_pu > 1.0 ? Family::kSwell : Family::kSag;
  e.start = start;
  e.end = start + static_cast<TimeNs>(duration_s * 1e9);
  e.amplitude_pu = amplitude_pu;
  e.vtcd_class = Classify(e.family, amplitude_pu, duration_s, ClassificationLimits{});
  return AggregatedEvent{e, {e}};
}

TEST(RegionMap, ShippedFileMatchesTheLabelPositionsOfTheRegulationText) {
  absl::StatusOr<RegionMap> map = RegionMap::Load(RegionFile());
  ASSERT_TRUE(map.ok()) << map.status();
  // Where the regulation's text puts each label (first column of its row).
  EXPECT_EQ(map->Region(0, 0), 'H');  // "> 1,15 REGIÃO H REGIÃO I"
  EXPECT_EQ(map->Region(0, 6), 'I');
  EXPECT_EQ(map->Region(2, 0), 'A');  // "(0,85 - 0,90) REGIÃO A"
  EXPECT_EQ(map->Region(4, 0), 'B');  // "(0,70 - 0,80) REGIÃO B REGIÃO D"
  EXPECT_EQ(map->Region(4, 2), 'D');
  EXPECT_EQ(map->Region(11, 6), 'F');  // the most severe weight: deep and long
  EXPECT_EQ(map->Region(-1, 0), '\0');
}

TEST(RegionMap, BadFilesAreRejectedWithFileAndLine) {
  const std::string header =
      "# comment\namplitude_row,16.67-100ms,100-300ms,300-600ms,600ms-1s,1-3s,3s-1min,1-3min\n";
  absl::StatusOr<RegionMap> bad = RegionMap::Parse(header + ">1.15,H,H,H,I,I,I\n", "t.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), ::testing::HasSubstr("t.csv:3"));
  bad = RegionMap::Parse(header + ">1.15,H,H,H,I,I,I,J\n", "t.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), ::testing::HasSubstr("A..I"));
  bad = RegionMap::Parse(header + "1.10-1.15,H,H,H,I,I,I,I\n", "t.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), ::testing::HasSubstr("'>1.15'"));
  bad = RegionMap::Parse(header + ">1.15,H,H,H,I,I,I,I\n", "t.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), ::testing::HasSubstr("found 1 rows"));
  EXPECT_FALSE(RegionMap::Load("/nonexistent/regions.csv").ok());
}

// A constructed month at a 13.8 kV bus. Expected cells from table 6 and
// regions from the shipped table 7 map; FI = sum(fe x fpond) / 2.13 (table 8).
TEST(ImpactFactor, ConstructedMonthGivesTheHandComputedFi) {
  absl::StatusOr<RegionMap> map = RegionMap::Load(RegionFile());
  ASSERT_TRUE(map.ok()) << map.status();
  const TimeNs day = 86400 * kNsPerSecond;
  std::vector<AggregatedEvent> events = {
      Event(kMonthStart + 1 * day, 0.552, 0.150),  // 0.50-0.60 x 100-300ms: C 0.07
      Event(kMonthStart + 2 * day, 0.552, 0.150),  // C 0.07
      Event(kMonthStart + 3 * day, 0.75, 0.8),     // 0.70-0.80 x 600ms-1s: D 0.15
      Event(kMonthStart + 4 * day, 0.05, 10.0),    // <=0.10 x 3s-1min: F 0.36
      Event(kMonthStart + 5 * day, 0.35, 2.0),     // 0.30-0.40 x 1-3s: E 0.25
      Event(kMonthStart + 6 * day, 0.88, 0.05),    // 0.85-0.90 x 16.67-100ms: A 0.00
      Event(kMonthStart + 7 * day, 1.2, 0.05),     // >1.15 x 16.67-100ms: H 0.02
      Event(kMonthStart + 8 * day, 1.12, 5.0),     // 1.10-1.15 x 3s-1min: I 0.04
      Event(kMonthStart + 9 * day, 0.82, 2.0),     // 0.80-0.85 x 1-3s: G 0.07
      Event(kMonthStart + 10 * day, 0.65, 0.05),   // 0.60-0.70 x 16.67-100ms: B 0.04
      // Not counted: before and after the 30 days, and a long interruption.
      Event(kMonthStart - 1, 0.5, 0.5),
      Event(kMonthStart + 30 * day, 0.5, 0.5),
      Event(kMonthStart + 11 * day, 0.0, 200.0),
  };
  absl::StatusOr<ImpactFactorReport> r =
      ComputeImpactFactor(events, *map, VoltageLevel::kMedium, kMonthStart);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->grid[6][1], 2);   // 0.50-0.60 x 100-300ms
  EXPECT_EQ(r->grid[4][3], 1);   // 0.70-0.80 x 600ms-1s
  EXPECT_EQ(r->grid[11][5], 1);  // <=0.10 x 3s-1min
  int total = 0;
  for (const auto& row : r->grid) {
    for (int n : row) total += n;
  }
  EXPECT_EQ(total, 10);
  // fe per region A..I.
  EXPECT_THAT(r->fe, ::testing::ElementsAre(1, 1, 2, 1, 1, 1, 1, 1, 1));
  const double weighted = 0.00 + 0.04 + 2 * 0.07 + 0.15 + 0.25 + 0.36 + 0.07 + 0.02 + 0.04;
  EXPECT_NEAR(r->fi_pu, weighted / 2.13, 1e-12);
  r = ComputeImpactFactor(events, *map, VoltageLevel::kHigh, kMonthStart);
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r->fi_pu, weighted / 1.42, 1e-12);
  // Item 78: no reference for low voltage.
  EXPECT_FALSE(ComputeImpactFactor(events, *map, VoltageLevel::kLow, kMonthStart).ok());
}

TEST(ImpactFactor, VoltageLevelsFollowTable8) {
  EXPECT_EQ(*VoltageLevelFor(220.0), VoltageLevel::kLow);
  EXPECT_EQ(*VoltageLevelFor(2300.0), VoltageLevel::kLow);
  EXPECT_EQ(*VoltageLevelFor(13800.0), VoltageLevel::kMedium);
  EXPECT_EQ(*VoltageLevelFor(69000.0), VoltageLevel::kHigh);
  EXPECT_FALSE(VoltageLevelFor(230000.0).ok());
  EXPECT_FALSE(VoltageLevelFor(-1.0).ok());
  EXPECT_DOUBLE_EQ(RegionWeight('F'), 0.36);
  EXPECT_DOUBLE_EQ(RegionWeight('A'), 0.0);
}

}  // namespace
}  // namespace pqa::vtcd
