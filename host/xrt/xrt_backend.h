// `pqa replay --backend xrt --xclbin FILE [--device N]`: the measurement
// windows and the flicker chain on an FPGA card through XRT's native API.
// The program that links host/xrt calls RegisterXrtBackend() at start-up
// (host/cli/main.cc); analyzer::ConfigureBackend then finds it.
#ifndef PQA_HOST_XRT_XRT_BACKEND_H_
#define PQA_HOST_XRT_XRT_BACKEND_H_

#include <memory>

#include "absl/status/status.h"
#include "host/accel/backend.h"
#include "host/analyzer/analyzer.h"
#include "host/xrt/xrt_program.h"

namespace pqa::xrt {

void RegisterXrtBackend();

// What the registered configurer does: opens device options.device, loads
// options.xclbin (XrtProgram::Open: every error says what to do), and fills
// config.window_analysis (accel::HlsWindowAnalysis with the window kernel on
// the card) and config.pinst_engine (XrtPinstEngine, one flicker compute
// unit per phase in turn). Under XRT's no-op shim (XCL_EMULATION_MODE=noop,
// for host/xrt's tests) it refuses: runs complete there without computing,
// and the records would be the zeros left in the buffers.
absl::Status ConfigureXrtBackend(const accel::BackendOptions& options,
                                 analyzer::AnalyzerConfig& config);

// The factories ConfigureXrtBackend installs, on an opened program, with
// config.backend = kXrt (for tests under the no-op shim: the analyzer's
// whole path through buffers and runs, whatever the values).
void InstallXrtBackend(std::shared_ptr<XrtProgram> program, analyzer::AnalyzerConfig& config);

}  // namespace pqa::xrt

#endif  // PQA_HOST_XRT_XRT_BACKEND_H_
