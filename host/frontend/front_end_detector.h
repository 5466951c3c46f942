// Sags, swells and interruptions from the hardware front end's arithmetic:
// the software replay path and the RTL compute the same Urms(1/2) values and
// the same event markers, and both feed host/vtcd's EventDetector through its
// Urms(1/2) entry point (AddUrmsHalf), so that per-phase events, polyphase
// and 3-minute aggregation, classification and flags are the ones the
// double-precision path would derive from those values.
//
//   auto d = FrontEndDetector::Create(config);
//   d->Process(block);              // software: volts -> ADC codes -> bit-exact model
//   // or, from the RTL's output stream (hardware or Verilator):
//   d->StartStream(t0, rate); d->AddWord(word) ...
//   d->Finish();
//   d->events(); d->phase_events(); d->markers();
//
// Quantisation (why the default full scale is 2 x sqrt(2) x Udin): the
// largest code stands for twice the declared peak, so a 1.4 pu swell keeps
// 43 % headroom for the crest of its harmonics, and a 2 pu sine is not
// clipped, while a 16-bit code still resolves
// 2 x sqrt(2) / 32767 = 8.6e-5 of Udin per LSB: the quantisation error of a
// one-cycle RMS (LSB / sqrt(12) per sample, averaged over >= 128 samples) is
// below 1e-5 pu, and even the 0.1 pu interruption threshold is 1,638 codes
// of peak, far from the 0.2 % of Udin that IEC 61000-4-30 class A allows for
// Urms(1/2) (5.4.2.2). 1.5 x would leave no room for harmonics on a 1.4 pu
// swell.
//
// What differs from the double-precision path (host/vtcd UrmsHalfCycleMeter)
// is the window: the RTL sums whole samples from one confirmed raw zero
// crossing to the next, so at a non-integer number of samples per cycle the
// mean is off by up to (fraction / samples per cycle): 0.13 % of the RMS at
// 50 Hz and 15,360 S/s, 0 at 60 Hz and 7,680 or 15,360 S/s. Use >= 256
// samples per cycle (or an integer number) for class A amplitudes; Create()
// refuses fewer than 64.
#ifndef PQA_HOST_FRONTEND_FRONT_END_DETECTOR_H_
#define PQA_HOST_FRONTEND_FRONT_END_DETECTOR_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "host/common/time.h"
#include "host/frontend/fixed_point.h"
#include "host/frontend/front_end.h"
#include "host/frontend/output_word.h"
#include "host/io/sample_source.h"
#include "host/vtcd/event_detector.h"

namespace pqa::frontend {

struct FrontEndDetectorConfig {
  // Declared voltage (declared_voltage_v, RMS volts > 0), nominal frequency
  // (limits.nominal_frequency_hz), thresholds, hysteresis, phase names (1..3)
  // and aggregation: as for the double-precision path. The model's registers
  // are programmed from the same thresholds; its markers follow the declared
  // reference (the hardware has no sliding reference).
  vtcd::DetectorConfig detector;
  // SampleBlock channel of each phase, one per detector.phase_names entry,
  // each < block.channels.
  std::vector<std::size_t> phase_channels = {0, 1, 2};
  // Volts at the largest positive ADC code (peak, > 0); 0 = 2 x sqrt(2) x
  // declared_voltage_v (see above). Values beyond it clip, as an ADC does.
  double full_scale_v = 0.0;
  int sample_width = 16;  // ADC code bits, 8..32 (hw/configs.cmake SampleWidth)
  int window_log2 = 11;   // RTL WindowLog2: windows up to 2^window_log2 - 2 samples, 4..16
};

// A model marker in engineering units.
struct FrontEndMarker {
  int phase = 0;  // index into detector.phase_names
  EventKind kind = EventKind::kSag;
  bool start = true;         // true: threshold crossed; false: returned past it + hysteresis
  TimeNs window_start = 0;   // start of the Urms(1/2) window that crossed, ns since epoch UTC
  TimeNs window_end = 0;     // its end (a zero crossing or a forced boundary), ns
  double rms_v = 0.0;        // start: that window's Urms(1/2); end: the event's extreme, volts
  uint64_t mean_square = 0;  // the same as the model's LSB^2 (bit-exact comparisons)

