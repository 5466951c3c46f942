#include "host/accel/accelerator.h"

#include "host/accel/hls_pinst_engine.h"
#include "host/accel/hls_window_analysis.h"

namespace pqa::accel {

measure::WindowAnalysisFactory KernelWindowAnalysis(std::shared_ptr<KernelLauncher> kernels) {
  return [kernels](const measure::WindowAnalysisSpec& spec) {
    return HlsWindowAnalysis::Create(spec, kernels);
  };
}

flicker::PinstEngineFactory KernelPinstEngine(std::shared_ptr<KernelLauncher> kernels) {
  return [kernels](const flicker::FlickerConfig& config) {
    return HlsPinstEngine::Create(config, kernels);
  };
}

measure::WindowAnalysisFactory WindowAnalysisFor(Backend backend) {
  if (backend == Backend::kHls) return KernelWindowAnalysis(NativeKernels());
  return {};
}

flicker::PinstEngineFactory PinstEngineFor(Backend backend) {
  if (backend == Backend::kHls) return KernelPinstEngine(NativeKernels());
  return {};
}

absl::Status ConfigureEngine(Backend backend, measure::EngineConfig& config) {
  config.window_analysis = WindowAnalysisFor(backend);
  return absl::OkStatus();
}

absl::Status ConfigureFlicker(Backend backend, flicker::FlickerConfig& config) {
  config.pinst_engine = PinstEngineFor(backend);
  return absl::OkStatus();
}

}  // namespace pqa::accel
