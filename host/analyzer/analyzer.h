// One analyzer channel set: the blocks of one recording (or one live front
// end) go to the class A measurement engine, one flickermeter per phase and
// the event detector; their outputs meet here, so that each aggregated
// record carries its Pst/Plt and its event flags before anyone sees it.
//
//   blocks -> MeasurementEngine -----------------> records (held)
//          -> FlickerMeter x phase -> PltTracker -> pst, plt_sliding, plt
//          -> EventDetector -> aggregated events -> flagged, vtcd_types
//                                                -> events (EventSink)
//
// A record leaves only when nothing can change it any more: its Pst (and for
// a 2-hour record its Plt) has been reported, and every VTCD that could
// overlap its interval is final (IEC 61000-4-30 4.7 flagging; an event is
// final once its 3-minute aggregation window of PRODIST item 88 c closed).
// Records leave in the order the engine closed them.
#ifndef PQA_HOST_ANALYZER_ANALYZER_H_
#define PQA_HOST_ANALYZER_ANALYZER_H_

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "host/accel/accelerator.h"
#include "host/analyzer/event_source.h"
#include "host/analyzer/worker.h"
#include "host/flicker/flicker_config.h"
#include "host/flicker/flicker_meter.h"
#include "host/flicker/plt_tracker.h"
#include "host/io/sample_source.h"
#include "host/measure/measurement_engine.h"
#include "host/vtcd/event_detector.h"
#include "pqa/v1/record.pb.h"

namespace pqa::analyzer {

struct AnalyzerConfig {
  // Nominal frequency and voltage, channel index per phase, points per window.
  measure::EngineConfig engine;
  // Record kinds handed out: any of "window" (every 10/12-cycle window),
  // "150cycle", "10min", "2h".
  std::set<std::string> intervals = {"10min"};

  // IEC 61000-4-15 Pst/Plt in the 10-minute and 2-hour records; blocks
  // below flicker::kMinSampleRateHz are left out of it (flicker_skipped()).
  bool flicker = true;
  flicker::Lamp lamp = flicker::Lamp::kForSupply;  // 120 V lamp at 60 Hz, 230 V at 50 Hz
  double flicker_settling_s = 120;  // s after a start or gap before Pinst counts (1..3600)

  bool events = true;  // sags, swells, interruptions and the record flags
  // Thresholds, reference, aggregation. The analyzer fills the nominal
  // frequency, the declared voltage (engine.nominal_voltage_v) and the phase
  // names from `engine`; the rest is taken as given.
  vtcd::DetectorConfig detector;

  // 1 or 2: with 2 the class A engine runs on a second core beside the
  // event detector and the flickermeters (same results). Either way it
  // takes a BINARY COMTRADE block from its int16 codes
  // (EngineConfig::read_codes).
  int threads = 1;
  // The caller keeps each block unchanged until the next Process() has run
  // its `meanwhile` (or Finish() or Drain() has returned), as a replay's
  // two alternating buffers do. With threads = 2 and BlocksAreFree(), the
  // engine may then still be at block N when Process(N) returns, and takes
  // block N + 1 straight after it: neither core waits for the other at a
  // block's end (the same results; records leave up to a block later).
  bool pipelined = false;
  // Who computes windows and Pinst: the double-precision golden engine
  // (kCpu) or the HLS kernels compiled for this CPU (kHls, float32).
  accel::Backend backend = accel::Backend::kCpu;
  // Set by a backend that lives outside host/accel (analyzer::RegisterBackend:
  // the SystemC model, XRT); each non-empty one replaces what `backend`
  // would choose.
  measure::WindowAnalysisFactory window_analysis;
  flicker::PinstEngineFactory pinst_engine;
  // Where events come from; empty: host/vtcd on the samples (double
  // precision). CreateFrontEndEventSource gives the RTL front end's.
  EventSourceFactory event_source;
  // Set by such a backend: what it has to say after a run (the SystemC
  // model's cycles, FIFO levels and capacity), given the recording's sample
  // rate (Hz) and nominal frequency (Hz). `pqa replay` prints it.
  std::function<std::string(double sample_rate_hz, double nominal_hz)> backend_report;
  // Set by a backend whose work can fail after configuration (a card that
  // stops answering mid-run): polled after every block and at the end; a
  // non-OK status stops the run before any record computed after the fault
  // leaves.
  std::function<absl::Status()> backend_status;
  // Called with every Urms(1/2) value of the event detector (phase index in
  // phase_names()), e.g. to keep the values around each event.
  EventSource::UrmsObserver urms_observer;

