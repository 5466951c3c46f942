// Which implementation computes the measurement windows and the flicker
// chain: the golden double-precision code (kCpu), the HLS kernels compiled
// for this CPU (kHls), the SystemC system model of the accelerator (kSim,
// sim/systemc) or an FPGA card through XRT (kXrt, host/xrt). kSim and kXrt
// live outside host/accel and are registered by the program that links them
// (analyzer::RegisterBackend).
#ifndef PQA_HOST_ACCEL_BACKEND_H_
#define PQA_HOST_ACCEL_BACKEND_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace pqa::accel {

enum class Backend {
  kCpu,  // host/measure and host/flicker in double precision: the golden reference
  kHls,  // hls/kernels (float32) compiled for this CPU
  kSim,  // SystemC model: Verilated front end + HLS kernel wrappers, FIFOs, a clock
  kXrt,  // the kernels on a card or board through XRT's native API
};

// What `pqa replay --backend NAME [--xclbin FILE] [--device N]` asks for.
struct BackendOptions {
  Backend backend = Backend::kCpu;
  std::string xclbin;  // kXrt: the FPGA binary (.xclbin) holding the kernels
  int device = 0;      // kXrt: XRT device index, >= 0
};

// "cpu", "hls", "sim" or "xrt" (the names of `pqa replay --backend`);
// anything else is an error that lists the accepted names.
absl::StatusOr<Backend> ParseBackend(std::string_view name);
std::string_view BackendName(Backend backend);

}  // namespace pqa::accel

#endif  // PQA_HOST_ACCEL_BACKEND_H_
