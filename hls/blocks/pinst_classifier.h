// IEC 61000-4-15 block 5, first half: classification of Pinst into a
// histogram (the cumulative probability function is read from it once per
// 10 minutes on the host). Logarithmic classes, 512 per decade from 1e-4 to
// 1e4, plus one class below and one above: the layout of the golden model
// (host/flicker/pinst_histogram.h) and of the buffer contract.
#ifndef PQA_HLS_BLOCKS_PINST_CLASSIFIER_H_
#define PQA_HLS_BLOCKS_PINST_CLASSIFIER_H_

#include <cmath>
#include <cstdint>

namespace pqa {
namespace kernels {

struct classifier_default_config {
  static constexpr int log_classes = 4096;
  static constexpr double lowest = 1e-4;     // Pinst of the first logarithmic class
  static constexpr double per_decade = 512;  // classes per decade
  using data_t = float;                      // Pinst
  using count_t = std::uint32_t;             // 10 min at 2.4 kHz = 1.44e6 < 2^32
};

template <typename CONFIG_T>
int pinst_class(typename CONFIG_T::data_t pinst) {
  using data_t = typename CONFIG_T::data_t;
  const data_t lowest = static_cast<data_t>(CONFIG_T::lowest);
  if (!(pinst >= lowest)) return 0;  // also NaN, never counted by the host anyway
  const data_t position = std::log10(pinst / lowest) * static_cast<data_t>(CONFIG_T::per_decade);
  if (position >= static_cast<data_t>(CONFIG_T::log_classes)) return CONFIG_T::log_classes + 1;
  const int cls = 1 + static_cast<int>(position);
  return cls > CONFIG_T::log_classes ? CONFIG_T::log_classes : cls;
}

// Adds one Pinst value to `counts` (log_classes + 2 classes). In hardware the
// read-modify-write of the same class in consecutive cycles is the only
// dependence; Pinst moves slowly, so II = 2 hides it.
template <typename CONFIG_T>
void classify_pinst(typename CONFIG_T::data_t pinst,
                    typename CONFIG_T::count_t counts[CONFIG_T::log_classes + 2]) {
#pragma HLS INLINE
  ++counts[pinst_class<CONFIG_T>(pinst)];
}

}  // namespace kernels
}  // namespace pqa

#endif  // PQA_HLS_BLOCKS_PINST_CLASSIFIER_H_