  absl::Status Validate() const;  // names the field at fault
};

// Whether records and events are the same however the blocks are cut and
// whichever core finishes a block first: the double-precision engine, the
// host event detector and the declared reference. The HLS kernels count
// their spans from the buffer, the sliding reference takes a block's
// windows after the detector has seen the block, and the front end's events
// are not shown independent of the cut; those keep their blocks and the
// hand-over at every block's end.
bool BlocksAreFree(const AnalyzerConfig& config);

using RecordSink = std::function<absl::Status(const pqa::v1::Record&)>;
using EventSink = std::function<absl::Status(const vtcd::AggregatedEvent&)>;

class Analyzer : private measure::MeasurementObserver {
 public:
  // `events` may be empty (no events wanted beyond the record flags).
  static absl::StatusOr<std::unique_ptr<Analyzer>> Create(const AnalyzerConfig& config,
                                                          RecordSink records,
                                                          EventSink events = {});
  // One block of the recording, in time order. Errors name the block start.
  absl::Status Process(const io::SampleBlock& block);
  // The same, and runs `meanwhile` on the caller's thread while the engine
  // takes the block (with threads = 2; else after it): the caller's next
  // read, so that two threads share the two cores. `meanwhile` must not
  // touch `block`'s buffer or the analyzer.
  absl::Status Process(const io::SampleBlock& block, const std::function<void()>& meanwhile);
  // End of input: closes open intervals and events, hands out everything held.
  absl::Status Finish();
  // Returns once the engine has finished with every block handed to it
  // (pipelined): a caller that stops early calls it before its blocks go.
  void Drain();

  // Names of the measured phases ("A", "B", "C"), in detector phase order.
  const std::vector<std::string>& phase_names() const { return phase_names_; }
  // Every per-phase event so far (PRODIST report table 11); empty without events.
  std::vector<vtcd::PhaseEvent> phase_events() const;
  const AnalyzerConfig& config() const { return config_; }
  // Some blocks came at a rate below what the flickermeter chain supports:
  // their records carry no Pst/Plt.
  bool flicker_skipped() const { return flicker_skipped_; }

  // Called with every settled and unsettled Pinst of each phase (index in
  // phase_names()); for tests of IEC 61000-4-15 tables 1 and 2.
  using PinstObserver = std::function<void(int phase, TimeNs t, double pinst, bool settled)>;
  void set_pinst_observer(PinstObserver observer);

 private:
  struct PhaseFlicker {
    flicker::FlickerMeter meter;
    flicker::PltTracker plt;
  };
  template <typename T>
  using PerPhase = std::array<std::optional<T>, 3>;

  Analyzer(AnalyzerConfig config, RecordSink records, EventSink events);
  // IEC 61000-4-30 5.4.4: the sliding reference follows the 10/12-cycle RMS.
  void OnWindow(const measure::WindowResult& window) override;
  absl::Status StartFlicker(double sample_rate_hz);
  absl::Status ProcessFlicker(const io::SampleBlock& block);
  void CollectFlicker();
  absl::Status CollectEvents();
  // Hands out the held records nothing can change any more (all at the end).
  absl::Status Release(bool end_of_data);
  bool FlickerKnown(const pqa::v1::Record& r, TimeNs start, TimeNs end) const;
  absl::Status ApplyFlicker(pqa::v1::Record& r, TimeNs start, bool end_of_data);
  int PhaseIndex(const std::string& name) const;
  // The engine's task for one block, on the worker: batch `batch` of its
  // window sharing, its records and status into slot `slot`.
  void RunEngine(const io::SampleBlock& block, std::uint64_t batch, int slot);
  // The records and status of the engine's block in `slot` (its task has
  // finished), the records into held_ in order.
  absl::Status TakeEngineOutput(int slot);

  AnalyzerConfig config_;
  RecordSink records_;
  EventSink events_;
  std::vector<std::string> phase_names_;
  std::vector<std::size_t> phase_channels_;  // block channel per measured phase
  std::vector<int> engine_phases_;           // engine phase index per measured phase
  std::unique_ptr<measure::MeasurementEngine> engine_;
  std::unique_ptr<EventSource> detector_;
  std::vector<PhaseFlicker> flicker_;
  double flicker_rate_hz_ = 0;
  bool flicker_skipped_ = false;
  PinstObserver pinst_observer_;
  TimeNs data_end_ = 0;                                       // end of the latest block, ns UTC
  std::map<TimeNs, PerPhase<flicker::PstResult>> pst_;        // by interval start
  std::map<TimeNs, PerPhase<flicker::PltResult>> plt_fixed_;  // by 2-hour start
  std::deque<pqa::v1::Record> held_;  // closed records waiting for flicker and flags
  // 10/12-cycle RMS per measured phase of the windows of the latest block,
  // for the sliding reference once the detector has seen that block.
  std::vector<std::vector<double>> window_rms_;
  // What the engine's task for a block produced, two blocks' worth: the
  // engine may be at block N + 1 (pipelined) while the caller's thread takes
  // block N's. engine_slot_: where the engine's records go now, written by
  // whichever thread runs the engine.
  std::array<std::vector<pqa::v1::Record>, 2> engine_records_;
  std::array<absl::Status, 2> engine_status_;
  int engine_slot_ = 0;
  std::uint64_t batch_ = 0;  // window-sharing batches handed out, one per block
  bool pipelined_ = false;   // config_.pipelined, where it applies
  // Pipelined: the engine's block whose output has not been taken yet
  // (ticket 0: none), and its slot.
  std::uint64_t pending_ticket_ = 0;
  int pending_slot_ = 0;
  std::unique_ptr<Worker> worker_;  // the engine's core, with threads = 2
};

}  // namespace pqa::analyzer

#endif  // PQA_HOST_ANALYZER_ANALYZER_H_
