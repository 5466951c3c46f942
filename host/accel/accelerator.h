// Backend selection for the analyzer: puts the chosen implementation of the
// per-window analysis and of the flicker chain into the module configs.
//
//   measure::EngineConfig engine = ...;
//   PQA_RETURN_IF_ERROR(accel::ConfigureEngine(backend, engine));
//   flicker::FlickerConfig fc = ...;
//   PQA_RETURN_IF_ERROR(accel::ConfigureFlicker(backend, fc));
//
// kCpu clears the factories (the golden double-precision code); kHls installs
// the natively compiled HLS kernels. Errors about what a kernel cannot take
// (points_per_window other than 4096, too high a sample rate) come from
// MeasurementEngine::Create / Process and FlickerMeter::Create /
// SetSampleRate and name the limit.
#ifndef PQA_HOST_ACCEL_ACCELERATOR_H_
#define PQA_HOST_ACCEL_ACCELERATOR_H_

#include <memory>

#include "absl/status/status.h"
#include "host/accel/backend.h"
#include "host/accel/kernel_launcher.h"
#include "host/flicker/flicker_config.h"
#include "host/measure/measurement_engine.h"

namespace pqa::accel {

// Factories of the kernels' buffer filling (HlsWindowAnalysis,
// HlsPinstEngine) with the kernels run by `kernels`: a backend outside
// host/accel (the SystemC model, a card) supplies only the launcher.
measure::WindowAnalysisFactory KernelWindowAnalysis(std::shared_ptr<KernelLauncher> kernels);
flicker::PinstEngineFactory KernelPinstEngine(std::shared_ptr<KernelLauncher> kernels);

// Factories of one backend; empty for kCpu.
measure::WindowAnalysisFactory WindowAnalysisFor(Backend backend);
flicker::PinstEngineFactory PinstEngineFor(Backend backend);

absl::Status ConfigureEngine(Backend backend, measure::EngineConfig& config);
absl::Status ConfigureFlicker(Backend backend, flicker::FlickerConfig& config);

}  // namespace pqa::accel

#endif  // PQA_HOST_ACCEL_ACCELERATOR_H_
