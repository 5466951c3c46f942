// `pqa push` in its three modes against an in-process service over TLS on
// loopback: records and events files pushed once (events queried back with
// ListEvents), files followed while they grow (a partial last line, a
// truncation, SIGTERM), and a synthesised recording analyzed and streamed,
// also while the service is down at first (the spool buffers it).
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "host/analyzer/json_lines.h"
#include "host/common/time.h"
#include "host/prodist/test_records.h"
#include "host/push/push_command.h"
#include "host/push/push_cursor.h"
#include "host/synth/synth_recording.h"
#include "pqa/v1/query.grpc.pb.h"
#include "tests/service/client_calls.h"
#include "tests/service/tls_fixture.h"
#include "tests/service/tls_server.h"

namespace pqa::service {
namespace {

namespace fs = std::filesystem;

// The result of one `pqa push` run.
struct PushRun {
  int exit_code = -1;
  std::string out, err;
};

class PushModesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("pqa_push_modes_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    cert_ = testing::MakeCertificate(dir_);
    ASSERT_FALSE(cert_.cert_pem.empty()) << "openssl failed";
    std::ofstream(dir_ / "analyzer.token") << testing::kAnalyzer1Token << "\n";
    StartServer("127.0.0.1:0");
    port_ = server_->port();
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = cert_.cert_pem;
    channel_ = grpc::CreateChannel("localhost:" + std::to_string(port_), grpc::SslCredentials(ssl));
    query_ = pqa::v1::Query::NewStub(channel_);
    grpc::Status s = testing::RegisterPoint(channel_, "sub-1", "analyzer-1");
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  void TearDown() override {
    server_.reset();
    fs::remove_all(dir_);
  }

  void StartServer(const std::string& listen) {
    auto server = testing::StartTlsServer(dir_, cert_, listen);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }

  static std::unique_ptr<grpc::ClientContext> As(const char* token) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", std::string("Bearer ") + token);
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return context;
  }

  // The connection options every run shares, after the mode's own arguments.
  std::vector<std::string> Args(std::vector<std::string> mode) const {
    const std::vector<std::string> connection = {
        "--server",     "localhost:" + std::to_string(port_),
        "--point",      "sub-1",
        "--token-file", (dir_ / "analyzer.token").string(),
        "--ca",         (dir_ / "cert.pem").string()};
    mode.insert(mode.end(), connection.begin(), connection.end());
    return mode;
  }

  static PushRun Push(const std::vector<std::string>& args) {
    PushRun run;
    std::ostringstream out, err;
    run.exit_code = push::RunPushCommand(args, out, err);
    run.out = out.str();
    run.err = err.str();
    return run;
  }

  std::vector<pqa::v1::Record> Records(const std::string& interval = "10min") {
    pqa::v1::ListRecordsRequest request;
    request.set_point_id("sub-1");
    request.set_interval(interval);
    request.set_page_size(5000);
    pqa::v1::ListRecordsResponse page;
    grpc::Status s = query_->ListRecords(As(testing::kOperatorToken).get(), request, &page);
    // OUT_OF_RANGE: nothing stored yet.
    EXPECT_TRUE(s.ok() || s.error_code() == grpc::StatusCode::OUT_OF_RANGE) << s.error_message();
    return {page.records().begin(), page.records().end()};
  }

  std::vector<pqa::v1::VtcdEvent> Events() {
    pqa::v1::ListEventsRequest request;
    request.set_point_id("sub-1");
    request.set_page_size(5000);
    pqa::v1::ListEventsResponse page;
    grpc::Status s = query_->ListEvents(As(testing::kOperatorToken).get(), request, &page);
    EXPECT_TRUE(s.ok() || s.error_code() == grpc::StatusCode::OUT_OF_RANGE) << s.error_message();
    return {page.events().begin(), page.events().end()};
  }

  // Polls `done` every 20 ms for up to `seconds`.
  template <typename Done>
  static bool WaitFor(Done done, double seconds = 10) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < until) {
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return done();
  }

