#include "host/analyzer/event_source.h"

#include <span>
#include <utility>

#include "host/common/status_macros.h"
#include "host/frontend/front_end_detector.h"

namespace pqa::analyzer {
namespace {

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

class FrontEndEventSource : public FrontEndDetectorSource {
 public:
  using FrontEndDetectorSource::FrontEndDetectorSource;

  absl::Status Process(const io::SampleBlock& block) override { return detector_.Process(block); }
};

}  // namespace

absl::StatusOr<std::unique_ptr<EventSource>> CreateHostEventSource(
    const vtcd::DetectorConfig& detector, const std::vector<std::size_t>& phase_channels) {
  PQA_ASSIGN_OR_RETURN(vtcd::EventDetector d, vtcd::EventDetector::Create(detector));
  return std::make_unique<HostEventSource>(std::move(d), phase_channels);
}

absl::Status FrontEndDetectorSource::AddWindowRms(int, double) {
  return absl::FailedPreconditionError(
      "the front end's event markers follow the declared reference; it takes no window RMS");
}

absl::StatusOr<frontend::FrontEndDetector> CreateFrontEndDetector(
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
  return frontend::FrontEndDetector::Create(config);
}

absl::StatusOr<std::unique_ptr<EventSource>> CreateFrontEndEventSource(
    const vtcd::DetectorConfig& detector, const std::vector<std::size_t>& phase_channels) {
  PQA_ASSIGN_OR_RETURN(frontend::FrontEndDetector d,
                       CreateFrontEndDetector(detector, phase_channels));
  return std::make_unique<FrontEndEventSource>(std::move(d));
}

}  // namespace pqa::analyzer
