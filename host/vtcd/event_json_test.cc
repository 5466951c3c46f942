#include "host/vtcd/event_json.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "host/vtcd/test_data.h"

namespace pqa::vtcd {
namespace {

const std::vector<std::string> kPhases = {"A", "B", "C"};

TEST(EventJson, AggregatedEventPrintsAsOneLine) {
  PolyphaseEvent e;
  e.family = Family::kSag;
  e.start = *ParseRfc3339("2025-03-03T00:00:10.004Z");
  e.end = e.start + 150'200'000;
  e.amplitude_pu = 0.55201;
  e.amplitude_v = 70.105;
  e.reference_v = 127.0;
  e.phases = {0};
  e.vtcd_class = VtcdClass::kAmt;
  const AggregatedEvent event{e, {e}};
  absl::StatusOr<RegionMap> regions = RegionMap::Load(test_data::SourcePath(kDefaultRegionMapPath));
  ASSERT_TRUE(regions.ok()) << regions.status();
  absl::StatusOr<std::string> json = ToJsonLine(ToVtcdEventProto(event, &*regions, kPhases));
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_EQ(*json,
            "{\"type\":\"AMT\",\"start\":\"2025-03-03T00:00:10.004Z\",\"duration_ms\":150.2,"
            "\"amplitude_pu\":0.552,\"amplitude_pct\":55.2,\"phases\":[\"A\"],\"region\":\"C\","
            "\"amplitude_row\":\"0.50-0.60\",\"duration_col\":\"100-300ms\","
            "\"amplitude_v\":70.105,\"reference_v\":127,\"aggregated_count\":1,"
            "\"window_start\":\"2025-03-03T00:00:10.004Z\","
            "\"window_end\":\"2025-03-03T00:00:10.154Z\",\"truncated\":false}");
}

// Table 11: sequence, date dd/mmm/aaaa, start hh:mm:ss, amplitude, duration, type.
TEST(EventJson, PhaseEventsBecomeTable11Rows) {
  PhaseEvent late{1, Family::kSwell, *ParseRfc3339("2025-12-25T13:14:15.5Z"), 0, 140.0, 127.0};
  late.end = late.start + 40'000'000;
  PhaseEvent early{2, Family::kSag, *ParseRfc3339("2025-02-03T04:05:06Z"), 0, 6.35, 127.0};
  early.end = early.start + 5'000'000'000;
  const std::vector<PhaseEvent> events = {late, early};
  const std::vector<pqa::v1::PhaseVtcdEvent> rows =
      ToPhaseEventProtos(events, ClassificationLimits{}, kPhases);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].sequence(), 1);
  EXPECT_EQ(rows[0].date(), "03/fev/2025");
  EXPECT_EQ(rows[0].time(), "04:05:06");
  EXPECT_EQ(rows[0].phase(), "C");
  EXPECT_DOUBLE_EQ(rows[0].amplitude_pu(), 0.05);
  EXPECT_DOUBLE_EQ(rows[0].duration_ms(), 5000.0);
  EXPECT_EQ(rows[0].type(), "ITT");
  EXPECT_EQ(rows[1].sequence(), 2);
  EXPECT_EQ(rows[1].date(), "25/dez/2025");
  EXPECT_EQ(rows[1].time(), "13:14:15");
  EXPECT_EQ(rows[1].type(), "EMT");
  EXPECT_EQ(rows[1].family(), "swell");
  EXPECT_TRUE(ToJsonLine(rows[1]).ok());
}

}  // namespace
}  // namespace pqa::vtcd
