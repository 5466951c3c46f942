// Fortescue components of the three fundamental phasors and the unbalance
// ratios (IEC 61000-4-30 5.7.1, PRODIST Module 8):
//   V0 = (Va + Vb + Vc) / 3, V+ = (Va + a Vb + a^2 Vc) / 3,
//   V- = (Va + a^2 Vb + a Vc) / 3, a = exp(j 120 deg);
//   FD = |V-| / |V+| x 100 %, u0 = |V0| / |V+| x 100 % (0 when |V+| = 0).
#ifndef PQA_HLS_BLOCKS_SYMMETRICAL_COMPONENTS_H_
#define PQA_HLS_BLOCKS_SYMMETRICAL_COMPONENTS_H_

#include <cmath>

#include "hls/blocks/complex.h"

namespace pqa {
namespace kernels {

struct sequence_default_config {
  using data_t = float;  // volts, %
};

template <typename CONFIG_T>
struct sequence_result {
  cplx<typename CONFIG_T::data_t> zero, positive, negative;  // volts
  typename CONFIG_T::data_t fd_pct, u0_pct;                  // %
};

template <typename CONFIG_T>
sequence_result<CONFIG_T> symmetrical_components(const cplx<typename CONFIG_T::data_t>& va,
                                                 const cplx<typename CONFIG_T::data_t>& vb,
                                                 const cplx<typename CONFIG_T::data_t>& vc) {
  using data_t = typename CONFIG_T::data_t;
  const data_t c = static_cast<data_t>(-0.5);                 // cos 120 deg
  const data_t s = static_cast<data_t>(0.86602540378443865);  // sin 120 deg
  const data_t third = static_cast<data_t>(1.0 / 3.0);
  // a Vb and a^2 Vb (a^2 = conj a), likewise for Vc.
  const data_t avb_re = c * vb.re - s * vb.im, avb_im = s * vb.re + c * vb.im;
  const data_t a2vb_re = c * vb.re + s * vb.im, a2vb_im = -s * vb.re + c * vb.im;
  const data_t avc_re = c * vc.re - s * vc.im, avc_im = s * vc.re + c * vc.im;
  const data_t a2vc_re = c * vc.re + s * vc.im, a2vc_im = -s * vc.re + c * vc.im;
  sequence_result<CONFIG_T> r;
  r.zero.re = third * (va.re + vb.re + vc.re);
  r.zero.im = third * (va.im + vb.im + vc.im);
  r.positive.re = third * (va.re + avb_re + a2vc_re);
  r.positive.im = third * (va.im + avb_im + a2vc_im);
  r.negative.re = third * (va.re + a2vb_re + avc_re);
  r.negative.im = third * (va.im + a2vb_im + avc_im);
  const data_t pos = std::sqrt(r.positive.re * r.positive.re + r.positive.im * r.positive.im);
  if (pos > 0) {
    const data_t k = static_cast<data_t>(100) / pos;
    r.fd_pct = k * std::sqrt(r.negative.re * r.negative.re + r.negative.im * r.negative.im);
    r.u0_pct = k * std::sqrt(r.zero.re * r.zero.re + r.zero.im * r.zero.im);
  } else {
    r.fd_pct = 0;
    r.u0_pct = 0;
  }
  return r;
}

}  // namespace kernels
}  // namespace pqa

#endif  // PQA_HLS_BLOCKS_SYMMETRICAL_COMPONENTS_H_
