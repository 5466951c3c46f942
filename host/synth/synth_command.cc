#include "host/synth/synth_command.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "host/cli/command.h"
#include "host/cli/progress.h"
#include "host/common/status_macros.h"
#include "host/common/time.h"
#include "host/synth/spec_text.h"
#include "host/synth/synth_recording.h"

namespace pqa::synth {
namespace {

absl::StatusOr<io::ComtradeFormat> ParseComtradeFormat(const std::string& text) {
  const std::string t = absl::AsciiStrToLower(text);
  if (t == "ascii") return io::ComtradeFormat::kAscii;
  if (t == "binary") return io::ComtradeFormat::kBinary;
  if (t == "binary32") return io::ComtradeFormat::kBinary32;
  if (t == "float32") return io::ComtradeFormat::kFloat32;
  return absl::InvalidArgumentError(
      absl::StrCat("--format '", text, "': expected ascii, binary, binary32 or float32"));
}

// "90", "90s", "15min", "2h", "7d": seconds.
absl::StatusOr<double> ParseDuration(const std::string& option, const std::string& text) {
  struct Unit {
    const char* suffix;
    double seconds;
  };
  for (const Unit& u :
       {Unit{"min", 60}, Unit{"h", 3600}, Unit{"d", 86400}, Unit{"s", 1}, Unit{"", 1}}) {
    if (!absl::EndsWith(text, u.suffix)) continue;
    const std::string number = text.substr(0, text.size() - std::string(u.suffix).size());
    double value = 0;
    std::size_t used = 0;
    try {
      value = std::stod(number, &used);
    } catch (...) {
      used = 0;
    }
    if (used == number.size() && used > 0 && value > 0) return value * u.seconds;
    break;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "--", option, " '", text, "': expected a positive duration such as 90, 90s, 15min, 2h, 7d"));
}

}  // namespace

void AddWaveformOptions(cli::ArgParser& parser) {
  parser.AddOption("rate", "HZ",
                   "samples per second per channel, 100 to 1,000,000 (pqa replay measures from 8 "
                   "samples per cycle: a relay record at 960)",
                   "15360");
  parser.AddOption("duration", "TIME", "length: seconds, or with a unit: 90s, 15min, 2h, 7d",
                   "15min");
  parser.AddOption("start", "RFC3339", "instant of the first sample, UTC", "2025-03-03T00:00:00Z");
  parser.AddOption("frequency", "HZ", "fundamental frequency at the start", "60");
  parser.AddOption("frequency-steps", "LIST",
                   "frequency changes, at-s:hz,... e.g. 300:59.5,600:60 (phase continuous)");
  parser.AddOption("voltage", "VOLTS", "RMS line-to-neutral of a 1.0 pu phase", "127");
  parser.AddOption("magnitudes", "A,B,C", "per-phase magnitude, pu (unbalance)", "1,1,1");
  parser.AddOption("angles", "A,B,C", "per-phase angle, degrees", "0,-120,120");
  parser.AddOption("harmonics", "LIST",
                   "order:percent[@degrees],... of the fundamental, e.g. 5:4,7:3@30,7.5:0.5 "
                   "(fractional orders are interharmonics)");
  parser.AddOption("modulation", "SPEC",
                   "amplitude modulation for flicker: sine:HZ:DVV or rect:HZ:DVV or "
                   "rect-cpm:CPM:DVV (DVV = dV/V in % peak to peak)");
  parser.AddOption("variations", "LIST",
                   "sags/swells/interruptions start-s:duration-s:residual-pu[:phases],... "
                   "e.g. 30:0.5:0.55:A,90:2:1.15,200:0.3:0:ABC");
  parser.AddOption("noise", "PCT", "white Gaussian noise, RMS, % of the voltage", "0");
  parser.AddOption("seed", "N", "noise seed", "1");
  parser.AddFlag("currents", "also write currents IA, IB, IC (100 A, lagging 25 degrees)");
  parser.AddOption("current", "AMPS",
                   "RMS of each current's fundamental, amperes: one value, or A,B,C per phase "
                   "(implies --currents)",
                   "100");
  parser.AddOption("current-lag", "DEG",
                   "angle by which each current lags its phase voltage, degrees; negative: "
                   "leading (capacitive); one value or A,B,C (implies --currents)",
                   "25");
  parser.AddOption("current-harmonics", "LIST",
                   "current harmonics order:percent[@degrees] of each current's fundamental, "
                   "e.g. 5:20,7:14 (implies --currents)");
  parser.AddFlag("neutral",
                 "also write the neutral current IN = IA + IB + IC (implies --currents)");
  parser.AddOption("connection", "KIND",
                   "voltage channels: wye (VA, VB, VC), delta (line to line VAB, VBC, VCA), v "
                   "(two line to line VAB, VCB: PRODIST Module 5 item 50.4.1)",
                   "wye");
  parser.AddFlag("currents-only", "write the currents without any voltage channel");
}

