// Accelerator backends that live outside host/accel: the SystemC system
// model (sim/systemc) and the XRT card backend (host/xrt) need libraries a
// build may lack (Verilator, SystemC, XRT), so the program that links one
// registers it here at start-up and `--backend sim|xrt` finds it:
//
//   int main() { pqa::sim::RegisterSystemModelBackend(); ... }
//   analyzer::ConfigureBackend(options, config);  // from the replay options
//
// A configurer fills AnalyzerConfig's window_analysis, pinst_engine and
// event_source factories (and anything else it needs) for its backend.
#ifndef PQA_HOST_ANALYZER_BACKEND_REGISTRY_H_
#define PQA_HOST_ANALYZER_BACKEND_REGISTRY_H_

#include <functional>

#include "absl/status/status.h"
#include "host/accel/backend.h"
#include "host/analyzer/analyzer.h"

namespace pqa::analyzer {

using BackendConfigurer =
    std::function<absl::Status(const accel::BackendOptions& options, AnalyzerConfig& config)>;

// Replaces any earlier registration of `backend` (kSim or kXrt).
void RegisterBackend(accel::Backend backend, BackendConfigurer configurer);

// Sets config.backend; kCpu and kHls need nothing else, kSim and kXrt run
// their registered configurer or fail saying how to get one.
absl::Status ConfigureBackend(const accel::BackendOptions& options, AnalyzerConfig& config);

}  // namespace pqa::analyzer

#endif  // PQA_HOST_ANALYZER_BACKEND_REGISTRY_H_
