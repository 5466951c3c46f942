#include "host/cli/demo_command.h"

#include <cmath>
#include <complex>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "host/analyzer/json_lines.h"
#include "host/cli/args.h"
#include "host/cli/command.h"
#include "host/cli/progress.h"
#include "host/common/time.h"
#include "host/replay/replay.h"
#include "host/synth/spec_text.h"
#include "host/synth/synth_recording.h"
#include "host/vtcd/event_json.h"
#include "host/vtcd/region_map.h"

namespace pqa::cli {
namespace {

// The embedded defaults: a 220/127 V, 60 Hz feeder as PRODIST sees it, with
// content a distribution company meets every day.
synth::WaveformSpec DemoSpec(double rate_hz, double minutes) {
  synth::WaveformSpec spec;
  spec.sample_rate_hz = rate_hz;
  spec.duration_s = minutes * 60;
  spec.start = *ParseRfc3339("2025-03-03T00:03:00Z");  // mid-interval, like a real install
  spec.frequency_hz = 60;
  spec.frequency_steps = {{900, 59.97}};  // the grid drifts a little
  spec.nominal_voltage_v = 127;
  spec.magnitude_pu = {1.0, 0.985, 1.012};  // unbalanced loads
  spec.angle_deg = {0, -121, 119.5};
  spec.harmonics = *synth::ParseHarmonics("3:1.5,5:4,7:3@30,11:1.2,13:0.8");
  spec.modulation = *synth::ParseModulation("rect-cpm:110:0.6");  // an arc furnace far away
  // A 250 ms sag on phase A and a 600 ms swell on B and C in the same
  // 10-minute interval; the next interval stays clean.
  spec.variations = *synth::ParseVariations("800:0.25:0.55:A,1000:0.6:1.15:BC");
  spec.noise_pct = 0.05;
  return spec;
}

// What the records should say for the steady content of `spec`.
struct Expected {
  std::array<double, 3> rms_v;
  double dtt_pct;
  double fd_pct;
};

Expected ExpectedFor(const synth::WaveformSpec& spec) {
  double sum_sq = 0, dtt_sq = 0;
  for (const synth::Component& c : spec.harmonics) {
    sum_sq += c.magnitude_pu * c.magnitude_pu;
    if (c.order <= 40 && c.order == std::floor(c.order)) dtt_sq += c.magnitude_pu * c.magnitude_pu;
  }
  Expected e;
  for (int p = 0; p < 3; ++p) {
    e.rms_v[p] = spec.nominal_voltage_v * spec.magnitude_pu[p] * std::sqrt(1 + sum_sq);
  }
  e.dtt_pct = 100 * std::sqrt(dtt_sq);
  // Fortescue: V- / V+ of the fundamental phasors.
  const std::complex<double> a = std::polar(1.0, 2 * M_PI / 3);
  std::array<std::complex<double>, 3> v;
  for (int p = 0; p < 3; ++p)
    v[p] = std::polar(spec.magnitude_pu[p], spec.angle_deg[p] * M_PI / 180);
  const std::complex<double> pos = (v[0] + a * v[1] + a * a * v[2]) / 3.0;
  const std::complex<double> neg = (v[0] + a * a * v[1] + a * v[2]) / 3.0;
  e.fd_pct = 100 * std::abs(neg) / std::abs(pos);
  return e;
}

void PrintRecordRow(std::ostream& out, const pqa::v1::Record& r) {
  char line[256];
  std::string types;
  for (const std::string& t : r.vtcd_types()) types += (types.empty() ? "" : ",") + t;
  auto phase = [&](int p, auto field) { return p < r.phases_size() ? field(r.phases(p)) : 0.0; };
  std::snprintf(
      line, sizeof line, "%-21s %-4s %-5s %7.3f %5.2f %7.2f %7.2f %7.2f %6.2f %5.2f %s\n",
      r.start().c_str(), r.complete() ? "yes" : "no", r.flagged() ? "yes" : "no", r.freq_hz(),
      r.fd_pct(), phase(0, [](auto& x) { return x.rms_v(); }),
      phase(1, [](auto& x) { return x.rms_v(); }), phase(2, [](auto& x) { return x.rms_v(); }),
      phase(0, [](auto& x) { return x.dtt_pct(); }), phase(0, [](auto& x) { return x.pst(); }),
      r.flicker_complete() ? types.c_str() : (types + " (Pst not settled)").c_str());
  out << line;
}

}  // namespace

int RunDemoCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  ArgParser parser(
      "pqa demo [options]",
      "The main job on embedded defaults: synthesises a COMTRADE recording of a 220/127 V, "
      "60 Hz feeder with known content (unbalance, harmonics, flicker, a sag and a swell, "
      "a small frequency drift, noise), replays it through the class A analyzer, prints the "
      "10-minute records next to the values put in, and leaves the records and events as "
      "JSON Lines in the output directory.");
  parser.AddOption("dir", "DIR", "output directory (created if needed)", "pqa-demo");
  parser.AddOption("minutes", "N", "length of the synthesised recording, minutes (10..10080)",
                   "28");
  parser.AddOption("rate", "HZ", "sample rate, samples per second per channel", "7680");
  parser.AddFlag("keep-recording", "keep the synthesised recording (demo.cfg/.dat) in DIR");
  parser.AddFlag("quiet", "no progress lines");
  if (auto code = ParseOrExit(parser, args, "pqa demo", out, err)) return *code;
  auto minutes = parser.GetDouble("minutes");
  auto rate = parser.GetDouble("rate");
  if (!minutes.ok() || !rate.ok() || !(*minutes >= 10 && *minutes <= 10080)) {
    err << "pqa demo: --minutes expects 10..10080 and --rate a number\n";
    return kExitUsage;
  }
  const bool quiet = parser.Flag("quiet");
  const std::filesystem::path dir = parser.Get("dir");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    err << "pqa demo: cannot create " << dir.string() << ": " << ec.message() << "\n";
    return kExitBadInput;
  }
  const synth::WaveformSpec spec = DemoSpec(*rate, *minutes);
  const std::string recording = (dir / "demo.cfg").string();
  synth::RecordingFormatSpec format;
  format.format = io::ComtradeFormat::kBinary;
  {
    ProgressLine progress("synthesising", err, StderrIsTerminal() && !quiet);
    auto st = synth::WriteComtrade(spec, format, recording, [&](double f) {
      progress.Update(f * spec.duration_s, spec.duration_s);
    });
    if (!st.ok()) {
      err << "pqa demo: " << st.message() << "\n";
      return kExitBadInput;
    }
  }
  replay::ReplayOptions options;
  options.input = recording;
  options.analyzer.engine.nominal_voltage_v = spec.nominal_voltage_v;
  const std::string records_path = (dir / "records.jsonl").string();
  const std::string events_path = (dir / "events.jsonl").string();
  auto records = analyzer::JsonLinesWriter::Open(records_path, out);
  auto events = analyzer::JsonLinesWriter::Open(events_path, out);
  if (!records.ok() || !events.ok()) {
    err << "pqa demo: " << (records.ok() ? events.status() : records.status()).message() << "\n";
    return kExitBadInput;
  }
  std::vector<pqa::v1::Record> shown;
  const std::vector<std::string> phases = {"A", "B", "C"};
  std::vector<pqa::v1::VtcdEvent> event_list;
  ProgressLine progress("replaying", err, StderrIsTerminal() && !quiet);
  auto summary = replay::Replay(
      options,
      [&](const pqa::v1::Record& r) {
        shown.push_back(r);
        return (*records)->Write(r);
      },
      [&](const vtcd::AggregatedEvent& e) {
        event_list.push_back(vtcd::ToVtcdEventProto(e, &vtcd::RegionMap::Default(), phases));
        return (*events)->Write(event_list.back());
      },
      [&](double done, double total) { progress.Update(done, total); });
  progress.Done();
  if (!summary.ok()) {
    err << "pqa demo: " << summary.status().message() << "\n";
    return kExitBadInput;
  }
  (void)(*records)->Close();
  (void)(*events)->Close();
  if (!parser.Flag("keep-recording")) {
    std::filesystem::remove(recording, ec);
    std::filesystem::remove((dir / "demo.dat").string(), ec);
  }

  const Expected expected = ExpectedFor(spec);
  char line[256];
  std::snprintf(line, sizeof line,
                "pqa demo: %s of 60 Hz, 127 V signal at %g S/s from %s, replayed at %.0fx real "
                "time\n\n",
                HumanDuration(spec.duration_s).c_str(), spec.sample_rate_hz,
                FormatRfc3339(spec.start).c_str(), summary->times_real_time());
  out << line;
  out << "10-minute records (IEC 61000-4-30 class A; records.jsonl has every field):\n";
  out << "start                 full flag  freq_Hz  FD_%    VA_V    VB_V    VC_V  DTT_A  Pst_A "
         "events\n";
  for (const pqa::v1::Record& r : shown) PrintRecordRow(out, r);
  std::snprintf(line, sizeof line, "%-21s %-4s %-5s %7s %5.2f %7.2f %7.2f %7.2f %6.2f %5s\n\n",
                "put in (steady)", "", "", "60/59.97", expected.fd_pct, expected.rms_v[0],
                expected.rms_v[1], expected.rms_v[2], expected.dtt_pct, "");
  out << line;
  out << "aggregated events (PRODIST Module 8 item 88; events.jsonl):\n";
  for (const pqa::v1::VtcdEvent& e : event_list) {
    std::string phase_list;
    for (const std::string& p : e.phases()) phase_list += p;
    std::snprintf(line, sizeof line, "  %-4s %s  %8.1f ms  %.3f pu  phases %-3s region %s\n",
                  e.type().c_str(), e.start().c_str(), e.duration_ms(), e.amplitude_pu(),
                  phase_list.c_str(), e.region().c_str());
    out << line;
  }
  out << "put in: a sag to 0.55 pu for 250 ms on A at 00:16:20, a swell to 1.15 pu for 600 ms "
         "on B and C at 00:19:40\n\n"
      << "files: " << records_path << ", " << events_path
      << "\nnext: pqa replay --help, pqa synth --help, pqa window --help\n";
  return kExitOk;
}

}  // namespace pqa::cli
