#include "host/vtcd/record_flags.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace pqa::vtcd {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr TimeNs kDay = 1'740'960'000 * kNsPerSecond;  // 2025-03-03T00:00:00Z

PolyphaseEvent Member(TimeNs start, TimeNs end, VtcdClass c) {
  PolyphaseEvent e;
  e.start = start;
  e.end = end;
  e.vtcd_class = c;
  return e;
}

std::vector<pqa::v1::Record> TenMinuteRecords(int count) {
  std::vector<pqa::v1::Record> records(count);
  for (int i = 0; i < count; ++i) {
    records[i].set_start(FormatRfc3339(kDay + i * kTenMinutesNs));
    records[i].set_duration_s(600.0);
  }
  return records;
}

// IEC 61000-4-30 4.7: exactly the records whose interval overlaps an event.
TEST(FlagRecords, FlagsExactlyTheOverlappingRecords) {
  const TimeNs m = kNsPerMinute;
  // An aggregated window of two members (an AMT in record 0, an ATT that
  // crosses from record 1 into record 2), an event ending exactly where
  // record 4 starts (touches, does not overlap), and a long interruption over
  // records 5..7.
  AggregatedEvent burst;
  burst.members = {Member(kDay + 2 * m, kDay + 2 * m + 150'000'000, VtcdClass::kAmt),
                   Member(kDay + 19 * m + 50 * kNsPerSecond, kDay + 20 * m + 10 * kNsPerSecond,
                          VtcdClass::kAtt)};
  burst.representative = burst.members[0];
  AggregatedEvent touching;
  touching.members = {Member(kDay + 39 * m, kDay + 40 * m, VtcdClass::kEmt)};
  touching.representative = touching.members[0];
  AggregatedEvent outage;
  outage.members = {Member(kDay + 55 * m, kDay + 75 * m, VtcdClass::kLongInterruption)};
  outage.representative = outage.members[0];
  std::vector<pqa::v1::Record> records = TenMinuteRecords(9);
  // Stale flags from an earlier pass must be cleared.
  records[8].set_flagged(true);
  records[8].add_vtcd_types("IMT");
  records[8].set_long_interruption(true);
  const std::vector<AggregatedEvent> events = {burst, touching, outage};
  ASSERT_TRUE(FlagRecords(events, records).ok());
  const std::vector<bool> flagged = {true, true, true, true, false, true, true, true, false};
  for (int i = 0; i < 9; ++i) EXPECT_EQ(records[i].flagged(), flagged[i]) << i;
  EXPECT_THAT(records[0].vtcd_types(), ElementsAre("AMT"));
  EXPECT_THAT(records[1].vtcd_types(), ElementsAre("ATT"));
  EXPECT_THAT(records[2].vtcd_types(), ElementsAre("ATT"));
  EXPECT_THAT(records[3].vtcd_types(), ElementsAre("EMT"));
  EXPECT_THAT(records[4].vtcd_types(), IsEmpty());
  EXPECT_THAT(records[6].vtcd_types(), IsEmpty());
  for (int i = 0; i < 9; ++i) EXPECT_EQ(records[i].long_interruption(), i >= 5 && i <= 7) << i;
  EXPECT_THAT(records[8].vtcd_types(), IsEmpty());
}

TEST(FlagRecords, RejectsABadRecordNamingIt) {
  std::vector<pqa::v1::Record> records = TenMinuteRecords(2);
  records[1].set_start("yesterday");
  const absl::Status s = FlagRecords({}, records);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr("record 1"));
  EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr("start"));
}

}  // namespace
}  // namespace pqa::vtcd
