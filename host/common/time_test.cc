#include "host/common/time.h"

#include "gtest/gtest.h"

namespace pqa {
namespace {

TEST(Rfc3339, FormatsWholeSecondsAndMilliseconds) {
  // 2025-03-03T00:00:10.004Z: 1740960010 s since the epoch.
  const TimeNs t = 1740960010 * kNsPerSecond + 4'000'000;
  EXPECT_EQ(FormatRfc3339(t), "2025-03-03T00:00:10Z");
  EXPECT_EQ(FormatRfc3339(t, 3), "2025-03-03T00:00:10.004Z");
}

TEST(Rfc3339, ParseIsTheInverseOfFormat) {
  auto t = ParseRfc3339("2024-02-29T23:59:59.5Z");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(FormatRfc3339(*t, 1), "2024-02-29T23:59:59.5Z");
  auto offset = ParseRfc3339("2024-03-01T02:59:59.5+03:00");
  ASSERT_TRUE(offset.ok());
  EXPECT_EQ(*offset, *t);
}

TEST(Rfc3339, RejectsGarbageWithTheText) {
  auto t = ParseRfc3339("03/03/2025");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("03/03/2025"), std::string::npos);
}

TEST(FloorTo, AlignsToTenMinutesBeforeAndAfterTheEpoch) {
  EXPECT_EQ(FloorTo(601 * kNsPerSecond, kTenMinutesNs), kTenMinutesNs);
  EXPECT_EQ(FloorTo(-1, kTenMinutesNs), -kTenMinutesNs);
}

TEST(CivilDay, RoundTripsAcrossLeapDayAndYearEnd) {
  for (TimeNs day :
       {FromCivilDay(2024, 2, 29), FromCivilDay(2024, 12, 31), FromCivilDay(1970, 1, 1)}) {
    const CivilDay cd = ToCivilDay(day + 3600 * kNsPerSecond);
    EXPECT_EQ(FromCivilDay(cd.year, cd.month, cd.day), day);
  }
  EXPECT_EQ(FromCivilDay(2024, 13, 1), FromCivilDay(2025, 1, 1));
}

}  // namespace
}  // namespace pqa
