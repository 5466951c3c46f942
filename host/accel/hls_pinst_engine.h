// flicker::PinstEngine on the HLS flicker kernel (hls/kernels/flicker_kernel.h)
// compiled for the CPU: IEC 61000-4-15 blocks 1 to 4 in float32 (double for
// the two slow means), with the coefficients the golden PinstChain designs
// and the state buffer of hls/kernels/buffer_contract.h.
#ifndef PQA_HOST_ACCEL_HLS_PINST_ENGINE_H_
#define PQA_HOST_ACCEL_HLS_PINST_ENGINE_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "hls/kernels/buffer_contract.h"
#include "host/accel/kernel_launcher.h"
#include "host/flicker/flicker_config.h"
#include "host/flicker/pinst_engine.h"

namespace pqa::accel {

class HlsPinstEngine : public flicker::PinstEngine {
 public:
  // The kernel's coefficient buffer for `config` (which must pass
  // flicker::Validate), designed by the golden PinstChain at its ~400 Hz, or
  // above 51.2 kS/s at fs / kMaxDecimation (the kernel's FIR buffer bounds
  // D). Every backend of the flicker kernel (native, SystemC model, card)
  // sends this buffer.
  struct Design {
    kernels::FlickerCoefficients coefficients{};
    double internal_rate_hz = 0;  // the chain's rate after decimation, Hz
  };
  static absl::StatusOr<Design> DesignFor(const flicker::FlickerConfig& config);

  // An engine on DesignFor(config); `kernels` runs the flicker kernel on the buffers
  // (NativeKernels(): on this CPU); clones share it.
  static absl::StatusOr<std::unique_ptr<flicker::PinstEngine>> Create(
      const flicker::FlickerConfig& config,
      std::shared_ptr<KernelLauncher> kernels = NativeKernels());

  void Process(const double* x, std::size_t n, std::size_t stride,
               std::vector<flicker::PinstValue>& out) override;
  void Clear() override { state_ = kernels::FlickerState{}; }
  bool warmed_up() const override;
  int decimation() const override { return static_cast<int>(coefficients_.decimation); }
  double internal_rate_hz() const override { return internal_rate_hz_; }
  std::unique_ptr<flicker::PinstEngine> Clone() const override;

  // The kernel's buffers, for testbenches of the classifier.
  const kernels::FlickerCoefficients& coefficients() const { return coefficients_; }

 private:
  HlsPinstEngine() = default;

  std::shared_ptr<KernelLauncher> kernels_;
  kernels::FlickerCoefficients coefficients_{};
  kernels::FlickerState state_{};
  double internal_rate_hz_ = 0;
  std::vector<float> samples_;  // one call's input, volts
  std::vector<float> pinst_;    // one call's output
};

}  // namespace pqa::accel

#endif  // PQA_HOST_ACCEL_HLS_PINST_ENGINE_H_
