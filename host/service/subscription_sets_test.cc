// Over TLS on loopback: a subscriber receives the closed 1,008-reading sets
// and their limit violations, resumes after a cursor, and the server answers
// gRPC health checks.
#include <unistd.h>

#include <filesystem>
#include <future>
#include <thread>

#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "host/prodist/test_records.h"
#include "host/service/server.h"
#include "pqa/v1/ingest.grpc.pb.h"
#include "pqa/v1/query.grpc.pb.h"
#include "pqa/v1/registry.grpc.pb.h"
#include "pqa/v1/subscription.grpc.pb.h"
#include "tests/service/tls_fixture.h"
#include "tests/service/tls_server.h"

namespace pqa::service {
namespace {

namespace fs = std::filesystem;
using testing::kAdminToken;
using testing::kAnalyzer1Token;
using testing::kOperatorToken;

class SubscriptionSetsTest : public testing::TlsServiceTest {
 protected:
  void RegisterAndPush(const std::vector<prodist::TimedRecord>& records) {
    pqa::v1::CreatePointRequest create;
    create.mutable_point()->set_point_id("sub-1");
    create.mutable_point()->mutable_config()->set_connection("220/127");
    create.mutable_point()->add_analyzers("analyzer-1");
    pqa::v1::MeasurementPoint point;
    auto registry = pqa::v1::PointRegistry::NewStub(channel_);
    ASSERT_TRUE(registry->CreatePoint(As(kAdminToken).get(), create, &point).ok());
    Push(records);
  }

  void Push(const std::vector<prodist::TimedRecord>& records) {
    auto ingest = pqa::v1::Ingest::NewStub(channel_);
    auto context = As(kAnalyzer1Token);
    auto stream = ingest->Push(context.get());
    std::uint64_t seq = 0;
    for (const auto& r : records) {
      pqa::v1::IngestItem item;
      item.set_point_id("sub-1");
      item.set_sequence(++seq);
      *item.mutable_record() = r.record;
      item.set_flush(seq % 144 == 0);
      ASSERT_TRUE(stream->Write(item));
    }
    stream->WritesDone();
    pqa::v1::IngestAck ack;
    while (stream->Read(&ack)) {
    }
    grpc::Status s = stream->Finish();
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(ack.last_sequence(), seq);
  }

