#include "host/measure/window_rms.h"

#include <cmath>
#include <cstddef>

namespace pqa::measure {

double WindowRms(const double* x, double begin, double end) {
  if (!(end > begin)) return 0;
  const auto first = static_cast<std::ptrdiff_t>(std::floor(begin + 0.5));
  const auto last = static_cast<std::ptrdiff_t>(std::floor(end + 0.5));
  if (first == last) return std::abs(x[first]);
  double sum = 0;
  for (std::ptrdiff_t n = first + 1; n < last; ++n) sum += x[n] * x[n];
  const double w_first = static_cast<double>(first) + 0.5 - begin;
  const double w_last = end - (static_cast<double>(last) - 0.5);
  sum += w_first * x[first] * x[first] + w_last * x[last] * x[last];
  return std::sqrt(sum / (end - begin));
}

}  // namespace pqa::measure
