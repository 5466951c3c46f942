// RMS and fundamental phasor of one window (IEC 61000-4-30 5.2: the RMS over
// the 10/12-cycle window; IEC 61000-4-7: the fundamental from bin N).
//
// window_rms: stream in the span's samples; the window [begin, end) has
// fractional ends. Sample n stands for the cell [n - 0.5, n + 0.5); cells cut
// by the ends count with the fraction inside, so the weights add up to
// end - begin exactly (host/measure/window_rms.h, the golden model).
// fundamental_phasor: RMS phasor X[N] sqrt(2) / points, angle of a cosine at
// the window start.
#ifndef PQA_HLS_BLOCKS_RMS_PHASOR_H_
#define PQA_HLS_BLOCKS_RMS_PHASOR_H_

#include <cmath>
#include <cstdint>

#include "hls/blocks/complex.h"
#include "hls_stream.h"

namespace pqa {
namespace kernels {

// The cells a window with fractional ends cuts: its first and last sample
// and the fraction of their cells inside [begin, end) (begin_q32, end_q32:
// unsigned 32.32 fixed point). window_rms and window_power weigh their
// samples with the same cells, so that P <= V I holds as in the golden model.
template <typename acc_t>
struct window_cells {
  int first;      // floor(begin + 0.5)
  int last;       // floor(end + 0.5)
  acc_t w_first;  // part of sample first's cell at or after begin
  acc_t w_last;   // part of sample last's cell before end
  acc_t width;    // end - begin, samples
  window_cells(std::uint64_t begin_q32, std::uint64_t end_q32)
      : first(static_cast<int>((begin_q32 + 0x80000000ull) >> 32)),
        last(static_cast<int>((end_q32 + 0x80000000ull) >> 32)),
        w_first(static_cast<acc_t>((static_cast<double>(first) + 0.5) -
                                   static_cast<double>(begin_q32) * kQ32)),
        w_last(static_cast<acc_t>(static_cast<double>(end_q32) * kQ32 -
                                  (static_cast<double>(last) - 0.5))),
        width(static_cast<acc_t>(static_cast<double>(end_q32 - begin_q32) * kQ32)) {}
  static constexpr double kQ32 = 1.0 / 4294967296.0;
};

struct rms_default_config {
  static constexpr int points = 4096;  // transform length, for the phasor scaling
  using sample_t = float;              // volts
  using acc_t = float;                 // sum of squares (four partial sums)
  using result_t = float;              // volts
};

// begin_q32, end_q32: window ends in span samples, unsigned 32.32 fixed point,
// 0 <= begin < end <= span_samples - 1.
template <typename CONFIG_T>
void window_rms(hls::stream<typename CONFIG_T::sample_t>& in, int span_samples,
                std::uint64_t begin_q32, std::uint64_t end_q32,
                hls::stream<typename CONFIG_T::result_t>& rms) {
  using acc_t = typename CONFIG_T::acc_t;
  const window_cells<acc_t> cells(begin_q32, end_q32);
  const int first = cells.first, last = cells.last;
  const acc_t w_first = cells.w_first, w_last = cells.w_last, width = cells.width;
  // Four partial sums: the adder's latency is not a loop-carried dependence.
  acc_t part[4] = {0, 0, 0, 0};
  acc_t edge = 0;
  typename CONFIG_T::sample_t x_first = 0;
span_samples_loop:
  for (int n = 0; n < span_samples; ++n) {
#pragma HLS PIPELINE II = 1
#pragma HLS LOOP_TRIPCOUNT min = 2048 max = 16384
    const acc_t x = static_cast<acc_t>(in.read());
    if (n == first) x_first = x;
    if (first == last) continue;
    if (n == first) {
      edge += w_first * x * x;
    } else if (n == last) {
      edge += w_last * x * x;
    } else if (n > first && n < last) {
      part[n & 3] += x * x;
    }
  }
  if (end_q32 <= begin_q32) {
    rms.write(0);
  } else if (first == last) {
    rms.write(static_cast<typename CONFIG_T::result_t>(std::fabs(x_first)));
  } else {
    const acc_t sum = ((part[0] + part[1]) + (part[2] + part[3])) + edge;
    rms.write(static_cast<typename CONFIG_T::result_t>(std::sqrt(sum / width)));
  }
}

template <typename CONFIG_T, typename data_t>
cplx<typename CONFIG_T::result_t> fundamental_phasor(const cplx<data_t>& bin) {
  constexpr double kScale = 1.4142135623730950488 / CONFIG_T::points;
  cplx<typename CONFIG_T::result_t> v;
  v.re = static_cast<typename CONFIG_T::result_t>(bin.re * static_cast<data_t>(kScale));
  v.im = static_cast<typename CONFIG_T::result_t>(bin.im * static_cast<data_t>(kScale));
  return v;
}

}  // namespace kernels
}  // namespace pqa

#endif  // PQA_HLS_BLOCKS_RMS_PHASOR_H_
