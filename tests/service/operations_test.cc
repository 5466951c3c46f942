// Operating the service (issue 19), over TCP loopback with TLS: the point
// configuration checked at the door (every malformed one refused naming its
// field, the store unchanged), DeletePoint, the tokens file, the access log
// and the metrics, health per service, subscriptions ended with UNAVAILABLE
// when the server drains, and ListRecords pages within the message limit.
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <future>
#include <limits>
#include <sstream>
#include <thread>

#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "host/prodist/test_records.h"
#include "host/service/server.h"
#include "pqa/v1/ingest.grpc.pb.h"
#include "pqa/v1/query.grpc.pb.h"
#include "pqa/v1/registry.grpc.pb.h"
#include "pqa/v1/subscription.grpc.pb.h"
#include "tests/service/tls_fixture.h"

namespace pqa::service {
namespace {

using ::testing::HasSubstr;
using testing::kAdminToken;
using testing::kAnalyzer1Token;
using testing::kOperatorToken;
using ::testing::Not;

class OperationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("pqa_ops_" + std::to_string(getpid()) + "_" + test->name());
    cert_ = testing::MakeCertificate(dir_);
    ASSERT_FALSE(cert_.cert_pem.empty()) << "openssl failed";
    ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.db = "sqlite:" + (dir_ / "pqa.sqlite").string();
    options.tls_cert_pem = cert_.cert_pem;
    options.tls_key_pem = cert_.key_pem;
    options.limits.subscription_poll_ms = 20;
    options.log = &log_;
    options.metrics_listen = "127.0.0.1:0";
    auto tokens = TokenTable::Parse(testing::TokenFileText(), "tokens");
    ASSERT_TRUE(tokens.ok()) << tokens.status();
    options.tokens = *std::move(tokens);
    auto server = Server::Start(std::move(options));
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = cert_.cert_pem;
    grpc::ChannelArguments args;
    args.SetMaxReceiveMessageSize(64 << 20);  // the server's limit is what is tested
    channel_ = grpc::CreateCustomChannel("localhost:" + std::to_string(server_->port()),
                                         grpc::SslCredentials(ssl), args);
    registry_ = pqa::v1::PointRegistry::NewStub(channel_);
    ingest_ = pqa::v1::Ingest::NewStub(channel_);
    query_ = pqa::v1::Query::NewStub(channel_);
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  static std::unique_ptr<grpc::ClientContext> As(const char* token) {
    auto context = std::make_unique<grpc::ClientContext>();
    if (token) context->AddMetadata("authorization", std::string("Bearer ") + token);
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return context;
  }

  static pqa::v1::MeasurementPoint GoodPoint(const std::string& id) {
    pqa::v1::MeasurementPoint p;
    p.set_point_id(id);
    p.set_description("feeder 12, substation 7");
    p.add_analyzers("analyzer-1");
    p.mutable_config()->set_connection("220/127");
    p.mutable_config()->set_eusd_brl(1520.40);
    return p;
  }

  grpc::Status Create(const pqa::v1::MeasurementPoint& p, pqa::v1::MeasurementPoint* out) {
    pqa::v1::CreatePointRequest request;
    *request.mutable_point() = p;
    return registry_->CreatePoint(As(kAdminToken).get(), request, out);
  }

  std::vector<pqa::v1::MeasurementPoint> AllPoints() {
    pqa::v1::ListPointsResponse page;
    pqa::v1::ListPointsRequest request;
    request.set_page_size(1000);
    EXPECT_TRUE(registry_->ListPoints(As(kOperatorToken).get(), request, &page).ok());
    return {page.points().begin(), page.points().end()};
  }

  // Pushes `records` for `point` in items of 100, flushing at the end;
  // returns the stream's status and the acknowledged stored count.
  grpc::Status Push(const std::string& point, const std::vector<pqa::v1::Record>& records,
                    int* stored) {
    auto context = As(kAnalyzer1Token);
    auto stream = ingest_->Push(context.get());
    std::uint64_t seq = 0;
    for (std::size_t first = 0; first < records.size(); first += 100) {
      pqa::v1::IngestItem item;
      item.set_point_id(point);
      item.set_sequence(++seq);
      for (std::size_t i = first; i < std::min(records.size(), first + 100); ++i) {
        *item.add_records() = records[i];
      }
      item.set_flush(first + 100 >= records.size());
      if (!stream->Write(item)) break;
    }
    stream->WritesDone();
    pqa::v1::IngestAck ack;
    *stored = 0;
    while (stream->Read(&ack)) *stored += ack.stored();
    return stream->Finish();
  }

