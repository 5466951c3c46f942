// flicker::PinstEngine on a card: IEC 61000-4-15 blocks 1 to 4 in
// pqa_flicker_kernel on one compute unit, with the coefficients
// accel::HlsPinstEngine designs for the native backend (the same buffers,
// hls/kernels/buffer_contract.h) and double-buffered runs: a Process call
// is cut into blocks of block_samples, and while the card runs block k the
// host converts and sends block k+1 and reads the Pinst of block k-1
// (XrtFlickerKernel). The replay's 16,384-frame blocks make four runs of
// the default 4,096 samples, so the overlap happens within every call; the
// last run of a call is waited for before Process returns, as the
// PinstEngine contract wants every value the call completes. The filter
// state stays on the device; the host reads it once per call.
//
// Process returns nothing: a failed run is recorded on the XrtProgram and
// every Pinst value from there on is NaN (FlickerMeter restarts after a
// non-finite value, so no Pst is made of them).
#ifndef PQA_HOST_XRT_XRT_PINST_ENGINE_H_
#define PQA_HOST_XRT_XRT_PINST_ENGINE_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "hls/kernels/buffer_contract.h"
#include "host/flicker/flicker_config.h"
#include "host/flicker/pinst_engine.h"
#include "host/xrt/xrt_flicker_kernel.h"
#include "host/xrt/xrt_program.h"

namespace pqa::xrt {

class XrtPinstEngine : public flicker::PinstEngine {
 public:
  // Input samples per run (1..kMaxFlickerBlock).
  static constexpr unsigned kDefaultBlockSamples = 4096;

  // `config` must pass flicker::Validate. Each engine takes the next flicker
  // compute unit of `program`.
  static absl::StatusOr<std::unique_ptr<XrtPinstEngine>> Create(
      const flicker::FlickerConfig& config, std::shared_ptr<XrtProgram> program,
      unsigned block_samples = kDefaultBlockSamples);

  void Process(const double* x, std::size_t n, std::size_t stride,
               std::vector<flicker::PinstValue>& out) override;
  void Clear() override;
  bool warmed_up() const override;
  int decimation() const override { return static_cast<int>(coefficients_.decimation); }
  double internal_rate_hz() const override { return internal_rate_hz_; }
  std::unique_ptr<flicker::PinstEngine> Clone() const override;

  // For tests: the kernel's buffers and run trace (null after a failed Clone).
  XrtFlickerKernel* kernel() { return kernel_.get(); }
  const kernels::FlickerState& state() const { return state_; }

 private:
  XrtPinstEngine() = default;
  absl::Status Pipeline(const double* x, std::size_t n, std::size_t stride,
                        std::vector<flicker::PinstValue>& out, std::size_t& done);
  // NaN for every Pinst value samples [from, n) complete.
  void NotMeasured(std::size_t from, std::size_t n, std::vector<flicker::PinstValue>& out) const;

  std::shared_ptr<XrtProgram> program_;
  std::unique_ptr<XrtFlickerKernel> kernel_;
  unsigned block_samples_ = kDefaultBlockSamples;
  kernels::FlickerCoefficients coefficients_{};
  kernels::FlickerState state_{};  // the device's state after the latest call
  bool state_sent_ = false;        // the device holds state_
  double internal_rate_hz_ = 0;
  std::vector<float> pinst_;  // one run's output
};

}  // namespace pqa::xrt

#endif  // PQA_HOST_XRT_XRT_PINST_ENGINE_H_
