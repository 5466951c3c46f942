#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "host/analyzer/json_lines.h"
#include "host/cli/args.h"
#include "host/cli/command.h"
#include "host/push/push_command.h"
#include "host/push/push_session.h"
#include "host/push/recording_spool.h"
#include "host/push/service_connection.h"
#include "host/push/stop_signal.h"
#include "host/replay/replay_options.h"
#include "host/sv/sv_commands.h"
#include "host/sv/sv_live.h"
#include "host/vtcd/event_json.h"
#include "host/vtcd/region_map.h"

namespace pqa::sv {
namespace {

constexpr const char* kUsage =
    "pqa analyze --sv IF [--app-id ID,... | --sv-id NAME,...] [replay options]\n"
    "       [--records FILE] [--events FILE] [--push --point ID,... --token-file FILE ...]";

constexpr const char* kDescription =
    "Analyzes live IEC 61850-9-2 sampled values (the 9-2LE profile merging units multicast "
    "on the process bus) without end, as a substation analyzer does: subscribes to one or "
    "more streams on an interface, checks each (smpCnt continuity and wrap, confRev, "
    "smpSynch, quality: invalid or questionable samples are a gap, never numbers) and runs "
    "the analyzer of `pqa replay` on it. Records, events and flags are written as they "
    "close (JSON Lines, appended) and/or pushed to the pqa service through the durable "
    "spool of `pqa push --recording`.\n\n"
    "Time: a synchronised merging unit (smpSynch 1 or 2) counts smpCnt from 0 at each "
    "second of UTC, so a sample's time is its second plus smpCnt / rate; the second is "
    "taken from the local clock when the stream starts (or from refrTm when the unit sends "
    "it) and then counted. The times are then within the unit's synchronisation error "
    "(9-2LE: 1 us) of UTC, provided the local clock is within 0.5 s. An unsynchronised "
    "stream is dated by the local clock at its first frame (network latency and the local "
    "clock's error, plus the unit's drift: up to 100 ppm, 0.36 s a day); records touched by "
    "such samples carry \"time_unsynchronised\": true.\n\n"
    "Faults: lost frames are a gap; a stream that stops (silent for --stop-after), jumps, "
    "restarts, changes confRev or its synchronisation ends the running windows (the "
    "records are incomplete, as for gaps in files) and resumes on its own. Each is a JSON "
    "line on stderr; a status line (frames received, lost, late, invalid, restarts, load) "
    "follows every --status-every seconds. SIGTERM/SIGINT close the open intervals as "
    "incomplete, write and spool what was measured and exit 0; a restart appends to the "
    "files and the spool and the push resumes where it stopped.";

constexpr const char* kEpilog =
    "The replay options (from --format on) set the analysis as for `pqa replay`:\n"
    "--format does not apply; --channels picks among IA, IB, IC, IN, VA, VB, VC, VN of\n"
    "the 9-2LE dataset (default VA, VB, VC); --currents IA,IB,IC[,IN] adds currents,\n"
    "power and energy (default none: a merging unit may mark its currents invalid);\n"
    "--nominal-frequency (default 60) also sets\n"
    "the stream's rate (80 or 256 samples per cycle); --threads defaults to 1.\n"
    "\n"
    "Several streams: --app-id 0x4000,0x4001 (or --sv-id MU01,MU02) follows each with\n"
    "its own analyzer; FILE names then need {stream}, replaced by the APPID in\n"
    "hexadecimal (4000) or the svID, and --point lists one point per stream, in order.\n"
    "\n"
    "Examples:\n"
    "  pqa analyze --sv eth1 --app-id 0x4000 --nominal-voltage 63.5 --nominal-frequency 60 \\\n"
    "      --records mu01.jsonl --events mu01-events.jsonl\n"
    "  pqa analyze --sv eth1 --app-id 0x4000,0x4001 --records 'bay-{stream}.jsonl' \\\n"
    "      --push --server central:50051 --point sub-7-bay1,sub-7-bay2 \\\n"
    "      --token-file analyzer.token --ca ca.pem --spool /var/spool/pqa-analyze\n"
    "\n"
    "Needs CAP_NET_RAW (root, or deploy/pqa-analyze@.service).\n"
    "Exit status: 0 stopped by a signal, 1 the interface, a file, the service or a stream's\n"
    "analysis failed (the message says which), 2 the command line is wrong.\n";

// Appends lines and flushes each, so that a record is on disk when it closes
// and a restart continues the file.
class LineFile {
 public:
  static absl::StatusOr<std::unique_ptr<LineFile>> Open(const std::string& path) {
    auto f = std::make_unique<LineFile>();
    f->path_ = path;
    f->out_.open(path, std::ios::out | std::ios::app);
    if (!f->out_) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": cannot open for appending (does the directory exist and is it writable?)"));
    }
    return f;
  }
  absl::Status Write(const google::protobuf::Message& m) {
    out_ << analyzer::ToJsonLine(m) << '\n';
    out_.flush();
    if (!out_) return absl::DataLossError(absl::StrCat(path_, ": write failed (disk full?)"));
    return absl::OkStatus();
  }

 private:
  std::string path_;
  std::ofstream out_;
};

