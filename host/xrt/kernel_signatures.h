// The argument lists of the two top-level kernels as the host sets them on a
// card: index and name of every argument of pqa_window_kernel
// (hls/kernels/window_kernel.h) and pqa_flicker_kernel
// (hls/kernels/flicker_kernel.h). XRT's native API sets arguments by index;
// the names let XrtProgram check that an xclbin was built from these very
// signatures (v++ writes each argument's C name into the xclbin metadata), so
// a stale xclbin is refused at load time instead of receiving buffers in the
// wrong slots.
#ifndef PQA_HOST_XRT_KERNEL_SIGNATURES_H_
#define PQA_HOST_XRT_KERNEL_SIGNATURES_H_

#include <array>
#include <string_view>

namespace pqa::xrt {

struct KernelArgument {
  std::string_view name;
  bool buffer;  // true: a pointer to device memory (a buffer object); false: a 32-bit scalar
};

struct KernelSignature {
  std::string_view name;  // the kernel's C name, as in the xclbin
  std::array<KernelArgument, 7> args;
};

// pqa_window_kernel(samples, jobs, coefficients, out, n_jobs, taps, phases)
namespace window_arg {
constexpr int kSamples = 0, kJobs = 1, kCoefficients = 2, kOut = 3, kNJobs = 4, kTaps = 5,
              kPhases = 6;
}  // namespace window_arg
inline constexpr KernelSignature kWindowKernel = {"pqa_window_kernel",
                                                  {{{"samples", true},
                                                    {"jobs", true},
                                                    {"coefficients", true},
                                                    {"out", true},
                                                    {"n_jobs", false},
                                                    {"taps", false},
                                                    {"phases", false}}}};

// pqa_flicker_kernel(samples, n, coefficients, state, pinst, histogram, classify_from)
namespace flicker_arg {
constexpr int kSamples = 0, kN = 1, kCoefficients = 2, kState = 3, kPinst = 4, kHistogram = 5,
              kClassifyFrom = 6;
}  // namespace flicker_arg
inline constexpr KernelSignature kFlickerKernel = {"pqa_flicker_kernel",
                                                   {{{"samples", true},
                                                     {"n", false},
                                                     {"coefficients", true},
                                                     {"state", true},
                                                     {"pinst", true},
                                                     {"histogram", true},
                                                     {"classify_from", false}}}};

}  // namespace pqa::xrt

#endif  // PQA_HOST_XRT_KERNEL_SIGNATURES_H_
