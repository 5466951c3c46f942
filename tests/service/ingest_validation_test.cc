// Issue 19, validation at the door, as a property: random items of records
// and events, some sound and some with defects, pushed over TLS the way
// `pqa push` pushes them. The service must refuse the first item holding a
// defect (INVALID_ARGUMENT naming records[i].FIELD), store nothing of it,
// lose nothing it acknowledged, and end with exactly the sound items'
// records and events stored. The oracle is the generator (it knows what it
// broke), not the validation under test.
#include <functional>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/prodist/test_records.h"
#include "pqa/v1/ingest.grpc.pb.h"
#include "pqa/v1/query.grpc.pb.h"
#include "tests/service/client_calls.h"
#include "tests/service/tls_server.h"

namespace pqa::service {
namespace {

using testing::kAnalyzer1Token;
using testing::kOperatorToken;

struct Defect {
  const char* field;  // expected in the message after "records[i]."
  std::function<void(v1::Record&)> apply;
};

const std::vector<Defect>& Defects() {
  static const auto* defects = new std::vector<Defect>{
      {"phases[1].rms_v", [](v1::Record& r) { r.mutable_phases(1)->set_rms_v(-127); }},
      {"phases[2].fund_v",
       [](v1::Record& r) {
         r.mutable_phases(2)->set_fund_v(std::numeric_limits<double>::quiet_NaN());
       }},
      {"fd_pct", [](v1::Record& r) { r.set_fd_pct(std::numeric_limits<double>::infinity()); }},
      {"phases[1].phase", [](v1::Record& r) { r.mutable_phases(1)->set_phase("A"); }},
      {"phases[0].phase",
       [](v1::Record& r) {
         r.mutable_phases(0)->set_phase("X");
         r.mutable_phases(1)->set_phase("X");
       }},
      {"phases", [](v1::Record& r) { *r.add_phases() = r.phases(0); }},
      {"interval", [](v1::Record& r) { r.set_interval("5min"); }},
      {"start", [](v1::Record& r) { r.set_start("2025-03-03T00:05:00Z"); }},
      {"start", [](v1::Record& r) { r.set_start("9999-03-03T00:00:00Z"); }},
      {"start", [](v1::Record& r) { r.set_start("2262-04-12T00:00:00Z"); }},
      {"start", [](v1::Record& r) { r.set_start("2025-02-30T00:00:00Z"); }},
      {"duration_s",
       [](v1::Record& r) { r.set_duration_s(std::numeric_limits<double>::infinity()); }},
      {"vtcd_types[0]", [](v1::Record& r) { r.add_vtcd_types("XYZ"); }},
      {"phases[0].dtt_pct", [](v1::Record& r) { r.mutable_phases(0)->set_dtt_pct(-1); }},
      {"windows", [](v1::Record& r) { r.set_windows(-5); }},
  };
  return *defects;
}

struct EventDefect {
  const char* field;  // expected in the message after "events[i]."
  std::function<void(v1::VtcdEvent&)> apply;
};

const std::vector<EventDefect>& EventDefects() {
  static const auto* defects = new std::vector<EventDefect>{
      {"duration_ms", [](v1::VtcdEvent& e) { e.set_duration_ms(1e300); }},
      {"duration_ms",
       [](v1::VtcdEvent& e) { e.set_duration_ms(std::numeric_limits<double>::quiet_NaN()); }},
      {"type", [](v1::VtcdEvent& e) { e.set_type("SAG"); }},
      {"phases[1]", [](v1::VtcdEvent& e) { e.add_phases("A"); }},
      {"amplitude_pu", [](v1::VtcdEvent& e) { e.set_amplitude_pu(-0.3); }},
      {"start", [](v1::VtcdEvent& e) { e.set_start("9999-01-01T00:00:00Z"); }},
  };
  return *defects;
}

struct GeneratedItem {
  std::vector<v1::Record> records;
  std::vector<v1::VtcdEvent> events;
  // The first defect in the order ingest reads (records, then events); empty if sound.
  std::string bad_place;
};

class IngestValidationTest : public testing::TlsServiceTest {};

TEST_F(IngestValidationTest, StoredSetEqualsTheSoundItemsRecordsAndEvents) {
  ASSERT_TRUE(testing::RegisterPoint(channel_, "prop-1", "analyzer-1").ok());
  std::mt19937 rng(20);  // fixed: a failure replays
  const auto stream = prodist::testing::MakeStream(600);
  std::vector<GeneratedItem> items;
  std::set<std::string> expected;         // starts of the records that must be stored
  std::set<std::string> expected_events;  // and of the events
  for (std::size_t next = 0; next < stream.size();) {
    GeneratedItem item;
    const std::size_t n = std::min<std::size_t>(1 + rng() % 4, stream.size() - next);
    for (std::size_t i = 0; i < n; ++i, ++next) {
      v1::Record r = stream[next].record;
      if (rng() % 6 == 0) {  // about one record in six is broken
        const Defect& d = Defects()[rng() % Defects().size()];
        d.apply(r);
        if (item.bad_place.empty()) item.bad_place = absl::StrCat("records[", i, "].", d.field);
      }
      item.records.push_back(std::move(r));
    }
    // An event in the item's first interval: a sag of 120 ms, one in ten broken.
    if (rng() % 2 == 0) {
      v1::VtcdEvent e;
      e.set_type("AMT");
      e.set_start(absl::StrCat(stream[next - n].record.start().substr(0, 16), ":05.5Z"));
      e.set_duration_ms(120);
      e.set_amplitude_pu(0.62);
      e.add_phases("A");
      if (rng() % 10 == 0) {
        const EventDefect& d = EventDefects()[rng() % EventDefects().size()];
        d.apply(e);
        if (item.bad_place.empty()) item.bad_place = absl::StrCat("events[0].", d.field);
      }
      item.events.push_back(std::move(e));
    }
    if (item.bad_place.empty()) {
      for (const v1::Record& r : item.records) expected.insert(r.start());
      for (const v1::VtcdEvent& e : item.events) expected_events.insert(e.start());
    }
    items.push_back(std::move(item));
  }

  auto ingest = v1::Ingest::NewStub(channel_);
  std::size_t pending = 0;  // first item not yet acknowledged or refused
  int refusals = 0, stored = 0;
  while (pending < items.size()) {
    auto context = As(kAnalyzer1Token);
    auto push = ingest->Push(context.get());
    for (std::size_t i = pending; i < items.size(); ++i) {
      v1::IngestItem item;
      item.set_point_id("prop-1");
      item.set_sequence(i - pending + 1);
      item.set_flush(true);
      for (const v1::Record& r : items[i].records) *item.add_records() = r;
      for (const v1::VtcdEvent& e : items[i].events) *item.add_events() = e;
      if (!push->Write(item)) break;
    }
    push->WritesDone();
    v1::IngestAck ack;
    std::uint64_t acked = 0;
    while (push->Read(&ack)) {
      acked = ack.last_sequence();
      stored += ack.stored();
      EXPECT_EQ(ack.duplicates(), 0);
    }
    const grpc::Status s = push->Finish();
    // Everything up to the first defective item is acknowledged; that item is refused.
    std::size_t first_bad = pending;
    while (first_bad < items.size() && items[first_bad].bad_place.empty()) ++first_bad;
    ASSERT_EQ(pending + acked, first_bad) << s.error_message();
    if (first_bad == items.size()) {
      ASSERT_TRUE(s.ok()) << s.error_message();
      break;
    }
    ASSERT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(s.error_message(),
                ::testing::HasSubstr(absl::StrCat("item sequence ", acked + 1, ": ",
                                                  items[first_bad].bad_place, ":")));
    ++refusals;
    pending = first_bad + 1;
  }
  EXPECT_GT(refusals, 20);
  EXPECT_GT(expected.size(), 200u);
  EXPECT_EQ(stored, static_cast<int>(expected.size() + expected_events.size()));

  std::set<std::string> listed;
  auto query = v1::Query::NewStub(channel_);
  v1::ListRecordsRequest request;
  request.set_point_id("prop-1");
  request.set_page_size(5000);
  grpc::Status s = testing::ForEachPage<v1::ListRecordsResponse>(
      request,
      [&](const v1::ListRecordsRequest& r, v1::ListRecordsResponse* page) {
        return query->ListRecords(As(kOperatorToken).get(), r, page);
      },
      [&](const v1::ListRecordsResponse& page) {
        for (const v1::Record& r : page.records()) listed.insert(r.start());
      });
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(listed, expected);

  std::set<std::string> listed_events;
  v1::ListEventsRequest events;
  events.set_point_id("prop-1");
  events.set_page_size(5000);
  s = testing::ForEachPage<v1::ListEventsResponse>(
      events,
      [&](const v1::ListEventsRequest& r, v1::ListEventsResponse* page) {
        return query->ListEvents(As(kOperatorToken).get(), r, page);
      },
      [&](const v1::ListEventsResponse& page) {
        for (const v1::VtcdEvent& e : page.events()) listed_events.insert(e.start());
      });
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_GT(expected_events.size(), 50u);
  EXPECT_EQ(listed_events, expected_events);
}

}  // namespace
}  // namespace pqa::service
