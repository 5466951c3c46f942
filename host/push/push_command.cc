#include "host/push/push_command.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "host/cli/args.h"
#include "host/cli/command.h"
#include "host/push/push_session.h"
#include "host/push/recording_spool.h"
#include "host/push/service_connection.h"
#include "host/push/stop_signal.h"
#include "host/replay/replay_options.h"

namespace pqa::push {
namespace {

constexpr const char* kUsage =
    "pqa push [RECORDS] [--events FILE] [--follow] --point ID --token-file FILE [options]\n"
    "       pqa push --recording CFG|CFF|CSV --point ID --token-file FILE [replay options] "
    "[options]";

constexpr const char* kDescription =
    "Streams 10-minute records and VTCD events to the pqa service (`pqa serve`), as an "
    "analyzer in a substation does. Three ways to feed it: a records file and/or an events "
    "file (JSON Lines, as `pqa replay --records/--events` writes them) pushed once; the same "
    "files followed with --follow while a running analyzer appends to them, until SIGINT or "
    "SIGTERM; or --recording, which runs the analyzer on a recording (the options of `pqa "
    "replay`) and streams each record and event as it is produced.\n\n"
    "The service acknowledges a batch once it is committed; the position acknowledged in each "
    "input is kept on disk (FILE.pushed), so a new `pqa push` resumes after it. While the "
    "service is unreachable the lines wait on disk (the input files, or the spool of "
    "--recording) and are resent on reconnect; the service stores each record (point, start, "
    "length) and each event (point, start, duration) once, so nothing is duplicated.";

constexpr const char* kEpilog =
    "Examples:\n"
    "  # a week of records and events produced by pqa replay, pushed once\n"
    "  pqa push week.jsonl --events week-events.jsonl --server central:50051 \\\n"
    "      --point sub-7 --token-file analyzer.token --ca ca.pem\n"
    "  # follow the files a running analyzer appends to (stop with Ctrl-C or SIGTERM)\n"
    "  pqa push live.jsonl --events live-events.jsonl --follow --server central:50051 \\\n"
    "      --point sub-7 --token-file analyzer.token --ca ca.pem\n"
    "  # analyze a recording and stream its records and events as they are produced\n"
    "  pqa push --recording site.cfg --nominal-voltage 220 --server central:50051 \\\n"
    "      --point sub-7 --token-file analyzer.token --ca ca.pem --spool /var/spool/pqa/site\n"
    "\n"
    "Following: a file that does not exist yet is waited for; a last line without its\n"
    "newline waits until the analyzer completes it; a file truncated below the pushed\n"
    "position is pushed again from its start; a file rotated away (renamed, a new one\n"
    "created under the name) is finished first, then the new one is pushed from its start.\n"
    "Each is reported on stderr as a JSON line with a \"message\".\n"
    "SIGINT/SIGTERM: no new lines are sent, the batch in flight is committed and\n"
    "acknowledged, the position saved, exit 0.\n"
    "\n"
    "Recording: the records and events go to DIR/records.jsonl and DIR/events.jsonl\n"
    "(--spool, default RECORDING.spool) as the analyzer produces them; a finished replay\n"
    "leaves DIR/complete, and a later push of the same recording with the same options\n"
    "sends what is left of the spool without analyzing again.\n"
    "\n"
    "Exit status: 0 everything acknowledged (or stopped by a signal), 1 bad input (the\n"
    "message names the file, line and field), the service refused the push, or it stayed\n"
    "unreachable for --retry-for; 2 the command line is wrong.\n";

}  // namespace

absl::StatusOr<PushTarget> PushTargetFrom(const cli::ArgParser& parser) {
  auto connection = ConnectionFrom(parser);
  if (!connection.ok()) return connection.status();
  PushTarget target;
  target.server = connection->server;
  target.point_id = parser.Get("point");
  target.token = std::move(connection->token);
  target.credentials = std::move(connection->credentials);
  target.trust = std::move(connection->trust);
  return target;
}

namespace {

// Opens `path` at the position its cursor file holds.
// With `follow`, a file that does not exist yet is waited for.
absl::Status AddInput(ItemKind kind, const std::string& path, const std::string& cursor_path,
                      bool follow, std::vector<PushInput>& inputs, std::ostream& err) {
  absl::StatusOr<FilePosition> from = ReadCursor(cursor_path);
  if (!from.ok()) return from.status();
  std::string notice;
  auto tail = LineTail::Open(path, *from, &notice, follow);
  if (!tail.ok()) return tail.status();
  if (!notice.empty()) LogNotice(err, "opened", path, notice);
  inputs.push_back(PushInput{kind, *std::move(tail), cursor_path});
  return absl::OkStatus();
}

}  // namespace

int RunPushCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  cli::ArgParser parser(kUsage, kDescription);
  parser.AddPositional("RECORDS", "records file (JSON Lines, pqa.v1.Record a line)", false);
  parser.AddOption("events", "FILE", "events file (JSON Lines, pqa.v1.VtcdEvent a line)");
  parser.AddFlag("follow", "keep reading the files as they grow, until SIGINT/SIGTERM");
  parser.AddOption("recording", "FILE",
                   "analyze this recording (.cfg with its .dat, .cff, .csv) and push its records "
                   "and events; the options from --format on are those of `pqa replay` and "
                   "apply to it");
  parser.AddOption("spool", "DIR",
                   "--recording: where produced lines wait (default RECORDING.spool)");
  parser.AddOption("point", "ID", "registered measurement point the data belong to");
  AddConnectionOptions(parser, "file holding this analyzer's bearer token");
  parser.AddOption("state", "FILE", "acknowledged position in RECORDS (default RECORDS.pushed)");
  parser.AddOption("events-state", "FILE",
                   "acknowledged position in the events file (default EVENTS.pushed)");
  parser.AddOption("batch", "N",
                   "lines per acknowledged batch (1..10000); they travel up to 1,000 a message",
                   "144");
  parser.AddOption("retry-for", "SECONDS",
                   "give up after the service was unreachable this long without progress "
                   "(default 600; with --follow, never)");
  parser.AddOption("poll", "SECONDS",
                   "how often the end of a followed file is looked at again (0.01..60)", "0.2");
  replay::AddReplayOptions(parser);
  parser.AddEpilog(kEpilog);
  if (auto code = cli::ParseOrExit(parser, args, "pqa push", out, err)) return *code;
  auto usage = [&](const std::string& message) {
    err << "pqa push: " << message << "\n(see pqa push --help)\n";
    return cli::kExitUsage;
  };
  auto fail = [&](const absl::Status& status) {
    err << "pqa push: " << status.message() << "\n";
    return cli::kExitBadInput;
  };
  const std::optional<std::string> records_path = parser.Positional("RECORDS");
  const bool recording = parser.Has("recording");
  const bool follow = parser.Flag("follow");
  if (parser.Get("point").empty() || parser.Get("token-file").empty()) {
    return usage("--point and --token-file are required");
  }
  if (recording && (records_path || parser.Has("events") || follow)) {
    return usage(
        "--recording produces its own records and events: give no RECORDS, --events "
        "or --follow with it");
  }
  if (!recording && !records_path && !parser.Has("events")) {
    return usage("nothing to push: give RECORDS, --events FILE or --recording FILE");
  }
  auto batch = parser.GetInt("batch");
  if (!batch.ok() || *batch < 1 || *batch > 10000) {
    return usage("--batch '" + parser.Get("batch") + "': expected 1..10000 lines");
  }
  PushPolicy policy;
  if (parser.Has("retry-for")) {
    auto retry_for = parser.GetDouble("retry-for");
    if (!retry_for.ok() || !(*retry_for >= 0)) {
      return usage("--retry-for '" + parser.Get("retry-for") + "': expected seconds >= 0");
    }
    policy.retry_for_s = *retry_for;
  } else {
    policy.retry_for_s = follow ? -1 : 600;
  }
  auto poll = parser.GetDouble("poll");
  if (!poll.ok() || !(*poll >= 0.01 && *poll <= 60)) {
    return usage("--poll '" + parser.Get("poll") + "': expected 0.01..60 seconds");
  }
  policy.poll = std::chrono::milliseconds(static_cast<int>(*poll * 1000));
  std::optional<replay::ReplayOptions> replay_options;
  if (recording) {
    auto o = replay::ReplayOptionsFrom(parser, parser.Get("recording"));
    if (!o.ok()) return usage(std::string(o.status().message()));
    replay_options = *std::move(o);
  }
  QuietGrpcLogs();
  absl::StatusOr<PushTarget> target = PushTargetFrom(parser);
  if (!target.ok()) return fail(target.status());
  target->batch = static_cast<int>(*batch);