absl::StatusOr<WaveformSpec> WaveformFromOptions(const cli::ArgParser& parser) {
  WaveformSpec spec;
  PQA_ASSIGN_OR_RETURN(spec.sample_rate_hz, parser.GetDouble("rate"));
  PQA_ASSIGN_OR_RETURN(spec.duration_s, ParseDuration("duration", parser.Get("duration")));
  auto start = ParseRfc3339(parser.Get("start"));
  if (!start.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--start: ", std::string(start.status().message())));
  }
  spec.start = *start;
  PQA_ASSIGN_OR_RETURN(spec.frequency_hz, parser.GetDouble("frequency"));
  if (parser.Has("frequency-steps")) {
    PQA_ASSIGN_OR_RETURN(spec.frequency_steps, ParseFrequencySteps(parser.Get("frequency-steps")));
  }
  PQA_ASSIGN_OR_RETURN(spec.nominal_voltage_v, parser.GetDouble("voltage"));
  PQA_ASSIGN_OR_RETURN(spec.magnitude_pu, ParseTriple("--magnitudes", parser.Get("magnitudes")));
  PQA_ASSIGN_OR_RETURN(spec.angle_deg, ParseTriple("--angles", parser.Get("angles")));
  if (parser.Has("harmonics")) {
    PQA_ASSIGN_OR_RETURN(spec.harmonics, ParseHarmonics(parser.Get("harmonics")));
  }
  if (parser.Has("modulation")) {
    PQA_ASSIGN_OR_RETURN(spec.modulation, ParseModulation(parser.Get("modulation")));
  }
  if (parser.Has("variations")) {
    PQA_ASSIGN_OR_RETURN(spec.variations, ParseVariations(parser.Get("variations")));
  }
  PQA_ASSIGN_OR_RETURN(spec.noise_pct, parser.GetDouble("noise"));
  PQA_ASSIGN_OR_RETURN(const long long seed, parser.GetInt("seed"));
  spec.noise_seed = static_cast<std::uint32_t>(seed);
  spec.currents = parser.Flag("currents");
  // One value for every phase, or A,B,C.
  auto per_phase = [&](const std::string& option,
                       std::optional<std::array<double, 3>>& phases) -> absl::StatusOr<double> {
    const std::string text = parser.Get(option);
    if (absl::StrContains(text, ',')) {
      PQA_ASSIGN_OR_RETURN(phases, ParseTriple("--" + option, text));
      return (*phases)[0];
    }
    return parser.GetDouble(option);
  };
  PQA_ASSIGN_OR_RETURN(spec.current_a, per_phase("current", spec.phase_current_a));
  PQA_ASSIGN_OR_RETURN(spec.current_lag_deg, per_phase("current-lag", spec.phase_current_lag_deg));
  if (parser.Has("current-harmonics")) {
    PQA_ASSIGN_OR_RETURN(spec.current_harmonics, ParseHarmonics(parser.Get("current-harmonics")));
  }
  spec.neutral_current = parser.Flag("neutral");
  const std::string connection = absl::AsciiStrToLower(parser.Get("connection"));
  if (connection == "delta") {
    spec.voltages = VoltageOutput::kDelta;
  } else if (connection == "v") {
    spec.voltages = VoltageOutput::kV;
  } else if (connection != "wye") {
    return absl::InvalidArgumentError(
        absl::StrCat("--connection '", parser.Get("connection"), "': expected wye, delta or v"));
  }
  if (parser.Flag("currents-only")) {
    if (parser.Flag("connection")) {
      return absl::InvalidArgumentError("--currents-only writes no voltages: drop --connection");
    }
    spec.voltages = VoltageOutput::kNone;
  }
  for (const char* implies :
       {"current", "current-lag", "current-harmonics", "neutral", "currents-only"}) {
    spec.currents |= parser.Flag(implies);  // given on the command line
  }
  PQA_RETURN_IF_ERROR(spec.Validate());
  return spec;
}

int RunSynthCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  cli::ArgParser parser(
      "pqa synth OUTPUT.cfg|OUTPUT.cff [options]",
      "Writes a three-phase COMTRADE recording whose content is known exactly: frequency "
      "(with steps), per-phase magnitudes and angles (any unbalance), currents with their "
      "magnitudes, lags (or leads) and harmonics, wye, delta or V-connected voltage channels, "
      "harmonics and "
      "interharmonics, amplitude modulation (the IEC 61000-4-15 test signals), sags, swells "
      "and interruptions starting anywhere on the wave, and noise. Replay it with "
      "`pqa replay` and compare the records with what you asked for.");
  parser.AddPositional("OUTPUT", "the .cfg (the .dat is written beside it) or a 2013 .cff");
  AddWaveformOptions(parser);
  parser.AddOption("format", "FMT", "data format: ascii, binary, binary32, float32", "binary32");
  parser.AddOption("revision", "YEAR", "COMTRADE revision: 1991, 1999 or 2013", "2013");
  parser.AddOption("timestamps", "MODE",
                   "per-sample timestamps: on or auto (beyond 71.6 minutes, where 32-bit "
                   "microsecond timestamps overflow, timemult is raised: timestamps in units of "
                   "several microseconds), off (all zero: time from the declared rate)",
                   "auto");
  parser.AddFlag("quiet", "no progress line");
  parser.AddEpilog(
      "Examples:\n"
      "  pqa synth sag.cfg --duration 2min --variations 30:0.5:0.55:A\n"
      "  pqa synth flicker.cff --rate 6400 --modulation rect-cpm:110:0.844\n"
      "  pqa synth week.cfg --duration 7d --rate 6400 --harmonics 5:4,7:3 "
      "--magnitudes 1,0.98,1.01\n"
      "  pqa synth load.cfg --duration 20min --current 120,100,80 --current-lag 30 "
      "--current-harmonics 5:20,7:14 --neutral\n"
      "  pqa synth feeder.cfg --duration 20min --voltage 7967 --connection delta "
      "--current 200 --current-lag -15\n");
  if (auto code = cli::ParseOrExit(parser, args, "pqa synth", out, err)) return *code;
  const std::string path = *parser.Positional("OUTPUT");
  auto spec = WaveformFromOptions(parser);
  RecordingFormatSpec format;
  absl::Status st = spec.status();
  if (st.ok()) {
    auto f = ParseComtradeFormat(parser.Get("format"));
    auto revision = parser.GetInt("revision");
    st = !f.ok() ? f.status() : revision.status();
    if (st.ok()) {
      format.format = *f;
      format.revision = static_cast<int>(*revision);
      format.single_file = absl::EndsWithIgnoreCase(path, ".cff");
      const std::string ts = parser.Get("timestamps");
      if (ts == "on") {
        format.timestamps = RecordingFormatSpec::Timestamps::kOn;
      } else if (ts == "off") {
        format.timestamps = RecordingFormatSpec::Timestamps::kOff;
      } else if (ts != "auto") {
        st = absl::InvalidArgumentError("--timestamps '" + ts + "': expected on, off or auto");
      }
    }
  }
  if (!st.ok()) {
    err << "pqa synth: " << st.message() << "\n(see pqa synth --help)\n";
    return cli::kExitUsage;
  }
  cli::ProgressLine progress("synth", err, cli::StderrIsTerminal() && !parser.Flag("quiet"));
  st = WriteComtrade(*spec, format, path,
                     [&](double f) { progress.Update(f * spec->duration_s, spec->duration_s); });
  progress.Done();
  if (!st.ok()) {
    err << "pqa synth: " << path << ": " << st.message() << "\n";
    return cli::kExitBadInput;
  }
  if (!parser.Flag("quiet")) {
    err << "pqa synth: wrote " << path << " (" << cli::HumanDuration(spec->duration_s) << " at "
        << spec->sample_rate_hz << " S/s, " << spec->channels() << " channels)\n";
  }
  return cli::kExitOk;
}

}  // namespace pqa::synth
