#include "sim/systemc/system_model_backend.h"

#include <utility>

#include "absl/strings/str_format.h"
#include "host/accel/accelerator.h"
#include "host/analyzer/backend_registry.h"
#include "host/common/status_macros.h"
#include "sim/systemc/front_end_unit.h"
#include "sim/systemc/system_model.h"

namespace pqa::sim {
namespace {

class ModelKernels : public accel::KernelLauncher {
 public:
  void RunWindowKernel(const float* samples, const kernels::WindowJob* jobs,
                       const float* coefficients, kernels::WindowOutput* out, unsigned n_jobs,
                       unsigned taps, unsigned phases) override {
    SystemModel::Get().RunWindowKernel(samples, jobs, coefficients, out, n_jobs, taps, phases);
  }
  void RunFlickerKernel(const float* samples, unsigned n,
                        const kernels::FlickerCoefficients* coefficients,
                        kernels::FlickerState* state, float* pinst, unsigned* histogram,
                        unsigned classify_from) override {
    SystemModel::Get().RunFlickerKernel(samples, n, coefficients, state, pinst, histogram,
                                        classify_from);
  }
};

absl::Status ConfigureSystemModel(const accel::BackendOptions&, analyzer::AnalyzerConfig& config) {
  config.window_analysis = accel::KernelWindowAnalysis(SystemModelKernels());
  config.pinst_engine = accel::KernelPinstEngine(SystemModelKernels());
  config.event_source = &SystemModelEventSource::Create;
  // One simulation per process, driven from one thread.
  config.threads = 1;
  SystemModel::Get().ClearReport();
  config.backend_report = [](double sample_rate_hz, double nominal_hz) {
    return SystemModel::Get().Report().ToText(sample_rate_hz, nominal_hz);
  };
  return absl::OkStatus();
}

}  // namespace

void RegisterSystemModelBackend() {
  analyzer::RegisterBackend(accel::Backend::kSim, &ConfigureSystemModel);
}

std::shared_ptr<accel::KernelLauncher> SystemModelKernels() {
  static const std::shared_ptr<accel::KernelLauncher> kernels = std::make_shared<ModelKernels>();
  return kernels;
}

absl::StatusOr<std::unique_ptr<analyzer::EventSource>> SystemModelEventSource::Create(
    const vtcd::DetectorConfig& detector, const std::vector<std::size_t>& phase_channels) {
  if (phase_channels.size() > static_cast<std::size_t>(kFrontEndVoltages)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("sim backend: %d phases, the modelled front end has %d voltage channels",
                        phase_channels.size(), kFrontEndVoltages));
  }
  PQA_ASSIGN_OR_RETURN(frontend::FrontEndDetector d,
                       analyzer::CreateFrontEndDetector(detector, phase_channels));
  if (d.config().sample_width != kFrontEndSampleWidth ||
      d.config().window_log2 != kFrontEndWindowLog2) {
    return absl::InternalError("sim backend: the detector's ADC shape is not the modelled RTL's");
  }
  return std::unique_ptr<analyzer::EventSource>(new SystemModelEventSource(std::move(d)));
}

absl::Status SystemModelEventSource::Process(const io::SampleBlock& block) {
  if (block.frames == 0) return absl::OkStatus();
  PQA_RETURN_IF_ERROR(detector_.BlockCodes(block, codes_));
  SystemModel& model = SystemModel::Get();
  if (!started_ || !detector_.Continues(block, frames_)) {
    // A new stream (the start, a gap, a new rate): reset and program the
    // RTL as the driver would, with the registers the model would use.
    PQA_ASSIGN_OR_RETURN(frontend::Config rtl, frontend::FrontEndDetector::ModelConfig(
                                                   detector_.config(), block.sample_rate_hz));
    model.ProgramFrontEnd(rtl.registers);
    PQA_RETURN_IF_ERROR(detector_.StartStream(block.start, block.sample_rate_hz));
    started_ = true;
    frames_ = 0;
  }
  // The phases on the first voltage channels; unused voltage channels are
  // disabled by the registers, the other channels carry 0 (StreamFrames).
  words_.clear();
  model.StreamFrames(codes_.data(), block.frames, detector_.config().phase_channels.size(),
                     static_cast<std::uint32_t>(frames_), words_);
  frames_ += static_cast<std::int64_t>(block.frames);
  for (const frontend::OutputWord& w : words_) PQA_RETURN_IF_ERROR(detector_.AddWord(w));
  return absl::OkStatus();
}

}  // namespace pqa::sim
