// `pqa analyze --push` against an in-process service over TLS, inside a
// network namespace of the test's own (veth for the sampled values,
// loopback for gRPC): the records and events go through the durable spool
// of `pqa push --recording` to the service; SIGTERM closes the open
// intervals as incomplete and exits 0; a restart continues the spool and
// the service ends up with every line once.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "gtest/gtest.h"
#include "host/io/open_recording.h"
#include "host/sv/sv_commands.h"
#include "host/sv/sv_publisher.h"
#include "host/synth/synth_source.h"
#include "pqa/v1/query.grpc.pb.h"
#include "tests/service/client_calls.h"
#include "tests/service/tls_server.h"
#include "tests/sv/sv_netns.h"

namespace pqa::service {
namespace {

namespace fs = std::filesystem;

int CountLines(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) ++n;
  return n;
}

class AnalyzePushTest : public testing::TlsServiceTest {
 protected:
  void SetUp() override {
    if (!ns_.skip_reason().empty()) GTEST_SKIP() << ns_.skip_reason();
    ASSERT_TRUE(ns_.Enter());
    testing::TlsServiceTest::SetUp();
    std::ofstream(dir_ / "analyzer.token") << testing::kAnalyzer1Token << "\n";
    grpc::Status s = testing::RegisterPoint(channel_, "sub-1", "analyzer-1");
    ASSERT_TRUE(s.ok()) << s.error_message();
    query_ = pqa::v1::Query::NewStub(channel_);
  }

  std::vector<std::string> Args() const {
    return {"--sv",
            "svb",
            "--app-id",
            "0x4000",
            "--interval",
            "150cycle,10min",
            "--no-flicker",
            "--status-every",
            "0",
            "--queue",
            "600",
            "--push",
            "--server",
            "localhost:" + std::to_string(server_->port()),
            "--point",
            "sub-1",
            "--token-file",
            (dir_ / "analyzer.token").string(),
            "--ca",
            (dir_ / "cert.pem").string(),
            "--spool",
            (dir_ / "spool").string()};
  }

  int Stored(const std::string& interval) {
    pqa::v1::ListRecordsRequest request;
    request.set_point_id("sub-1");
    request.set_interval(interval);
    request.set_page_size(5000);
    pqa::v1::ListRecordsResponse page;
    grpc::Status s = query_->ListRecords(As(testing::kOperatorToken).get(), request, &page);
    return s.ok() ? page.records_size() : 0;
  }

  template <typename Done>
  static bool WaitFor(Done done, double seconds) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < until) {
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return done();
  }

  pqa::testing::VethNamespace ns_;
  std::unique_ptr<pqa::v1::Query::Stub> query_;
};

TEST_F(AnalyzePushTest, RecordsReachTheServiceThroughTheSpoolAndARestartContinuesIt) {
  const std::string records = (dir_ / "spool" / "4000" / "records.jsonl").string();
  int exit_code = -1;
  std::ostringstream out, err;
  std::thread analyze([&] { exit_code = sv::RunAnalyzeCommand(Args(), out, err); });
  // The analyzer is up once its spool exists.
  ASSERT_TRUE(WaitFor([&] { return fs::exists(records); }, 10)) << err.str();

  // 80 s of signal from 23:59:00.25, at 40 times real time.
  synth::WaveformSpec spec;
  spec.sample_rate_hz = 4800;
  spec.duration_s = 80;
  spec.start = *ParseRfc3339("2025-03-02T23:59:00.25Z");
  spec.variations = {{30, 0.3, 0.55, {true, false, false}}};
  synth::SynthSource source(spec);
  auto socket = sv::SvSocket::Open("sva");
  ASSERT_TRUE(socket.ok()) << socket.status();
  sv::PublishOptions p;
  p.pace = sv::Pace::kFactor;
  p.factor = 40;
  p.frame.refr_tm = true;
  ASSERT_TRUE(sv::Publish(source, *socket, p).ok());
  // 150-cycle records (3 s) reach the service as they close; those after
  // the sag wait for its PRODIST 3-minute aggregation to end (here: SIGTERM).
  ASSERT_TRUE(WaitFor([&] { return Stored("150cycle") >= 8; }, 30)) << err.str();
  ::kill(::getpid(), SIGTERM);
  analyze.join();
  EXPECT_EQ(exit_code, 0) << err.str();
  // SIGTERM closed the open 10-minute interval (00:00) as incomplete into the spool.
  const int spooled = CountLines(records);
  std::ifstream in(records);
  std::string line, last_10min;
  while (std::getline(in, line)) {
    if (line.find("\"10min\"") != std::string::npos) last_10min = line;
  }
  EXPECT_NE(last_10min.find("\"start\":\"2025-03-03T00:00:00Z\""), std::string::npos) << last_10min;
  EXPECT_NE(last_10min.find("\"complete\":false"), std::string::npos) << last_10min;

  // A restart with nothing new on the wire pushes what the first run left.
  std::ostringstream out2, err2;
  std::thread again([&] { exit_code = sv::RunAnalyzeCommand(Args(), out2, err2); });
  ASSERT_TRUE(WaitFor([&] { return Stored("150cycle") + Stored("10min") == spooled; }, 30))
      << Stored("150cycle") << " + " << Stored("10min") << " of " << spooled << "\n"
      << err2.str();
  ::kill(::getpid(), SIGTERM);
  again.join();
  EXPECT_EQ(exit_code, 0) << err2.str();
  // The spool was continued, not cleared, and nothing is stored twice.
  EXPECT_EQ(CountLines(records), spooled);
  EXPECT_EQ(Stored("150cycle") + Stored("10min"), spooled);
  EXPECT_EQ(Stored("10min"), 2);  // 23:50 and 00:00, both incomplete
  EXPECT_EQ(CountLines((dir_ / "spool" / "4000" / "events.jsonl").string()), 1);
}

}  // namespace
}  // namespace pqa::service
