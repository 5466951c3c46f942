// The streaming IEC 61000-4-30 class A measurement engine: sample blocks in,
// synchronised 10/12-cycle windows and aggregated records out.
//
//   blocks -> ZeroCrossingDetector (reference phase) -> cycle boundaries
//          -> TenSecondFrequencyMeter                 -> 10 s frequency
//          -> SincResampler (points per window)       -> HarmonicAnalyzer (FFT)
//          -> WindowResult -> RmsAggregator x {150/180 cycles, 10 min, 2 h} -> records
//
// Currents (EngineConfig.current_channels) travel with the voltages: the
// same windows, the same resampler and transform per channel, and from them
// and the voltage each current multiplies (power.h: line-to-neutral for a
// wye input, to the artificial star point for delta and V) the IEEE 1459
// powers; power_aggregation.h turns them into the records' current, power,
// energy and demand fields.
//
// Rules implemented (clauses of IEC 61000-4-30 ed. 3 unless stated):
// - 4.4/5.2: windows of exactly N = 12 (60 Hz) or 10 (50 Hz) measured cycles,
//   gapless and non-overlapping within a 10-minute interval.
// - 4.5.2: 150/180-cycle values from 15 consecutive windows.
// - 4.5.3: 10-minute values aligned to the UTC clock. The window in progress
//   at a 10-minute tick completes and belongs to the ending interval; a new
//   window sequence starts exactly at the tick (the two windows overlap), and
//   the 150/180-cycle sequence restarts with it.
// - 4.5.4: 2-hour values from the twelve 10-minute values of a 2-hour clock
//   interval.
// - 5.1: 10-second frequency from whole measured cycles in each 10 s interval.
//
// Completeness: a 10-minute record is complete when its windows start at its
// opening tick, nothing interrupted them and the window sequence reached its
// closing tick; a record touching a gap, a sample-rate change or the start or
// end of the recording is incomplete. A 150/180-cycle record is complete with
// its 15 windows; a 2-hour record with twelve complete 10-minute records.
// Intervals without any window produce no record (missing data is neither
// valid nor counted, spec section 4).
//
// Low sample rates (down to kMinSamplesPerCycle): harmonic subgroups above
// MaxHarmonicOrder() are not measured; each record carries
// max_harmonic_order, its dit_pct holds orders 2..max_harmonic_order only,
// and its DTT family covers orders 2..min(40, max_harmonic_order). The
// transform length follows the rate (PointsPerWindow()), and the resampler's
// kernel with it; windows whose cycles free-run (an interruption) take the
// full-rejection kernel instead (WindowResamplerDesign()).
//
// Record fields: `start` is the UTC start (the 10-minute or 2-hour tick; for
// 150/180-cycle records the start of their first window, with milliseconds);
// `duration_s` the nominal length (3, 600, 7200 s); `freq_hz` the mean of the
// 10 s values whose 10 s interval starts inside the interval, or, for
// 150/180-cycle records (shorter than 10 s), cycles / seconds of their
// windows; DIT/DTT from the aggregated subgroup magnitudes (aggregation.h);
// freq_min_hz, freq_max_hz, frequency_bands (10-minute and 2-hour records)
// and freq_10s_hz (10-minute records) from the same 10 s values
// (frequency_bands.h; 0 in 150/180-cycle and window records).
// Flicker, VTCD and flag fields are left for the other modules. Every record
// names the voltage connection ("wye", "delta", "v"; "" for a recording of
// currents only) and counts the current channels (IN included).
//
// A recording of currents only (no voltage channel) takes the frequency
// reference from its first current; its records carry the current
// quantities, and voltage and power fields stay 0.
//
// Gaps and sample-rate changes: a block that does not start where the
// previous one ended (beyond half a sample period), or that comes at another
// rate, ends the segment: the window in progress is dropped, frequency
// tracking restarts on the new block, and the open intervals are marked
// incomplete.
#ifndef PQA_HOST_MEASURE_MEASUREMENT_ENGINE_H_
#define PQA_HOST_MEASURE_MEASUREMENT_ENGINE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "host/common/time.h"
#include "host/io/sample_source.h"
#include "host/measure/aggregation.h"
#include "host/measure/channel_buffer.h"
#include "host/measure/frequency_bands.h"
#include "host/measure/harmonic_analyzer.h"
#include "host/measure/sinc_resampler.h"
#include "host/measure/ten_second_frequency.h"
#include "host/measure/window_analysis.h"
#include "host/measure/window_result.h"
#include "host/measure/window_sharing.h"
#include "host/measure/zero_crossing_detector.h"
#include "pqa/v1/record.pb.h"

