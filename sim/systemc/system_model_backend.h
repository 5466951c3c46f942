// `pqa replay --backend sim`: the analyzer's windows and Pinst computed by
// the HLS kernels inside the SystemC system model, its sags, swells and
// interruptions found by the Verilated RTL front end in the same model.
// The records agree with `--backend hls` exactly (the same kernel code on
// the same buffers) and with `--backend cpu` within the kernels' margins
// (hls/README.md); the events' markers are bit-identical to
// `--events-from frontend` (the RTL against its bit-exact model).
#ifndef PQA_SIM_SYSTEMC_SYSTEM_MODEL_BACKEND_H_
#define PQA_SIM_SYSTEMC_SYSTEM_MODEL_BACKEND_H_

#include <cstddef>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "host/accel/kernel_launcher.h"
#include "host/analyzer/event_source.h"

namespace pqa::sim {

// Registers the backend with analyzer::RegisterBackend (main() calls it).
void RegisterSystemModelBackend();

// The kernels run by the system model's kernel units.
std::shared_ptr<accel::KernelLauncher> SystemModelKernels();

// Events from the RTL front end in the system model: the block's phases as
// ADC codes (the scale of FrontEndDetector) through the Verilated RTL, its
// words into FrontEndDetector::AddWord. Up to three phases.
class SystemModelEventSource : public analyzer::FrontEndDetectorSource {
 public:
  static absl::StatusOr<std::unique_ptr<analyzer::EventSource>> Create(
      const vtcd::DetectorConfig& detector, const std::vector<std::size_t>& phase_channels);

  absl::Status Process(const io::SampleBlock& block) override;
  // Every marker the RTL gave so far (for tests against the model).
  const std::vector<frontend::FrontEndMarker>& markers() const { return detector_.markers(); }

 private:
  using FrontEndDetectorSource::FrontEndDetectorSource;

  bool started_ = false;
  std::int64_t frames_ = 0;          // frames of the current stream
  std::vector<std::int32_t> codes_;  // the block, frame-major, one per phase
  std::vector<frontend::OutputWord> words_;
};

}  // namespace pqa::sim

#endif  // PQA_SIM_SYSTEMC_SYSTEM_MODEL_BACKEND_H_
