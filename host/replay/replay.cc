#include "host/replay/replay.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "host/accel/backend.h"
#include "host/common/clocks.h"
#include "host/common/status_macros.h"
#include "host/flicker/flicker_config.h"
#include "host/io/channel_selection.h"
#include "host/measure/harmonics.h"
#include "host/measure/measurement_engine.h"

namespace pqa::replay {
namespace {

absl::Status Located(const std::string& source, const absl::Status& st) {
  // Reader errors already name the file they found at fault (the .dat of a
  // .cfg, for instance): keep those as they are.
  const std::string message(st.message());
  const std::string stem = source.substr(0, source.find_last_of('.'));
  if (message.find(stem) != std::string::npos) return st;
  return absl::Status(st.code(), absl::StrCat(source, ": ", message));
}

// The windows of the records handed out, those whose value lay outside
// what the nominal allows, and the values' mean weighted by windows: a
// verdict is due when most windows lay outside.
class WindowTally {
 public:
  void Add(double value, long long windows, bool outside) {
    windows_ += windows;
    weighted_ += value * static_cast<double>(windows);
    if (outside) outside_ += windows;
  }
  bool MostlyOutside() const { return windows_ > 0 && outside_ * 2 > windows_; }
  double Mean() const { return weighted_ / static_cast<double>(windows_); }

 private:
  long long windows_ = 0, outside_ = 0;
  double weighted_ = 0;
};

// Whether the nominals fit the recording, from the records handed out: the
// replay's warnings name the option that corrects a misfit.
//  - Cycles: a supply far below nominal frequency (a sample rate declared
//    at half the true one puts 60 Hz at 30 Hz) is not followed: the windows
//    free-run at the nominal frequency, which the records then report, and
//    read their "fundamental" on a bin the supply is not on. Such a
//    window's fundamental is a small part of its RMS, where a real
//    supply's is nearly all of it (97 % at 25 % distortion). Counted over
//    windows with a voltage (0.1 pu, PRODIST's interruption threshold), so
//    that an interruption's noise is not taken for it.
//  - Frequency: a 60 Hz recording labelled 50 Hz (its .cfg's line
//    frequency, or --nominal-frequency) or the reverse is followed, but
//    the windows (10 or 12 cycles), the flickermeter and Urms(1/2) are
//    built for the other supply, and PRODIST's limits judge every record a
//    violation. IEC 61000-4-30 4.4 measures a fundamental within +-15 % of
//    nominal.
//  - Level: a recording in kV read as V, a line-to-line voltage given as
//    line-to-neutral, or a secondary value taken for a primary one puts the
//    fundamental far from --nominal-voltage, and every event and per-unit
//    figure with it. Counted over the windows whose cycles were found
//    (fundamental most of the RMS): a scaled supply, not an interruption.
class SupplyCheck {
 public:
  static constexpr double kFrequencyRange = 0.15;
  static constexpr double kLeastFundamentalShare = 0.5;
  static constexpr double kLeastVoltagePu = 0.1;
  SupplyCheck(double nominal_hz, double nominal_v)
      : nominal_hz_(nominal_hz), nominal_v_(nominal_v) {}

  void Add(const pqa::v1::Record& r) {
    if (r.windows() <= 0) return;
    double rms = 0, fund = 0, fund_sum = 0;
    int phases = 0;  // with a voltage (a V input has none on B, currents-only none at all)
    for (const pqa::v1::PhaseRecord& p : r.phases()) {
      if (p.fund_v() > 0 || p.rms_v() > 0) {
        rms = std::max(rms, p.rms_v());
        fund = std::max(fund, p.fund_v());
        fund_sum += p.fund_v();
        ++phases;
      }
    }
    if (phases == 0) return;
    const bool cycles_found = fund >= kLeastFundamentalShare * rms;
    if (rms >= kLeastVoltagePu * nominal_v_) share_.Add(fund / rms, r.windows(), !cycles_found);
    if (!cycles_found) return;
    const double hz = r.freq_hz();
    if (hz > 0 && std::isfinite(hz)) {
      frequency_.Add(hz, r.windows(), std::abs(hz / nominal_hz_ - 1) > kFrequencyRange);
    }
    const double level = fund_sum / phases;
    const double pu = level / nominal_v_;
    level_.Add(level, r.windows(), pu < 0.5 || pu > 1.5);
  }