namespace pqa::measure {

enum class VoltageConnection { kWye, kDelta, kV };

struct EngineConfig {
  double nominal_frequency_hz = 60;  // 50 or 60
  double nominal_voltage_v = 127;    // declared RMS of each input channel (line-to-neutral
                                     // for a wye input), volts, > 0
  // Block channel index of VA, VB, VC (0..channels-1); -1 for a phase that is
  // not recorded (at least one phase present). The first present phase is the
  // frequency reference.
  std::array<int, kPhases> phase_channels = {0, 1, 2};
  // How the voltage channels are wired (Record.connection):
  // - kWye: phase_channels are VA, VB, VC, line-to-neutral;
  // - kDelta: phase_channels are VAB, VBC, VCA (line-to-line);
  // - kV: the two-element connection of Module 5 item 50.4.1: phase_channels
  //   are VAB, -1, VCB (two line-to-line voltages, B the common phase).
  VoltageConnection connection = VoltageConnection::kWye;
  // Block channel index of IA, IB, IC (-1: no current for that phase) and of
  // the neutral current IN (-1: none). A recording may have currents only
  // (every phase_channels entry -1): then the first current is the frequency
  // reference and only current quantities are measured.
  std::array<int, kPhases> current_channels = {-1, -1, -1};
  int neutral_current_channel = -1;
  // Samples per window after synchronous resampling (the transform length):
  // 0 chooses them from each segment's sample rate (PointsPerWindow(), so
  // that a window costs in proportion to its input samples); otherwise a
  // power of two, 2048..65536 (4096 puts 12 cycles on 341 points per
  // cycle). An accelerator's analysis (window_analysis) takes 0 as
  // kKernelPointsPerWindow, the size its kernels are built for.
  std::size_t points_per_window = 0;
  // Take a block's samples from its codes where it has them
  // (io::SampleCodes): 2 bytes a value to read instead of 8. For a block
  // read and scaled on another core the doubles would have to move between
  // the cores' caches. On the core that scaled them, decoding alone costs
  // as much as copying or more (worker_bench BM_CodesOnOneCore against
  // BM_BlockOnOneCore), but in a replay the smaller read leaves the
  // doubles in the cache for whoever reads the block next, and the whole
  // runs faster (the analyzer sets it on one and two threads). The same
  // doubles either way.
  bool read_codes = false;
  bool emit_150_cycle = true;  // 150/180-cycle records ("150cycle")
  bool emit_10_min = true;     // 10-minute records ("10min")
  bool emit_2_hour = true;     // 2-hour records ("2h")
  // Every 10/12-cycle window as a record ("window"): what a fault record of
  // a few hundred milliseconds is analysed with.
  bool emit_window = false;
  // The per-window analysis; empty: the engine's own double-precision
  // analysis, the golden reference. host/accel supplies accelerator backends.
  WindowAnalysisFactory window_analysis;

  int cycles_per_window() const { return nominal_frequency_hz == 50 ? 10 : 12; }
  // Names the offending field.
  absl::Status Validate() const;
};

// Lowest sample rate the engine measures at: 8 samples per nominal cycle.
// From there up it measures RMS, the fundamental, unbalance and frequency
// at every rate, and harmonics to MaxHarmonicOrder().
inline constexpr double kMinSamplesPerCycle = 8;

// Highest harmonic order (1..50) measured at `sample_rate_hz` on a
// `nominal_hz` supply: the orders the resampler passes unchanged for a
// fundamental up to 5 % above nominal (its passband is at most 0.42 of the
// sample rate), e.g. 6 at 960 S/s on 60 Hz, 50 from 128 samples per cycle.
int MaxHarmonicOrder(double sample_rate_hz, double nominal_hz);

// Points per window of an accelerator backend given points_per_window = 0:
// the static size of the HLS window kernel (hls/kernels/buffer_contract.h).
inline constexpr std::size_t kKernelPointsPerWindow = 4096;

// Points per window the golden analysis uses at `sample_rate_hz` on a
// `nominal_hz` supply when points_per_window is 0: the fewest (a power of
// two) that hold the harmonic subgroups of every order MaxHarmonicOrder()
// resolves below the Nyquist bin (IEC 61000-4-7: bins N h - 1 .. N h + 1
// for N cycles) and for which the resampler, with its class A passband and
// 90 dB stopband, can be designed (fewer points than input samples make it
// a decimator whose stopband must also reject what would alias into the
// passband). E.g. 512 at 2 kS/s and 2048 at 15.36 kS/s on 60 Hz.
std::size_t PointsPerWindow(double sample_rate_hz, double nominal_hz);

// The resampler design of a `cycles`-cycle window on `points` points at
// `sample_rate_hz` (measurement_engine.cc says how the stopband is chosen).
// `free_running`: the design of a window whose cycles free-run (no measured
// crossing: an interruption, its collapse or its return), which rejects the
// images in full at every transform length.
ResamplerDesign WindowResamplerDesign(double sample_rate_hz, double nominal_hz, int cycles,
                                      std::size_t points, bool free_running);

// Receives each record when its interval closes, in time order per interval
// kind (a 10-minute record precedes the 2-hour record it completes).
using RecordSink = std::function<void(const pqa::v1::Record&)>;

// Optional per-window and per-10-second results, e.g. for the flicker and
// event modules and the sliding reference voltage. Called synchronously from
// Process()/Finish(); the references are valid only during the call.
class MeasurementObserver {
 public:
  virtual ~MeasurementObserver() = default;
  virtual void OnWindow(const WindowResult& window) {}
  virtual void OnFrequency(const FrequencyValue& value) {}
};

class MeasurementEngine {
 public:
  // `sink` may be empty (no records wanted); `observer` may be null and must
  // outlive the engine otherwise.
  static absl::StatusOr<std::unique_ptr<MeasurementEngine>> Create(
      const EngineConfig& config, RecordSink sink, MeasurementObserver* observer = nullptr);

