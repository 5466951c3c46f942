// Replays one recording (COMTRADE, CSV, or any SampleSource) through the
// analyzer: the library behind `pqa replay`, `pqa demo` and `pqa push`.
#ifndef PQA_HOST_REPLAY_REPLAY_H_
#define PQA_HOST_REPLAY_REPLAY_H_

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "host/analyzer/analyzer.h"
#include "host/io/channel_selection.h"
#include "host/io/open_recording.h"
#include "host/io/sample_source.h"

namespace pqa::replay {

struct ReplayOptions {
  std::string input;  // recording path (.cfg, .cff, .dat, .csv)
  io::RecordingFormat format = io::RecordingFormat::kAuto;
  // Voltage channel ids or numbers (--channels: VA,VB,VC[,IA,IB,IC], delta
  // VAB,VBC,VCA, V VAB,VCB, or "none"), current channels (--currents:
  // IA,IB,IC[,IN] or "none") and the wiring (--connection); empty/unset: by
  // the recording's phase fields and ids (io::SelectChannels).
  std::vector<std::string> channels;
  std::vector<std::string> currents;
  std::optional<io::Connection> connection;
  // Nominal frequency, Hz (50 or 60); 0: the recording's declared line
  // frequency when it is 50 or 60, else 60.
  double nominal_frequency_hz = 0;
  // engine.phase_channels are filled from the channel selection; every other
  // analyzer setting is taken as given.
  analyzer::AnalyzerConfig analyzer;
  // Read granularity, frames; 0: BlockFrames() chooses (16,384 frames, or
  // about four seconds of signal where two threads give the same records
  // with them).
  std::size_t frames_per_block = 0;
  // Every Pinst of every phase (tests of IEC 61000-4-15 tables 1 and 2).
  analyzer::Analyzer::PinstObserver pinst_observer;
};

// The frames a replay reads at a time when ReplayOptions::frames_per_block
// is 0, after a block at `sample_rate_hz` (the first block: 0). 16,384
// frames (about a second at 256 samples per cycle) keep a block's samples
// in the second-level cache of one core. With two threads each block costs
// a hand-over between the cores: blocks of about four seconds (up to
// 65,536 frames) need fewer (BENCHMARKS.md, "Issue 21, round 8", before
// the hand-over was pipelined: 1.07 .. 1.12 wall at 15,360 S/s; at 2 kS/s
// 16,384 frames are already eight seconds, and 32 s blocks were slower: a
// replay's first block is read before any overlap). They are taken only
// where the records do not depend on the block size: the double-precision
// engine (whose windows are counted from their own first sample,
// MeasurementEngine::AnalyseWindow) and event detector, with the declared
// reference (the sliding reference takes a block's windows after the
// block). The hardware front end's events (`--events-from frontend`) were
// the same on one and two threads for the one file tried; not having been
// shown for every cut, they keep 16,384.
std::size_t BlockFrames(const analyzer::AnalyzerConfig& config, double sample_rate_hz);

// Currents, power and energy of a replay with currents (IEEE 1459), from
// the records of one interval kind: what an engineer checks first against
// the meter.
struct PowerSummary {
  std::string interval;   // the records summed ("10min", "150cycle", "window", "2h")
  long long windows = 0;  // 10/12-cycle windows they cover
  // RMS over those windows of each phase current A, B, C and the neutral,
  // amperes; a phase without a current channel is absent (nullopt).
  std::array<std::optional<double>, 3> i_rms_a;
  std::optional<double> in_rms_a;
  bool power = false;  // voltages were measured too: the fields below mean something
  double p_w = 0;      // mean total active power, watts (weighted by windows)
  double q_var = 0;    // mean total fundamental reactive power Q1, var
  double s_va = 0;     // mean arithmetic apparent power, volt-amperes
  double ea_imp_wh = 0, ea_exp_wh = 0, er_ind_varh = 0, er_cap_varh = 0;  // sums
  // PRODIST Module 8 item 38: fp = P / sqrt(P^2 + Q^2) of the mean totals.
  double pf() const;
};

struct ReplaySummary {
  std::string source;   // the recording as named in errors
  double signal_s = 0;  // seconds of signal replayed
  double wall_s = 0;    // seconds of wall time
  double cpu_s = 0;     // seconds of processor time of this process (one core's work)
  double nominal_frequency_hz = 0;
  long long records = 0;                       // records handed to the sink
  long long events = 0;                        // aggregated events handed to the sink
  std::vector<vtcd::PhaseEvent> phase_events;  // every per-phase event (table 11)
  std::vector<std::string> phase_names;
  std::string backend_report;         // the backend's account of the run (--backend sim), or ""
  std::string channels;               // which channels were measured, number and name
  int current_channels = 0;           // phases with a current, plus 1 with the neutral
  std::optional<PowerSummary> power;  // when currents were measured
  double lowest_rate_hz =
      0;  // lowest rate of the content replayed (SampleBlock::content_rate_hz), Hz
  int max_harmonic_order = 50;  // highest harmonic order measured at that rate
  // What the sample rate did not allow (harmonics above an order, flicker),
  // in one line; "" when everything was measured.
  std::string not_measured;
  // The reader's warnings (what it accepted beyond the standard, a
  // mislabelled rate) and the run's (a level far from --nominal-voltage).
  std::vector<std::string> warnings;
  double times_real_time() const { return wall_s > 0 ? signal_s / wall_s : 0; }
  // Signal seconds per processor second: the speed on one otherwise idle core.
  double times_real_time_cpu() const { return cpu_s > 0 ? signal_s / cpu_s : 0; }
};

// `progress`, if set, is called after each block with the seconds of signal
// done and the recording's declared length (0 when unknown).
using ProgressFn = std::function<void(double done_s, double total_s)>;

// Errors name the recording and where in it (file, line or record, field).
// A recording shorter than one 10/12-cycle window, and a run that yields no
// record of the chosen intervals, are errors that say its length and the
// interval that would fit. Events are counted whether or not `events` is set.
absl::StatusOr<ReplaySummary> Replay(const ReplayOptions& options, analyzer::RecordSink records,
                                     analyzer::EventSink events = {}, ProgressFn progress = {});

// Same on an open source (synthetic waveforms, tests).
absl::StatusOr<ReplaySummary> ReplaySource(io::SampleSource& source, const ReplayOptions& options,
                                           analyzer::RecordSink records,
                                           analyzer::EventSink events = {},
                                           ProgressFn progress = {});

}  // namespace pqa::replay

#endif  // PQA_HOST_REPLAY_REPLAY_H_
