#include "host/xrt/xrt_backend.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "host/accel/hls_window_analysis.h"
#include "host/analyzer/backend_registry.h"
#include "host/common/status_macros.h"
#include "host/xrt/xrt_kernel_launcher.h"
#include "host/xrt/xrt_pinst_engine.h"
#include "host/xrt/xrt_program.h"

namespace pqa::xrt {

absl::Status ConfigureXrtBackend(const accel::BackendOptions& options,
                                 analyzer::AnalyzerConfig& config) {
  XrtProgramOptions po;
  po.xclbin = options.xclbin;
  po.device = options.device;
  PQA_ASSIGN_OR_RETURN(std::shared_ptr<XrtProgram> program, XrtProgram::Open(po));
  if (program->emulation_mode() == "noop") {
    return absl::FailedPreconditionError(absl::StrCat(
        "XCL_EMULATION_MODE=noop: XRT's no-op shim completes every run without computing "
        "anything, so the records would hold the zeros left in the output buffers; unset "
        "XCL_EMULATION_MODE to run on the card (the no-op shim only serves host/xrt's tests), "
        "or use --backend hls for the same kernels on this CPU"));
  }
  InstallXrtBackend(std::move(program), config);
  return absl::OkStatus();
}

void InstallXrtBackend(std::shared_ptr<XrtProgram> program, analyzer::AnalyzerConfig& config) {
  config.backend = accel::Backend::kXrt;
  // A run that failed (timeout, lost card) stops the replay with its reason.
  config.backend_status = [program] { return program->fault(); };
  config.window_analysis = [program](const measure::WindowAnalysisSpec& spec) {
    // One launcher (one set of window buffers) per engine.
    return accel::HlsWindowAnalysis::Create(spec, std::make_shared<XrtKernelLauncher>(program));
  };
  config.pinst_engine = [program](const flicker::FlickerConfig& fc)
      -> absl::StatusOr<std::unique_ptr<flicker::PinstEngine>> {
    PQA_ASSIGN_OR_RETURN(std::unique_ptr<XrtPinstEngine> engine,
                         XrtPinstEngine::Create(fc, program));
    return std::unique_ptr<flicker::PinstEngine>(std::move(engine));
  };
}

void RegisterXrtBackend() { analyzer::RegisterBackend(accel::Backend::kXrt, &ConfigureXrtBackend); }

}  // namespace pqa::xrt