  // Reads `n` updates of a subscription to sets and violations of sub-1.
  std::vector<pqa::v1::Update> Read(const std::string& cursor, int n) {
    pqa::v1::SubscribeRequest request;
    request.add_point_ids("sub-1");
    request.set_sets(true);
    request.set_violations(true);
    request.set_resume_cursor(cursor);
    auto context = As(kOperatorToken);
    auto reader = pqa::v1::Subscription::NewStub(channel_)->Subscribe(context.get(), request);
    std::vector<pqa::v1::Update> updates(n);
    for (auto& u : updates) {
      if (!reader->Read(&u)) break;
    }
    context->TryCancel();
    (void)reader->Finish();
    return updates;
  }
};

// 1,008 readings at 127 V with 40 at 114 V on phase A: the 220/127 V row of
// Annex 8.A puts 110..117 V in the precarious band, so nlp = 40 and
// DRP = 40/1008 x 100 = 3.968 % > 3 % (item 28): one violation, DRC = 0.
std::vector<prodist::TimedRecord> WeekAboveTheDrpLimit() {
  auto week = prodist::testing::MakeStream(1008);
  for (int i = 0; i < 40; ++i) week[i].record.mutable_phases(0)->set_rms_v(114.0);
  return week;
}

TEST_F(SubscriptionSetsTest, ClosedSetsAndViolationsArriveAndResumeAfterACursor) {
  // Subscribing from the start of the log ("0") sees everything stored.
  RegisterAndPush(WeekAboveTheDrpLimit());
  const auto updates = Read("0", 3);
  ASSERT_EQ(updates[0].payload_case(), pqa::v1::Update::kVoltageSet);
  EXPECT_EQ(updates[0].point_id(), "sub-1");
  EXPECT_EQ(updates[0].voltage_set().nlp(), 40);
  EXPECT_NEAR(updates[0].voltage_set().drp_pct(), 40.0 / 1008.0 * 100.0, 1e-9);
  EXPECT_EQ(updates[0].voltage_set().end(), "2025-03-10T00:00:00Z");
  ASSERT_EQ(updates[1].payload_case(), pqa::v1::Update::kViolation);
  EXPECT_EQ(updates[1].violation().violation().indicator(), "DRP");
  EXPECT_EQ(updates[1].violation().violation().limit(), 3.0);
  EXPECT_EQ(updates[1].violation().set_end(), "2025-03-10T00:00:00Z");
  ASSERT_EQ(updates[2].payload_case(), pqa::v1::Update::kDisturbanceSet);
  EXPECT_EQ(updates[2].disturbance_set().readings(), 1008);
  EXPECT_TRUE(updates[2].disturbance_set().violations().empty());  // no distortion recorded

  // Resuming after the set gives what followed it, not the set again.
  const auto resumed = Read(updates[0].cursor(), 2);
  EXPECT_EQ(resumed[0].cursor(), updates[1].cursor());
  EXPECT_EQ(resumed[0].payload_case(), pqa::v1::Update::kViolation);
  EXPECT_EQ(resumed[1].payload_case(), pqa::v1::Update::kDisturbanceSet);

  // The published set is the one GetSets reads.
  pqa::v1::GetSetsRequest request;
  request.set_point_id("sub-1");
  pqa::v1::GetSetsResponse sets;
  grpc::Status s =
      pqa::v1::Query::NewStub(channel_)->GetSets(As(kOperatorToken).get(), request, &sets);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(sets.voltage_sets_size(), 1);
  EXPECT_EQ(sets.voltage_sets(0).SerializeAsString(), updates[0].voltage_set().SerializeAsString());
}

TEST_F(SubscriptionSetsTest, ALateRecordWithdrawsTheSetsBeforeTheyArePublishedAgain) {
  // Intervals 0..1008 but 100: the sets end with interval 1008
  // (2025-03-10T00:10Z); interval 100 arriving late moves their end to
  // interval 1007 (2025-03-10T00:00Z).
  auto records = prodist::testing::MakeStream(1009);
  const prodist::TimedRecord late = records[100];
  records.erase(records.begin() + 100);
  RegisterAndPush(records);
  const auto first = Read("0", 2);
  ASSERT_EQ(first[0].payload_case(), pqa::v1::Update::kVoltageSet);
  EXPECT_EQ(first[0].voltage_set().end(), "2025-03-10T00:10:00Z");
  ASSERT_EQ(first[1].payload_case(), pqa::v1::Update::kDisturbanceSet);
  Push({late});
  const auto after = Read(first[1].cursor(), 4);
  ASSERT_EQ(after[0].payload_case(), pqa::v1::Update::kSetsReopened);
  EXPECT_EQ(after[0].sets_reopened().kind(), "voltage");
  EXPECT_EQ(after[0].sets_reopened().from_set_end(), "2025-03-10T00:10:00Z");
  EXPECT_EQ(after[0].sets_reopened().reason(), "late record");
  ASSERT_EQ(after[1].payload_case(), pqa::v1::Update::kVoltageSet);
  EXPECT_EQ(after[1].voltage_set().end(), "2025-03-10T00:00:00Z");
  ASSERT_EQ(after[2].payload_case(), pqa::v1::Update::kSetsReopened);
  EXPECT_EQ(after[2].sets_reopened().kind(), "disturbance");
  ASSERT_EQ(after[3].payload_case(), pqa::v1::Update::kDisturbanceSet);
  EXPECT_EQ(after[3].disturbance_set().end(), "2025-03-10T00:00:00Z");
}

TEST_F(SubscriptionSetsTest, ACursorOlderThanTheRetainedLogIsOutOfRange) {
  RegisterAndPush(prodist::testing::MakeStream(10));
  // The same database served with a one-second retention, pruned every 20 ms.
  ServiceLimits limits;
  limits.subscription_poll_ms = 20;
  limits.log_retention_s = 1;
  limits.log_prune_period_ms = 20;
  StartServer(limits);
  if (HasFatalFailure()) return;
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));

  pqa::v1::SubscribeRequest request;
  request.add_point_ids("sub-1");
  request.set_records(true);
  request.set_resume_cursor("3");  // records 4..10 were removed
  pqa::v1::Update update;
  auto context = As(kOperatorToken);
  auto reader = pqa::v1::Subscription::NewStub(channel_)->Subscribe(context.get(), request);
  EXPECT_FALSE(reader->Read(&update));
  grpc::Status s = reader->Finish();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::OUT_OF_RANGE);
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("older than the retained update log"));

  // Subscribing from now on works, and new records arrive.
  request.clear_resume_cursor();
  auto live_context = As(kOperatorToken);
  auto live = pqa::v1::Subscription::NewStub(channel_)->Subscribe(live_context.get(), request);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto next = prodist::testing::MakeStream(11);
  Push({next[10]});
  ASSERT_TRUE(live->Read(&update));
  EXPECT_EQ(update.record().start(), next[10].record.start());
  live_context->TryCancel();
  (void)live->Finish();
}

TEST_F(SubscriptionSetsTest, HealthCheckAnswersServing) {
  // grpc.health.v1.Health/Check with an empty request (service ""): the
  // response's field 1 (status) is SERVING = 1, encoded 08 01.
  grpc::GenericStub stub(channel_);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::ByteBuffer request, response;
  grpc::Slice empty("", 0);
  request = grpc::ByteBuffer(&empty, 1);
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request, &response,
                 [&](grpc::Status s) { done.set_value(s); });
  grpc::Status s = done.get_future().get();
  ASSERT_TRUE(s.ok()) << s.error_message();
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(response.Dump(&slices).ok());
  std::string bytes;
  for (const auto& slice : slices)
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  EXPECT_EQ(bytes, std::string("\x08\x01", 2));
}

}  // namespace
}  // namespace pqa::service
