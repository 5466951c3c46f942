// IEC 61000-4-15 blocks 1, 3 and 4 at the internal rate fo, one phase: from
// the decimated u^2 to the instantaneous flicker sensation Pinst. Same
// arrangement and start-up as the golden model (host/flicker/pinst_chain.h):
//   w = Butterworth low-pass (block 3)
//   block 1: R = first-order mean of sqrt(w) (1 min), n = w / R^2
//   h = n - bilinear low-pass of n (0.05 Hz high-pass, block 3)
//   f = weighting filter (block 3); Pinst = S x sliding mean of f^2 (block 4)
// The first warm_up_steps values only fill the filters (Pinst 0); then the
// adaptor and high-pass means expand (coefficient max(alpha, 1/k)).
//
// Numeric types: the two slow means (a = 1e-5 and 2e-4 per step) keep
// accum_t (double by default), because a float32 increment of a value near 1
// is lost below 6e-8; everything else is data_t (float).
//
// Stream in: `count` demodulated values. Stream out: `count` Pinst values.
// A non-finite input gives a NaN Pinst (the host restarts the chain).
#ifndef PQA_HLS_BLOCKS_FLICKER_CHAIN_H_
#define PQA_HLS_BLOCKS_FLICKER_CHAIN_H_

#include <cmath>
#include <cstdint>

#include "hls/blocks/biquad_cascade.h"
#include "hls_stream.h"

namespace pqa {
namespace kernels {

struct flicker_chain_default_config {
  static constexpr int butterworth_sections = 3;  // sixth order
  static constexpr int weighting_sections = 2;
  using data_t = float;    // filter data and Pinst
  using coef_t = float;    // biquad coefficients
  using accum_t = double;  // adaptor and high-pass means
};

template <typename CONFIG_T>
struct flicker_chain_coefficients {
  biquad_coefficients<typename CONFIG_T::coef_t> butterworth[CONFIG_T::butterworth_sections];
  biquad_coefficients<typename CONFIG_T::coef_t> weighting[CONFIG_T::weighting_sections];
  typename CONFIG_T::accum_t adaptor_alpha, high_pass_alpha;
  typename CONFIG_T::data_t mean_alpha, scale;
  std::int64_t warm_up_steps;
};

template <typename CONFIG_T>
struct flicker_chain_state {
  std::int64_t steps;
  typename CONFIG_T::data_t butterworth_z[CONFIG_T::butterworth_sections][2];
  typename CONFIG_T::data_t weighting_z[CONFIG_T::weighting_sections][2];
  typename CONFIG_T::accum_t mean_rms, high_pass_dc;
  typename CONFIG_T::data_t previous_normalised, sliding_mean;
};

template <typename CONFIG_T>
void flicker_chain(hls::stream<typename CONFIG_T::data_t>& demodulated, int count,
                   const flicker_chain_coefficients<CONFIG_T>& c, flicker_chain_state<CONFIG_T>& s,
                   hls::stream<typename CONFIG_T::data_t>& pinst) {
  using data_t = typename CONFIG_T::data_t;
  using accum_t = typename CONFIG_T::accum_t;
internal_samples:
  for (int i = 0; i < count; ++i) {
#pragma HLS PIPELINE
#pragma HLS LOOP_TRIPCOUNT min = 0 max = 8192
    const data_t w = biquad_cascade_step<CONFIG_T::butterworth_sections>(
        c.butterworth, s.butterworth_z, demodulated.read());
    if (!std::isfinite(w)) {
      pinst.write(w);
      continue;
    }
    if (++s.steps <= c.warm_up_steps) {
      pinst.write(0);
      continue;
    }
    const std::int64_t k = s.steps - c.warm_up_steps;
    const accum_t inverse_k = static_cast<accum_t>(1) / static_cast<accum_t>(k);
    // Block 1: mean RMS over the last minute, expanding mean at the start.
    const accum_t rms = static_cast<accum_t>(std::sqrt(w > 0 ? w : static_cast<data_t>(0)));
    const accum_t a1 = c.adaptor_alpha > inverse_k ? c.adaptor_alpha : inverse_k;
    s.mean_rms += a1 * (rms - s.mean_rms);
    const accum_t r2 = s.mean_rms * s.mean_rms;
    const accum_t normalised = r2 > 0 ? static_cast<accum_t>(w) / r2 : 0;  // dead channel: 0
    if (k == 1) s.previous_normalised = static_cast<data_t>(normalised);
    // Block 3 high-pass: the input minus its bilinear low-pass, delta form.
    const accum_t a3 = c.high_pass_alpha > inverse_k ? c.high_pass_alpha : inverse_k;
    s.high_pass_dc +=
        a3 * (static_cast<accum_t>(0.5) * (normalised + s.previous_normalised) - s.high_pass_dc);
    s.previous_normalised = static_cast<data_t>(normalised);
    const data_t f = biquad_cascade_step<CONFIG_T::weighting_sections>(
        c.weighting, s.weighting_z, static_cast<data_t>(normalised - s.high_pass_dc));
    // Block 4.
    s.sliding_mean += c.mean_alpha * (f * f - s.sliding_mean);
    pinst.write(c.scale * s.sliding_mean);
  }
}

}  // namespace kernels
}  // namespace pqa

#endif  // PQA_HLS_BLOCKS_FLICKER_CHAIN_H_
