#include "host/push/push_item.h"

#include "gtest/gtest.h"

namespace pqa::push {
namespace {

TEST(PushItem, RecordLinesAreAppendedToTheItemsRecords) {
  pqa::v1::IngestItem item;
  ASSERT_TRUE(
      ParseItemLine(ItemKind::kRecord,
                    R"({"start":"2025-03-03T00:10:00Z","duration_s":600,"interval":"10min"})",
                    "r.jsonl:1", &item)
          .ok());
  ASSERT_TRUE(
      ParseItemLine(ItemKind::kRecord,
                    R"({"start":"2025-03-03T00:20:00Z","duration_s":600,"interval":"10min"})",
                    "r.jsonl:2", &item)
          .ok());
  ASSERT_EQ(item.records_size(), 2);
  EXPECT_EQ(item.records(0).start(), "2025-03-03T00:10:00Z");
  EXPECT_EQ(item.records(1).start(), "2025-03-03T00:20:00Z");
  EXPECT_EQ(item.records(1).duration_s(), 600);
  EXPECT_EQ(item.events_size(), 0);
}

TEST(PushItem, ShorterIntervalsNeedNoTenMinuteBoundary) {
  // IEC 61000-4-30 4.5: 150/180-cycle intervals follow the cycles, not the clock.
  pqa::v1::IngestItem item;
  EXPECT_TRUE(
      ParseItemLine(ItemKind::kRecord,
                    R"({"start":"2025-03-03T00:00:03.083Z","duration_s":3,"interval":"150cycle"})",
                    "r.jsonl:2", &item)
          .ok());
}

TEST(PushItem, AnEventLineIsAppendedToTheItemsEvents) {
  pqa::v1::IngestItem item;
  ASSERT_TRUE(
      ParseItemLine(ItemKind::kEvent,
                    R"({"type":"AMT","start":"2025-03-03T00:00:10.004Z","duration_ms":300})",
                    "e.jsonl:1", &item)
          .ok());
  ASSERT_EQ(item.events_size(), 1);
  EXPECT_EQ(item.events(0).type(), "AMT");
  EXPECT_EQ(item.events(0).duration_ms(), 300);
  EXPECT_EQ(item.records_size(), 0);
}

struct BadLine {
  ItemKind kind;
  const char* line;
  const char* expected;  // in the message, after "f.jsonl:7: "
};

TEST(PushItem, BadLinesNameFileLineAndField) {
  const BadLine cases[] = {
      {ItemKind::kRecord, "{not json", "not a pqa.v1.Record"},
      {ItemKind::kRecord, R"({"start":"yesterday","duration_s":600})",
       "start: 'yesterday' is not an RFC 3339 time"},
      {ItemKind::kRecord, R"({"start":"2025-03-03T00:10:00Z"})", "duration_s: expected"},
      {ItemKind::kRecord, R"({"start":"2025-03-03T00:12:00Z","duration_s":600})",
       "start: 2025-03-03T00:12:00Z is not on the 10min UTC grid"},
      // An events line given as records is caught by its unknown fields.
      {ItemKind::kRecord, R"({"type":"AMT","start":"2025-03-03T00:00:10Z"})",
       "not a pqa.v1.Record"},
      {ItemKind::kEvent, R"({"start":"2025-13-03T00:00:00Z","duration_ms":1})",
       "start: '2025-13-03T00:00:00Z' is not an RFC 3339 time"},
      {ItemKind::kEvent, R"({"type":"AMT","start":"2025-03-03T00:00:00Z","duration_ms":-1})",
       "duration_ms: expected"},
      // The service refuses what the report could not place (table 5 class, item 71 amplitude).
      {ItemKind::kEvent, R"({"type":"SAG","start":"2025-03-03T00:00:00Z","duration_ms":100})",
       "type: \"SAG\": expected a table 5 class"},
      // Issue 19: values the service must refuse, named as the service names them.
      {ItemKind::kRecord,
       R"({"start":"2025-03-03T00:10:00Z","duration_s":600,"phases":[{"phase":"A","rms_v":-1}]})",
       "phases[0].rms_v: expected a finite value >= 0"},
      {ItemKind::kRecord,
       R"({"start":"2025-03-03T00:10:00Z","duration_s":600,"phases":[{"phase":"X"},{"phase":"X"}]})",
       "phases[0].phase: \"X\""},
      {ItemKind::kRecord, R"({"start":"9999-03-03T00:10:00Z","duration_s":600})",
       "start: '9999-03-03T00:10:00Z' is outside the time range"},
      {ItemKind::kRecord, R"({"start":"2262-04-12T00:00:00Z","duration_s":600})",
       "start: '2262-04-12T00:00:00Z' is outside the time range"},
      {ItemKind::kEvent, R"({"type":"AMT","start":"2025-03-03T00:00:00Z","duration_ms":1e300})",
       "duration_ms: 1e+300 ms does not fit class AMT"},
      {ItemKind::kEvent,
       R"({"type":"AMT","start":"2025-03-03T00:00:00Z","duration_ms":100,"amplitude_pu":-0.5})",
       "amplitude_pu: expected"},
  };
  for (const BadLine& c : cases) {
    pqa::v1::IngestItem item;
    absl::Status s = ParseItemLine(c.kind, c.line, "f.jsonl:7", &item);
    ASSERT_FALSE(s.ok()) << c.line;
    EXPECT_EQ(item.records_size() + item.events_size(), 0) << "a bad line is not appended";
    EXPECT_EQ(std::string(s.message()).rfind(std::string("f.jsonl:7: ") + c.expected, 0), 0u)
        << s.message();
  }
}

}  // namespace
}  // namespace pqa::push
