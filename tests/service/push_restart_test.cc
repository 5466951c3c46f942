// `pqa push` of a records file and an events file against a server
// subprocess that is killed with SIGKILL in the middle of the push and
// restarted: every acknowledged item survives, and after the resend every
// record and every event is stored exactly once.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "google/protobuf/util/json_util.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "host/analyzer/json_lines.h"
#include "host/prodist/test_records.h"
#include "host/push/push_command.h"
#include "host/push/push_cursor.h"
#include "pqa/v1/query.grpc.pb.h"
#include "pqa/v1/registry.grpc.pb.h"
#include "tests/service/client_calls.h"
#include "tests/service/tls_fixture.h"

namespace pqa::service {
namespace {

namespace fs = std::filesystem;

constexpr int kRecords = 144 * 40;  // 40 days of 10-minute records
// One event every 37 minutes over the same 40 days: sent interleaved with
// the records, so the kill falls in the middle of both files.
constexpr int kEvents = 1500;

class ServerProcess {
 public:
  ServerProcess(std::vector<std::string> args) : args_(std::move(args)) {}
  ~ServerProcess() { Kill(); }
  void Start() {
    pid_ = fork();
    if (pid_ == 0) {
      std::vector<char*> argv;
      static std::string bin = PQA_SERVICE_SERVER_BIN;
      argv.push_back(bin.data());
      for (auto& a : args_) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(bin.c_str(), argv.data());
      _exit(127);
    }
  }
  void Kill() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  std::vector<std::string> args_;
  pid_t pid_ = -1;
};

TEST(PushRestart, KillNineMidPushLosesNothingAndDuplicatesNothing) {
  const fs::path dir = fs::temp_directory_path() / ("pqa_push_restart_" + std::to_string(getpid()));
  fs::create_directories(dir);
  const auto cert = testing::MakeCertificate(dir);
  ASSERT_FALSE(cert.cert_pem.empty());
  std::ofstream(dir / "tokens") << testing::TokenFileText();
  std::ofstream(dir / "analyzer.token") << testing::kAnalyzer1Token << "\n";
  {
    std::ofstream records(dir / "records.jsonl");
    google::protobuf::util::JsonPrintOptions json;
    json.preserve_proto_field_names = true;
    for (const auto& r : prodist::testing::MakeStream(kRecords)) {
      std::string line;
      ASSERT_TRUE(google::protobuf::util::MessageToJsonString(r.record, &line, json).ok());
      records << line << "\n";
    }
    std::ofstream events(dir / "events.jsonl");
    for (int i = 0; i < kEvents; ++i) {
      pqa::v1::VtcdEvent e;
      e.set_type(i % 3 == 0 ? "IMT" : "AMT");
      e.set_start(FormatRfc3339(
          prodist::testing::BaseTime() + i * 37 * 60 * kNsPerSecond + 10'004'000'000, 3));
      e.set_duration_ms(100.0 + i % 50);
      e.set_amplitude_pu(i % 3 == 0 ? 0.05 : 0.6);
      e.add_phases(std::string("A"));
      events << analyzer::ToJsonLine(e) << "\n";
    }
  }
  // A loopback port that the restarted server binds again; derived from the
  // pid so that parallel test runs do not collide.
  const int port = 20000 + getpid() % 20000;
  const std::string address = "127.0.0.1:" + std::to_string(port);
  ServerProcess server({"--listen", address, "--db", "sqlite:" + (dir / "db.sqlite").string(),
                        "--tls-cert", (dir / "cert.pem").string(), "--tls-key",
                        (dir / "key.pem").string(), "--tokens", (dir / "tokens").string(),
                        "--ingest-batch", "20"});
  server.Start();

  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = cert.cert_pem;
  auto channel =
      grpc::CreateChannel("localhost:" + std::to_string(port), grpc::SslCredentials(ssl));
  ASSERT_TRUE(
      channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(20)));
  auto admin = [](const char* token) {
    auto c = std::make_unique<grpc::ClientContext>();
    c->AddMetadata("authorization", std::string("Bearer ") + token);
    return c;
  };
  {
    grpc::Status s = testing::RegisterPoint(channel, "sub-1", "analyzer-1");
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  const std::string state = (dir / "records.jsonl.pushed").string();
  const std::string events_state = (dir / "events.jsonl.pushed").string();
  int exit_code = -1;
  std::ostringstream out, err;
  std::thread push([&] {
    exit_code = push::RunPushCommand(
        {(dir / "records.jsonl").string(), "--events", (dir / "events.jsonl").string(), "--server",
         "localhost:" + std::to_string(port), "--point", "sub-1", "--token-file",
         (dir / "analyzer.token").string(), "--ca", (dir / "cert.pem").string(), "--batch", "20",
         "--retry-for", "60"},
        out, err);
  });
  // Kill the server once part of the push is acknowledged.
  std::int64_t acked_at_kill = 0;
  for (int i = 0; i < 20000 && acked_at_kill < 500; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    acked_at_kill = push::ReadCursor(state).value_or(push::FilePosition{}).lines;
  }
  server.Kill();
  const std::int64_t events_at_kill =
      push::ReadCursor(events_state).value_or(push::FilePosition{}).lines;
  if (acked_at_kill < 500) {
    push.join();
    FAIL() << "push made no progress: exit " << exit_code << ", " << out.str() << err.str();
  }
  ASSERT_LT(acked_at_kill, kRecords) << "push finished before the kill; make it longer";
  ASSERT_GT(events_at_kill, 0);
  ASSERT_LT(events_at_kill, kEvents) << "events finished before the kill";
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  server.Start();
  push.join();
  EXPECT_EQ(exit_code, 0) << err.str();
  // The kill really interrupted the push: it had to reconnect.
  EXPECT_NE(err.str().find("\"event\":\"retry\""), std::string::npos) << err.str();
  EXPECT_EQ(push::ReadCursor(state).value_or(push::FilePosition{}).lines, kRecords);
  EXPECT_EQ(push::ReadCursor(events_state).value_or(push::FilePosition{}).lines, kEvents);
  // Items acknowledged before the kill and resent after it come back as
  // duplicates; the totals must add up to the files.
  EXPECT_NE(out.str().find("pushed " + std::to_string(kRecords) + " records and " +
                           std::to_string(kEvents) + " events"),
            std::string::npos)
      << out.str();

  // Every record and every event exactly once.
  auto query = pqa::v1::Query::NewStub(channel);
  std::multiset<std::string> starts, event_starts;
  pqa::v1::ListRecordsRequest list;
  list.set_point_id("sub-1");
  list.set_page_size(5000);
  grpc::Status s = testing::ForEachPage<pqa::v1::ListRecordsResponse>(
      list,
      [&](const auto& request, auto* page) {
        return query->ListRecords(admin(testing::kOperatorToken).get(), request, page);
      },
      [&](const auto& page) {
        for (const auto& r : page.records()) starts.insert(r.start());
      });
  ASSERT_TRUE(s.ok()) << s.error_message();
  pqa::v1::ListEventsRequest list_events;
  list_events.set_point_id("sub-1");
  list_events.set_page_size(5000);
  s = testing::ForEachPage<pqa::v1::ListEventsResponse>(
      list_events,
      [&](const auto& request, auto* page) {
        return query->ListEvents(admin(testing::kOperatorToken).get(), request, page);
      },
      [&](const auto& page) {
        for (const auto& e : page.events()) event_starts.insert(e.start());
      });
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(starts.size(), static_cast<std::size_t>(kRecords));
  EXPECT_EQ(std::set<std::string>(starts.begin(), starts.end()).size(),
            static_cast<std::size_t>(kRecords));
  EXPECT_EQ(event_starts.size(), static_cast<std::size_t>(kEvents));
  EXPECT_EQ(std::set<std::string>(event_starts.begin(), event_starts.end()).size(),
            static_cast<std::size_t>(kEvents));
  server.Kill();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace pqa::service