  std::filesystem::path dir_;
  testing::TestCertificate cert_;
  std::ostringstream log_;  // read only once the server is gone
  std::unique_ptr<Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<pqa::v1::PointRegistry::Stub> registry_;
  std::unique_ptr<pqa::v1::Ingest::Stub> ingest_;
  std::unique_ptr<pqa::v1::Query::Stub> query_;
};

TEST_F(OperationsTest, EachMalformedConfigurationIsRefusedNamingItsFieldAndNothingChanges) {
  pqa::v1::MeasurementPoint good;
  ASSERT_TRUE(Create(GoodPoint("feeder-12"), &good).ok());
  // The service resolved the connection (Annex 8.A row 220/127, TR 127 V line-to-neutral).
  EXPECT_EQ(good.config().annex_row(), "220/127 LN");
  EXPECT_DOUBLE_EQ(good.config().reference_v(), 127.0);
  EXPECT_DOUBLE_EQ(good.config().nominal_v(), 220.0);

  struct Case {
    const char* field;
    std::function<void(pqa::v1::MeasurementPoint&)> spoil;
  };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<Case> cases = {
      {"point.config.connection", [](auto& p) { p.mutable_config()->set_connection("abc"); }},
      {"point.config.connection", [](auto& p) { p.mutable_config()->set_connection(""); }},
      {"point.config.connection", [](auto& p) { p.mutable_config()->set_connection("-13800"); }},
      {"point.config.connection",
       [](auto& p) { p.mutable_config()->set_connection(std::string(100000, '1')); }},
      {"point.config.eusd_brl", [&](auto& p) { p.mutable_config()->set_eusd_brl(nan); }},
      {"point.config.eusd_brl", [](auto& p) { p.mutable_config()->set_eusd_brl(-1); }},
      {"point.config.eusd_brl",
       [](auto& p) { p.mutable_config()->set_eusd_brl(std::numeric_limits<double>::infinity()); }},
      {"point.config.voltage_kind",
       [](auto& p) { p.mutable_config()->set_voltage_kind("neutral"); }},
      {"point.config.voltage_class", [](auto& p) { p.mutable_config()->set_voltage_class("XT"); }},
      {"point.config.vt_connection",
       [](auto& p) { p.mutable_config()->set_vt_connection("delta"); }},
      {"point.config.measurement_mode",
       [](auto& p) { p.mutable_config()->set_measurement_mode("sometimes"); }},
      {"point.config.id", [](auto& p) { p.mutable_config()->set_id("another-point"); }},
      {"point.analyzers[1]", [](auto& p) { p.add_analyzers("analyzer-1"); }},
      {"point.analyzers[1]", [](auto& p) { p.add_analyzers("has:colon"); }},
      {"point.analyzers[1]", [](auto& p) { p.add_analyzers(""); }},
      {"point.analyzers[1]", [](auto& p) { p.add_analyzers(std::string(129, 'a')); }},
      {"point.description", [](auto& p) { p.set_description(std::string(1025, 'd')); }},
      {"point.point_id", [](auto& p) { p.set_point_id("feeder 12"); }},
      {"point.config.voltage_kind",
       [](auto& p) { p.mutable_config()->set_voltage_kind(std::string(100000, 'x')); }},
      {"point.analyzers[1]", [](auto& p) { p.add_analyzers(std::string(100000, 'x')); }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.field);
    pqa::v1::MeasurementPoint create = GoodPoint("feeder-13");
    c.spoil(create);
    pqa::v1::MeasurementPoint ignored;
    grpc::Status s = Create(create, &ignored);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
    EXPECT_THAT(s.error_message(), HasSubstr(std::string(c.field) + ":"));
    EXPECT_LT(s.error_message().size(), 400u);  // one line, not an echo of the input

    pqa::v1::UpdatePointRequest update;
    *update.mutable_point() = GoodPoint("feeder-12");
    c.spoil(*update.mutable_point());
    if (update.point().point_id() != "feeder-12") continue;  // an id no update can name
    s = registry_->UpdatePoint(As(kAdminToken).get(), update, &ignored);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
    EXPECT_THAT(s.error_message(), HasSubstr(std::string(c.field) + ":"));
  }
  // The store holds exactly the good point, untouched (revision 1).
  std::vector<pqa::v1::MeasurementPoint> all = AllPoints();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(all[0], good))
      << all[0].DebugString();
}