  // Consumes one block (channels as configured, volts). Errors name the block
  // start and the field at fault; the engine stays usable after an error in a
  // block (the block is ignored).
  absl::Status Process(const io::SampleBlock& block);
  // End of the recording: closes every open interval (incomplete).
  absl::Status Finish();

  const EngineConfig& config() const { return config_; }
  std::int64_t windows_done() const { return windows_done_; }
  // Windows flagged invalid (beyond kWindowFullScaleV or not representable).
  std::int64_t invalid_windows() const { return invalid_windows_; }

  // A second thread may analyse some of a block's windows (window_sharing.h)
  // while Process() runs on the first. Each block is a numbered batch (1, 2,
  // ...): OpenWindowSharing(batch) comes before that block's Process(), on
  // Process()'s thread or on the helper's before it hands the block over;
  // the helper calls HelpAnalyseWindows(batch) once it is free, and
  // Process()'s thread calls CloseWindowSharing() after Process(). Results
  // are the same whichever thread analyses a window. Without these calls
  // Process() analyses every window itself. `helper_share`: the first so
  // many windows of the block are the helper's (tests; WindowSharing::Open).
  void OpenWindowSharing(std::uint64_t batch, std::size_t helper_share = 0) {
    sharing_.Open(batch, helper_share);
  }
  std::size_t HelpAnalyseWindows(std::uint64_t batch);  // how many windows it analysed
  void CloseWindowSharing() { sharing_.Close(); }

 private:
  MeasurementEngine(const EngineConfig& config, RecordSink sink, MeasurementObserver* observer);

  // Segment: samples that are contiguous at one rate.
  absl::Status StartSegment(TimeNs start, double sample_rate_hz);
  void EndSegment(TimeNs next_start);
  void DetectCrossings(const io::SampleBlock& block);
  void FormWindows();
  // The first `n` pending windows: in one batch by the WindowAnalysis, or
  // one by one by the golden code (AnalyseWindow).
  void AnalyseWindows(std::size_t n);
  // With Process()'s thread's analyzers (analyzers_[0]) or the helper
  // thread's (analyzers_[1], the same design).
  struct AnalyzerSet {
    std::array<std::unique_ptr<HarmonicAnalyzer>, kPhases> voltage;
    std::array<std::unique_ptr<HarmonicAnalyzer>, kPhases> current;
  };
  void AnalyseWindow(double first, double last, WindowResult& w, AnalyzerSet& set);
  // Pending window i, on Process()'s thread or on the helper's (its set).
  void AnalysePendingWindow(std::size_t i, bool helper);
  void CompactBuffers();
  double PositionOfPhase(double phase) const;  // cycle index -> sample position
  double PhaseOfPosition(double position, double from_phase) const;
  TimeNs ToTime(double position) const;
  double ToPosition(TimeNs t) const;

  // Appends the block's channels to the buffers (and, for a delta or V
  // input, the voltages to the artificial star point).
  void BufferBlock(const io::SampleBlock& block);
  // The engine's part of a window after its analysis: unresolved orders
  // zeroed, the power voltages' fundamental phasors, the neutral current.
  void CompleteWindow(const WindowSpan& span, WindowResult& w) const;
  // The samples a phase's current multiplies (see WindowSpan.power_voltages).
  const double* PowerVoltage(int p) const;

