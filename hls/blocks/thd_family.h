// PRODIST Module 8 (spec section 3) distortion indices from the harmonic
// subgroups, all in % of the fundamental subgroup V1:
//   DTT  = sqrt(sum_{h=2..hmax} Vh^2) / V1 x 100
//   DTTp = even orders not multiple of 3, DTTi = odd orders not multiple of
//   3, DTT3 = multiples of 3; hmax = 40. V1 = 0 gives 0, not a division by 0.
#ifndef PQA_HLS_BLOCKS_THD_FAMILY_H_
#define PQA_HLS_BLOCKS_THD_FAMILY_H_

#include <cmath>

namespace pqa {
namespace kernels {

struct thd_default_config {
  static constexpr int max_order = 50;  // subgroups available, index 0..max_order
  static constexpr int hmax = 40;       // highest order in the totals
  using data_t = float;                 // volts and %
};

template <typename CONFIG_T>
struct thd_result {
  typename CONFIG_T::data_t dtt_pct, dttp_pct, dtti_pct, dtt3_pct;
};

template <typename CONFIG_T>
thd_result<CONFIG_T> thd_family(const typename CONFIG_T::data_t v[CONFIG_T::max_order + 1]) {
  using data_t = typename CONFIG_T::data_t;
  static_assert(CONFIG_T::hmax >= 2 && CONFIG_T::hmax <= CONFIG_T::max_order, "2 <= hmax <= 50");
  data_t even = 0, odd = 0, triplen = 0;
orders:
  for (int h = 2; h <= CONFIG_T::hmax; ++h) {
#pragma HLS PIPELINE II = 1
    const data_t sq = v[h] * v[h];
    if (h % 3 == 0) {
      triplen += sq;
    } else if (h % 2 == 0) {
      even += sq;
    } else {
      odd += sq;
    }
  }
  thd_result<CONFIG_T> r = {0, 0, 0, 0};
  const data_t v1 = v[1];
  if (!(v1 > 0)) return r;
  const data_t k = static_cast<data_t>(100) / v1;
  r.dtt_pct = k * std::sqrt(even + odd + triplen);
  r.dttp_pct = k * std::sqrt(even);
  r.dtti_pct = k * std::sqrt(odd);
  r.dtt3_pct = k * std::sqrt(triplen);
  return r;
}

}  // namespace kernels
}  // namespace pqa

#endif  // PQA_HLS_BLOCKS_THD_FAMILY_H_
