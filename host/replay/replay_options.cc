#include "host/replay/replay_options.h"

#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "host/accel/backend.h"
#include "host/analyzer/backend_registry.h"
#include "host/analyzer/event_source.h"
#include "host/common/status_macros.h"

namespace pqa::replay {

void AddReplayOptions(cli::ArgParser& parser) {
  parser.AddOption("format", "FMT", "recording format: auto (by extension), comtrade, csv", "auto");
  parser.AddOption("channels", "LIST",
                   "the voltages by channel id or by the .cfg's channel number (--channels "
                   "5,6,7): VA,VB,VC (wye), VAB,VBC,VCA (delta), VAB,VCB (v; VBC is taken "
                   "inverted), none (currents only); VA,VB,VC,IA,IB,IC also names the currents; "
                   "default: the first complete voltage set, printed with the summary");
  parser.AddOption("currents", "LIST",
                   "the current channels IA,IB,IC or IA,IB,IC,IN (neutral), ids or channel "
                   "numbers, - for a phase without a CT (IA,-,IC), none to leave them out; "
                   "default: the first complete set (IA, Ia, I1, IL1, IA-1...; unit A, kA, mA)");
  parser.AddOption("connection", "KIND",
                   "how the voltages are wired: wye (line-to-neutral), delta (three "
                   "line-to-line), v (two line-to-line VAB, VCB: PRODIST Module 5 item 50.4.1); "
                   "default: from the channels (VA.. wye, VAB,VBC,VCA delta, VAB,VCB v)");
  parser.AddOption("nominal-voltage", "VOLTS",
                   "declared RMS voltage of each input channel (line-to-neutral for a wye "
                   "input): the reference of sags, swells and interruptions and of the "
                   "per-unit figures",
                   "127");
  parser.AddOption("nominal-frequency", "HZ",
                   "50 or 60; default: the recording's line frequency (lf), else 60");
  parser.AddOption("interval", "LIST",
                   "records to write, comma separated: window (every 10/12-cycle window, "
                   "0.2 s: for fault records of a few hundred milliseconds), 150cycle (3 s: "
                   "150 cycles at 50 Hz, 180 at 60 Hz), 10min, 2h",
                   "10min");
  parser.AddOption("lamp", "VOLTS",
                   "flickermeter reference lamp, 120 or 230; default 120 on 60 Hz, 230 on 50 Hz");
  parser.AddOption("reference", "KIND",
                   "reference voltage of events: declared (the nominal voltage) or sliding "
                   "(IEC 61000-4-30 5.4.4)",
                   "declared");
  parser.AddOption("phase-aggregation", "MODE",
                   "polyphase events (PRODIST item 88): union, critical-parameters, "
                   "critical-phase",
                   "union");
  parser.AddOption("interruption-threshold", "PU",
                   "interruption below this fraction of the reference; 0.7 applies item 69.1 "
                   "(low-voltage meters: 70 % or less is an interruption)",
                   "0.1");
  parser.AddOption("points", "N",
                   "samples per 10/12-cycle window after synchronous resampling (the transform "
                   "length): auto chooses the fewest that hold the harmonics the sample rate "
                   "resolves (512 at 2 kS/s, 2048 at 256 samples per cycle; 4096 for the hls, "
                   "sim and xrt backends), or a power of two 2048..65536",
                   "auto");
  parser.AddOption("threads", "N",
                   "1, or 2 to run the class A engine on a second core beside the event "
                   "detector and the flickermeters, the file read ahead on a third thread (same "
                   "results); default 2 where there are two cores");
  parser.AddOption("backend", "NAME",
                   "cpu: the double-precision golden engine; hls: the FPGA kernels (float32) "
                   "compiled for this CPU, the code a card would run (4096 points only); "
                   "sim: the SystemC model of the accelerator (RTL front end and kernels, "
                   "cycle figures on stderr); xrt: a card or board through XRT (--xclbin)",
                   "cpu");
  parser.AddOption("xclbin", "FILE", "--backend xrt: the FPGA binary holding the pqa kernels");
  parser.AddOption("device", "N", "--backend xrt: XRT device index (default 0)");
  parser.AddOption("events-from", "WHERE",
                   "host: sags, swells and interruptions from the double-precision detector; "
                   "frontend: from the RTL front end's bit-exact model on ADC codes, the events "
                   "the hardware finds (needs >= 64 samples per cycle, declared reference)",
                   "host");
  parser.AddFlag("no-flicker", "skip the flickermeter (records carry no Pst/Plt)");
  parser.AddFlag("no-events", "skip event detection (records are never flagged)");
}

absl::StatusOr<ReplayOptions> ReplayOptionsFrom(const cli::ArgParser& parser,
                                                const std::string& input) {
  ReplayOptions o;
  o.input = input;
  PQA_ASSIGN_OR_RETURN(o.format, io::ParseRecordingFormat(parser.Get("format")));
  o.channels = parser.GetList("channels");
  if (o.channels.size() > 6 || o.channels.size() == 4 || o.channels.size() == 5) {
    return absl::InvalidArgumentError(
        absl::StrCat("--channels '", parser.Get("channels"),
                     "': expected 3 voltages (wye, delta), 2 (v), 6 (VA,VB,VC,IA,IB,IC) or none, "
                     "got ",
                     o.channels.size(), " entries"));
  }
  o.currents = parser.GetList("currents");
  if (parser.Has("connection")) {
    PQA_ASSIGN_OR_RETURN(o.connection, io::ParseConnection(parser.Get("connection")));
  }
  analyzer::AnalyzerConfig& a = o.analyzer;
  PQA_ASSIGN_OR_RETURN(a.engine.nominal_voltage_v, parser.GetDouble("nominal-voltage"));
  if (!(a.engine.nominal_voltage_v > 0)) {
    return absl::InvalidArgumentError("--nominal-voltage must be > 0 volts");
  }
  if (parser.Has("nominal-frequency")) {
    PQA_ASSIGN_OR_RETURN(o.nominal_frequency_hz, parser.GetDouble("nominal-frequency"));
    if (o.nominal_frequency_hz != 50 && o.nominal_frequency_hz != 60) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--nominal-frequency ", parser.Get("nominal-frequency"), ": expected 50 or 60"));
    }
  }
  a.intervals.clear();
  for (const std::string& kind : parser.GetList("interval")) {
    if (kind != "window" && kind != "10min" && kind != "150cycle" && kind != "2h") {
      return absl::InvalidArgumentError(
          absl::StrCat("--interval '", kind, "': expected window, 150cycle, 10min or 2h"));
    }
    a.intervals.insert(kind);
  }
  if (a.intervals.empty()) return absl::InvalidArgumentError("--interval: name at least one");
  if (parser.Has("lamp")) {
    const std::string lamp = parser.Get("lamp");
    if (lamp == "120") {
      a.lamp = flicker::Lamp::k120V;
    } else if (lamp == "230") {
      a.lamp = flicker::Lamp::k230V;
    } else {
      return absl::InvalidArgumentError(absl::StrCat("--lamp '", lamp, "': expected 120 or 230"));
    }
  }
  const std::string reference = parser.Get("reference");
  if (reference == "declared") {
    a.detector.reference = vtcd::ReferenceKind::kDeclared;
  } else if (reference == "sliding") {
    a.detector.reference = vtcd::ReferenceKind::kSliding;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("--reference '", reference, "': expected declared or sliding"));
  }
  const std::string mode = parser.Get("phase-aggregation");
  if (mode == "union") {
    a.detector.phase_aggregation = vtcd::PhaseAggregation::kUnion;
  } else if (mode == "critical-parameters") {
    a.detector.phase_aggregation = vtcd::PhaseAggregation::kCriticalParameters;
  } else if (mode == "critical-phase") {
    a.detector.phase_aggregation = vtcd::PhaseAggregation::kCriticalPhase;
  } else {
    return absl::InvalidArgumentError(absl::StrCat(
        "--phase-aggregation '", mode, "': expected union, critical-parameters or critical-phase"));
  }
  PQA_ASSIGN_OR_RETURN(const double interruption, parser.GetDouble("interruption-threshold"));
  if (interruption == 0.7) {
    a.detector.limits = vtcd::Item69_1Limits(60);
  } else if (!(interruption > 0 && interruption < a.detector.limits.sag_threshold_pu)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--interruption-threshold ", interruption, ": expected a value in (0, 0.9)"));
  }
  a.detector.limits.interruption_threshold_pu = interruption;
  if (parser.Get("points") == "auto") {
    a.engine.points_per_window = 0;
  } else {
    PQA_ASSIGN_OR_RETURN(const long long points, parser.GetInt("points"));
    if (points <= 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--points ", parser.Get("points"), ": expected auto or a power of two in 2048..65536"));
    }
    a.engine.points_per_window = static_cast<std::size_t>(points);
  }
  if (parser.Has("threads")) {
    PQA_ASSIGN_OR_RETURN(const long long threads, parser.GetInt("threads"));
    if (threads != 1 && threads != 2) {
      return absl::InvalidArgumentError(
          absl::StrCat("--threads ", parser.Get("threads"), ": expected 1 or 2"));
    }
    a.threads = static_cast<int>(threads);
  } else {
    a.threads = std::thread::hardware_concurrency() >= 2 ? 2 : 1;
  }
  const std::string events_from = parser.Get("events-from");
  if (events_from == "frontend") {
    a.event_source = &analyzer::CreateFrontEndEventSource;
  } else if (events_from != "host") {
    return absl::InvalidArgumentError(
        absl::StrCat("--events-from ", events_from, ": expected host or frontend"));
  }
  accel::BackendOptions backend;
  if (auto b = accel::ParseBackend(parser.Get("backend")); b.ok()) {
    backend.backend = *b;
  } else {
    return absl::InvalidArgumentError(absl::StrCat("--backend: ", b.status().message()));
  }
  backend.xclbin = parser.Get("xclbin");
  if (parser.Has("device")) {
    PQA_ASSIGN_OR_RETURN(const long long device, parser.GetInt("device"));
    if (device < 0 || device > 255) {
      return absl::InvalidArgumentError(
          absl::StrCat("--device ", parser.Get("device"), ": expected an XRT device index 0..255"));
    }
    backend.device = static_cast<int>(device);
  }
  if (backend.backend != accel::Backend::kXrt && (parser.Has("xclbin") || parser.Has("device"))) {
    return absl::InvalidArgumentError("--xclbin and --device go with --backend xrt");
  }
  if (auto st = analyzer::ConfigureBackend(backend, a); !st.ok()) {
    return absl::Status(st.code(),
                        absl::StrCat("--backend ", parser.Get("backend"), ": ", st.message()));
  }
  a.flicker = !parser.Flag("no-flicker");
  a.events = !parser.Flag("no-events");
  if (auto st = a.engine.Validate(); !st.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--points: ", st.message()));
  }
  return o;
}

}  // namespace pqa::replay