  // Signals stop a follow or a replay cleanly; a one-shot push of files
  // keeps the default (its cursor is written atomically after every ack).
  std::optional<StopOnSignal> signals;
  if (follow || recording) {
    signals.emplace();
    policy.stop = &signals->requested();
  }
  std::vector<PushInput> inputs;
  std::unique_ptr<RecordingSpool> spool;
  if (recording) {
    const std::string input = parser.Get("recording");
    auto key = RecordingKey(input, absl::StrJoin(args, " "));
    if (!key.ok()) return fail(key.status());
    const std::string dir = parser.Has("spool") ? parser.Get("spool") : input + ".spool";
    auto started = RecordingSpool::Start(*replay_options, dir, *key, policy.stop);
    if (!started.ok()) return fail(started.status());
    spool = *std::move(started);
    if (spool->reused())
      err << "pqa push: " << dir << " holds the finished replay; pushing what is left\n";
    for (auto [kind, path] : {std::pair{ItemKind::kRecord, spool->records_path()},
                              std::pair{ItemKind::kEvent, spool->events_path()}}) {
      if (absl::Status s = AddInput(kind, path, path + ".pushed", false, inputs, err); !s.ok()) {
        return fail(s);
      }
    }
    RecordingSpool* producer = spool.get();
    policy.inputs_complete = [producer] { return producer->done(); };
    policy.producer_error = [producer] {
      return producer->done() ? producer->status() : absl::OkStatus();
    };
  } else {
    if (records_path) {
      const std::string state =
          parser.Has("state") ? parser.Get("state") : *records_path + ".pushed";
      if (absl::Status s = AddInput(ItemKind::kRecord, *records_path, state, follow, inputs, err);
          !s.ok()) {
        return fail(s);
      }
    }
    if (parser.Has("events")) {
      const std::string events = parser.Get("events");
      const std::string state =
          parser.Has("events-state") ? parser.Get("events-state") : events + ".pushed";
      if (absl::Status s = AddInput(ItemKind::kEvent, events, state, follow, inputs, err);
          !s.ok()) {
        return fail(s);
      }
    }
    if (follow) policy.inputs_complete = [] { return false; };
  }

  absl::StatusOr<PushTotals> totals = PushInputs(*target, inputs, policy, err);
  if (!totals.ok()) return fail(totals.status());
  if (spool && !totals->interrupted && !spool->status().ok()) return fail(spool->status());
  out << (totals->interrupted ? "stopped by signal after pushing " : "pushed ") << totals->sent[0]
      << " records and " << totals->sent[1] << " events to " << target->point_id << ": "
      << totals->acknowledged << " acknowledged, " << totals->stored << " stored, "
      << totals->duplicates << " already held\n";
  return cli::kExitOk;
}

}  // namespace pqa::push
