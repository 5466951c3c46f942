// For host/xrt's tests: XRT's no-op shim (XCL_EMULATION_MODE=noop) with
// XILINX_XRT at the directory the build prepares (host/xrt/CMakeLists.txt
// links Debian's libxrt_noop.so.2 into it), and the xclbins the build makes
// with tools/xclbin. The shim accepts buffers and runs and completes every
// run at once without computing anything: it checks the host plumbing, not
// the kernels.
#ifndef PQA_HOST_XRT_NOOP_SHIM_TESTING_H_
#define PQA_HOST_XRT_NOOP_SHIM_TESTING_H_

#include <cstdlib>
#include <string>

namespace pqa::xrt::testing {

// Call before anything touches XRT: XRT reads the environment once.
inline void UseNoopShim() {
  setenv("XCL_EMULATION_MODE", "noop", 1);
  setenv("XILINX_XRT", PQA_XRT_NOOP_ROOT, 1);
}

// "pqa_noop" (1 window + 1 flicker unit), "pqa_noop_3cu" (3 flicker
// units), "pqa_no_flicker", "pqa_renamed_arg" (window argument 2 misnamed).
inline std::string TestXclbin(const std::string& name) {
  return std::string(PQA_XRT_TEST_XCLBIN_DIR) + "/" + name + ".xclbin";
}

}  // namespace pqa::xrt::testing

#endif  // PQA_HOST_XRT_NOOP_SHIM_TESTING_H_
