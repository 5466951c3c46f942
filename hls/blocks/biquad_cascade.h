// Second-order IIR sections in transposed direct form II: the recursive
// filters of the flickermeter (sixth-order Butterworth demodulation low-pass,
// lamp-eye weighting filter). Two state variables per section; the
// coefficients come from the host's bilinear designs (host/flicker/biquad.h).
#ifndef PQA_HLS_BLOCKS_BIQUAD_CASCADE_H_
#define PQA_HLS_BLOCKS_BIQUAD_CASCADE_H_

namespace pqa {
namespace kernels {

template <typename coef_t>
struct biquad_coefficients {
  coef_t b0, b1, b2, a1, a2;  // H(z) = (b0 + b1 z^-1 + b2 z^-2) / (1 + a1 z^-1 + a2 z^-2)
};

// One sample through `sections` cascaded sections; z[s][0..1] the state.
template <int sections, typename coef_t, typename data_t>
data_t biquad_cascade_step(const biquad_coefficients<coef_t> c[sections], data_t z[sections][2],
                           data_t x) {
#pragma HLS INLINE
cascade:
  for (int s = 0; s < sections; ++s) {
#pragma HLS UNROLL
    const data_t y = c[s].b0 * x + z[s][0];
    z[s][0] = c[s].b1 * x - c[s].a1 * y + z[s][1];
    z[s][1] = c[s].b2 * x - c[s].a2 * y;
    x = y;
  }
  return x;
}

}  // namespace kernels
}  // namespace pqa

#endif  // PQA_HLS_BLOCKS_BIQUAD_CASCADE_H_
