// IEC 61000-4-15 block 2 and the rate change of the flickermeter: the
// squaring demodulator u^2 followed by the polyphase anti-alias FIR that
// decimates by D to the internal rate fo ~ 1.6 kHz (host/flicker/decimator.h,
// the golden model, explains the filter choice). No feedback: II = 1 at the
// input rate.
//
// Stream in: n input samples (volts). Stream out: (phase + n) / D demodulated
// values at fo, each belonging to the input sample that completed it.
#ifndef PQA_HLS_BLOCKS_FIR_DECIMATOR_H_
#define PQA_HLS_BLOCKS_FIR_DECIMATOR_H_

#include "hls_stream.h"

namespace pqa {
namespace kernels {

struct decimator_default_config {
  static constexpr int taps_per_phase = 8;  // FIR length / D
  static constexpr int max_decimation = 128;
  using sample_t = float;  // volts
  using data_t = float;    // u^2 and the accumulators, volts^2
};

template <typename CONFIG_T>
struct decimator_state {
  int phase;  // position of the next input in its block of D, 0..D-1
  typename CONFIG_T::data_t acc[CONFIG_T::taps_per_phase];
};

// Outputs the call will produce, for the consumer's loop bound.
inline int decimator_outputs(int phase, int n, int decimation) { return (phase + n) / decimation; }

template <typename CONFIG_T>
void square_and_decimate(hls::stream<typename CONFIG_T::sample_t>& in, int n, int decimation,
                         const typename CONFIG_T::data_t* phase_taps,
                         decimator_state<CONFIG_T>& state,
                         hls::stream<typename CONFIG_T::data_t>& out) {
  using data_t = typename CONFIG_T::data_t;
  constexpr int kTaps = CONFIG_T::taps_per_phase;
input_samples:
  for (int i = 0; i < n; ++i) {
#pragma HLS PIPELINE II = 1
#pragma HLS LOOP_TRIPCOUNT min = 1 max = 65536
    const data_t u = static_cast<data_t>(in.read());
    const data_t x = u * u;
    const data_t* h = phase_taps + state.phase * kTaps;
  accumulate:
    for (int j = 0; j < kTaps; ++j) {
#pragma HLS UNROLL
      state.acc[j] += h[j] * x;
    }
    if (++state.phase < decimation) continue;
    state.phase = 0;
    out.write(state.acc[0]);
  shift:
    for (int j = 0; j + 1 < kTaps; ++j) {
#pragma HLS UNROLL
      state.acc[j] = state.acc[j + 1];
    }
    state.acc[kTaps - 1] = 0;
  }
}

}  // namespace kernels
}  // namespace pqa

#endif  // PQA_HLS_BLOCKS_FIR_DECIMATOR_H_
