// Synchronous resampling of one 10/12-cycle window onto a power-of-two number
// of points (IEC 61000-4-7 4.4.1: the window spans an integer number of
// measured cycles within +-0.03 %, so harmonic h lands on bin N h).
//
// Stream in: span_samples input samples of one phase. Stream out: points
// values at input positions first + m step (unsigned 32.32 fixed point, so
// the position is exact and needs no floating-point accumulator). The
// interpolation kernel is the host's tabulated Kaiser-windowed sinc
// (host/measure/sinc_resampler.h): row r, weight = table + a slope.
#ifndef PQA_HLS_BLOCKS_SYNC_RESAMPLER_H_
#define PQA_HLS_BLOCKS_SYNC_RESAMPLER_H_

#include <cstdint>

#include "hls_stream.h"

namespace pqa {
namespace kernels {

struct resampler_default_config {
  static constexpr int points = 4096;      // output points per window, a power of two
  static constexpr int max_span = 16384;   // input samples per window incl. kernel margins
  static constexpr int max_taps = 128;     // 2 K
  static constexpr int max_phases = 1024;  // kernel table rows
  using sample_t = float;                  // volts
  using coef_t = float;                    // tap weights, dimensionless
  using acc_t = float;                     // multiply-add accumulator
};

template <typename CONFIG_T>
void sync_resample(hls::stream<typename CONFIG_T::sample_t>& in, int span_samples,
                   std::uint64_t first_q32, std::uint64_t step_q32,
                   const typename CONFIG_T::coef_t* table, const typename CONFIG_T::coef_t* slope,
                   int taps, int phases, hls::stream<typename CONFIG_T::sample_t>& out) {
  using sample_t = typename CONFIG_T::sample_t;
  using coef_t = typename CONFIG_T::coef_t;
  using acc_t = typename CONFIG_T::acc_t;
  static_assert((CONFIG_T::points & (CONFIG_T::points - 1)) == 0, "points: a power of two");
  static_assert(CONFIG_T::max_taps % 4 == 0, "max_taps: a multiple of 4 (even half-width)");

  sample_t buffer[CONFIG_T::max_span];
  // The whole span is needed before the first output: each output reads taps
  // inputs around its position, anywhere in the window.
load_span:
  for (int n = 0; n < span_samples; ++n) {
#pragma HLS PIPELINE II = 1
#pragma HLS LOOP_TRIPCOUNT min = 2048 max = 16384
    buffer[n] = in.read();
  }
  const int half = taps / 2;
output_points:
  for (int m = 0; m < CONFIG_T::points; ++m) {
    // One multiply-add per tap; the taps loop is unrolled by 4 in hardware
    // (the half-width is even, taps a multiple of 4).
#pragma HLS PIPELINE II = 4
    const std::uint64_t t = first_q32 + static_cast<std::uint64_t>(m) * step_q32;
    const int base = static_cast<int>(t >> 32);
    const std::uint64_t scaled = (t & 0xffffffffull) * static_cast<std::uint64_t>(phases);
    const int row = static_cast<int>(scaled >> 32);
    const coef_t alpha =
        static_cast<coef_t>(static_cast<float>(scaled & 0xffffffffull) * (1.0f / 4294967296.0f));
    const int origin = base - half + 1;
    acc_t acc[4] = {0, 0, 0, 0};
    if (origin >= 0 && origin + taps <= span_samples) {
      const coef_t* r = table + row * taps;
      const coef_t* s = slope + row * taps;
    taps_loop:
      for (int j = 0; j < taps; j += 4) {
#pragma HLS LOOP_TRIPCOUNT min = 2 max = 32
        for (int l = 0; l < 4; ++l) {
#pragma HLS UNROLL
          acc[l] += (r[j + l] + alpha * s[j + l]) * buffer[origin + j + l];
        }
      }
    }
    // Out-of-span positions give 0: the host guarantees margins, a wrong job
    // must not read outside the buffer.
    out.write(static_cast<sample_t>((acc[0] + acc[1]) + (acc[2] + acc[3])));
  }
}

}  // namespace kernels
}  // namespace pqa

#endif  // PQA_HLS_BLOCKS_SYNC_RESAMPLER_H_
