#include "host/prodist/records_jsonl.h"

#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace pqa::prodist {
namespace {

using ::testing::HasSubstr;

TEST(RecordsJsonl, ReadsTenMinuteRecordsSortedAndSkipsOthers) {
  std::istringstream in(
      R"({"start":"2025-03-03T00:10:00Z","durationS":600,"interval":"10min","complete":true,)"
      R"("phases":[{"phase":"A","rms_v":127},{"phase":"B","rms_v":127},{"phase":"C","rms_v":127}]})"
      "\n\n"
      R"({"start":"2025-03-03T00:00:00Z","duration_s":600,"duration_s":600,"interval":"10min"})"
      "\n"
      R"({"start":"2025-03-03T00:00:00Z","duration_s":7200,"interval":"2h"})"
      "\n");
  auto r = ParseRecordsJsonl(in, "r.jsonl");
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].record.start(), "2025-03-03T00:00:00Z");
  EXPECT_EQ((*r)[0].line, 3);
  EXPECT_TRUE((*r)[1].record.complete());
}

TEST(RecordsJsonl, MalformedLineIsNamedWithFileAndLine) {
  std::istringstream in(R"({"start":"2025-03-03T00:00:00Z","duration_s":600,"interval":"10min"})"
                        "\n"
                        R"({"start":"2025-03-03T00:10:00Z","duration_s":600,"interval":"10min")"
                        "\n");
  auto r = ParseRecordsJsonl(in, "week.jsonl");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("week.jsonl:2"));
}

TEST(RecordsJsonl, UnalignedOrDuplicateIntervalsAreErrors) {
  std::istringstream unaligned(
      R"({"start":"2025-03-03T00:05:00Z","duration_s":600,"interval":"10min"})");
  auto a = ParseRecordsJsonl(unaligned, "u.jsonl");
  ASSERT_FALSE(a.ok());
  EXPECT_THAT(a.status().message(), HasSubstr("u.jsonl:1"));
  std::istringstream dup(R"({"start":"2025-03-03T00:00:00Z","duration_s":600,"interval":"10min"})"
                         "\n"
                         R"({"start":"2025-03-03T00:00:00Z","duration_s":600,"interval":"10min"})");
  auto d = ParseRecordsJsonl(dup, "d.jsonl");
  ASSERT_FALSE(d.ok());
  EXPECT_THAT(d.status().message(), HasSubstr("d.jsonl:2"));
}

}  // namespace
}  // namespace pqa::prodist
