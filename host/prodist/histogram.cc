#include "host/prodist/histogram.h"

#include <cmath>

namespace pqa::prodist {

v1::VoltageHistogram EmptyVoltageHistogram() {
  v1::VoltageHistogram h;
  h.set_low_pu(kHistogramLowPu);
  h.set_bin_width_pu((kHistogramHighPu - kHistogramLowPu) / kHistogramBins);
  for (int i = 0; i < kHistogramBins; ++i) h.add_counts(0);
  return h;
}

void AddToHistogram(double pu, v1::VoltageHistogram* h) {
  constexpr double kGuard = 1e-9;
  if (pu < kHistogramLowPu - kGuard) {
    h->set_below(h->below() + 1);
    return;
  }
  if (pu > kHistogramHighPu + kGuard) {
    h->set_above(h->above() + 1);
    return;
  }
  int bin = static_cast<int>(std::floor((pu - kHistogramLowPu) / h->bin_width_pu() + kGuard));
  if (bin < 0) bin = 0;
  if (bin >= h->counts_size()) bin = h->counts_size() - 1;
  h->set_counts(bin, h->counts(bin) + 1);
}

}  // namespace pqa::prodist
