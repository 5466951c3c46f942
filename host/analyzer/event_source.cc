#include "host/analyzer/event_source.h"

#include <span>
#include <utility>

#include "host/common/status_macros.h"
#include "host/frontend/front_end_detector.h"

namespace pqa::analyzer {
namespace {

// The outputs every detector exposes alike; subclasses feed it.
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

 protected:
  Detector detector_;
};

class HostEventSource : public DetectorEventSource<vtcd::EventDetector> {
 public:
  HostEventSource(vtcd::EventDetector detector, std::vector<std::size_t> phase_channels)
      : DetectorEventSource(std::move(detector)), phase_channels_(std::move(phase_channels)) {}

  absl::Status Process(const io::SampleBlock& block) override {
    return detector_.Process(block.start, block.sample_rate_hz, block.samples.data(), block.frames,
                             block.channels, std::span<const std::size_t>(phase_channels_));
  }
  absl::Status AddWindowRms(int phase, double window_rms_v) override {
    return detector_.AddWindowRms(phase, window_rms_v);
  }

 private:
  std::vector<std::size_t> phase_channels_;
};

class FrontEndEventSource : public DetectorEventSource<frontend::FrontEndDetector> {
 public:
  using DetectorEventSource::DetectorEventSource;

  absl::Status Process(const io::SampleBlock& block) override { return detector_.Process(block); }
  absl::Status AddWindowRms(int, double) override {
    return absl::FailedPreconditionError(
        "the front end's event markers follow the declared reference; it takes no window RMS");
  }
};

}  // namespace

absl::StatusOr<std::unique_ptr<EventSource>> CreateHostEventSource(
    const vtcd::DetectorConfig& detector, const std::vector<std::size_t>& phase_channels) {
  PQA_ASSIGN_OR_RETURN(vtcd::EventDetector d, vtcd::EventDetector::Create(detector));
  return std::make_unique<HostEventSource>(std::move(d), phase_channels);
}

absl::StatusOr<std::unique_ptr<EventSource>> CreateFrontEndEventSource(
    const vtcd::DetectorConfig& detector, const std::vector<std::size_t>& phase_channels) {
  if (detector.reference != vtcd::ReferenceKind::kDeclared) {
    // IEC 61000-4-30 5.4.4 allows either; the RTL implements the declared one.
    return absl::InvalidArgumentError(
        "events from the front end: the hardware compares with the declared voltage; use "
        "--reference declared (the default) or --events-from host for a sliding reference");
  }
  frontend::FrontEndDetectorConfig config;
  config.detector = detector;
  config.phase_channels = phase_channels;
  PQA_ASSIGN_OR_RETURN(frontend::FrontEndDetector d, frontend::FrontEndDetector::Create(config));
  return std::make_unique<FrontEndEventSource>(std::move(d));
}

}  // namespace pqa::analyzer