  bool operator==(const FrontEndMarker&) const = default;
};

class FrontEndDetector {
 public:
  static absl::StatusOr<FrontEndDetector> Create(const FrontEndDetectorConfig& config);

  // The model (and RTL) configuration this detector uses at `sample_rate_hz`:
  // one voltage channel per phase, no currents, registers from the thresholds
  // (reference, zero-crossing band = detector.crossing_hysteresis_pu of the
  // declared peak, debounce of 1/64 nominal cycle, forced boundary after 1.25
  // nominal half cycles). Program an RTL front end with these registers to
  // feed its words to AddWord().
  static absl::StatusOr<Config> ModelConfig(const FrontEndDetectorConfig& config,
                                            double sample_rate_hz);

  // Software path: the phase channels of `block` (volts) quantised with
  // scale(), through the bit-exact model, its half-cycle values and markers
  // consumed as AddWord() would. A block that does not continue the previous
  // one (a gap of more than half a sample, a new rate) restarts the model,
  // as a re-synchronised front end would; events in progress carry on in the
  // EventDetector, markers of the restarted model start afresh.
  absl::Status Process(const io::SampleBlock& block);

  // Hardware path: the frame with TUSER index `first_index` of a front end
  // programmed with ModelConfig(sample_rate_hz) is at `stream_start` (ns
  // since epoch UTC); later indices may wrap past 2^32.
  absl::Status StartStream(TimeNs stream_start, double sample_rate_hz, uint32_t first_index = 0);
  // The phase channels of `block` as the ADC codes Process() feeds the model,
  // frame-major (codes[k * phases + p]); for an RTL front end's input. Errors
  // name a missing channel or a non-finite sample.
  absl::Status BlockCodes(const io::SampleBlock& block, std::vector<int32_t>& codes) const;
  // True when `block` continues the current stream (same rate, starting
  // within half a sample of where `frames` frames after StartStream end).
  bool Continues(const io::SampleBlock& block, int64_t frames) const;
  // One output word of that front end, in stream order; sample and period
  // words are ignored. The channel of a result word is the phase.
  absl::Status AddWord(const OutputWord& word);

  // End of data: closes events in progress and flushes the aggregation.
  void Finish();

  // As vtcd::EventDetector.
  const std::vector<vtcd::PhaseEvent>& phase_events() const { return detector_.phase_events(); }
  const std::vector<vtcd::AggregatedEvent>& events() const { return detector_.events(); }
  std::vector<vtcd::AggregatedEvent> TakeNewEvents() { return detector_.TakeNewEvents(); }
  TimeNs final_through() const { return detector_.final_through(); }
  const vtcd::EventDetector& event_detector() const { return detector_; }

  // Every marker of the model (or the RTL) so far, in stream order.
  const std::vector<FrontEndMarker>& markers() const { return markers_; }
  // Urms(1/2) values handed to the EventDetector so far.
  std::size_t half_cycles() const { return half_cycles_; }
  const AdcScale& scale() const { return scale_; }
  const FrontEndDetectorConfig& config() const { return config_; }

 private:
  FrontEndDetector(const FrontEndDetectorConfig& config, AdcScale scale,
                   vtcd::EventDetector detector);
  TimeNs TimeOf(uint32_t index);
  absl::Status AddHalfCycle(const HalfCycleValue& v);
  absl::Status AddMarker(const EventMarker& m);

  FrontEndDetectorConfig config_;
  AdcScale scale_;
  vtcd::EventDetector detector_;
  std::optional<FrontEnd> model_;  // software path only
  double sample_rate_hz_ = 0.0;    // of the current stream, 0 before the first
  TimeNs stream_start_ = 0;        // instant of the frame with index first_index_
  uint32_t first_index_ = 0;
  int64_t frames_ = 0;          // frames the model has taken in this stream
  int64_t latest_index_ = 0;    // unwrapped index of the latest result, to unwrap the next
  std::vector<int32_t> codes_;  // one block, frame-major (BlockCodes)
  FrameOutput out_;
  std::vector<FrontEndMarker> markers_;
  std::size_t half_cycles_ = 0;
};

}  // namespace pqa::frontend

#endif  // PQA_HOST_FRONTEND_FRONT_END_DETECTOR_H_
