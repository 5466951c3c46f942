#include "host/accel/accelerator.h"

#include "host/accel/hls_pinst_engine.h"
#include "host/accel/hls_window_analysis.h"

namespace pqa::accel {

measure::WindowAnalysisFactory WindowAnalysisFor(Backend backend) {
  if (backend == Backend::kHls) return &HlsWindowAnalysis::Create;
  return {};
}

flicker::PinstEngineFactory PinstEngineFor(Backend backend) {
  if (backend == Backend::kHls) return &HlsPinstEngine::Create;
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
