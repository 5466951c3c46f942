#include "host/common/local_time.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace pqa {
namespace {

using ::testing::HasSubstr;

TimeNs At(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

TEST(LocalTime, SetEndAtOneUtcIsTheLastOfMarchInBrasilia) {
  // Spec section 4: a set ending at 2025-04-01T01:00Z ended on 31 March.
  auto sp = LoadTimeZone("America/Sao_Paulo");
  ASSERT_TRUE(sp.ok()) << sp.status();
  CivilDay d = ToCivilDay(At("2025-04-01T01:00:00Z"), *sp);
  EXPECT_EQ(d.year, 2025);
  EXPECT_EQ(d.month, 3);
  EXPECT_EQ(d.day, 31);
  EXPECT_EQ(CivilMonth(At("2025-04-01T01:00:00Z"), *sp), "2025-03");
  EXPECT_EQ(CivilMonth(At("2025-04-01T03:00:00Z"), *sp), "2025-04");  // local midnight
  EXPECT_EQ(CivilMonth(At("2025-04-01T01:00:00Z"), *LoadTimeZone("UTC")), "2025-04");
  EXPECT_EQ(FormatRfc3339Local(At("2025-04-01T01:00:00Z"), *sp), "2025-03-31T22:00:00-03:00");
  EXPECT_EQ(FormatLocalMinute(At("2025-04-01T01:00:00Z"), *sp), "2025-03-31 22:00 -03:00");
  EXPECT_EQ(FormatLocalMinute(At("2025-04-01T01:00:05Z"), *LoadTimeZone("UTC"), true),
            "2025-04-01 01:00:05 +00:00");
}

TEST(LocalTime, MidnightIsLocalAndMonthsOverflow) {
  auto sp = *LoadTimeZone("America/Sao_Paulo");
  EXPECT_EQ(FromCivilDay(2025, 4, 1, sp), At("2025-04-01T03:00:00Z"));
  EXPECT_EQ(FromCivilDay(2025, 13, 1, sp), At("2026-01-01T03:00:00Z"));
  auto manaus = *LoadTimeZone("America/Manaus");  // UTC-4
  EXPECT_EQ(FromCivilDay(2025, 4, 1, manaus), At("2025-04-01T04:00:00Z"));
  // 4 November 2018: Brazil's last DST began at 00:00, so the day began at
  // 01:00 local (-02:00) = 03:00Z.
  EXPECT_EQ(FromCivilDay(2018, 11, 4, sp), At("2018-11-04T03:00:00Z"));
  EXPECT_EQ(FormatRfc3339Local(At("2018-11-04T03:00:00Z"), sp), "2018-11-04T01:00:00-02:00");
}

TEST(LocalTime, RejectsWhatIsNotAZoneName) {
  for (const char* bad : {"", "Brasilia", "America/Sao Paulo", "../../etc/passwd", "/etc/localtime",
                          "America/Nowhere"}) {
    auto z = LoadTimeZone(bad);
    EXPECT_FALSE(z.ok()) << bad;
    EXPECT_THAT(z.status().message(), HasSubstr("America/Sao_Paulo")) << bad;
  }
  EXPECT_TRUE(LoadTimeZone("America/Noronha").ok());
  EXPECT_TRUE(LoadTimeZone("UTC").ok());
}

}  // namespace
}  // namespace pqa
