#include "host/analyzer/backend_registry.h"

#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"

namespace pqa::analyzer {
namespace {

std::mutex& RegistryMutex() {
  static std::mutex m;
  return m;
}

std::map<accel::Backend, BackendConfigurer>& Registry() {
  static auto* registry = new std::map<accel::Backend, BackendConfigurer>();
  return *registry;
}

}  // namespace

void RegisterBackend(accel::Backend backend, BackendConfigurer configurer) {
  std::lock_guard<std::mutex> lock(RegistryMutex());
  Registry()[backend] = std::move(configurer);
}

absl::Status ConfigureBackend(const accel::BackendOptions& options, AnalyzerConfig& config) {
  config.backend = options.backend;
  if (options.backend == accel::Backend::kCpu || options.backend == accel::Backend::kHls) {
    return absl::OkStatus();
  }
  BackendConfigurer configurer;
  {
    std::lock_guard<std::mutex> lock(RegistryMutex());
    auto it = Registry().find(options.backend);
    if (it != Registry().end()) configurer = it->second;
  }
  if (!configurer) {
    const std::string name(accel::BackendName(options.backend));
    return absl::FailedPreconditionError(
        absl::StrCat("backend '", name, "' is not built into this program: ",
                     options.backend == accel::Backend::kSim
                         ? "the SystemC model needs Verilator and libsystemc-dev"
                         : "the XRT backend needs libxrt-dev",
                     " (run tools/setup.sh, then tools/build.sh), or use --backend cpu or hls"));
  }
  return configurer(options, config);
}

}  // namespace pqa::analyzer