  std::string Path(const char* name) const { return (dir_ / name).string(); }
  static void Append(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::app) << text;
  }
  static std::string RecordLine(int index) {
    return analyzer::ToJsonLine(
               prodist::testing::MakeRecord(prodist::testing::BaseTime(), index).record) +
           "\n";
  }
  // A sag of `duration_ms` on phase A, `minutes` after the base time.
  static pqa::v1::VtcdEvent Sag(int minutes, double duration_ms) {
    pqa::v1::VtcdEvent e;
    e.set_type("AMT");
    e.set_start(
        FormatRfc3339(prodist::testing::BaseTime() + minutes * kNsPerMinute + 4'000'000, 3));
    e.set_duration_ms(duration_ms);
    e.set_amplitude_pu(0.55);
    e.add_phases(std::string("A"));
    return e;
  }

  fs::path dir_;
  testing::TestCertificate cert_;
  std::unique_ptr<Server> server_;
  int port_ = 0;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<pqa::v1::Query::Stub> query_;
};

TEST_F(PushModesTest, EventsArePushedBesideRecordsAndListedBack) {
  for (int i = 0; i < 6; ++i) Append(Path("records.jsonl"), RecordLine(i));
  const std::vector<pqa::v1::VtcdEvent> sags = {Sag(3, 120.0), Sag(14, 310.5), Sag(15, 2900.0),
                                                Sag(41, 16.7)};
  for (const auto& e : sags) Append(Path("events.jsonl"), analyzer::ToJsonLine(e) + "\n");

  PushRun run =
      Push(Args({Path("records.jsonl"), "--events", Path("events.jsonl"), "--batch", "3"}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out,
            "pushed 6 records and 4 events to sub-1: 10 acknowledged, 10 stored, 0 already held\n");
  const auto events = Events();
  ASSERT_EQ(events.size(), sags.size());
  for (std::size_t i = 0; i < sags.size(); ++i) {  // ListEvents orders by start, as written
    EXPECT_EQ(events[i].start(), sags[i].start());
    EXPECT_EQ(events[i].duration_ms(), sags[i].duration_ms());
    EXPECT_EQ(events[i].type(), "AMT");
  }
  EXPECT_EQ(Records().size(), 6u);
  EXPECT_EQ(push::ReadCursor(Path("events.jsonl.pushed"))->lines, 4);
  EXPECT_EQ(push::ReadCursor(Path("records.jsonl.pushed"))->lines, 6);

  // Nothing new: nothing sent.
  run = Push(Args({Path("records.jsonl"), "--events", Path("events.jsonl")}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out,
            "pushed 0 records and 0 events to sub-1: 0 acknowledged, 0 stored, 0 already held\n");
  // Progress lost (cursors deleted): everything is resent and nothing stored twice.
  fs::remove(Path("events.jsonl.pushed"));
  fs::remove(Path("records.jsonl.pushed"));
  run = Push(Args({Path("records.jsonl"), "--events", Path("events.jsonl")}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out,
            "pushed 6 records and 4 events to sub-1: 10 acknowledged, 0 stored, 10 already held\n");
  EXPECT_EQ(Events().size(), sags.size());
}

TEST_F(PushModesTest, LinesTravelInItemsOfABatchAndBothFilesArePushedToTheEnd) {
  // --batch 2: each item carries two lines of one file. The events file runs
  // out first; the push goes on with the records until both are done (a
  // round robin that revisited the exhausted file ended pushes early under
  // load: caught by the restart and recording tests, not by this one alone).
  for (int i = 0; i < 7; ++i) Append(Path("records.jsonl"), RecordLine(i));
  for (const auto& e : {Sag(3, 120.0), Sag(14, 310.5)}) {
    Append(Path("events.jsonl"), analyzer::ToJsonLine(e) + "\n");
  }
  PushRun run =
      Push(Args({Path("records.jsonl"), "--events", Path("events.jsonl"), "--batch", "2"}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out,
            "pushed 7 records and 2 events to sub-1: 9 acknowledged, 9 stored, 0 already held\n");
  EXPECT_EQ(Records().size(), 7u);
  EXPECT_EQ(Events().size(), 2u);
  EXPECT_EQ(push::ReadCursor(Path("records.jsonl.pushed"))->lines, 7);
}

TEST_F(PushModesTest, ABadEventLineIsReportedWithFileLineAndField) {
  Append(Path("events.jsonl"), analyzer::ToJsonLine(Sag(3, 120.0)) + "\n");
  Append(Path("events.jsonl"), R"({"type":"AMT","start":"2025-03-03T00:20:00Z","duration_ms":-5})"
                               "\n");
  PushRun run = Push(Args({"--events", Path("events.jsonl")}));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find(Path("events.jsonl") + ":2: duration_ms: expected"), std::string::npos)
      << run.err;
  // The good line before it was pushed and acknowledged.
  EXPECT_EQ(Events().size(), 1u);
  EXPECT_EQ(push::ReadCursor(Path("events.jsonl.pushed"))->lines, 1);
}

TEST_F(
    PushModesTest,
    FollowPushesAppendedLinesWaitsForAPartialLineSurvivesTruncationAndRotationAndStopsOnSigterm) {
  Append(Path("records.jsonl"), RecordLine(0) + RecordLine(1));
  // The events file does not exist yet: it is waited for.
  PushRun run;
  std::thread follower([&] {
    run = Push(Args(
        {Path("records.jsonl"), "--events", Path("events.jsonl"), "--follow", "--poll", "0.05"}));
  });
  EXPECT_TRUE(WaitFor([&] { return Records().size() == 2; }));
  // Half a line: not pushed until its newline arrives.
  const std::string third = RecordLine(2);
  Append(Path("records.jsonl"), third.substr(0, third.size() / 2));
  std::this_thread::sleep_for(std::chrono::milliseconds(400));  // 8 polls
  EXPECT_EQ(Records().size(), 2u);
  Append(Path("records.jsonl"), third.substr(third.size() / 2));
  Append(Path("events.jsonl"), analyzer::ToJsonLine(Sag(25, 200.0)) + "\n");
  EXPECT_TRUE(WaitFor([&] { return Records().size() == 3 && Events().size() == 1; }));
  EXPECT_TRUE(WaitFor([&] {
    return push::ReadCursor(Path("records.jsonl.pushed"))->lines == 3 &&
           push::ReadCursor(Path("events.jsonl.pushed"))->lines == 1;
  }));
  // The analyzer starts the file again (copy-truncate rotation): read from its start.
  fs::resize_file(Path("records.jsonl"), 0);
  Append(Path("records.jsonl"), RecordLine(3));
  EXPECT_TRUE(WaitFor([&] { return Records().size() == 4; }));
  // Rotation: the file is renamed away after one more line and a new one
  // takes its name; the old file is finished, then the new one read.
  Append(Path("records.jsonl"), RecordLine(4));
  fs::rename(Path("records.jsonl"), Path("records.jsonl.1"));
  Append(Path("records.jsonl"), RecordLine(5));
  EXPECT_TRUE(WaitFor([&] { return Records().size() == 6; }));
  EXPECT_TRUE(WaitFor([&] { return push::ReadCursor(Path("records.jsonl.pushed"))->lines == 1; }));
  kill(getpid(), SIGTERM);
  follower.join();
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.rfind("stopped by signal after pushing 6 records and 1 events", 0), 0u)
      << run.out;
  EXPECT_NE(run.err.find("\"event\":\"reopened\""), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("was truncated"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("was rotated"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("does not exist yet"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("appeared"), std::string::npos) << run.err;
  // The position saved is in the new file, after its one line.
  EXPECT_EQ(push::ReadCursor(Path("records.jsonl.pushed"))->lines, 1);
}

TEST_F(PushModesTest, AnUnterminatedLastLineIsLeftForTheNextPush) {
  const std::string third = RecordLine(2);
  Append(Path("records.jsonl"), RecordLine(0) + RecordLine(1) + third.substr(0, 40));
  PushRun run = Push(Args({Path("records.jsonl")}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find(Path("records.jsonl") + ":3: the last line has no newline yet"),
            std::string::npos)
      << run.err;
  EXPECT_EQ(Records().size(), 2u);
  // The writer finishes the line; the next push sends it and only it.
  Append(Path("records.jsonl"), third.substr(40));
  run = Push(Args({Path("records.jsonl")}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.rfind("pushed 1 records and 0 events to sub-1: 1 acknowledged, 1 stored", 0),
            0u)
      << run.out;
  EXPECT_EQ(Records().size(), 3u);
}

// 70 s at 60 Hz from 2025-03-03T00:00:00Z with a 500 ms sag to 0.5 pu on
// phase A at 20 s, as a COMTRADE file.
std::string WriteSagRecording(const fs::path& dir) {
  synth::WaveformSpec spec;
  spec.sample_rate_hz = 7680;  // 128 samples a cycle
  spec.duration_s = 70;
  spec.start = prodist::testing::BaseTime();
  spec.variations.push_back({20.0, 0.5, 0.5, {true, false, false}});
  const std::string path = (dir / "sag.cfg").string();
  EXPECT_TRUE(synth::WriteComtrade(spec, {}, path).ok());
  return path;
}

// What the recording holds, derived from its specification: 180-cycle (3 s
// at 60 Hz) records, 23 of them complete in 70 s, the one holding 20.0..20.5 s
// flagged (IEC 61000-4-30 4.7); one momentary sag (AMT, PRODIST table 5) on
// A, its start and length within one cycle (the half-cycle RMS resolution
// of IEC 61000-4-30 5.4.2) and residual 0.5 pu.
void ExpectTheSagRecording(const std::vector<pqa::v1::Record>& records,
                           const std::vector<pqa::v1::VtcdEvent>& events) {
  int complete = 0, flagged = 0;
  for (const auto& r : records) {
    EXPECT_EQ(r.duration_s(), 3.0);
    complete += r.complete();
    if (r.flagged()) {
      ++flagged;
      const double start_s = (*ParseRfc3339(r.start()) - prodist::testing::BaseTime()) /
                             static_cast<double>(kNsPerSecond);
      EXPECT_LE(start_s, 20.0);
      EXPECT_GT(start_s + 3.0, 20.0);
    }
  }
  EXPECT_EQ(complete, 23);
  EXPECT_EQ(flagged, 1);
  ASSERT_EQ(events.size(), 1u);
  const double cycle_ms = 1000.0 / 60;
  const double start_s = (*ParseRfc3339(events[0].start()) - prodist::testing::BaseTime()) /
                         static_cast<double>(kNsPerSecond);
  EXPECT_EQ(events[0].type(), "AMT");
  EXPECT_NEAR(start_s, 20.0, cycle_ms / 1000);
  EXPECT_NEAR(events[0].duration_ms(), 500.0, cycle_ms);
  EXPECT_NEAR(events[0].amplitude_pu(), 0.5, 0.01);
  ASSERT_EQ(events[0].phases_size(), 1);
  EXPECT_EQ(events[0].phases(0), "A");
}

TEST_F(PushModesTest, RecordingIsAnalyzedAndItsRecordsAndEventsStreamed) {
  const std::string recording = WriteSagRecording(dir_);
  const auto args = Args({"--recording", recording, "--interval", "150cycle", "--spool",
                          Path("spool"), "--batch", "5", "--poll", "0.05"});
  PushRun run = Push(args);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto records = Records("150cycle");
  ExpectTheSagRecording(records, Events());
  // Everything the analyzer produced was pushed once.
  std::ifstream spool(Path("spool") + "/records.jsonl");
  const long lines = std::count(std::istreambuf_iterator<char>(spool), {}, '\n');
  EXPECT_EQ(static_cast<long>(records.size()), lines);
  EXPECT_EQ(run.out, "pushed " + std::to_string(lines) + " records and 1 events to sub-1: " +
                         std::to_string(lines + 1) + " acknowledged, " + std::to_string(lines + 1) +
                         " stored, 0 already held\n");
  // Again: the finished spool is reused, the recording not analyzed again, nothing sent.
  run = Push(args);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("holds the finished replay"), std::string::npos) << run.err;
  EXPECT_EQ(run.out.rfind("pushed 0 records and 0 events", 0), 0u) << run.out;
}

TEST_F(PushModesTest, RecordingSpoolsWhileTheServiceIsDownAndResendsOnReconnect) {
  const std::string recording = WriteSagRecording(dir_);
  server_.reset();  // the point stays registered in the database
  PushRun run;
  std::thread pusher([&] {
    run = Push(Args({"--recording", recording, "--interval", "150cycle", "--spool", Path("spool"),
                     "--retry-for", "60"}));
  });
  // The analysis finishes into the spool while nobody acknowledges.
  EXPECT_TRUE(WaitFor([&] { return fs::exists(Path("spool") + "/complete"); }, 30));
  EXPECT_EQ(push::ReadCursor(Path("spool") + "/records.jsonl.pushed")->lines, 0);
  StartServer("127.0.0.1:" + std::to_string(port_));
  pusher.join();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  ExpectTheSagRecording(Records("150cycle"), Events());
  EXPECT_NE(run.out.find(" 0 already held"), std::string::npos) << run.out;
}

TEST_F(PushModesTest, SigtermDuringARecordingStopsCleanlyAndTheNextRunCompletesIt) {
  // 20 minutes at the lowest rate `pqa synth` offers: long enough to signal
  // while the analysis runs (400 records of 3 s).
  synth::WaveformSpec spec;
  spec.sample_rate_hz = 3200;
  spec.duration_s = 1200;
  spec.start = prodist::testing::BaseTime();
  const std::string recording = (dir_ / "long.cfg").string();
  ASSERT_TRUE(synth::WriteComtrade(spec, {}, recording).ok());
  const auto args = Args({"--recording", recording, "--interval", "150cycle", "--no-flicker",
                          "--spool", Path("spool"), "--batch", "5", "--poll", "0.05"});
  PushRun run;
  std::thread pusher([&] { run = Push(args); });
  const std::string cursor = Path("spool") + "/records.jsonl.pushed";
  ASSERT_TRUE(WaitFor([&] { return push::ReadCursor(cursor)->lines > 0; }));
  const bool analysis_running = !fs::exists(Path("spool") + "/complete");
  kill(getpid(), SIGTERM);
  pusher.join();
  ASSERT_TRUE(analysis_running) << "the analysis finished before the signal; make it longer";
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.rfind("stopped by signal", 0), 0u) << run.out;
  EXPECT_FALSE(fs::exists(Path("spool") + "/complete"));
  const std::size_t stored_before = Records("150cycle").size();
  EXPECT_GT(stored_before, 0u);
  EXPECT_LT(stored_before, 400u);

  // The unfinished spool is analyzed again; what was stored comes back as duplicates.
  run = Push(args);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find(std::to_string(stored_before) + " already held"), std::string::npos)
      << run.out;
  const auto records = Records("150cycle");
  int complete = 0;
  for (const auto& r : records) complete += r.complete();
  // 1,200 s hold 400 intervals of 3 s; the first starts once the engine has
  // its first window, so one may be short.
  EXPECT_GE(complete, 399);
  EXPECT_LE(complete, 400);
  // Everything the analysis produced is stored, once.
  std::ifstream spool(Path("spool") + "/records.jsonl");
  EXPECT_EQ(static_cast<long>(records.size()),
            std::count(std::istreambuf_iterator<char>(spool), {}, '\n'));
}

TEST_F(PushModesTest, UsageErrorsSayWhatToGive) {
  PushRun run = Push(Args({}));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("nothing to push"), std::string::npos) << run.err;
  run = Push(Args({Path("r.jsonl"), "--recording", Path("x.cfg")}));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--recording produces its own"), std::string::npos) << run.err;
  run = Push(Args({Path("absent.jsonl")}));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find(Path("absent.jsonl")), std::string::npos) << run.err;
  run = Push({"--help"});
  EXPECT_EQ(run.exit_code, 0);
  for (const char* taught :
       {"--events", "--follow", "--recording", "--spool", "Examples", "--nominal-voltage"}) {
    EXPECT_NE(run.out.find(taught), std::string::npos) << taught;
  }
}

}  // namespace
}  // namespace pqa::service
