#include "host/measure/window_rms.h"

#include <cmath>
#include <cstddef>

namespace pqa::measure {

double WindowMeanProduct(const double* x, const double* y, double begin, double end) {
  if (!(end > begin)) return 0;
  const auto first = static_cast<std::ptrdiff_t>(std::floor(begin + 0.5));
  const auto last = static_cast<std::ptrdiff_t>(std::floor(end + 0.5));
  if (first == last) return x[first] * y[first];
  // Four partial sums: independent chains instead of one bound by the
  // adder's latency.
  double part[4] = {0, 0, 0, 0};
  std::ptrdiff_t n = first + 1;
  for (; n + 4 <= last; n += 4) {
    for (int l = 0; l < 4; ++l) part[l] += x[n + l] * y[n + l];
  }
  for (; n < last; ++n) part[0] += x[n] * y[n];
  double sum = (part[0] + part[1]) + (part[2] + part[3]);
  const double w_first = static_cast<double>(first) + 0.5 - begin;
  const double w_last = end - (static_cast<double>(last) - 0.5);
  sum += w_first * x[first] * y[first] + w_last * x[last] * y[last];
  return sum / (end - begin);
}

double WindowRms(const double* x, double begin, double end) {
  return std::sqrt(WindowMeanProduct(x, x, begin, end));
}

}  // namespace pqa::measure
