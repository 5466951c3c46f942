// Query.GetReport's VTCD part: the HTML report and the data response carry
// the point's stored events of the period (table 11) and their table 6
// stratification and continuity, as `pqa report --events` does; and the
// period's events are read page by page without loss or repeat.
#include <unistd.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <map>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "host/measure/frequency_bands.h"
#include "host/prodist/test_records.h"
#include "host/service/query_service.h"
#include "host/service/server.h"
#include "host/storage/store.h"
#include "pqa/v1/ingest.grpc.pb.h"
#include "pqa/v1/query.grpc.pb.h"
#include "pqa/v1/registry.grpc.pb.h"
#include "tests/service/client_calls.h"
#include "tests/service/tls_fixture.h"
#include "tests/service/tls_server.h"

namespace pqa::service {
namespace {

namespace fs = std::filesystem;

fs::path TestDir() {
  return fs::temp_directory_path() /
         ("pqa_report_" + std::to_string(getpid()) + "_" +
          ::testing::UnitTest::GetInstance()->current_test_info()->name());
}

pqa::v1::VtcdEvent Event(const std::string& type, const std::string& start, double duration_ms,
                         double amplitude_pu) {
  pqa::v1::VtcdEvent e;
  e.set_type(type);
  e.set_start(start);
  e.set_duration_ms(duration_ms);
  e.set_amplitude_pu(amplitude_pu);
  e.add_phases("A");
  return e;
}

TimeNs At(const std::string& rfc3339) { return *ParseRfc3339(rfc3339); }

// (start, duration ms) of each event, to compare sequences.
std::vector<std::pair<std::string, double>> Keys(const std::vector<pqa::v1::VtcdEvent>& events) {
  std::vector<std::pair<std::string, double>> out;
  for (const auto& e : events) out.emplace_back(e.start(), e.duration_ms());
  return out;
}

TEST(ReadPeriodEvents, PagesThroughEventsSharingAStartWithoutLossOrRepeat) {
  const fs::path dir = TestDir();
  fs::create_directories(dir);
  auto store = storage::Store::Open("sqlite:" + (dir / "pqa.sqlite").string());
  ASSERT_TRUE(store.ok()) << store.status();
  // Three events share one start (their keys differ by duration): a page
  // boundary can fall between them.
  const std::vector<std::pair<std::string, double>> in_period = {{"2025-03-04T01:00:00Z", 100},
                                                                 {"2025-03-04T02:00:00Z", 100},
                                                                 {"2025-03-04T02:00:00Z", 200},
                                                                 {"2025-03-04T02:00:00Z", 300},
                                                                 {"2025-03-04T03:00:00Z", 100}};
  std::vector<storage::IngestEntry> batch;
  for (const auto& [start, ms] : in_period) {
    batch.push_back({"p1", Event("AMT", start, ms, 0.5), std::nullopt});
  }
  // Outside [start, end): just before the start, exactly at the end, and
  // another point's event inside the period.
  batch.push_back({"p1", Event("AMT", "2025-03-03T23:59:59.999Z", 100, 0.5), std::nullopt});
  batch.push_back({"p1", Event("AMT", "2025-03-05T00:00:00Z", 100, 0.5), std::nullopt});
  batch.push_back({"p2", Event("AMT", "2025-03-04T02:30:00Z", 100, 0.5), std::nullopt});
  ASSERT_TRUE((*store)->Ingest(batch).ok());

  const PeriodNs period{At("2025-03-04T00:00:00Z"), At("2025-03-05T00:00:00Z")};
  for (int page_size : {1, 2, 3, 4, 5, 6, 1000}) {
    auto events = ReadPeriodEvents(**store, "p1", period, page_size);
    ASSERT_TRUE(events.ok()) << "page_size " << page_size << ": " << events.status();
    EXPECT_EQ(Keys(*events), in_period) << "page_size " << page_size;
  }
  EXPECT_EQ(ReadPeriodEvents(**store, "p1", period, 0).status().code(),
            absl::StatusCode::kInvalidArgument);
  store->reset();
  fs::remove_all(dir);
}

// Table 6 of the HTML report as counts per amplitude row label (unescaped),
// read from the first table after `title`; cells left empty count 0.
std::map<std::string, std::vector<int>> Table6FromHtml(const std::string& html,
                                                       const std::string& title) {
  std::map<std::string, std::vector<int>> grid;
  const std::size_t at = html.find(title);
  if (at == std::string::npos) return grid;
  const std::size_t end = html.find("</table>", at);
  const std::string table = html.substr(at, end - at);
  static const std::regex row("<tr><td>([^<]*)</td>((?:<td[^>]*>[^<]*</td>)*)</tr>");
  static const std::regex cell("<td[^>]*>([^<]*)</td>");
  for (std::sregex_iterator r(table.begin(), table.end(), row), done; r != done; ++r) {
    std::string label = std::regex_replace((*r)[1].str(), std::regex("&gt;"), ">");
    label = std::regex_replace(label, std::regex("&lt;"), "<");
    const std::string cells = (*r)[2].str();
    std::vector<int>& counts = grid[label];
    for (std::sregex_iterator c(cells.begin(), cells.end(), cell); c != done; ++c) {
      const std::string text = (*c)[1].str();
      counts.push_back(text.empty() ? 0 : std::stoi(text));
    }
  }
  return grid;
}

// The rows of the table 11 section: {date, start time, type} per event.
std::vector<std::array<std::string, 3>> Table11FromHtml(const std::string& html) {
  std::vector<std::array<std::string, 3>> rows;
  const std::size_t at = html.find(">VTCD events (table 11)");
  if (at == std::string::npos) return rows;
  const std::size_t end = html.find("</table>", at);
  const std::string table = html.substr(at, end - at);
  // #, date, start, amplitude, duration, type, phases.
  static const std::regex row(
      "<tr><td>\\d+</td><td>([^<]*)</td><td>([^<]*)</td><td>[^<]*</td><td>[^<]*</td>"
      "<td>([^<]*)</td><td>[^<]*</td></tr>");
  for (std::sregex_iterator r(table.begin(), table.end(), row), done; r != done; ++r) {
    rows.push_back({(*r)[1].str(), (*r)[2].str(), (*r)[3].str()});
  }
  return rows;
}

// Table 6 of GetReportResponse.vtcd in the shape of Table6FromHtml.
std::map<std::string, std::vector<int>> Table6FromData(
    const google::protobuf::RepeatedPtrField<pqa::v1::Table6Row>& rows) {
  std::map<std::string, std::vector<int>> grid;
  for (const auto& row : rows)
    grid[row.amplitude()].assign(row.counts().begin(), row.counts().end());
  return grid;
}

class ServiceReportTest : public testing::TlsServiceTest {
 protected:
  // Pushes one item carrying `records` and `events` for `point`; returns the
  // stream's status and the number of entries acknowledged as stored.
  std::pair<grpc::Status, int> PushItem(const std::string& point,
                                        const std::vector<prodist::TimedRecord>& records,
                                        const std::vector<pqa::v1::VtcdEvent>& events,
                                        int sequence = 1) {
    pqa::v1::IngestItem item;
    item.set_point_id(point);
    item.set_sequence(sequence);
    for (const auto& r : records) *item.add_records() = r.record;
    for (const auto& e : events) *item.add_events() = e;
    item.set_flush(true);
    auto context = As(testing::kAnalyzer1Token);
    auto stream = pqa::v1::Ingest::NewStub(channel_)->Push(context.get());
    stream->Write(item);
    stream->WritesDone();
    int stored = 0;
    pqa::v1::IngestAck ack;
    while (stream->Read(&ack)) stored += ack.stored();
    return {stream->Finish(), stored};
  }
};

TEST_F(ServiceReportTest, HtmlAndDataCarryTheVtcdEventsOfThePeriodOnly) {
  // In UTC and English, so that the dates, hours and words below read as written.
  ASSERT_TRUE(testing::RegisterPoint(channel_, "sub-1", "analyzer-1", "UTC").ok());
  // Three days of 10-minute records from 2025-03-03; the report asks for the
  // middle day.
  const auto records = prodist::testing::MakeStream(3 * 144);
  // Types and cells from the spec (section 6, tables 5 and 6; a range
  // "lo-hi" holds lo < x <= hi):
  //   0.75 pu 120 ms: sag >= 0.1, < 0.9 pu, 1 cycle..3 s -> AMT, row 0.70-0.80, col 100-300 ms
  //   0.72 pu 150 ms: AMT, the same cell
  //   1.12 pu 500 ms: swell > 1.1 pu, <= 3 s -> EMT, row 1.10-1.15, col 300-600 ms
  //   0.45 pu 10 s:   > 3 s, < 3 min -> ATT, row 0.40-0.50, col 3 s-1 min
  //   0.05 pu 2 s:    < 0.1 pu, <= 3 s -> IMT, row <= 0.10, col 1-3 s
  //   0 pu 30 min:    3 min or more, < 0.1 pu -> long interruption, outside
  //                   table 6; section 8: DIC 0.50 h, FIC 1, DMIC 0.50 h in 2025-03.
  const std::vector<pqa::v1::VtcdEvent> in_period = {
      Event("AMT", "2025-03-04T01:00:00Z", 120, 0.75),
      Event("AMT", "2025-03-04T02:00:00Z", 150, 0.72),
      Event("EMT", "2025-03-04T03:00:00Z", 500, 1.12),
      Event("ATT", "2025-03-04T04:00:00Z", 10'000, 0.45),
      Event("IMT", "2025-03-04T05:00:00Z", 2'000, 0.05),
      Event("LONG_INTERRUPTION", "2025-03-04T06:00:00Z", 30 * 60'000, 0.0)};
  // Outside [2025-03-04, 2025-03-05): each would change a figure checked below.
  const std::vector<pqa::v1::VtcdEvent> outside = {
      Event("AMT", "2025-03-03T23:59:59.900Z", 120, 0.75),  // cell 0.70-0.80 x 100-300 ms to 3
      Event("EMT", "2025-03-05T00:00:00Z", 50, 1.20),       // row > 1.15, col 16.67-100 ms
      Event("LONG_INTERRUPTION", "2025-03-05T01:00:00Z", 60 * 60'000, 0.0)};  // DIC 1.50 h
  std::vector<pqa::v1::VtcdEvent> events = in_period;
  events.insert(events.end(), outside.begin(), outside.end());
  auto [pushed, stored] = PushItem("sub-1", records, events);
  ASSERT_TRUE(pushed.ok()) << pushed.error_message();
  ASSERT_EQ(stored, static_cast<int>(records.size() + events.size()));

  pqa::v1::GetReportRequest request;
  request.set_point_id("sub-1");
  request.mutable_period()->set_start("2025-03-04T00:00:00Z");
  request.mutable_period()->set_end("2025-03-05T00:00:00Z");
  request.set_include_html(true);
  request.set_lang("en");
  pqa::v1::GetReportResponse report;
  grpc::Status s = pqa::v1::Query::NewStub(channel_)->GetReport(As(testing::kOperatorToken).get(),
                                                                request, &report);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_THAT(report.html(), ::testing::HasSubstr("<html lang='en'>"));
  EXPECT_THAT(report.html(), ::testing::HasSubstr("Query.GetReport"));  // traceability
  const std::string& html = report.html();

  // Table 11: every event of the period in start order (date dd/mmm/yyyy
  // with the Portuguese month, start hh:mm:ss, table 5 type), no other.
  const std::vector<std::array<std::string, 3>> table11 = {
      {"04/mar/2025", "01:00:00", "AMT"}, {"04/mar/2025", "02:00:00", "AMT"},
      {"04/mar/2025", "03:00:00", "EMT"}, {"04/mar/2025", "04:00:00", "ATT"},
      {"04/mar/2025", "05:00:00", "IMT"}, {"04/mar/2025", "06:00:00", "LONG_INTERRUPTION"}};
  EXPECT_THAT(html, ::testing::HasSubstr("VTCD events (table 11): 6<"));
  EXPECT_EQ(Table11FromHtml(html), table11);

  // Table 6: the five short-duration events, in the spec's rows and columns
  // (16.67-100 ms, 100-300 ms, 300-600 ms, 600 ms-1 s, 1-3 s, 3 s-1 min, 1-3 min).
  const std::string title = "Stratification (table 6): 5 VTCD events";
  EXPECT_THAT(html, ::testing::HasSubstr(title));
  std::map<std::string, std::vector<int>> expected;
  for (const char* row :
       {">1.15", "1.10-1.15", "0.85-0.90", "0.80-0.85", "0.70-0.80", "0.60-0.70", "0.50-0.60",
        "0.40-0.50", "0.30-0.40", "0.20-0.30", "0.10-0.20", "<=0.10"}) {
    expected[row] = std::vector<int>(7, 0);
  }
  expected["0.70-0.80"][1] = 2;
  expected["1.10-1.15"][2] = 1;
  expected["0.40-0.50"][5] = 1;
  expected["<=0.10"][4] = 1;
  EXPECT_EQ(Table6FromHtml(html, title), expected);

  // Section 8: the period's long interruption only (the later hour is outside).
  EXPECT_THAT(
      html, ::testing::HasSubstr("<tr><td>2025-03</td><td>0.50</td><td>1</td><td>0.50</td></tr>"));

  // The same figures as data (GetReportResponse.vtcd).
  const pqa::v1::VtcdReport& vtcd = report.vtcd();
  EXPECT_EQ(vtcd.stratified_events(), 5);
  EXPECT_THAT(vtcd.duration_columns(),
              ::testing::ElementsAre("16.67-100ms", "100-300ms", "300-600ms", "600ms-1s", "1-3s",
                                     "3s-1min", "1-3min"));
  EXPECT_EQ(Table6FromData(vtcd.table6()), expected);
  // 220/127 V: low voltage, no FI (item 78).
  EXPECT_EQ(vtcd.impact_factor_size(), 0);
  EXPECT_THAT(vtcd.impact_factor_note(), ::testing::HasSubstr("item 78"));
  ASSERT_EQ(vtcd.continuity_size(), 1);
  EXPECT_EQ(vtcd.continuity(0).month(), "2025-03");
  EXPECT_DOUBLE_EQ(vtcd.continuity(0).dic_h(), 0.50);
  EXPECT_EQ(vtcd.continuity(0).fic(), 1);
  EXPECT_DOUBLE_EQ(vtcd.continuity(0).dmic_h(), 0.50);
  EXPECT_EQ(Keys(std::vector<pqa::v1::VtcdEvent>(vtcd.events().begin(), vtcd.events().end())),
            Keys(in_period));

  // Without the HTML the data is the same.
  request.set_include_html(false);
  pqa::v1::GetReportResponse data_only;
  s = pqa::v1::Query::NewStub(channel_)->GetReport(As(testing::kOperatorToken).get(), request,
                                                   &data_only);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(data_only.html(), "");
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(data_only.vtcd(), vtcd))
      << data_only.vtcd().DebugString();
}

TEST_F(ServiceReportTest, StoredEventOfUnknownTypeFailsThePreconditionAndSaysWhy) {
  ASSERT_TRUE(testing::RegisterPoint(channel_, "sub-1", "analyzer-1").ok());
  // Ingest refuses an event outside table 5 (service_e2e_test), but a
  // database written by an earlier version may hold one: it is put into the
  // store directly here. The report cannot classify it.
  auto [pushed, stored] = PushItem("sub-1", prodist::testing::MakeStream(6), {});
  ASSERT_TRUE(pushed.ok()) << pushed.error_message();
  ASSERT_EQ(stored, 6);
  {
    auto store = storage::Store::Open("sqlite:" + (dir_ / "pqa.sqlite").string());
    ASSERT_TRUE(store.ok()) << store.status();
    auto written = (*store)->Ingest(
        {{"sub-1", Event("SAG", "2025-03-03T00:10:00Z", 120, 0.75), std::nullopt}});
    ASSERT_TRUE(written.ok()) << written.status();
  }
  pqa::v1::GetReportRequest request;
  request.set_point_id("sub-1");
  request.set_include_html(true);
  pqa::v1::GetReportResponse report;
  grpc::Status s = pqa::v1::Query::NewStub(channel_)->GetReport(As(testing::kOperatorToken).get(),
                                                                request, &report);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("point 'sub-1'"));
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("event 1: type: \"SAG\""));
  // Without the HTML the events are still read (GetReportResponse.vtcd
  // carries them): the same refusal.
  request.set_include_html(false);
  s = pqa::v1::Query::NewStub(channel_)->GetReport(As(testing::kOperatorToken).get(), request,
                                                   &report);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("event 1: type: \"SAG\""));
}

// Issue 18: the point's time zone is part of its configuration, checked by
// the registry, and decides the civil month of its sets and monthly values
// (items 26.6, 84); the wire keeps UTC.
TEST_F(ServiceReportTest, PointTimeZoneIsCheckedAndGivesTheCivilMonth) {
  auto admin = [&] { return As(testing::kAdminToken); };
  auto registry = pqa::v1::PointRegistry::NewStub(channel_);
  pqa::v1::CreatePointRequest create;
  create.mutable_point()->set_point_id("tz-1");
  create.mutable_point()->mutable_config()->set_connection("220/127");
  create.mutable_point()->mutable_config()->set_time_zone("Brasilia");
  create.mutable_point()->add_analyzers("analyzer-1");
  pqa::v1::MeasurementPoint point;
  grpc::Status s = registry->CreatePoint(admin().get(), create, &point);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("point.config.time_zone"));
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("America/Sao_Paulo"));
  create.mutable_point()->mutable_config()->clear_time_zone();  // "": America/Sao_Paulo
  s = registry->CreatePoint(admin().get(), create, &point);
  ASSERT_TRUE(s.ok()) << s.error_message();

  // 1,008 readings ending at 2025-04-01T01:00Z: 31 March, 22:00 in Brasilia.
  const TimeNs end = At("2025-04-01T01:00:00Z");
  const auto week = prodist::testing::MakeStream(1008, 127.0, end - 1008 * kTenMinutesNs);
  for (int half = 0; half < 2; ++half) {  // an item holds at most 1,000 entries
    auto [pushed, stored] = PushItem(
        "tz-1", {week.begin() + half * 504, week.begin() + (half + 1) * 504}, {}, half + 1);
    ASSERT_TRUE(pushed.ok()) << pushed.error_message();
    ASSERT_EQ(stored, 504);
  }
  auto query = pqa::v1::Query::NewStub(channel_);
  auto month_of_first_set = [&]() -> std::string {
    pqa::v1::GetSetsRequest request;
    request.set_point_id("tz-1");
    pqa::v1::GetSetsResponse sets;
    grpc::Status got = query->GetSets(As(testing::kOperatorToken).get(), request, &sets);
    EXPECT_TRUE(got.ok()) << got.error_message();
    if (sets.voltage_sets().empty()) return "";
    EXPECT_EQ(sets.voltage_sets(0).end(), "2025-04-01T01:00:00Z");
    return sets.voltage_sets(0).month();
  };
  EXPECT_EQ(month_of_first_set(), "2025-03");
  pqa::v1::GetMonthlyRequest monthly_request;
  monthly_request.set_point_id("tz-1");
  pqa::v1::GetMonthlyResponse monthly;
  s = query->GetMonthly(As(testing::kOperatorToken).get(), monthly_request, &monthly);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(monthly.months_size(), 1);
  EXPECT_EQ(monthly.months(0).month(), "2025-03");

  pqa::v1::UpdatePointRequest update;
  *update.mutable_point() = point;
  update.mutable_point()->mutable_config()->set_time_zone("Mars/Olympus");
  s = registry->UpdatePoint(admin().get(), update, &point);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  update.mutable_point()->mutable_config()->set_time_zone("UTC");
  s = registry->UpdatePoint(admin().get(), update, &point);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(month_of_first_set(), "2025-04");
}

// Issue 17: a point measured for less than a set answers GetSets and
// GetReport with OK, no set and the count of valid readings towards the
// first one (as `pqa window` does), and the report carries the hourly power
// factor of items 38-42 from the stored records' energies.
TEST_F(ServiceReportTest, FewerThanASetIsOkWithThePendingCountAndThePowerFactor) {
  {
    pqa::v1::CreatePointRequest create;
    create.mutable_point()->set_point_id("mt-1");
    create.mutable_point()->mutable_config()->set_connection("13800");  // group A, item 41
    create.mutable_point()->mutable_config()->set_time_zone("UTC");
    create.mutable_point()->add_analyzers("analyzer-1");
    pqa::v1::MeasurementPoint created;
    grpc::Status s = pqa::v1::PointRegistry::NewStub(channel_)->CreatePoint(
        As(testing::kAdminToken).get(), create, &created);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  // Five hours from 2025-03-03T00:00Z. Every interval: EA 300 Wh, ER 400
  // varh inductive, so each hour's fp = 1800 / sqrt(1800^2 + 2400^2) = 0.6.
  // Interval 7 (in hour 1) is incomplete: no valid reading, 29 remain.
  auto records = prodist::testing::MakeStream(30, 13800 / std::sqrt(3.0));
  for (auto& r : records) {
    r.record.set_current_channels(3);
    r.record.set_ea_imp_wh(300);
    r.record.set_er_ind_varh(400);
  }
  records[7].record.set_complete(false);
  auto [pushed, stored] = PushItem("mt-1", records, {});
  ASSERT_TRUE(pushed.ok()) << pushed.error_message();
  ASSERT_EQ(stored, 30);
  auto query = pqa::v1::Query::NewStub(channel_);

  pqa::v1::GetSetsRequest sets_request;
  sets_request.set_point_id("mt-1");
  pqa::v1::GetSetsResponse sets;
  grpc::Status s = query->GetSets(As(testing::kOperatorToken).get(), sets_request, &sets);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(sets.point_id(), "mt-1");
  EXPECT_EQ(sets.voltage_sets_size(), 0);
  EXPECT_EQ(sets.disturbance_sets_size(), 0);
  EXPECT_EQ(sets.pending_readings(), 29);

  pqa::v1::GetReportRequest request;
  request.set_point_id("mt-1");
  request.set_include_html(true);
  request.set_lang("en");
  pqa::v1::GetReportResponse report;
  s = query->GetReport(As(testing::kOperatorToken).get(), request, &report);
  ASSERT_TRUE(s.ok()) << s.error_message();
  const pqa::v1::ComplianceResult& r = report.result();
  EXPECT_EQ(r.voltage_sets_size(), 0);
  EXPECT_EQ(r.disturbance_sets_size(), 0);
  EXPECT_EQ(r.pending_readings(), 29);
  EXPECT_THAT(r.notes(), ::testing::Contains(::testing::HasSubstr(
                             "no complete steady-state voltage set: 29 valid readings")));
  const pqa::v1::PowerFactorSection& pf = r.power_factor();
  ASSERT_TRUE(pf.measured());
  EXPECT_TRUE(pf.limit_applies());
  EXPECT_EQ(pf.limit(), 0.92);
  ASSERT_EQ(pf.hours(), 5);
  EXPECT_EQ(pf.hours_outside(), 5);
  EXPECT_EQ(pf.within_pct(), 0);
  ASSERT_EQ(pf.hourly_size(), 5);
  EXPECT_EQ(pf.hourly(1).start(), "2025-03-03T01:00:00Z");
  EXPECT_EQ(pf.hourly(1).ea_wh(), 1800);  // the incomplete interval's energy counts
  EXPECT_EQ(pf.hourly(1).er_varh(), 2400);
  EXPECT_NEAR(pf.hourly(1).fp(), 0.6, 1e-12);
  EXPECT_EQ(pf.hourly(1).nature(), "inductive");
  EXPECT_FALSE(pf.hourly(1).complete());
  EXPECT_TRUE(pf.hourly(0).complete());
  EXPECT_EQ(pf.worst().start(), "2025-03-03T00:00:00Z");  // equal fp: the earliest
  const std::string& html = report.html();
  EXPECT_THAT(html, ::testing::HasSubstr("29 valid readings towards the first set of 1,008"));
  EXPECT_THAT(html, ::testing::HasSubstr("No set of 1,008 valid readings yet"));
  EXPECT_THAT(html, ::testing::HasSubstr("Power factor (items 38-42)"));
  EXPECT_THAT(
      html, ::testing::HasSubstr("<th>Hours outside the band</th><td class='bad'>&#9660; 5</td>"));
}

// Issue 17: records keep their 10 s frequency values through ingest and
// storage, and GetReport's result and HTML carry the frequency section
// (items 65-67) computed from them.
TEST_F(ServiceReportTest, RecordsKeepTheirTenSecondFrequenciesAndTheReportJudgesThem) {
  ASSERT_TRUE(testing::RegisterPoint(channel_, "sub-1", "analyzer-1", "UTC").ok());
  // Two 10-minute records at 60 Hz but 20 s at 58 Hz from 00:01:40Z: below
  // 58.5 Hz for more than 10 s (item 67 c).
  auto records = prodist::testing::MakeStream(2);
  const measure::FrequencyBandLimits limits = measure::FrequencyBandsFor(60);
  for (std::size_t k = 0; k < records.size(); ++k) {
    pqa::v1::Record& r = records[k].record;
    r.set_freq_hz(60);
    for (int i = 0; i < 60; ++i) {
      const double hz = k == 0 && (i == 10 || i == 11) ? 58 : 60;
      r.add_freq_10s_hz(hz);
      measure::CountTenSecondValue(hz, limits, *r.mutable_frequency_bands());
    }
    r.set_freq_min_hz(k == 0 ? 58 : 60);
    r.set_freq_max_hz(60);
  }
  auto [pushed, stored] = PushItem("sub-1", records, {});
  ASSERT_TRUE(pushed.ok()) << pushed.error_message();
  ASSERT_EQ(stored, 2);

  pqa::v1::ListRecordsRequest list;
  list.set_point_id("sub-1");
  list.mutable_period()->set_start("2025-03-03T00:00:00Z");
  list.mutable_period()->set_end("2025-03-03T00:20:00Z");
  pqa::v1::ListRecordsResponse listed;
  grpc::Status s = pqa::v1::Query::NewStub(channel_)->ListRecords(
      As(testing::kOperatorToken).get(), list, &listed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(listed.records_size(), 2);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(listed.records(0),
                                                                 records[0].record));

  pqa::v1::GetReportRequest request;
  request.set_point_id("sub-1");
  *request.mutable_period() = list.period();
  request.set_include_html(true);
  request.set_lang("en");
  pqa::v1::GetReportResponse report;
  s = pqa::v1::Query::NewStub(channel_)->GetReport(As(testing::kOperatorToken).get(), request,
                                                   &report);
  ASSERT_TRUE(s.ok()) << s.error_message();
  const pqa::v1::FrequencySection& f = report.result().frequency();
  EXPECT_EQ(f.bands().measured_s(), 1200);
  EXPECT_EQ(f.bands().below_58_5_s(), 20);
  EXPECT_EQ(f.min_hz(), 58);
  EXPECT_EQ(f.min_at(), "2025-03-03T00:01:40Z");
  ASSERT_EQ(f.violations_size(), 1);
  EXPECT_EQ(f.violations(0).rule(), "item 67 <58.5Hz");
  EXPECT_EQ(f.violations(0).start(), "2025-03-03T00:01:40Z");
  EXPECT_EQ(f.violations(0).duration_s(), 20);
  EXPECT_EQ(f.violations(0).allowed_s(), 10);
  EXPECT_THAT(report.html(), ::testing::HasSubstr("Frequency variation (items 65-67)"));
  EXPECT_THAT(report.html(), ::testing::HasSubstr("item 67 &lt;58.5Hz"));
}

}  // namespace
}  // namespace pqa::service
