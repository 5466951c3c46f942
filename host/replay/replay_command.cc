#include "host/replay/replay_command.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "host/accel/backend.h"
#include "host/cli/command.h"
#include "host/cli/progress.h"
#include "host/replay/replay_fleet.h"
#include "host/replay/replay_options.h"
#include "host/replay/replay_outputs.h"
#include "host/vtcd/region_map.h"

namespace pqa::replay {
namespace {

// --jobs: recordings replayed at once; default one per core.
absl::StatusOr<int> JobsFrom(const cli::ArgParser& parser, const ReplayOptions& options) {
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (parser.Given("jobs")) {
    absl::StatusOr<long long> given = parser.GetInt("jobs");
    if (!given.ok()) return given.status();
    if (*given < 1 || *given > 256) {
      return absl::InvalidArgumentError(
          absl::StrCat("--jobs ", parser.Get("jobs"), ": expected 1..256 recordings at once"));
    }
    jobs = static_cast<int>(*given);
  }
  // The system model and a card are one simulated or real device each:
  // their recordings run one after another.
  if (options.analyzer.backend == accel::Backend::kSim ||
      options.analyzer.backend == accel::Backend::kXrt) {
    jobs = 1;
  }
  return jobs;
}

// 38100 W -> "38.1 kW": four significant digits with an SI prefix.
std::string WithPrefix(double value, const char* unit) {
  const double a = std::abs(value);
  const char* prefix = "";
  double scale = 1;
  if (a >= 1e9) {
    prefix = "G";
    scale = 1e9;
  } else if (a >= 1e6) {
    prefix = "M";
    scale = 1e6;
  } else if (a >= 1e3) {
    prefix = "k";
    scale = 1e3;
  }
  char text[64];
  std::snprintf(text, sizeof text, "%.4g %s%s", value / scale, prefix, unit);
  return text;
}

// The currents line of the summary: RMS of each phase and the neutral.
std::string DescribeCurrents(const PowerSummary& p) {
  std::string text;
  for (int k = 0; k < 4; ++k) {
    const std::optional<double>& i = k < 3 ? p.i_rms_a[k] : p.in_rms_a;
    if (!i) continue;
    if (!text.empty()) text += ", ";
    text += std::string(k < 3 ? "I" : "") + (k < 3 ? std::string(1, 'A' + k) : "IN") + " " +
            WithPrefix(*i, "A");
  }
  return text + " (RMS over the " + p.interval + " records)";
}

// The power line of the summary: means of the totals and the energies.
std::string DescribePower(const PowerSummary& p) {
  char pf[16];
  std::snprintf(pf, sizeof pf, "%.3f", p.pf());
  return "P " + WithPrefix(p.p_w, "W") + ", Q1 " + WithPrefix(p.q_var, "var") + ", S " +
         WithPrefix(p.s_va, "VA") + ", PF " + pf + " (means of the " + p.interval +
         " records); energy imported " + WithPrefix(p.ea_imp_wh, "Wh") + ", exported " +
         WithPrefix(p.ea_exp_wh, "Wh") + ", inductive " + WithPrefix(p.er_ind_varh, "varh") +
         ", capacitive " + WithPrefix(p.er_cap_varh, "varh");
}

}  // namespace

int RunReplayCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  cli::ArgParser parser(
      "pqa replay INPUT... [options]",
      "Replays a recorded three-phase waveform (COMTRADE 1991/1999/2013 .cfg+.dat or .cff, "
      "or CSV) through the IEC 61000-4-30 class A analyzer: 10/12-cycle RMS synchronised to "
      "the measured frequency, harmonic subgroups to order 50 (IEC 61000-4-7; to the order "
      "the sample rate resolves, any rate from 8 samples per cycle), DTT family, "
      "unbalance FD and u0, 10 s frequency, flicker Pst/Plt (IEC 61000-4-15), sags, swells "
      "and interruptions (PRODIST Module 8 VTCD); with current channels, current RMS and "
      "harmonics, active, reactive (IEEE 1459 Q1) and apparent power, power factor and "
      "four-quadrant energies (wye, delta or V-connected voltages, or currents only). Writes one "
      "JSON object per aggregated "
      "record (10-minute records aligned to the UTC clock by default; --interval window for "
      "short fault records) and, with --events, "
      "one per aggregated event. Records whose interval saw an event are flagged. "
      "Several recordings (a fleet's files) run in one command, --jobs at once, each "
      "into files of its own.");
  parser.AddPositional("INPUT...",
                       "recordings: .cfg (with its .dat), .cff, or .csv; several run as a fleet");
  AddReplayOptions(parser);
  parser.AddOption("records", "FILE",
                   "where the records go, JSON Lines; - for stdout; with several recordings "
                   "a directory or a {stem} pattern (see below), default beside each "
                   "recording: {dir}/{stem}.records.jsonl",
                   "-");
  parser.AddOption("events", "FILE",
                   "also write the aggregated events (PRODIST item 88), JSON Lines; - for stdout");
  parser.AddOption("jobs", "N",
                   "several recordings: how many replay at once (default: one per core); each "
                   "then runs on one thread unless --threads is given");
  parser.AddOption("regions", "FILE",
                   "PRODIST table 7 map of grid cells to sensitivity regions A..I, CSV as "
                   "documented in host/vtcd/data/regions.csv; default: that file as built in");
  parser.AddOption("phase-events", "FILE",
                   "also write every per-phase event (PRODIST report table 11), JSON Lines");
  parser.AddOption("event-curves", "FILE",
                   "also write, per aggregated event, the Urms(1/2) values of each phase from "
                   "200 ms before it to 300 ms after it (JSON Lines of pqa.v1.EventCurve; a "
                   "longer event keeps its first and last second), for `pqa report "
                   "--event-curves`");
  parser.AddFlag("quiet",
                 "no progress line and no summary on stderr (a fleet's failures still print)");
  parser.AddEpilog(
      "CSV input: optional '# start=RFC3339', '# sample_rate_hz=N' and\n"
      "'# nominal_frequency_hz=50|60' lines, then a header 'time_s,VA[V],VB[V],VC[V]' (or\n"
      "without time_s when the sample rate is given; currents IA[A],IB[A],IC[A],IN[A],\n"
      "line-to-line voltages VAB[V],VBC[V],VCA[V]), then one row per sample.\n"
      "\n"
      "Examples:\n"
      "  pqa synth sag.cfg --duration 12min --variations 300:0.2:0.55:A\n"
      "  pqa replay sag.cfg --records sag.jsonl --events sag-events.jsonl\n"
      "  pqa replay site.cff --channels UL1,UL2,UL3 --nominal-voltage 220 "
      "--nominal-frequency 50\n"
      "  pqa replay fault.cfg --interval window --channels 5,6,7 --nominal-voltage 7967\n"
      "  pqa replay feeder.cfg --connection delta --nominal-voltage 13800 --currents IA,IB,IC\n"
      "\n"
      "Several recordings: each output option names a directory (an existing one, or a\n"
      "name ending in /: DIR/STEM.records.jsonl, DIR/STEM.events.jsonl, ...) or a pattern\n"
      "where {stem} is the recording's file name without extension and {dir} its\n"
      "directory; one file or - is refused. Without --records the records go beside each\n"
      "recording. One line per recording as it ends (ok with its figures, or FAILED with\n"
      "the error; the others go on), then a summary: recordings ok and failed, hours of\n"
      "signal, wall time, times real time.\n"
      "  pqa replay site/*.cfg --records out/ --events out/{stem}-events.jsonl --jobs 2\n"
      "\n"
      "Exit status: 0 ok, 1 the recording is bad (the message names the file, line or\n"
      "record and the field, or the recording yields no record of the chosen interval; with\n"
      "several, any one failed), 2 the command line is wrong.\n");
  if (auto code = cli::ParseOrExit(parser, args, "pqa replay", out, err)) return *code;
  std::vector<std::string> inputs = {*parser.Positional("INPUT...")};
  for (const std::string& f : parser.extra_positionals()) inputs.push_back(f);
  auto usage_error = [&](const absl::Status& st) {
    err << "pqa replay: " << st.message() << "\n(see pqa replay --help)\n";
    return cli::kExitUsage;
  };
  absl::StatusOr<ReplayOptions> options = ReplayOptionsFrom(parser, inputs.front());
  if (!options.ok()) return usage_error(options.status());
  absl::StatusOr<int> jobs = JobsFrom(parser, *options);
  if (!jobs.ok()) return usage_error(jobs.status());
  // A fleet already fills the cores with recordings: one thread per
  // recording then beats two per recording (each --threads 2 run gains
  // about 1.5x on two cores, two recordings side by side 2x).
  if (inputs.size() > 1 && *jobs > 1 && !parser.Given("threads")) {
    options->analyzer.threads = 1;
  }
  const bool quiet = parser.Flag("quiet");
  auto fail = [&](const absl::Status& st) {
    err << "pqa replay: " << st.message() << "\n";
    return cli::kExitBadInput;
  };
  vtcd::RegionMap regions = vtcd::RegionMap::Default();
  if (parser.Has("regions")) {
    absl::StatusOr<vtcd::RegionMap> loaded = vtcd::RegionMap::Load(parser.Get("regions"));
    if (!loaded.ok()) return fail(loaded.status());
    regions = *loaded;
  }
  FleetOutputOptions outputs;
  outputs.records = parser.Get("records");
  outputs.records_given = parser.Given("records");
  outputs.events = parser.Get("events");
  outputs.phase_events = parser.Get("phase-events");
  outputs.event_curves = parser.Get("event-curves");
  absl::StatusOr<std::vector<FleetRecording>> plan = PlanFleet(inputs, *options, outputs);
  if (!plan.ok()) {
    return absl::IsInvalidArgument(plan.status()) ? usage_error(plan.status())
                                                  : fail(plan.status());
  }
  const bool progress_shown = cli::StderrIsTerminal() && !quiet;
  if (plan->size() > 1) {
    const FleetSummary fleet = RunFleet(*plan, *jobs, regions, out, err, progress_shown, quiet);
    return fleet.failed > 0 ? cli::kExitBadInput : cli::kExitOk;
  }
  cli::ProgressLine progress("replay", err, progress_shown);
  absl::StatusOr<ReplaySummary> summary =
      ReplayToOutputs(plan->front().options, plan->front().outputs, regions, out,
                      [&](double done_s, double total_s) { progress.Update(done_s, total_s); });
  progress.Done();
  if (!summary.ok()) return fail(summary.status());
  // Warnings go out even with --quiet: they say the numbers may be wrong.
  for (const std::string& w : summary->warnings) err << "pqa replay: warning: " << w << "\n";
  if (!quiet) {
    char line[256];
    std::snprintf(line, sizeof line,
                  "pqa replay: %s: %s of signal at %g Hz nominal, %lld records, %lld events, "
                  "%.0fx real time (%.0fx per processor second)\n",
                  summary->source.c_str(), cli::HumanDuration(summary->signal_s).c_str(),
                  summary->nominal_frequency_hz, summary->records, summary->events,
                  summary->times_real_time(), summary->times_real_time_cpu());
    err << line;
    err << "pqa replay: channels: " << summary->channels << "\n";
    if (summary->power) {
      err << "pqa replay: currents: " << DescribeCurrents(*summary->power) << "\n";
      if (summary->power->power) {
        err << "pqa replay: power: " << DescribePower(*summary->power) << "\n";
      }
    }
    if (!summary->not_measured.empty()) err << "pqa replay: " << summary->not_measured << "\n";
    err << summary->backend_report;
  }
  return cli::kExitOk;
}

}  // namespace pqa::replay
