// measure::WindowAnalysis on the HLS window kernel (hls/kernels/window_kernel.h)
// compiled for the CPU: the engine's windows go through exactly the code the
// FPGA runs, in float32, through the buffers of hls/kernels/buffer_contract.h.
#ifndef PQA_HOST_ACCEL_HLS_WINDOW_ANALYSIS_H_
#define PQA_HOST_ACCEL_HLS_WINDOW_ANALYSIS_H_

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "hls/kernels/buffer_contract.h"
#include "host/accel/kernel_launcher.h"
#include "host/measure/window_analysis.h"

namespace pqa::accel {

class HlsWindowAnalysis : public measure::WindowAnalysis {
 public:
  // Errors name the field the kernel cannot take: points other than
  // kernels::kWindowPoints, cycles other than 10 or 12, neither a voltage
  // nor a current. The currents (spec.current_present) and their power
  // voltages go through the same kernel call as the voltages. `kernels` runs the
  // window kernel on the buffers (NativeKernels(): on this CPU).
  static absl::StatusOr<std::unique_ptr<measure::WindowAnalysis>> Create(
      const measure::WindowAnalysisSpec& spec,
      std::shared_ptr<KernelLauncher> kernels = NativeKernels());

  absl::Status SetResampler(const measure::SincResampler& resampler,
                            double sample_rate_hz) override;
  void Analyse(const measure::WindowSpan& span, measure::WindowResult& w) override;
  // Up to kMaxWindowJobsPerCall windows per kernel call (n_jobs), their
  // spans side by side in one sample buffer (WindowJob.sample_offset).
  void AnalyseBatch(const measure::WindowSpan* spans, measure::WindowResult* results,
                    std::size_t n) override;

  // Windows whose span exceeded kernels::kMaxSpanSamples (fundamental far
  // below nominal at a high rate): their values are 0.
  std::int64_t oversize_windows() const { return oversize_windows_; }

 private:
  HlsWindowAnalysis(const measure::WindowAnalysisSpec& spec,
                    std::shared_ptr<KernelLauncher> kernels)
      : spec_(spec), kernels_(std::move(kernels)) {}

  measure::WindowAnalysisSpec spec_;
  std::shared_ptr<KernelLauncher> kernels_;
  std::uint32_t phase_mask_ = 0;    // WindowJob.phase_mask: spec.present
  std::uint32_t current_mask_ = 0;  // WindowJob.current_mask: spec.current_present
  int half_width_ = 0;
  unsigned taps_ = 0, phases_ = 0;
  std::vector<float> coefficients_;  // table then slope (buffer contract)
  // Appends the job of `span` (its samples after those already queued, in
  // the slots of buffer_contract.h);
  // false for a span the kernel cannot hold (counted, values left 0).
  bool AddJob(const measure::WindowSpan& span);
  void ReadOutput(const kernels::WindowOutput& out, measure::WindowResult& w) const;

  std::vector<float> samples_;  // one call's sample buffer
  std::vector<kernels::WindowJob> jobs_;
  std::vector<kernels::WindowOutput> outputs_;
  std::vector<measure::WindowResult*> job_results_;  // the result of each job
  std::int64_t oversize_windows_ = 0;
};

}  // namespace pqa::accel

#endif  // PQA_HOST_ACCEL_HLS_WINDOW_ANALYSIS_H_
