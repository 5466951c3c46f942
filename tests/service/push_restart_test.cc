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

// One analyzer's files and its `pqa push` running on a thread.
struct AnalyzerPush {
  std::string name;   // "analyzer-1"
  std::string token;  // its bearer token
  std::string point;  // the point it pushes for
  int records = 0;    // consecutive 10-minute records from 2025-03-03
  int events = 0;     // one event every `event_spacing_min` minutes over them
  int event_spacing_min = 0;
  int batch = 0;  // --batch
  fs::path dir;
  int exit_code = -1;
  std::ostringstream out{}, err{};
  std::thread thread{};

  std::string records_path() const { return (dir / (name + "-records.jsonl")).string(); }
  std::string events_path() const { return (dir / (name + "-events.jsonl")).string(); }
  std::int64_t Acknowledged(const std::string& input) const {
    return push::ReadCursor(input + ".pushed").value_or(push::FilePosition{}).lines;
  }

  void WriteFiles() const {
    std::ofstream(dir / (name + ".token")) << token << "\n";
    std::ofstream records_file(records_path());
    for (const auto& r : prodist::testing::MakeStream(records)) {
      records_file << analyzer::ToJsonLine(r.record) << "\n";
    }
    std::ofstream events_file(events_path());
    for (int i = 0; i < events; ++i) {
      pqa::v1::VtcdEvent e;
      e.set_type(i % 3 == 0 ? "IMT" : "AMT");
      e.set_start(FormatRfc3339(
          prodist::testing::BaseTime() + i * event_spacing_min * kNsPerMinute + 10'004'000'000, 3));
      e.set_duration_ms(100.0 + i % 50);
      e.set_amplitude_pu(i % 3 == 0 ? 0.05 : 0.6);
      e.add_phases(std::string("A"));
      events_file << analyzer::ToJsonLine(e) << "\n";
    }
  }

  void Start(int port) {
    thread = std::thread([this, port] {
      exit_code = push::RunPushCommand(
          {records_path(), "--events", events_path(), "--server",
           "localhost:" + std::to_string(port), "--point", point, "--token-file",
           (dir / (name + ".token")).string(), "--ca", (dir / "cert.pem").string(), "--batch",
           std::to_string(batch), "--retry-for", "60"},
          out, err);
    });
  }
};

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

// Two analyzers push records and events at once; the server is killed with
// SIGKILL while both are under way and restarted. A lost acknowledged item
// would never be resent (the cursor is past it), so finding every item
// exactly once proves that nothing acknowledged was lost and nothing
// resent was stored twice.
TEST(PushRestart, KillNineMidPushLosesNothingAndDuplicatesNothing) {
  const fs::path dir = fs::temp_directory_path() / ("pqa_push_restart_" + std::to_string(getpid()));
  fs::create_directories(dir);
  const auto cert = testing::MakeCertificate(dir);
  ASSERT_FALSE(cert.cert_pem.empty());
  std::ofstream(dir / "tokens") << testing::TokenFileText();
  // analyzer-1: 40 days of records, an event every 37 minutes (1,500), in
  // batches of 20 so that the kill falls in the middle of both files;
  // analyzer-2: a week of records, an event every 33 minutes (300).
  AnalyzerPush first{"analyzer-1", testing::kAnalyzer1Token, "sub-1", 144 * 40, 1500, 37, 20, dir};
  AnalyzerPush second{"analyzer-2", testing::kAnalyzer2Token, "sub-2", 1008, 300, 33, 144, dir};
  first.WriteFiles();
  second.WriteFiles();
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
  for (const AnalyzerPush* a : {&first, &second}) {
    grpc::Status s = testing::RegisterPoint(channel, a->point, a->name);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  first.Start(port);
  second.Start(port);
  // Kill the server once part of analyzer-1's push is acknowledged.
  std::int64_t acked_at_kill = 0;
  for (int i = 0; i < 20000 && acked_at_kill < 500; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    acked_at_kill = first.Acknowledged(first.records_path());
  }
  server.Kill();
  const std::int64_t events_at_kill = first.Acknowledged(first.events_path());
  if (acked_at_kill < 500) {
    first.thread.join();
    second.thread.join();
    FAIL() << "push made no progress: exit " << first.exit_code << ", " << first.out.str()
           << first.err.str();
  }
  ASSERT_LT(acked_at_kill, first.records) << "push finished before the kill; make it longer";
  ASSERT_GT(events_at_kill, 0);
  ASSERT_LT(events_at_kill, first.events) << "events finished before the kill";
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  server.Start();
  first.thread.join();
  second.thread.join();
  // The kill really interrupted analyzer-1's push: it had to reconnect.
  EXPECT_NE(first.err.str().find("\"event\":\"retry\""), std::string::npos) << first.err.str();

  auto query = pqa::v1::Query::NewStub(channel);
  auto as_operator = [] {
    auto c = std::make_unique<grpc::ClientContext>();
    c->AddMetadata("authorization", std::string("Bearer ") + testing::kOperatorToken);
    return c;
  };
  for (const AnalyzerPush* a : {&first, &second}) {
    SCOPED_TRACE(a->name);
    EXPECT_EQ(a->exit_code, 0) << a->err.str();
    EXPECT_EQ(a->Acknowledged(a->records_path()), a->records);
    EXPECT_EQ(a->Acknowledged(a->events_path()), a->events);
    EXPECT_NE(a->out.str().find("pushed " + std::to_string(a->records) + " records and " +
                                std::to_string(a->events) + " events"),
              std::string::npos)
        << a->out.str();
    // Every record and every event exactly once.
    std::multiset<std::string> starts, event_starts;
    pqa::v1::ListRecordsRequest list;
    list.set_point_id(a->point);
    list.set_page_size(5000);
    grpc::Status s = testing::ForEachPage<pqa::v1::ListRecordsResponse>(
        list,
        [&](const auto& request, auto* page) {
          return query->ListRecords(as_operator().get(), request, page);
        },
        [&](const auto& page) {
          for (const auto& r : page.records()) starts.insert(r.start());
        });
    ASSERT_TRUE(s.ok()) << s.error_message();
    pqa::v1::ListEventsRequest list_events;
    list_events.set_point_id(a->point);
    list_events.set_page_size(5000);
    s = testing::ForEachPage<pqa::v1::ListEventsResponse>(
        list_events,
        [&](const auto& request, auto* page) {
          return query->ListEvents(as_operator().get(), request, page);
        },
        [&](const auto& page) {
          for (const auto& e : page.events()) event_starts.insert(e.start());
        });
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(starts.size(), static_cast<std::size_t>(a->records));
    EXPECT_EQ(std::set<std::string>(starts.begin(), starts.end()).size(),
              static_cast<std::size_t>(a->records));
    EXPECT_EQ(event_starts.size(), static_cast<std::size_t>(a->events));
    EXPECT_EQ(std::set<std::string>(event_starts.begin(), event_starts.end()).size(),
              static_cast<std::size_t>(a->events));
  }
  server.Kill();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace pqa::service