  // Intervals.
  void Deliver(const WindowResult& w);
  void TakeFrequencies();
  void Close150Cycle();
  void CloseTenMinute(bool at_tick);
  void CloseTwoHour();
  void Emit(pqa::v1::Record r);

  EngineConfig config_;
  RecordSink sink_;
  MeasurementObserver* observer_;
  int cycles_ = 12;  // N
  std::array<int, kPhases> channel_{};
  int reference_channel_ = 0;  // block channel that carries the frequency reference
  std::vector<int> phases_present_;
  std::array<int, kPhases> current_channel_{};
  std::vector<int> currents_present_;  // phases with a current channel
  // [0]: Process()'s thread; [1]: the helper's (HelpAnalyseWindows).
  std::array<AnalyzerSet, 2> analyzers_;
  WindowSharing sharing_;
  std::unique_ptr<WindowAnalysis> analysis_;  // a backend's, or null for the golden analysis

  // Segment state.
  bool in_segment_ = false;
  TimeNs segment_start_ = 0;
  double sample_rate_hz_ = 0;
  double ns_per_sample_ = 0;
  std::int64_t segment_frames_ = 0;  // frames received in this segment
  std::optional<ZeroCrossingDetector> detector_;
  std::optional<SincResampler> resampler_;
  // Free-running windows' kernel, full image rejection (WindowResamplerDesign()),
  // where it differs from resampler_'s; designed on first use.
  std::optional<ResamplerDesign> free_run_design_;
  std::optional<SincResampler> free_run_resampler_;
  int kernel_margin_ = 0;                      // input samples a window reads beyond each end
  double resampler_rate_hz_ = 0;               // rate the resampler was designed for
  std::size_t points_ = 0;                     // points per window of the segment
  int max_order_ = kMaxHarmonicOrder;          // of the segment's rate
  std::array<ChannelBuffer, kPhases> buffer_;  // samples from buffer_origin_ on
  std::int64_t buffer_origin_ = 0;             // segment index of buffer_[p][0]
  std::vector<Crossing> crossings_;            // from crossing_origin_ on
  std::size_t crossing_head_ = 0;              // first live element of crossings_
  std::int64_t crossing_origin_ = 0;           // cycle index of crossings_[crossing_head_]
  std::vector<Crossing> new_crossings_;        // scratch
  std::optional<Crossing> last_crossing_;      // for the 10 s meter
  bool have_sequence_ = false;
  double next_phase_ = 0;            // cycle index where the next window starts
  std::optional<TimeNs> resync_at_;  // the next window starts exactly at this tick

  // Currents, same origin as buffer_: the phase currents and IN, amperes,
  // and for a delta or V input the voltages to the artificial star point.
  std::array<ChannelBuffer, kPhases> current_buffer_;
  ChannelBuffer neutral_buffer_;
  std::array<ChannelBuffer, kPhases> star_buffer_;
  std::vector<ChannelBuffer*> buffers_;        // every buffer in use (all of one length)
  ChannelBuffer* reference_buffer_ = nullptr;  // the frequency reference's (in copies_)
  std::vector<ChannelCopy> copies_;            // the block columns BufferBlock appends, and where

  // Frequency.
  TenSecondFrequencyMeter meter_;
  std::vector<FrequencyValue> pending_frequencies_;
  FrequencyBandRecorder frequency_bands_{config_.nominal_frequency_hz};  // items 65-67 fields

  // Aggregation state.
  RmsAggregator agg150_;
  TimeNs start150_ = 0;
  RmsAggregator agg10_;
  bool open10_ = false;
  TimeNs start10_ = 0;
  bool from_tick10_ = false;  // first window started at the opening tick
  bool broken10_ = false;     // a gap or rate change fell inside
  RmsAggregator agg2h_;
  bool open2h_ = false;
  TimeNs start2h_ = 0;
  int complete10_in_2h_ = 0;

  WindowResult window_;  // the engine's fields every window starts from
  // Windows formed by one FormWindows() call, analysed as a batch, then
  // delivered; index i of each is window i. Reused across calls (only the
  // first `formed` entries of a call count).
  std::vector<WindowSpan> pending_spans_;  // first/last relative to the buffers' origin
  std::vector<WindowResult> pending_results_;
  std::vector<bool> pending_closes_at_tick_;  // IEC 61000-4-30 4.5.3 resync after it
  std::int64_t windows_done_ = 0;
  std::int64_t invalid_windows_ = 0;
};

}  // namespace pqa::measure

#endif  // PQA_HOST_MEASURE_MEASUREMENT_ENGINE_H_
