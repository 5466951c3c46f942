// Where the analyzer's sags, swells and interruptions come from. The default
// is host/vtcd's double-precision EventDetector on the samples; the RTL front
// end's bit-exact model (`--events-from frontend`), the SystemC system model
// and an FPGA card deliver the same aggregated events from the hardware's
// Urms(1/2) values and markers (PRODIST Module 8 items 73-88 either way).
#ifndef PQA_HOST_ANALYZER_EVENT_SOURCE_H_
#define PQA_HOST_ANALYZER_EVENT_SOURCE_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "host/common/time.h"
#include "host/frontend/front_end_detector.h"
#include "host/io/sample_source.h"
#include "host/vtcd/event_detector.h"

namespace pqa::analyzer {

class EventSource {
 public:
  virtual ~EventSource() = default;
  // One block of the recording, in time order; the phases are the block
  // channels given at creation.
  virtual absl::Status Process(const io::SampleBlock& block) = 0;
  // IEC 61000-4-30 5.4.4 sliding reference: the 10/12-cycle RMS of `phase`
  // (index into the detector's phase names), volts. Sources without a
  // sliding reference (the hardware front end) refuse it at creation.
  virtual absl::Status AddWindowRms(int phase, double window_rms_v) = 0;
  virtual void Finish() = 0;  // end of input: closes open events

  // Aggregated events not yet taken, in order.
  virtual std::vector<vtcd::AggregatedEvent> TakeNewEvents() = 0;
  virtual const std::vector<vtcd::AggregatedEvent>& events() const = 0;
  virtual const std::vector<vtcd::PhaseEvent>& phase_events() const = 0;
  // No event that is not yet in events() can overlap time before this, ns UTC.
  virtual TimeNs final_through() const = 0;
  // Every Urms(1/2) value (phase index, value), for `pqa replay
  // --event-curves`; sources that compute none call it never.
  using UrmsObserver = std::function<void(int phase, const vtcd::UrmsHalf&)>;
  virtual void SetUrmsObserver(UrmsObserver observer) {}
};

// The outputs every detector (vtcd::EventDetector, frontend::FrontEndDetector)
// exposes alike; a subclass feeds the detector.
template <typename Detector>
class DetectorEventSource : public EventSource {
 public:
  explicit DetectorEventSource(Detector detector) : detector_(std::move(detector)) {}

  void Finish() override { detector_.Finish(); }
  std::vector<vtcd::AggregatedEvent> TakeNewEvents() override { return detector_.TakeNewEvents(); }
  const std::vector<vtcd::AggregatedEvent>& events() const override { return detector_.events(); }
  const std::vector<vtcd::PhaseEvent>& phase_events() const override {
    return detector_.phase_events();
  }
  TimeNs final_through() const override { return detector_.final_through(); }
  void SetUrmsObserver(UrmsObserver observer) override {
    if constexpr (requires { detector_.set_urms_observer(observer); }) {
      detector_.set_urms_observer(std::move(observer));
    }
  }

 protected:
  Detector detector_;
};

// Sources on the hardware front end's arithmetic (its bit-exact model, the
// RTL in the SystemC model, a card): markers follow the declared reference.
class FrontEndDetectorSource : public DetectorEventSource<frontend::FrontEndDetector> {
 public:
  using DetectorEventSource::DetectorEventSource;
  absl::Status AddWindowRms(int phase, double window_rms_v) override;  // refused
};

// `detector` is complete (phase names, nominal frequency, declared voltage,
// window_rms_from_caller); `phase_channels` holds the block channel of each
// of its phases.
using EventSourceFactory = std::function<absl::StatusOr<std::unique_ptr<EventSource>>(
    const vtcd::DetectorConfig& detector, const std::vector<std::size_t>& phase_channels)>;

// host/vtcd's EventDetector on the samples (double precision, the default).
absl::StatusOr<std::unique_ptr<EventSource>> CreateHostEventSource(
    const vtcd::DetectorConfig& detector, const std::vector<std::size_t>& phase_channels);

// The RTL front end's bit-exact model (host/frontend) on the samples, as
// ADC codes at its default full scale: the events the hardware would find.
// Needs >= 64 samples per cycle and the declared reference.
absl::StatusOr<std::unique_ptr<EventSource>> CreateFrontEndEventSource(
    const vtcd::DetectorConfig& detector, const std::vector<std::size_t>& phase_channels);

// The detector of every front-end source (the model above, the RTL in the
// SystemC system model, a card): `detector` needs the declared reference.
absl::StatusOr<frontend::FrontEndDetector> CreateFrontEndDetector(
    const vtcd::DetectorConfig& detector, const std::vector<std::size_t>& phase_channels);

}  // namespace pqa::analyzer

#endif  // PQA_HOST_ANALYZER_EVENT_SOURCE_H_