TEST_F(OperationsTest, DeleteRemovesAnEmptyPointAndKeepsOneWithData) {
  pqa::v1::MeasurementPoint p;
  ASSERT_TRUE(Create(GoodPoint("typo-point"), &p).ok());
  ASSERT_TRUE(Create(GoodPoint("feeder-12"), &p).ok());
  int stored = 0;
  std::vector<pqa::v1::Record> records;
  for (const auto& r : prodist::testing::MakeStream(3)) records.push_back(r.record);
  ASSERT_TRUE(Push("feeder-12", records, &stored).ok());
  ASSERT_EQ(stored, 3);

  pqa::v1::DeletePointRequest request;
  pqa::v1::DeletePointResponse response;
  request.set_point_id("typo-point");
  request.set_expected_revision(2);
  EXPECT_EQ(registry_->DeletePoint(As(kAdminToken).get(), request, &response).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // revision 1 is current
  EXPECT_EQ(registry_->DeletePoint(As(kOperatorToken).get(), request, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  request.set_expected_revision(1);
  EXPECT_TRUE(registry_->DeletePoint(As(kAdminToken).get(), request, &response).ok());
  EXPECT_EQ(registry_->DeletePoint(As(kAdminToken).get(), request, &response).error_code(),
            grpc::StatusCode::NOT_FOUND);

  request.set_point_id("feeder-12");
  request.set_expected_revision(0);
  grpc::Status s = registry_->DeletePoint(As(kAdminToken).get(), request, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("holds records"));
  std::vector<pqa::v1::MeasurementPoint> all = AllPoints();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].point_id(), "feeder-12");
}

TEST(TokenTable, TheSameTokenTwiceIsRefusedWithoutPrintingIt) {
  const std::string text =
      "# operators\nsame-token-0123456789:ops:operator\nsame-token-0123456789:an-1:analyzer\n";
  auto table = TokenTable::Parse(text, "/etc/pqa/tokens");
  ASSERT_FALSE(table.ok());
  EXPECT_THAT(std::string(table.status().message()), HasSubstr("/etc/pqa/tokens:3"));
  EXPECT_THAT(std::string(table.status().message()), HasSubstr("line 2"));
  EXPECT_THAT(std::string(table.status().message()), Not(HasSubstr("same-token")));
}

// Text of `url` (http://127.0.0.1:PORT/metrics) through a plain socket:
// the exposer is a real HTTP server.
std::string HttpGet(int port, const std::string& path) {
  const std::string command = "exec 3<>/dev/tcp/127.0.0.1/" + std::to_string(port) +
                              "; printf 'GET " + path +
                              " HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3; cat <&3";
  std::string out;
  FILE* pipe = popen(("bash -c \"" + command + "\"").c_str(), "r");
  if (pipe == nullptr) return out;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  pclose(pipe);
  return out;
}

// The value of the sample line that starts with `series` ("name{labels}").
double Sample(const std::string& text, const std::string& series) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
  }
  return -1;
}