  std::vector<std::string> Verdicts() const {
    std::vector<std::string> verdicts;
    if (share_.MostlyOutside()) {
      verdicts.push_back(absl::StrFormat(
          "the fundamental is %.2g %% of the RMS for most of the recording: the windows did not "
          "find the supply's cycles, so its frequency is far from %g Hz (IEC 61000-4-30 4.4: "
          "+-%g %%) and the records do not measure it; check the recording's sample rate and "
          "line frequency, or give --nominal-frequency",
          100 * share_.Mean(), nominal_hz_, 100 * kFrequencyRange));
    }
    if (frequency_.MostlyOutside()) {
      const double hz = frequency_.Mean();
      std::string advice = "; check the recording's sample rate and line frequency";
      for (const double supply : {50.0, 60.0}) {
        if (supply != nominal_hz_ && std::abs(hz / supply - 1) <= kFrequencyRange) {
          advice = absl::StrFormat("; if the supply is %g Hz, give --nominal-frequency %g", supply,
                                   supply);
        }
      }
      verdicts.push_back(absl::StrFormat(
          "the measured frequency is %.4g Hz, outside %g Hz +-%g %% (IEC 61000-4-30 4.4) for "
          "most of the recording: windows, flicker and Urms(1/2) are built for %g Hz, and "
          "PRODIST's frequency limits are judged against it%s",
          hz, nominal_hz_, 100 * kFrequencyRange, nominal_hz_, advice));
    }
    if (level_.MostlyOutside()) {
      const double level = level_.Mean();
      // The value to type: four significant digits (7967, not 7966.93, which
      // moves with the analysis' last digits), never in exponent form.
      const double step = level > 0 ? std::pow(10.0, std::floor(std::log10(level)) - 3) : 0;
      const double suggestion = step > 0 ? std::round(level / step) * step : level;
      verdicts.push_back(absl::StrFormat(
          "the measured fundamental is %.6g V, %.3g pu of --nominal-voltage %g V, for most of the "
          "recording (outside 0.5..1.5 pu): events and per-unit figures are judged against the "
          "wrong level; if %.6g V is the normal level, give --nominal-voltage %.10g "
          "(line-to-neutral for a wye input)",
          level, level / nominal_v_, nominal_v_, level, suggestion));
    }
    return verdicts;
  }

 private:
  double nominal_hz_, nominal_v_;
  WindowTally share_;      // the largest phase fundamental over the largest phase RMS
  WindowTally frequency_;  // the records' frequency, where the cycles were found
  WindowTally level_;      // the phases' mean fundamental, where the cycles were found
};

// Sums the power fields of the records of one interval kind.
class PowerCount {
 public:
  explicit PowerCount(const std::set<std::string>& intervals) {
    // The finest kind that tiles the recording, so that the energies add up.
    for (const char* kind : {"10min", "150cycle", "window", "2h"}) {
      if (intervals.count(kind) > 0) {
        power_.interval = kind;
        break;
      }
    }
  }
  void Add(const pqa::v1::Record& r) {
    if (r.interval() != power_.interval || r.current_channels() <= 0 || r.windows() <= 0) return;
    const double w = r.windows();
    power_.windows += r.windows();
    p_ += r.p_w() * w;
    q_ += r.q_var() * w;
    s_ += r.s_va() * w;
    power_.ea_imp_wh += r.ea_imp_wh();
    power_.ea_exp_wh += r.ea_exp_wh();
    power_.er_ind_varh += r.er_ind_varh();
    power_.er_cap_varh += r.er_cap_varh();
    for (const pqa::v1::PhaseRecord& phase : r.phases()) {
      const int p = phase.phase().size() == 1 ? phase.phase()[0] - 'A' : -1;
      if (p < 0 || p > 2 || phase.i_rms_a() <= 0) continue;
      current_squares_[p] += phase.i_rms_a() * phase.i_rms_a() * w;
      current_windows_[p] += w;
    }
    if (r.current_channels() == 4 || r.in_rms_a() > 0) {
      neutral_squares_ += r.in_rms_a() * r.in_rms_a() * w;
      neutral_windows_ += w;
    }
  }
  std::optional<PowerSummary> Summary() const {
    if (power_.windows == 0) return std::nullopt;
    PowerSummary out = power_;
    const double n = static_cast<double>(power_.windows);
    out.p_w = p_ / n;
    out.q_var = q_ / n;
    out.s_va = s_ / n;
    for (int p = 0; p < 3; ++p) {
      if (current_windows_[p] > 0) {
        out.i_rms_a[p] = std::sqrt(current_squares_[p] / current_windows_[p]);
      }
    }
    if (neutral_windows_ > 0) out.in_rms_a = std::sqrt(neutral_squares_ / neutral_windows_);
    return out;
  }

