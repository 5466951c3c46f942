// Voltage histogram of the steady-state readings (spec section 2; Module 8
// item 104 f): 0.80 to 1.20 pu of the nominal voltage in 40 bins of 0.01 pu.
#ifndef PQA_HOST_PRODIST_HISTOGRAM_H_
#define PQA_HOST_PRODIST_HISTOGRAM_H_

#include "pqa/v1/compliance.pb.h"

namespace pqa::prodist {

inline constexpr double kHistogramLowPu = 0.80;
inline constexpr double kHistogramHighPu = 1.20;
inline constexpr int kHistogramBins = 40;

v1::VoltageHistogram EmptyVoltageHistogram();
// Adds one reading, in per unit of the nominal voltage. Bin i holds [0.80 + 0.01 i, 0.80 +
// 0.01 (i + 1)); 1.20 itself goes to the last bin. A 1e-9 pu guard keeps
// values printed on an edge (e.g. 0.95) in the bin that starts there.
void AddToHistogram(double pu, v1::VoltageHistogram* histogram);

}  // namespace pqa::prodist

#endif  // PQA_HOST_PRODIST_HISTOGRAM_H_
