// IEC 61000-4-30 4.5 aggregation: every aggregated value is the square root
// of the mean of the squared inputs (RMS, harmonic subgroups, unbalance);
// the window RMS also keeps its minimum and maximum. The accumulator of one
// phase; the host reads the result when an interval closes (150/180 cycles,
// 10 min, 2 h).
#ifndef PQA_HLS_BLOCKS_AGGREGATION_H_
#define PQA_HLS_BLOCKS_AGGREGATION_H_

#include <cmath>

namespace pqa {
namespace kernels {

struct aggregation_default_config {
  static constexpr int subgroups = 51;  // DC + orders 1..50
  using data_t = float;                 // inputs and results, volts or %
  // Sums of squares over up to 36,000 windows (2 h): float would lose the
  // last inputs' contribution below 2^-24 of the sum, so double by default.
  using acc_t = double;
};

template <typename CONFIG_T>
struct rms_accumulator {
  using data_t = typename CONFIG_T::data_t;
  using acc_t = typename CONFIG_T::acc_t;

  int inputs;
  acc_t rms_sq, subgroup_sq[CONFIG_T::subgroups], fd_sq, u0_sq;
  data_t rms_min, rms_max;

  void reset() {
    inputs = 0;
    rms_sq = fd_sq = u0_sq = 0;
  clear_subgroups:
    for (int h = 0; h < CONFIG_T::subgroups; ++h) subgroup_sq[h] = 0;
    rms_min = rms_max = 0;
  }

  void add(data_t rms, const data_t subgroup[CONFIG_T::subgroups], data_t fd_pct, data_t u0_pct) {
    rms_min = inputs == 0 || rms < rms_min ? rms : rms_min;
    rms_max = inputs == 0 || rms > rms_max ? rms : rms_max;
    ++inputs;
    rms_sq += static_cast<acc_t>(rms) * rms;
  add_subgroups:
    for (int h = 0; h < CONFIG_T::subgroups; ++h) {
#pragma HLS PIPELINE II = 1
      subgroup_sq[h] += static_cast<acc_t>(subgroup[h]) * subgroup[h];
    }
    fd_sq += static_cast<acc_t>(fd_pct) * fd_pct;
    u0_sq += static_cast<acc_t>(u0_pct) * u0_pct;
  }

  // sqrt(sum / inputs) of each quantity; all 0 when nothing was added.
  void result(data_t& rms, data_t subgroup[CONFIG_T::subgroups], data_t& fd_pct,
              data_t& u0_pct) const {
    const acc_t n = inputs > 0 ? static_cast<acc_t>(inputs) : static_cast<acc_t>(1);
    rms = static_cast<data_t>(std::sqrt(rms_sq / n));
  result_subgroups:
    for (int h = 0; h < CONFIG_T::subgroups; ++h) {
      subgroup[h] = static_cast<data_t>(std::sqrt(subgroup_sq[h] / n));
    }
    fd_pct = static_cast<data_t>(std::sqrt(fd_sq / n));
    u0_pct = static_cast<data_t>(std::sqrt(u0_sq / n));
  }
};

}  // namespace kernels
}  // namespace pqa

#endif  // PQA_HLS_BLOCKS_AGGREGATION_H_
