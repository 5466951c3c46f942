// pqa_flicker_kernel on one compute unit of a card, double-buffered: two
// sets of {samples, pinst} buffer objects, so that the host converts and
// sends block k+1 into one set while the card runs block k from the other.
// The coefficients, the filter state and the histogram have one buffer each:
// runs of one phase are sequential (block k+1 starts from the state block k
// left on the device), so the state never travels between runs.
//
//   FillSamples(1, ...)            while   run 0 computes
//   Wait(0); Start(1); ReadPinst(0)   while   run 1 computes
//
// Sizes follow hls/kernels/buffer_contract.h: up to `block_samples`
// (<= kMaxFlickerBlock) input samples and as many Pinst values per run,
// one FlickerCoefficients, one FlickerState, kPinstClasses counts.
#ifndef PQA_HOST_XRT_XRT_FLICKER_KERNEL_H_
#define PQA_HOST_XRT_XRT_FLICKER_KERNEL_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "hls/kernels/buffer_contract.h"
#include "host/xrt/xrt_program.h"
#include "xrt/xrt_bo.h"
#include "xrt/xrt_kernel.h"

namespace pqa::xrt {

class XrtFlickerKernel {
 public:
  static constexpr int kSets = 2;
  static constexpr std::size_t kTraceLength = 1024;

  // Opens the next flicker compute unit of `program` (XrtProgram hands them
  // out in turn) and allocates its buffers in that unit's banks.
  static absl::StatusOr<std::unique_ptr<XrtFlickerKernel>> Create(
      std::shared_ptr<XrtProgram> program, unsigned block_samples = kernels::kMaxFlickerBlock);

  unsigned block_samples() const { return block_samples_; }

  // Sends the coefficients when they differ from what the device holds.
  absl::Status SetCoefficients(const kernels::FlickerCoefficients& c);
  absl::Status WriteState(const kernels::FlickerState& state);
  absl::Status ReadState(kernels::FlickerState& state);
  absl::Status WriteHistogram(const std::uint32_t* counts);  // kPinstClasses counts
  absl::Status ReadHistogram(std::uint32_t* counts);

  // Set `set`'s input, volts: x[0], x[stride], ... x[(n-1) stride] as
  // float32, 1 <= n <= block_samples(), written into the buffer's host
  // mapping and sent to the device. The set must not be running.
  absl::Status FillSamples(int set, const double* x, std::size_t n, std::size_t stride);
  absl::Status FillSamples(int set, const float* x, std::size_t n);
  // Starts a run on the set's samples with the state on the device; Pinst
  // values with index >= classify_from go to the histogram.
  absl::Status Start(int set, unsigned classify_from);
  // Until the set's run completes (XrtProgram::Wait: never forever).
  absl::Status Wait(int set);
  bool running(int set) const { return runs_[static_cast<std::size_t>(set)].has_value(); }
  // The first `count` Pinst values of the set's last run.
  absl::Status ReadPinst(int set, unsigned count, std::vector<float>& out);

  // For tests: the buffer objects by kernel argument index
  // (flicker_arg::kSamples, kPinst: those of `set`), and the sets in the
  // order runs were started (the first kTraceLength runs).
  ::xrt::bo& buffer(int arg, int set = 0);
  const std::vector<int>& started_sets() const { return started_sets_; }

 private:
  XrtFlickerKernel() = default;
  absl::Status CheckSet(int set, bool must_be_idle) const;
  // Checks a FillSamples call; the host mapping to write `n` samples into.
  absl::StatusOr<float*> SamplesToFill(int set, std::size_t n);
  absl::Status SendSamples(int set, std::size_t n);

  std::shared_ptr<XrtProgram> program_;
  ::xrt::kernel kernel_;
  unsigned block_samples_ = 0;
  ::xrt::bo coefficients_, state_, histogram_;
  std::array<::xrt::bo, kSets> samples_, pinst_;
  std::array<float*, kSets> host_samples_{};           // the samples buffers' host mappings
  std::array<unsigned, kSets> filled_{};               // samples sent into each set
  std::array<std::optional<::xrt::run>, kSets> runs_;  // in flight
  std::optional<kernels::FlickerCoefficients> sent_coefficients_;
  std::vector<int> started_sets_;
};

}  // namespace pqa::xrt

#endif  // PQA_HOST_XRT_XRT_FLICKER_KERNEL_H_
