// An FPGA card (or board) opened through XRT's native API with pqa's xclbin
// loaded: the device, the xclbin's UUID and handles on the two top-level
// kernels. Open() checks everything the host relies on before any buffer is
// made -- the file exists and is an xclbin, both kernels are in it with the
// argument lists of host/xrt/kernel_signatures.h, every buffer argument is
// connected to a memory bank, the device index exists -- and says what to do
// when something is missing. Shared (std::shared_ptr) by the window kernel
// runner and the per-phase flicker engines of one analyzer.
#ifndef PQA_HOST_XRT_XRT_PROGRAM_H_
#define PQA_HOST_XRT_XRT_PROGRAM_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "host/xrt/kernel_signatures.h"
#include "xrt/xrt_device.h"
#include "xrt/xrt_kernel.h"
#include "xrt/xrt_uuid.h"

namespace pqa::xrt {

struct XrtProgramOptions {
  std::string xclbin;  // path of the FPGA binary holding both kernels
  int device = 0;      // XRT device index, 0..(devices - 1)
  // A run not completed by then is a fault (a hung kernel, a lost card):
  // the host stops waiting and reports it instead of hanging. Milliseconds,
  // > 0; a window run takes about a millisecond on a card.
  std::chrono::milliseconds run_timeout{10000};
};

class XrtProgram {
 public:
  static absl::StatusOr<std::shared_ptr<XrtProgram>> Open(const XrtProgramOptions& options);

  XrtProgram(const XrtProgram&) = delete;
  XrtProgram& operator=(const XrtProgram&) = delete;

  // A handle on pqa_window_kernel (any of its compute units).
  absl::StatusOr<::xrt::kernel> OpenWindowKernel();
  // A handle on one compute unit of pqa_flicker_kernel; successive calls
  // hand the units out in turn, so that on a card with one unit per phase
  // (hls/vitis/alveo_u250.cfg) the three phases run concurrently, each with
  // its buffers in its own unit's bank.
  absl::StatusOr<::xrt::kernel> OpenFlickerKernel();

  // Waits for `run` of kernel `kernel` (its name, for the message) at most
  // options().run_timeout. A run that does not complete is aborted and
  // reported (DeadlineExceeded, or Internal with XRT's command state): the
  // host never waits for a card forever.
  absl::Status Wait(::xrt::run& run, std::string_view kernel);
  // Runs completed so far of pqa_window_kernel / pqa_flicker_kernel.
  std::int64_t window_runs() const { return window_runs_.load(); }
  std::int64_t flicker_runs() const { return flicker_runs_.load(); }

  // The first failure of any run on this card (all users share it): once a
  // run has failed, none starts any more and the values they would have
  // produced are NaN, never the zeros left in a buffer. measure::WindowAnalysis
  // and flicker::PinstEngine return no status, so this is where the fault
  // waits to be reported; the first one is also written to stderr.
  void RecordFault(const absl::Status& fault);
  absl::Status fault() const;

  ::xrt::device& device() { return device_; }
  const XrtProgramOptions& options() const { return options_; }
  // Compute unit names ("window_1", "flicker_a"...), in the xclbin's order.
  const std::vector<std::string>& window_units() const { return window_units_; }
  const std::vector<std::string>& flicker_units() const { return flicker_units_; }
  // XCL_EMULATION_MODE ("noop", "sw_emu", "hw_emu") or "" on hardware.
  const std::string& emulation_mode() const { return emulation_mode_; }

 private:
  explicit XrtProgram(XrtProgramOptions options) : options_(std::move(options)) {}

  XrtProgramOptions options_;
  std::string emulation_mode_;
  ::xrt::device device_;
  ::xrt::uuid uuid_;
  std::vector<std::string> window_units_;
  std::vector<std::string> flicker_units_;
  std::mutex mu_;
  std::size_t next_flicker_unit_ ABSL_GUARDED_BY(mu_) = 0;
  std::atomic<std::int64_t> window_runs_{0}, flicker_runs_{0};
  mutable std::mutex fault_mu_;
  absl::Status fault_ ABSL_GUARDED_BY(fault_mu_);
};

}  // namespace pqa::xrt

#endif  // PQA_HOST_XRT_XRT_PROGRAM_H_
