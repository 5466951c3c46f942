#include "hls/kernels/flicker_kernel.h"

#include <cstdint>

#include "hls_stream.h"

namespace pqa {
namespace kernels {
namespace {

using cfg = flicker_kernel_config;
using sample_t = cfg::decimator::sample_t;
using data_t = cfg::chain::data_t;

void ReadSamples(const float* samples, int n, hls::stream<sample_t>& out) {
read_samples:
  for (int i = 0; i < n; ++i) {
#pragma HLS PIPELINE II = 1
#pragma HLS LOOP_TRIPCOUNT min = 1 max = 65536
    out.write(static_cast<sample_t>(samples[i]));
  }
}

void WritePinst(hls::stream<data_t>& in, int count, float* pinst, unsigned* histogram,
                int classify_from) {
write_pinst:
  for (int i = 0; i < count; ++i) {
#pragma HLS PIPELINE II = 2
#pragma HLS LOOP_TRIPCOUNT min = 0 max = 8192
    const data_t v = in.read();
    pinst[i] = static_cast<float>(v);
    if (i >= classify_from) classify_pinst<cfg::classifier>(v, histogram);
  }
}

void ProcessBlock(const float* samples, int n, int decimation, const float* fir,
                  const flicker_chain_coefficients<cfg::chain>& chain_coefficients,
                  decimator_state<cfg::decimator>& decimator,
                  flicker_chain_state<cfg::chain>& chain, int count, float* pinst,
                  unsigned* histogram, int classify_from) {
#pragma HLS DATAFLOW
  hls::stream<sample_t> input("input");
  hls::stream<data_t> demodulated("demodulated");
  hls::stream<data_t> pinst_values("pinst_values");
  ReadSamples(samples, n, input);
  square_and_decimate<cfg::decimator>(input, n, decimation, fir, decimator, demodulated);
  flicker_chain<cfg::chain>(demodulated, count, chain_coefficients, chain, pinst_values);
  WritePinst(pinst_values, count, pinst, histogram, classify_from);
}

biquad_coefficients<cfg::chain::coef_t> ToBiquad(const Biquad& b) {
  return {b.b0, b.b1, b.b2, b.a1, b.a2};
}

// One field between the contract's state buffer and a block's state, in the
// direction of `load`.
template <typename A, typename B>
void Transfer(bool load, A& buffer, B& block) {
  if (load) {
    block = static_cast<B>(buffer);
  } else {
    buffer = static_cast<A>(block);
  }
}

// Load (load = true) or store the whole state; one list, so the two
// directions cannot drift apart.
void TransferState(bool load, FlickerState& st, decimator_state<cfg::decimator>& dec,
                   flicker_chain_state<cfg::chain>& chain) {
  Transfer(load, st.phase, dec.phase);
  for (int j = 0; j < kFirTapsPerPhase; ++j) Transfer(load, st.fir_acc[j], dec.acc[j]);
  std::uint64_t steps = (static_cast<std::uint64_t>(st.steps_hi) << 32) | st.steps_lo;
  Transfer(load, steps, chain.steps);
  st.steps_lo = static_cast<std::uint32_t>(steps);
  st.steps_hi = static_cast<std::uint32_t>(steps >> 32);
  for (int s = 0; s < kButterworthSections; ++s) {
    for (int i = 0; i < 2; ++i) Transfer(load, st.butterworth_z[s][i], chain.butterworth_z[s][i]);
  }
  for (int s = 0; s < kWeightingSections; ++s) {
    for (int i = 0; i < 2; ++i) Transfer(load, st.weighting_z[s][i], chain.weighting_z[s][i]);
  }
  Transfer(load, st.mean_rms, chain.mean_rms);
  Transfer(load, st.high_pass_dc, chain.high_pass_dc);
  Transfer(load, st.previous_normalised, chain.previous_normalised);
  Transfer(load, st.sliding_mean, chain.sliding_mean);
}

}  // namespace
}  // namespace kernels
}  // namespace pqa

extern "C" void pqa_flicker_kernel(const float* samples, unsigned n,
                                   const pqa::kernels::FlickerCoefficients* coefficients,
                                   pqa::kernels::FlickerState* state, float* pinst,
                                   unsigned* histogram, unsigned classify_from) {
#pragma HLS INTERFACE m_axi port = samples offset = slave bundle = gmem0 max_read_burst_length = 256
#pragma HLS INTERFACE m_axi port = coefficients offset = slave bundle = gmem1
#pragma HLS INTERFACE m_axi port = state offset = slave bundle = gmem1
#pragma HLS INTERFACE m_axi port = pinst offset = slave bundle = gmem1
#pragma HLS INTERFACE m_axi port = histogram offset = slave bundle = gmem1
#pragma HLS INTERFACE s_axilite port = n
#pragma HLS INTERFACE s_axilite port = classify_from
#pragma HLS INTERFACE s_axilite port = return
  using namespace pqa::kernels;
  using cfg = flicker_kernel_config;
  const FlickerCoefficients& c = *coefficients;
  if (n > static_cast<unsigned>(kMaxFlickerBlock) || c.decimation < 1 ||
      c.decimation > static_cast<unsigned>(kMaxDecimation)) {
    return;  // the host validates; a bad call changes nothing
  }
  // Load: coefficients and state into registers (both are small).
  flicker_chain_coefficients<cfg::chain> chain_c;
  for (int s = 0; s < kButterworthSections; ++s)
    chain_c.butterworth[s] = ToBiquad(c.butterworth[s]);
  for (int s = 0; s < kWeightingSections; ++s) chain_c.weighting[s] = ToBiquad(c.weighting[s]);
  chain_c.adaptor_alpha = c.adaptor_alpha;
  chain_c.high_pass_alpha = c.high_pass_alpha;
  chain_c.mean_alpha = c.mean_alpha;
  chain_c.scale = c.scale;
  chain_c.warm_up_steps = c.warm_up_steps;

  // The FIR taps in on-chip memory: the decimator reads eight of them per
  // input sample, far too often for the memory port.
  cfg::decimator::data_t fir[kMaxDecimation * kFirTapsPerPhase];
load_fir:
  for (unsigned i = 0; i < c.decimation * kFirTapsPerPhase; ++i) {
#pragma HLS PIPELINE II = 1
    fir[i] = c.fir[i];
  }
  decimator_state<cfg::decimator> dec;
  flicker_chain_state<cfg::chain> chain;
  TransferState(true, *state, dec, chain);
  const int count = static_cast<int>(FlickerOutputs(*state, c, n));
  ProcessBlock(
      samples, static_cast<int>(n), static_cast<int>(c.decimation), fir, chain_c, dec, chain, count,
      pinst, histogram,
      classify_from > static_cast<unsigned>(count) ? count : static_cast<int>(classify_from));
  TransferState(false, *state, dec, chain);
}
