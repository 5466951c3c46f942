// Top-level kernel: the analysis of synchronised 10/12-cycle windows
// (IEC 61000-4-30 5.2/5.7, IEC 61000-4-7, IEEE 1459). For each job it reads
// the span of samples of the present channels (the phase voltages, then the
// phase currents), and under DATAFLOW
//   read -> sync_resample -> real_fft -> harmonic_subgroups -+
//        -> window_rms ------------------------------------- +-> thd_family,
//        -> window_power (v, i pairs) ---------------------- +   symmetrical_components -> write
// A current goes through the voltages' blocks (same resampler table, same
// window, so its phasor shares the voltages' angle reference). window_power
// pairs each current with the voltage it multiplies, read again from the
// sample buffer after the channels: the phase voltage itself (wye, nothing
// copied) or the host's star voltage in a slot of its own (delta, V).
// Why the host derives it: P and that voltage's RMS are time-domain means
// over the raw samples (IEEE 1459, the golden engine's definition), so the
// kernel could not take it from the resampled line voltages; it would need
// the connection and a second raw-sample path, for one span per phase of
// reading saved, and only for delta and V inputs.
// Buffers and their layouts: hls/kernels/buffer_contract.h.
#ifndef PQA_HLS_KERNELS_WINDOW_KERNEL_H_
#define PQA_HLS_KERNELS_WINDOW_KERNEL_H_

#include "hls/blocks/fft.h"
#include "hls/blocks/harmonic_subgroups.h"
#include "hls/blocks/rms_phasor.h"
#include "hls/blocks/symmetrical_components.h"
#include "hls/blocks/sync_resampler.h"
#include "hls/blocks/thd_family.h"
#include "hls/blocks/window_power.h"
#include "hls/kernels/buffer_contract.h"

namespace pqa {
namespace kernels {

// float32 throughout: the hardware default. A fixed-point trial overrides the
// types of one block config and leaves the others.
struct window_kernel_config {
  struct resampler : resampler_default_config {
    static constexpr int points = kWindowPoints;
    static constexpr int max_span = kMaxSpanSamples;
    static constexpr int max_taps = kMaxResamplerTaps;
    static constexpr int max_phases = kMaxResamplerPhases;
  };
  struct fft : fft_default_config {
    static constexpr int points = kWindowPoints;
    static constexpr int log2_points = 12;
    static constexpr int out_bins = 12 * kMaxHarmonicOrder + 2;
  };
  struct subgroups : subgroups_default_config {
    static constexpr int points = kWindowPoints;
    static constexpr int max_cycles = 12;
    static constexpr int max_order = kMaxHarmonicOrder;
    static constexpr int in_bins = fft::out_bins;
  };
  struct rms : rms_default_config {
    static constexpr int points = kWindowPoints;
  };
  struct thd : thd_default_config {
    static constexpr int max_order = kMaxHarmonicOrder;
    static constexpr int hmax = kDistortionMaxOrder;
  };
  using sequence = sequence_default_config;
  using power = power_default_config;
};
static_assert(sizeof(window_kernel_config::resampler::sample_t) == sizeof(float),
              "the sample buffer carries float32");
static_assert(sizeof(window_kernel_config::power::sample_t) == sizeof(float),
              "the sample buffer carries float32");

}  // namespace kernels
}  // namespace pqa

extern "C" {
// samples: the sample buffer (voltage, current and power-voltage slots per
// job); jobs[0..n_jobs-1]; coefficients: the resampler
// table then its slope (2 * phases * taps floats); out[0..n_jobs-1].
// taps: 4..kMaxResamplerTaps, a multiple of 4; phases: 16..kMaxResamplerPhases.
void pqa_window_kernel(const float* samples, const pqa::kernels::WindowJob* jobs,
                       const float* coefficients, pqa::kernels::WindowOutput* out, unsigned n_jobs,
                       unsigned taps, unsigned phases);
}

#endif  // PQA_HLS_KERNELS_WINDOW_KERNEL_H_