TEST_F(OperationsTest, MetricsCountStoredRecordsAndCallsAndTheAccessLogNamesThem) {
  pqa::v1::MeasurementPoint p;
  ASSERT_TRUE(Create(GoodPoint("feeder-12"), &p).ok());
  std::vector<pqa::v1::Record> records;
  for (const auto& r : prodist::testing::MakeStream(250)) records.push_back(r.record);
  int stored = 0;
  ASSERT_TRUE(Push("feeder-12", records, &stored).ok());
  records.resize(40);  // resent: duplicates, not stored again
  ASSERT_TRUE(Push("feeder-12", records, &stored).ok());
  EXPECT_EQ(stored, 0);
  // Refused calls: no token, an unknown token, an operator creating a point.
  pqa::v1::ListPointsResponse list;
  EXPECT_EQ(registry_->ListPoints(As(nullptr).get(), {}, &list).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(registry_->ListPoints(As("not-a-token-0123456789").get(), {}, &list).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  pqa::v1::CreatePointRequest create;
  *create.mutable_point() = GoodPoint("feeder-13");
  EXPECT_EQ(registry_->CreatePoint(As(kOperatorToken).get(), create, &p).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  ASSERT_GT(server_->metrics_port(), 0);
  const std::string http = HttpGet(server_->metrics_port(), "/metrics");
  ASSERT_THAT(http, HasSubstr("200 OK"));
  EXPECT_EQ(Sample(http, "pqa_ingest_records_stored_total"), 250);
  EXPECT_EQ(Sample(http, "pqa_ingest_events_stored_total"), 0);
  EXPECT_EQ(Sample(http, "pqa_ingest_duplicates_total"), 40);
  EXPECT_EQ(Sample(http, "pqa_points_registered"), 1);
  EXPECT_EQ(Sample(http, "pqa_subscriptions_active"), 0);
  EXPECT_EQ(Sample(http,
                   "pqa_rpc_requests_total{code=\"UNAUTHENTICATED\",method=\"/"
                   "pqa.v1.PointRegistry/ListPoints\"}"),
            2);
  EXPECT_EQ(Sample(http, "pqa_rpc_requests_total{code=\"OK\",method=\"/pqa.v1.Ingest/Push\"}"), 2);
  EXPECT_EQ(Sample(http, "pqa_rpc_duration_seconds_count{method=\"/pqa.v1.Ingest/Push\"}"), 2);
  EXPECT_GE(Sample(http, "pqa_db_commit_duration_seconds_count"), 2);

  server_.reset();  // the log is complete and no longer written
  const std::string log = log_.str();
  EXPECT_THAT(log, HasSubstr("\"method\":\"/pqa.v1.Ingest/Push\",\"peer\":\"ipv"));
  EXPECT_THAT(log, HasSubstr("\"principal\":\"analyzer-1\",\"code\":\"OK\""));
  EXPECT_THAT(log, HasSubstr("\"items\":250}"));
  EXPECT_THAT(log, HasSubstr("\"principal\":\"\",\"code\":\"UNAUTHENTICATED\""));
  EXPECT_THAT(log, HasSubstr("\"principal\":\"(unknown token)\",\"code\":\"UNAUTHENTICATED\""));
  EXPECT_THAT(log, HasSubstr("\"principal\":\"control-room\",\"code\":\"PERMISSION_DENIED\""));
  // Secrets never: neither the tokens of the table nor the one presented.
  for (const char* secret :
       {kAdminToken, kOperatorToken, kAnalyzer1Token, "not-a-token-0123456789"}) {
    EXPECT_THAT(log, Not(HasSubstr(secret)));
  }
  int lines = 0;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);) lines += line.find("\"event\":\"call\"") == 1;
  EXPECT_EQ(lines, 6);  // a create, 2 pushes and 3 refused calls
}

// grpc.health.v1.Health/Check for `service`: the response bytes (08 01 = SERVING).
std::pair<grpc::Status, std::string> HealthCheck(const std::shared_ptr<grpc::Channel>& channel,
                                                 const std::string& service) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  std::string request_bytes;
  if (!service.empty()) {
    request_bytes = std::string("\x0a", 1) + static_cast<char>(service.size()) + service;
  }
  grpc::Slice slice(request_bytes);
  grpc::ByteBuffer request(&slice, 1), response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request, &response,
                 [&](grpc::Status s) { done.set_value(s); });
  grpc::Status s = done.get_future().get();
  std::vector<grpc::Slice> slices;
  std::string bytes;
  if (s.ok() && response.Dump(&slices).ok()) {
    for (const auto& sl : slices)
      bytes.append(reinterpret_cast<const char*>(sl.begin()), sl.size());
  }
  return {s, bytes};
}

