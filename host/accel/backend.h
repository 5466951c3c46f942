// Which implementation computes the measurement windows and the flicker
// chain: the golden double-precision code (kCpu) or the HLS kernels
// (kHls; compiled natively for now, on an FPGA through XRT later).
#ifndef PQA_HOST_ACCEL_BACKEND_H_
#define PQA_HOST_ACCEL_BACKEND_H_

#include <string_view>

#include "absl/status/statusor.h"

namespace pqa::accel {

enum class Backend {
  kCpu,  // host/measure and host/flicker in double precision: the golden reference
  kHls,  // hls/kernels (float32) compiled for this CPU
};

// "cpu" or "hls" (the names of `pqa replay --backend`); anything else is an
// error that lists the accepted names.
absl::StatusOr<Backend> ParseBackend(std::string_view name);
std::string_view BackendName(Backend backend);  // "cpu" or "hls"

}  // namespace pqa::accel

#endif  // PQA_HOST_ACCEL_BACKEND_H_