 private:
  PowerSummary power_;
  double p_ = 0, q_ = 0, s_ = 0;
  std::array<double, 3> current_squares_{}, current_windows_{};
  double neutral_squares_ = 0, neutral_windows_ = 0;
};

measure::VoltageConnection EngineConnection(io::Connection c) {
  switch (c) {
    case io::Connection::kDelta:
      return measure::VoltageConnection::kDelta;
    case io::Connection::kV:
      return measure::VoltageConnection::kV;
    case io::Connection::kWye:
      break;
  }
  return measure::VoltageConnection::kWye;
}

}  // namespace

double PowerSummary::pf() const {
  const double fp = std::hypot(p_w, q_var);
  return fp > 0 ? p_w / fp : 0;
}

std::size_t BlockFrames(const analyzer::AnalyzerConfig& config, double sample_rate_hz) {
  constexpr std::size_t kFrames = 16384, kMostFrames = 4 * kFrames;
  constexpr double kTwoThreadBlockS = 4;
  if (config.threads != 2 || !analyzer::BlocksAreFree(config) || !(sample_rate_hz > 0)) {
    return kFrames;
  }
  const double frames = std::round(kTwoThreadBlockS * sample_rate_hz);
  return static_cast<std::size_t>(
      std::clamp(frames, static_cast<double>(kFrames), static_cast<double>(kMostFrames)));
}

absl::StatusOr<ReplaySummary> ReplaySource(io::SampleSource& source, const ReplayOptions& options,
                                           analyzer::RecordSink records, analyzer::EventSink events,
                                           ProgressFn progress) {
  const io::StreamInfo& info = source.info();
  ReplaySummary summary;
  summary.source = info.source_name;
  io::ChannelRequest request;
  request.connection = options.connection;
  request.voltages = options.channels;
  request.currents = options.currents;
  auto map = io::SelectChannels(info, request);
  if (!map.ok()) return Located(info.source_name, map.status());
  summary.channels = map->description;
  summary.current_channels = map->current_channels();
  PQA_RETURN_IF_ERROR(source.SetRequiredChannels(io::UsedChannels(*map)));

  analyzer::AnalyzerConfig config = options.analyzer;
  // The two buffers below alternate: a block stays as it is until the read
  // into its buffer, which the analyzer runs (`meanwhile`) after the engine
  // is done with it.
  config.pipelined = true;
  config.engine.phase_channels = map->voltage;
  config.engine.connection = EngineConnection(map->connection);
  config.engine.current_channels = map->current;
  config.engine.neutral_current_channel = map->neutral_current;
  if (!map->has_voltages()) {
    // A currents-only recording: no voltage to detect events or flicker on.
    config.events = false;
    config.flicker = false;
  }
  double f = options.nominal_frequency_hz;
  if (f == 0)
    f = info.nominal_frequency_hz == 50 || info.nominal_frequency_hz == 60
            ? info.nominal_frequency_hz
            : 60;
  config.engine.nominal_frequency_hz = f;
  summary.nominal_frequency_hz = f;

  long long record_count = 0, event_count = 0;
  SupplyCheck supply(f, config.engine.nominal_voltage_v);
  PowerCount power(config.intervals);
  auto counted_records = [&](const pqa::v1::Record& r) {
    ++record_count;
    supply.Add(r);
    power.Add(r);
    return records ? records(r) : absl::OkStatus();
  };
  // Counted even when nobody wants them: the summary says how many there were.
  analyzer::EventSink counted_events = [&](const vtcd::AggregatedEvent& e) {
    ++event_count;
    return events ? events(e) : absl::OkStatus();
  };
  PQA_ASSIGN_OR_RETURN(std::unique_ptr<analyzer::Analyzer> analyzer,
                       analyzer::Analyzer::Create(config, counted_records, counted_events));
  if (options.pinst_observer) analyzer->set_pinst_observer(options.pinst_observer);
  const auto wall_start = std::chrono::steady_clock::now();
  const double cpu_start = ProcessCpuSeconds();
  // The next block is read (or synthesised) while the analyzer's engine
  // takes the current one on its second core (Analyzer::Process's
  // `meanwhile`): reading is a sixth of the work at 256 samples per cycle,
  // generating the demo's signal a sixth at 2 kS/s. A third thread for it
  // would only make the operating system share two cores among three. The
  // blocks and their order are the same either way.
  std::array<io::SampleBlock, 2> blocks;
  // Whatever way this function returns, the engine is done with the blocks
  // before they go.
  struct Drained {
    analyzer::Analyzer& a;
    ~Drained() { a.Drain(); }
  } drained{*analyzer};
  std::size_t current = 0;
  std::size_t frames_per_block =
      options.frames_per_block > 0 ? options.frames_per_block : BlockFrames(config, 0);
  absl::StatusOr<bool> got = source.Next(blocks[current], frames_per_block);
  TimeNs first = 0, end = 0;
  double rate_hz = 0;  // of the latest block
  double lowest_rate_hz = 0;
  bool any = false;
  while (true) {
    if (!got.ok()) return Located(info.source_name, got.status());
    if (!*got) break;
    io::SampleBlock& block = blocks[current];
    // Inverted line voltages and derived currents (channel_selection.h).
    io::AdjustBlock(*map, block);
    absl::StatusOr<bool> next = false;
    io::SampleBlock& following = blocks[1 - current];
    if (!any) first = block.start;
    any = true;
    rate_hz = block.sample_rate_hz;
    if (options.frames_per_block == 0) frames_per_block = BlockFrames(config, rate_hz);
    const double content_hz =
        block.content_rate_hz > 0 ? std::min(block.content_rate_hz, rate_hz) : rate_hz;
    lowest_rate_hz = lowest_rate_hz == 0 ? content_hz : std::min(lowest_rate_hz, content_hz);
    if (auto st =
            analyzer->Process(block, [&] { next = source.Next(following, frames_per_block); });
        !st.ok()) {
      return Located(info.source_name, st);
    }
    end = block.start +
          static_cast<TimeNs>(static_cast<double>(block.frames) * 1e9 / block.sample_rate_hz);
    if (progress) progress(static_cast<double>(end - first) / 1e9, info.duration_s);
    got = std::move(next);
    current = 1 - current;
  }
  if (auto st = analyzer->Finish(); !st.ok()) return Located(info.source_name, st);
  summary.wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  summary.cpu_s = ProcessCpuSeconds() - cpu_start;
  summary.signal_s = static_cast<double>(end - first) / 1e9;
  summary.records = record_count;
  summary.events = event_count;
  summary.phase_events = analyzer->phase_events();
  summary.phase_names = analyzer->phase_names();
  if (summary.current_channels > 0) {
    summary.power = power.Summary();
    if (summary.power) summary.power->power = map->has_voltages();
  }
  if (config.backend_report && any) {
    summary.backend_report = config.backend_report(rate_hz, f);
  }
  if (!any) {
    return absl::InvalidArgumentError(
        absl::StrCat(info.source_name, ": the recording holds no samples"));
  }
  const int cycles = config.engine.cycles_per_window();
  const double window_s = cycles / f;
  if (summary.signal_s < window_s) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: the recording is %.4g s long, shorter than one %d-cycle window (%.3g s at %g Hz): "
        "nothing can be measured",
        info.source_name, summary.signal_s, cycles, window_s, f));
  }
  summary.lowest_rate_hz = lowest_rate_hz;
  summary.max_harmonic_order = measure::MaxHarmonicOrder(lowest_rate_hz, f);
  std::vector<std::string> missing;
  if (summary.max_harmonic_order < measure::kMaxHarmonicOrder) {
    missing.push_back(absl::StrFormat(
        "harmonics above order %d (DTT covers orders 2..%d%s)", summary.max_harmonic_order,
        std::max(2, std::min(summary.max_harmonic_order, measure::kDistortionMaxOrder)),
        summary.max_harmonic_order < measure::kDistortionMaxOrder
            ? ", not 2..40 as PRODIST Module 8 asks"
            : ""));
  }
  if (analyzer->flicker_skipped()) {
    missing.push_back(
        absl::StrFormat("flicker (its chain needs at least %g S/s)", flicker::kMinSampleRateHz));
  }
  if (!missing.empty()) {
    summary.not_measured =
        absl::StrFormat("at %g S/s (%.4g samples per cycle) not measured: %s", lowest_rate_hz,
                        lowest_rate_hz / f, absl::StrJoin(missing, "; "));
  }
  summary.warnings = info.warnings;
  for (std::string& w : supply.Verdicts()) summary.warnings.push_back(std::move(w));
  if (record_count == 0) {
    std::vector<std::string> kinds(config.intervals.begin(), config.intervals.end());
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: no %s record: the recording is %.4g s long and no interval of that kind closed; "
        "--interval window writes every %d-cycle window (%.3g s)%s",
        info.source_name, absl::StrJoin(kinds, "/"), summary.signal_s, cycles, window_s,
        summary.signal_s >= 15 * window_s ? ", 150cycle every 15 windows" : ""));
  }
  return summary;
}

absl::StatusOr<ReplaySummary> Replay(const ReplayOptions& options, analyzer::RecordSink records,
                                     analyzer::EventSink events, ProgressFn progress) {
  PQA_ASSIGN_OR_RETURN(std::unique_ptr<io::SampleSource> source,
                       io::OpenRecording(options.input, options.format));
  return ReplaySource(*source, options, std::move(records), std::move(events), std::move(progress));
}

}  // namespace pqa::replay