std::string ForStream(const std::string& pattern, const std::string& label) {
  return absl::StrReplaceAll(pattern, {{"{stream}", label}});
}

}  // namespace

int RunAnalyzeCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  cli::ArgParser parser(kUsage, kDescription);
  parser.AddOption("sv", "IF", "network interface of the process bus (ip link lists them)");
  parser.AddOption("app-id", "LIST",
                   "APPIDs to follow, hexadecimal (0x4000..0x7FFF), comma separated");
  parser.AddOption("sv-id", "LIST", "svIDs to follow instead, comma separated");
  parser.AddOption("records", "FILE", "append the records here (JSON Lines); - for stdout");
  parser.AddOption("events", "FILE", "append the aggregated events here (JSON Lines)");
  parser.AddOption("samples-per-cycle", "N",
                   "80 or 256; default: from the frames (1 ASDU a frame: 80, 8: 256)");
  parser.AddOption("stop-after", "SECONDS",
                   "a stream silent this long has stopped: its windows end (0.05..60)", "0.5");
  parser.AddOption("queue", "SECONDS",
                   "signal a stream may hold waiting for the analyzer; beyond it samples are "
                   "dropped as a gap (1..3600)",
                   "60");
  parser.AddOption("status-every", "SECONDS", "status line period on stderr; 0: none", "10");
  parser.AddFlag("push", "also push records and events to the service (options below)");
  parser.AddOption("spool", "DIR", "--push: where lines wait, a subdirectory per stream",
                   "pqa-analyze.spool");
  parser.AddOption("point", "LIST", "--push: measurement point of each stream, in order");
  // --server, --token-file, --ca, --cert, --key, --insecure: those of `pqa push`.
  push::AddConnectionOptions(parser, "--push: file holding this analyzer's bearer token");
  parser.AddOption("batch", "N", "--push: lines per acknowledged batch (1..10000)", "144");
  replay::AddReplayOptions(parser);
  parser.AddEpilog(kEpilog);
  if (auto code = cli::ParseOrExit(parser, args, "pqa analyze", out, err)) return *code;
  auto usage = [&](const std::string& message) {
    err << "pqa analyze: " << message << "\n(see pqa analyze --help)\n";
    return cli::kExitUsage;
  };
  auto fail = [&](const absl::Status& st) {
    err << "pqa analyze: " << st.message() << "\n";
    return cli::kExitBadInput;
  };
  if (parser.Get("sv").empty()) return usage("--sv IF is required");
  if (parser.Has("app-id") == parser.Has("sv-id")) {
    return usage("give the streams to follow: --app-id LIST or --sv-id LIST (one of the two)");
  }
  LiveOptions live;
  live.interface = parser.Get("sv");
  for (const std::string& id : parser.GetList("app-id")) {
    const std::optional<std::uint16_t> app_id = ParseAppId(id);
    if (!app_id) return usage("--app-id '" + id + "': expected 0x4000..0x7FFF");
    LiveStreamSpec s;
    s.app_id = *app_id;
    s.label = absl::StrFormat("%04X", *app_id);
    live.streams.push_back(s);
  }
  for (const std::string& id : parser.GetList("sv-id")) {
    LiveStreamSpec s;
    s.sv_id = id;
    s.label = id;
    live.streams.push_back(s);
  }
  const std::size_t n = live.streams.size();
  if (n == 0) return usage("no stream given");
  for (const char* file : {"records", "events"}) {
    // Records do not name their stream: one file per stream, never a shared stdout.
    if (n > 1 && parser.Has(file) && parser.Get(file).find("{stream}") == std::string::npos) {
      return usage(absl::StrCat("--", file, ": with ", n,
                                " streams the file name needs {stream} (one file per stream)"));
    }
  }
  if (parser.Has("samples-per-cycle")) {
    auto spc = parser.GetInt("samples-per-cycle");
    if (!spc.ok() || (*spc != 80 && *spc != 256)) return usage("--samples-per-cycle: 80 or 256");
    live.stream.samples_per_cycle = static_cast<int>(*spc);
  }
  auto stop_after = parser.GetDouble("stop-after");
  if (!stop_after.ok() || !(*stop_after >= 0.05 && *stop_after <= 60)) {
    return usage("--stop-after: expected 0.05..60 seconds");
  }
  live.stream.stop_after_s = *stop_after;
  auto queue = parser.GetDouble("queue");
  if (!queue.ok() || !(*queue >= 1 && *queue <= 3600)) return usage("--queue: expected 1..3600 s");
  live.queue_s = *queue;
  auto status_every = parser.GetDouble("status-every");
  if (!status_every.ok() || !(*status_every >= 0)) return usage("--status-every: seconds >= 0");
  live.status_every_s = *status_every;
  auto replay_options = replay::ReplayOptionsFrom(parser, "");
  if (!replay_options.ok()) return usage(std::string(replay_options.status().message()));
  live.replay = *std::move(replay_options);
  if (live.replay.nominal_frequency_hz == 0) live.replay.nominal_frequency_hz = 60;
  // One analysis thread per stream; --threads 2 gives the class A engine a
  // second one (one stream on a two-core analyzer).
  if (!parser.Has("threads")) live.replay.analyzer.threads = 1;

  const bool push_wanted = parser.Flag("push");
  if (!push_wanted && !parser.Has("records") && !parser.Has("events")) {
    return usage("nothing to do with the records: give --records/--events and/or --push");
  }
  std::vector<std::string> points = parser.GetList("point");
  std::optional<push::PushTarget> target;
  if (push_wanted) {
    if (points.size() != n || parser.Get("token-file").empty()) {
      return usage(absl::StrCat("--push needs --token-file and --point with one point per stream (",
                                n, ")"));
    }
    auto batch = parser.GetInt("batch");
    if (!batch.ok() || *batch < 1 || *batch > 10000) return usage("--batch: expected 1..10000");
    auto t = push::PushTargetFrom(parser);
    if (!t.ok()) return fail(t.status());
    target = *std::move(t);
    target->batch = static_cast<int>(*batch);
  }

  const vtcd::RegionMap regions = vtcd::RegionMap::Default();
  const std::vector<std::string> phase_names = {"A", "B", "C"};
  std::vector<std::unique_ptr<LineFile>> record_files(n), event_files(n);
  std::vector<std::unique_ptr<push::RecordingSpool>> spools(n);
  std::mutex stdout_mu;
  for (std::size_t i = 0; i < n; ++i) {
    LiveStreamSpec& s = live.streams[i];
    const bool to_stdout = parser.Get("records") == "-";
    if (parser.Has("records") && !to_stdout) {
      auto f = LineFile::Open(ForStream(parser.Get("records"), s.label));
      if (!f.ok()) return fail(f.status());
      record_files[i] = *std::move(f);
    }
    if (parser.Has("events")) {
      auto f = LineFile::Open(ForStream(parser.Get("events"), s.label));
      if (!f.ok()) return fail(f.status());
      event_files[i] = *std::move(f);
    }
    if (push_wanted) {
      auto spool = push::RecordingSpool::OpenLive(parser.Get("spool") + "/" + s.label);
      if (!spool.ok()) return fail(spool.status());
      spools[i] = *std::move(spool);
    }
    LineFile* records = record_files[i].get();
    LineFile* events = event_files[i].get();
    push::RecordingSpool* spool = spools[i].get();
    s.records = [records, spool, to_stdout, &out, &stdout_mu](const pqa::v1::Record& r) {
      if (records) {
        if (absl::Status st = records->Write(r); !st.ok()) return st;
      }
      if (to_stdout) {
        std::lock_guard<std::mutex> lock(stdout_mu);
        out << analyzer::ToJsonLine(r) << "\n" << std::flush;
      }
      return spool ? spool->AppendRecord(r) : absl::OkStatus();
    };
    if (events || spool) {
      s.events = [events, spool, &regions, &phase_names](const vtcd::AggregatedEvent& e) {
        const pqa::v1::VtcdEvent proto = vtcd::ToVtcdEventProto(e, &regions, phase_names);
        if (events) {
          if (absl::Status st = events->Write(proto); !st.ok()) return st;
        }
        return spool ? spool->AppendEvent(proto) : absl::OkStatus();
      };
    }
  }

  push::StopOnSignal signals;
  auto analyzer = LiveAnalyzer::Create(std::move(live), err);
  if (!analyzer.ok()) return fail(analyzer.status());

  // One pusher per stream (its own point), tailing the stream's spool.
  std::atomic<bool> analysis_done{false};
  std::vector<std::thread> pushers;
  std::vector<absl::Status> push_results(n);
  if (push_wanted) {
    for (std::size_t i = 0; i < n; ++i) {
      pushers.emplace_back([&, i] {
        push::PushTarget t = *target;
        t.point_id = points[i];
        std::vector<push::PushInput> inputs;
        for (auto [kind, path] : {std::pair{push::ItemKind::kRecord, spools[i]->records_path()},
                                  std::pair{push::ItemKind::kEvent, spools[i]->events_path()}}) {
          absl::StatusOr<push::FilePosition> from = push::ReadCursor(path + ".pushed");
          if (!from.ok()) {
            push_results[i] = from.status();
            return;
          }
          std::string notice;
          auto tail = push::LineTail::Open(path, *from, &notice, true);
          if (tail.ok() && !notice.empty()) push::LogNotice(err, "opened", path, notice);
          if (!tail.ok()) {
            push_results[i] = tail.status();
            return;
          }
          inputs.push_back(push::PushInput{kind, *std::move(tail), path + ".pushed"});
        }
        push::PushPolicy policy;
        policy.inputs_complete = [&] { return analysis_done.load(); };
        policy.stop = &signals.requested();
        policy.retry_for_s = -1;  // a substation link comes back; the spool waits on disk
        absl::StatusOr<push::PushTotals> totals = push::PushInputs(t, inputs, policy, err);
        push_results[i] = totals.status();
        if (!totals.ok()) {
          // Said at once: the analysis goes on and its lines wait in the
          // spool for a push that works (a restart with the point fixed).
          push::LogNotice(err, "push_failed", spools[i]->records_path(),
                          std::string(totals.status().message()));
        }
      });
    }
  }
  absl::Status st = (*analyzer)->Run(signals.requested());
  analysis_done = true;
  for (std::thread& t : pushers) t.join();
  if (!st.ok()) return fail(st);
  for (std::size_t i = 0; i < n; ++i) {
    if (!push_results[i].ok()) {
      return fail(absl::Status(push_results[i].code(), absl::StrCat("push to ", points[i], ": ",
                                                                    push_results[i].message())));
    }
  }
  return cli::kExitOk;
}

}  // namespace pqa::sv
