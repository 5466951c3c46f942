// Active power of one phase over one window (IEEE 1459-2010 3.1.2.3: P is
// the mean of the instantaneous power v i over the measurement interval,
// here the 10/12-cycle window of IEC 61000-4-30 5.2) and the RMS of the
// voltage the current multiplies.
//
// Stream in: the span's samples of that voltage and of the current, one pair
// per sample instant. The window [begin, end) has fractional ends and is
// weighted exactly as window_rms (rms_phasor.h) weights it: sample n stands
// for the cell [n - 0.5, n + 0.5), cells cut by the ends count with the
// fraction inside. The voltage's sum of squares takes window_rms's very
// operations in its order, so for a wye input (the phase voltage itself)
// v_rms equals the window's rms_v bit for bit.
// Stream out: one power_result per call.
#ifndef PQA_HLS_BLOCKS_WINDOW_POWER_H_
#define PQA_HLS_BLOCKS_WINDOW_POWER_H_

#include <cmath>
#include <cstdint>

#include "hls/blocks/rms_phasor.h"
#include "hls_stream.h"

namespace pqa {
namespace kernels {

struct power_default_config {
  using sample_t = float;  // volts, amperes
  using acc_t = float;     // sums of v i and v^2 (four partial sums each)
  using result_t = float;  // watts, volts
};

template <typename CONFIG_T>
struct power_result {
  typename CONFIG_T::result_t p_w;    // mean of v i, watts
  typename CONFIG_T::result_t v_rms;  // RMS of v, volts
};

// begin_q32, end_q32: window ends in span samples, unsigned 32.32 fixed point,
// 0 <= begin < end <= span_samples - 1.
template <typename CONFIG_T>
void window_power(hls::stream<typename CONFIG_T::sample_t>& voltage,
                  hls::stream<typename CONFIG_T::sample_t>& current, int span_samples,
                  std::uint64_t begin_q32, std::uint64_t end_q32,
                  hls::stream<power_result<CONFIG_T>>& out) {
  using acc_t = typename CONFIG_T::acc_t;
  using result_t = typename CONFIG_T::result_t;
  const window_cells<acc_t> cells(begin_q32, end_q32);  // the cells window_rms weighs
  const int first = cells.first, last = cells.last;
  const acc_t w_first = cells.w_first, w_last = cells.w_last, width = cells.width;
  // Four partial sums each: the adders' latency is not a loop-carried
  // dependence (as in window_rms).
  acc_t vv[4] = {0, 0, 0, 0};
  acc_t vi[4] = {0, 0, 0, 0};
  acc_t edge_vv = 0, edge_vi = 0;
  acc_t v_first = 0, i_first = 0;
span_samples_loop:
  for (int n = 0; n < span_samples; ++n) {
#pragma HLS PIPELINE II = 1
#pragma HLS LOOP_TRIPCOUNT min = 2048 max = 16384
    const acc_t v = static_cast<acc_t>(voltage.read());
    const acc_t i = static_cast<acc_t>(current.read());
    if (n == first) {
      v_first = v;
      i_first = i;
    }
    if (first == last) continue;
    if (n == first) {
      edge_vv += w_first * v * v;
      edge_vi += w_first * v * i;
    } else if (n == last) {
      edge_vv += w_last * v * v;
      edge_vi += w_last * v * i;
    } else if (n > first && n < last) {
      vv[n & 3] += v * v;
      vi[n & 3] += v * i;
    }
  }
  power_result<CONFIG_T> r;
  if (end_q32 <= begin_q32) {
    r.p_w = 0;
    r.v_rms = 0;
  } else if (first == last) {  // a window inside one cell: that sample's values
    r.p_w = static_cast<result_t>(v_first * i_first);
    r.v_rms = static_cast<result_t>(std::fabs(v_first));
  } else {
    const acc_t sum_vv = ((vv[0] + vv[1]) + (vv[2] + vv[3])) + edge_vv;
    const acc_t sum_vi = ((vi[0] + vi[1]) + (vi[2] + vi[3])) + edge_vi;
    r.p_w = static_cast<result_t>(sum_vi / width);
    r.v_rms = static_cast<result_t>(std::sqrt(sum_vv / width));
  }
  out.write(r);
}

}  // namespace kernels
}  // namespace pqa

#endif  // PQA_HLS_BLOCKS_WINDOW_POWER_H_
