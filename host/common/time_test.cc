#include "host/common/time.h"

#include <limits>

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

// Issue 20: a CSV start in 9999 or 1600 became 2262-04-11 (saturated) and a
// record dated 9999 was stored where no query reaches it.
TEST(SupportedRange, ParseRefusesTimesOutsideTheRangeInsteadOfSaturating) {
  for (const char* text : {"9999-01-01T00:00:00Z", "1600-01-01T00:00:00Z", "2262-04-12T00:00:00Z",
                           "2201-01-01T00:00:00Z", "1969-12-31T23:59:59Z"}) {
    auto t = ParseRfc3339(text);
    ASSERT_FALSE(t.ok()) << text << " gave " << FormatRfc3339(*t);
    EXPECT_EQ(t.status().code(), absl::StatusCode::kOutOfRange) << t.status();
    EXPECT_NE(t.status().message().find("1970-01-01T00:00:00Z to 2200-12-31T23:59:59Z"),
              std::string::npos)
        << t.status();
  }
  for (const char* text : {"1970-01-01T00:00:00Z", "2200-12-31T23:59:59.999999999Z"}) {
    EXPECT_TRUE(ParseRfc3339(text).ok()) << text;
  }
}

TEST(SupportedRange, ParseRefusesDaysTheCalendarDoesNotHave) {
  for (const char* text : {"2025-02-31T00:00:00Z", "2025-02-29T00:00:00Z", "2025-04-31T00:00:00Z",
                           "2025-13-01T00:00:00Z"}) {
    EXPECT_FALSE(ParseRfc3339(text).ok()) << text;
  }
}

TEST(CheckedCivilTime, RefusesImpossibleDatesInsteadOfRollingOver) {
  // 31/02/2025 was read as 3 March.
  auto feb31 = CheckedCivilTime(2025, 2, 31);
  ASSERT_FALSE(feb31.ok());
  EXPECT_NE(feb31.status().message().find("not a calendar day"), std::string::npos);
  EXPECT_FALSE(CheckedCivilTime(2025, 2, 29).ok());
  EXPECT_TRUE(CheckedCivilTime(2024, 2, 29).ok());
  EXPECT_FALSE(CheckedCivilTime(1900, 2, 29).ok());
  EXPECT_FALSE(CheckedCivilTime(2025, 1, 1, 24).ok());
  EXPECT_FALSE(CheckedCivilTime(2025, 1, 1, 0, 60).ok());
  EXPECT_FALSE(CheckedCivilTime(2025, 1, 1, 0, 0, 0, kNsPerSecond).ok());
  EXPECT_EQ(*CheckedCivilTime(2025, 3, 3, 0, 0, 10, 4'000'000),
            *ParseRfc3339("2025-03-03T00:00:10.004Z"));
}

TEST(CheckedCivilTime, RefusesYearsOutsideTheRangeWithoutOverflow) {
  // A .cfg dated 9999 replayed as 1815: the multiplication wrapped.
  for (std::int64_t year :
       {std::int64_t{9999}, std::int64_t{1600}, std::int64_t{2262},
        std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::min()}) {
    auto t = CheckedCivilTime(year, 1, 1);
    ASSERT_FALSE(t.ok()) << year;
    EXPECT_EQ(t.status().code(), absl::StatusCode::kOutOfRange);
  }
  EXPECT_TRUE(CheckedCivilTime(2200, 12, 31, 23, 59, 59, 999'999'999).ok());
}

TEST(CheckedArithmetic, AddAndSecondsNeverOverflow) {
  const TimeNs t = *ParseRfc3339("2025-03-03T00:00:00Z");
  EXPECT_EQ(*CheckedAddNs(t, kTenMinutesNs, "end"), t + kTenMinutesNs);
  EXPECT_FALSE(CheckedAddNs(t, std::numeric_limits<TimeNs>::max(), "end").ok());
  EXPECT_FALSE(CheckedAddNs(t, std::numeric_limits<TimeNs>::min(), "end").ok());
  EXPECT_FALSE(CheckedAddNs(t, -t - 1, "end").ok());
  EXPECT_TRUE(CheckedAddNs(kSupportedTimeEnd - 1, 1, "end").ok());
  EXPECT_FALSE(CheckedAddNs(kSupportedTimeEnd - 1, 2, "end").ok());
  EXPECT_EQ(*CheckedSecondsToNs(1.5, "offset"), 1'500'000'000);
  for (double s : {1e300, -1e300, std::numeric_limits<double>::infinity(),
                   std::numeric_limits<double>::quiet_NaN()}) {
    EXPECT_FALSE(CheckedSecondsToNs(s, "offset").ok()) << s;
  }
  EXPECT_FALSE(CheckSupportedTime(std::numeric_limits<TimeNs>::min(), "t").ok());
  EXPECT_FALSE(CheckSupportedTime(std::numeric_limits<TimeNs>::max(), "t").ok());
  EXPECT_EQ(FromCivilDay(9999, 1, 1), std::numeric_limits<TimeNs>::max());
}

}  // namespace
}  // namespace pqa
