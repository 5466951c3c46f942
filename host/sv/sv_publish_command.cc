#include <cstdio>
#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "host/cli/args.h"
#include "host/cli/command.h"
#include "host/cli/progress.h"
#include "host/io/open_recording.h"
#include "host/push/stop_signal.h"
#include "host/sv/sv_commands.h"
#include "host/sv/sv_publisher.h"

namespace pqa::sv {

// "0x4000", "4000" (hexadecimal, as merging units are configured) or "16384"
// is not accepted: APPIDs are always written in hexadecimal.
std::optional<std::uint16_t> ParseAppId(const std::string& text) {
  std::string digits = text;
  if (digits.rfind("0x", 0) == 0 || digits.rfind("0X", 0) == 0) digits = digits.substr(2);
  std::uint32_t v = 0;
  if (digits.empty() || digits.size() > 4 || !absl::SimpleHexAtoi(digits, &v)) return std::nullopt;
  if (v < 0x4000 || v > 0x7FFF) return std::nullopt;
  return static_cast<std::uint16_t>(v);
}

int RunSvPublishCommand(const std::vector<std::string>& args, std::ostream& out,
                        std::ostream& err) {
  cli::ArgParser parser(
      "pqa sv-publish RECORDING --interface IF [--app-id ID] [--sv-id NAME] "
      "[--rate realtime|max|Nx] [options]",
      "Publishes a recording as IEC 61850-9-2 sampled values, the 9-2LE profile a merging "
      "unit sends on the process bus: Ethernet type 0x88BA frames to 01-0C-CD-04-00-01, "
      "each with svID, smpCnt (the sample's index in its second, 0 at the second), confRev, "
      "smpSynch and the dataset IA, IB, IC, IN, VA, VB, VC, VN (INT32 counts of 1 mA and "
      "10 mV, each with its quality; IN and VN are the residual sums, marked derived; "
      "currents the recording lacks are sent as invalid). The recording must be sampled at "
      "80 samples per cycle (one ASDU a frame) or 256 (eight ASDUs a frame) of its nominal "
      "frequency (or is resampled to it with --samples-per-cycle). It is the test source of `pqa "
      "analyze`, and replays a recorded event "
      "into a relay test set or an analyzer.");
  parser.AddPositional("RECORDING", "recording: .cfg (with its .dat), .cff, or .csv");
  parser.AddOption("interface", "IF", "network interface of the process bus (ip link lists them)");
  parser.AddOption("app-id", "ID", "APPID in hexadecimal, 0x4000..0x7FFF", "0x4000");
  parser.AddOption("sv-id", "NAME", "svID, 1..129 characters", "PQA_MU01");
  parser.AddOption("conf-rev", "N", "confRev, the dataset's configuration revision", "1");
  parser.AddOption("smp-synch", "N",
                   "smpSynch: 0 not synchronised, 1 local clock, 2 global clock (PTP/PPS)", "2");
  parser.AddOption("rate", "PACE",
                   "realtime: re-timed to start at the next second and sent as the samples "
                   "fall due; max: as fast as the interface takes them (the recorded times); "
                   "Nx (e.g. 20x): N times real time (the recorded times)",
                   "realtime");
  parser.AddFlag("refr-tm",
                 "also send each sample's time in refrTm (IEC 61850-9-2; 9-2LE units do not): "
                 "`pqa analyze` then dates the samples by it, so records of a replay at "
                 "--rate max keep the recorded times");
  parser.AddOption("vlan", "ID", "send 802.1Q-tagged frames with this VLAN id (priority 4)");
  parser.AddOption("format", "FMT", "recording format: auto (by extension), comtrade, csv", "auto");
  parser.AddOption(
      "channels", "LIST",
      "channel ids VA,VB,VC (and ,IA,IB,IC); default: by the recording's phase fields");
  parser.AddOption("nominal-frequency", "HZ",
                   "50 or 60; default: the recording's line frequency, else 60");
  parser.AddOption("samples-per-cycle", "N",
                   "80 or 256: resample the recording to this many samples per cycle "
                   "(band-limited sinc; components up to 40 % of the lower rate pass) when it "
                   "was recorded at another rate; default: as recorded");
  parser.AddFlag("quiet", "no progress line and no summary");
  parser.AddEpilog(
      "Examples:\n"
      "  pqa synth mu.cfg --duration 12min --rate 4800 --variations 300:0.2:0.55:A\n"
      "  pqa sv-publish mu.cfg --interface eth1 --app-id 0x4000 --sv-id MU01\n"
      "  pqa sv-publish mu.cfg --interface eth1 --rate max --refr-tm\n"
      "  pqa sv-publish relay-7680.cfg --interface eth1 --samples-per-cycle 80\n"
      "\n"
      "Needs CAP_NET_RAW (root). SIGINT/SIGTERM stop it after the frame in flight.\n"
      "Exit status: 0 published, 1 the recording or the interface is bad, 2 the command\n"
      "line is wrong.\n");
  if (auto code = cli::ParseOrExit(parser, args, "pqa sv-publish", out, err)) return *code;
  auto usage = [&](const std::string& message) {
    err << "pqa sv-publish: " << message << "\n(see pqa sv-publish --help)\n";
    return cli::kExitUsage;
  };
  auto fail = [&](const absl::Status& st) {
    err << "pqa sv-publish: " << st.message() << "\n";
    return cli::kExitBadInput;
  };
  if (parser.Get("interface").empty()) return usage("--interface is required");
  PublishOptions options;
  const std::optional<std::uint16_t> app_id = ParseAppId(parser.Get("app-id"));
  if (!app_id) return usage("--app-id '" + parser.Get("app-id") + "': expected 0x4000..0x7FFF");
  options.frame.app_id = *app_id;
  options.frame.sv_id = parser.Get("sv-id");
  if (options.frame.sv_id.empty() || options.frame.sv_id.size() > 129) {
    return usage("--sv-id: expected 1..129 characters");
  }
  auto conf_rev = parser.GetInt("conf-rev");
  if (!conf_rev.ok() || *conf_rev < 0 || *conf_rev > 0xFFFFFFFFll) {
    return usage("--conf-rev '" + parser.Get("conf-rev") + "': expected 0..4294967295");
  }
  options.frame.conf_rev = static_cast<std::uint32_t>(*conf_rev);
  auto synch = parser.GetInt("smp-synch");
  if (!synch.ok() || *synch < 0 || *synch > 255) {
    return usage("--smp-synch '" + parser.Get("smp-synch") + "': expected 0, 1, 2 (or 5..254)");
  }
  options.frame.smp_synch = static_cast<std::uint8_t>(*synch);
  options.frame.refr_tm = parser.Flag("refr-tm");
  if (parser.Has("vlan")) {
    auto vlan = parser.GetInt("vlan");
    if (!vlan.ok() || *vlan < 0 || *vlan > 4094) {
      return usage("--vlan '" + parser.Get("vlan") + "': expected a VLAN id 0..4094");
    }
    options.frame.vlan_tci = static_cast<std::uint16_t>(4 << 13 | *vlan);
  }
  options.frame.channels = parser.GetList("channels");
  if (parser.Has("nominal-frequency")) {
    auto f = parser.GetDouble("nominal-frequency");
    if (!f.ok() || (*f != 50 && *f != 60)) return usage("--nominal-frequency: expected 50 or 60");
    options.frame.nominal_frequency_hz = *f;
  }
  const std::string rate = parser.Get("rate");
  if (rate == "realtime") {
    options.pace = Pace::kRealtime;
  } else if (rate == "max") {
    options.pace = Pace::kMax;
  } else {
    double factor = 0;
    if (rate.size() < 2 || rate.back() != 'x' ||
        !absl::SimpleAtod(rate.substr(0, rate.size() - 1), &factor) || !(factor > 0)) {
      return usage("--rate '" + rate + "': expected realtime, max or a factor such as 20x");
    }
    options.pace = Pace::kFactor;
    options.factor = factor;
  }
  if (parser.Has("samples-per-cycle")) {
    auto spc = parser.GetInt("samples-per-cycle");
    if (!spc.ok() || (*spc != 80 && *spc != 256)) return usage("--samples-per-cycle: 80 or 256");
    options.samples_per_cycle = static_cast<int>(*spc);
  }
  auto format = io::ParseRecordingFormat(parser.Get("format"));
  if (!format.ok()) return usage(std::string(format.status().message()));
  const std::string input = *parser.Positional("RECORDING");
  auto source = io::OpenRecording(input, *format);
  if (!source.ok()) return fail(source.status());
  auto socket = SvSocket::Open(parser.Get("interface"));
  if (!socket.ok()) return fail(socket.status());
  const bool quiet = parser.Flag("quiet");
  cli::ProgressLine progress("sv-publish", err, cli::StderrIsTerminal() && !quiet);
  const double total_s = (*source)->info().duration_s;
  options.progress = [&](double done_s) { progress.Update(done_s, total_s); };
  push::StopOnSignal signals;
  absl::StatusOr<PublishSummary> summary =
      Publish(**source, *socket, options, &signals.requested());
  progress.Done();
  if (!summary.ok()) return fail(summary.status());
  if (!quiet) {
    char line[256];
    std::snprintf(line, sizeof line,
                  "pqa sv-publish: %s: %lld frames (%lld samples, %s of signal) on %s as APPID "
                  "0x%04X svID %s in %.1f s%s\n",
                  input.c_str(), static_cast<long long>(summary->frames),
                  static_cast<long long>(summary->asdus),
                  cli::HumanDuration(summary->signal_s).c_str(), parser.Get("interface").c_str(),
                  options.frame.app_id, options.frame.sv_id.c_str(), summary->wall_s,
                  signals.requested().load() ? " (stopped by signal)" : "");
    err << line;
  }
  return cli::kExitOk;
}

}  // namespace pqa::sv