TEST_F(OperationsTest, HealthPerServiceAndADrainingServerEndsSubscriptionsWithUnavailable) {
  for (const char* name :
       {"pqa.v1.PointRegistry", "pqa.v1.Ingest", "pqa.v1.Query", "pqa.v1.Subscription"}) {
    auto [status, bytes] = HealthCheck(channel_, name);
    EXPECT_TRUE(status.ok()) << name << ": " << status.error_message();
    EXPECT_EQ(bytes, std::string("\x08\x01", 2)) << name;
  }
  EXPECT_EQ(HealthCheck(channel_, "pqa.v1.Nothing").first.error_code(),
            grpc::StatusCode::NOT_FOUND);

  pqa::v1::MeasurementPoint p;
  ASSERT_TRUE(Create(GoodPoint("feeder-12"), &p).ok());
  auto subscriber = pqa::v1::Subscription::NewStub(channel_);
  auto context = As(kOperatorToken);
  pqa::v1::SubscribeRequest request;
  request.add_point_ids("feeder-12");
  request.set_records(true);
  auto stream = subscriber->Subscribe(context.get(), request);
  // Wait until the subscription is open on the server.
  for (int i = 0;
       i < 200 && server_->metrics().Text().find("pqa_subscriptions_active 1") == std::string::npos;
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::thread drain([&] { server_->Shutdown(5000); });
  pqa::v1::Update update;
  while (stream->Read(&update)) {
  }
  grpc::Status s = stream->Finish();
  drain.join();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
}

TEST_F(OperationsTest, ListRecordsPagesStayUnderTheMessageLimit) {
  pqa::v1::MeasurementPoint p;
  ASSERT_TRUE(Create(GoodPoint("feeder-12"), &p).ok());
  // Records as a full analyzer writes them: 49 harmonic orders per phase.
  std::vector<pqa::v1::Record> records;
  for (const auto& r : prodist::testing::MakeStream(5000)) {
    pqa::v1::Record record = r.record;
    for (auto& phase : *record.mutable_phases()) {
      for (int h = 2; h <= 50; ++h) phase.add_dit_pct(1.0 / h + 0.001 * h);
    }
    records.push_back(std::move(record));
  }
  ASSERT_GT(records[0].ByteSizeLong() * 5000, 4u << 20);  // one page of 5,000 would not fit
  int stored = 0;
  ASSERT_TRUE(Push("feeder-12", records, &stored).ok());
  ASSERT_EQ(stored, 5000);
  pqa::v1::ListRecordsRequest request;
  request.set_point_id("feeder-12");
  request.set_page_size(5000);
  int total = 0, pages = 0;
  std::string last_start;
  do {
    pqa::v1::ListRecordsResponse page;
    grpc::Status s = query_->ListRecords(As(kOperatorToken).get(), request, &page);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_LE(page.ByteSizeLong(), 4u << 20);
    ASSERT_GT(page.records_size(), 0);
    EXPECT_GT(page.records(0).start(), last_start);  // nothing twice, in order
    last_start = page.records(page.records_size() - 1).start();
    total += page.records_size();
    ++pages;
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  EXPECT_EQ(total, 5000);
  EXPECT_GE(pages, 2);
}

TEST_F(OperationsTest, ListEventsReturnsEveryEventOnceWhenMoreShareAStartThanAPageHolds) {
  pqa::v1::MeasurementPoint p;
  ASSERT_TRUE(Create(GoodPoint("feeder-12"), &p).ok());
  pqa::v1::IngestItem item;
  item.set_point_id("feeder-12");
  item.set_sequence(1);
  item.set_flush(true);
  // Five events at one instant (different durations: different keys), two after.
  for (int i = 0; i < 7; ++i) {
    pqa::v1::VtcdEvent& e = *item.add_events();
    e.set_type("AMT");
    e.set_start(i < 5 ? "2025-03-03T10:00:00.000Z"
                      : (i == 5 ? "2025-03-03T11:00:00.000Z" : "2025-03-03T12:00:00.000Z"));
    e.set_duration_ms(120 + i);
    e.set_amplitude_pu(0.85);
    e.add_phases("C");
  }
  auto context = As(kAnalyzer1Token);
  auto stream = ingest_->Push(context.get());
  ASSERT_TRUE(stream->Write(item));
  stream->WritesDone();
  pqa::v1::IngestAck ack;
  while (stream->Read(&ack)) {
  }
  ASSERT_TRUE(stream->Finish().ok());
  ASSERT_EQ(ack.stored(), 7);

  pqa::v1::ListEventsRequest request;
  request.set_point_id("feeder-12");
  request.set_page_size(2);
  std::vector<double> durations;
  int pages = 0;
  do {
    pqa::v1::ListEventsResponse page;
    grpc::Status s = query_->ListEvents(As(kOperatorToken).get(), request, &page);
    ASSERT_TRUE(s.ok()) << s.error_message();
    for (const auto& e : page.events()) durations.push_back(e.duration_ms());
    request.set_page_token(page.next_page_token());
    ASSERT_LT(++pages, 10) << "pagination does not progress";
  } while (!request.page_token().empty());
  std::sort(durations.begin(), durations.end());
  EXPECT_THAT(durations, ::testing::ElementsAre(120, 121, 122, 123, 124, 125, 126));
  EXPECT_EQ(pages, 4);
}

}  // namespace
}  // namespace pqa::service
