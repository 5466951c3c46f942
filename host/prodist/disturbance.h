// Harmonic, unbalance and flicker indicators over a 1,008-reading set
// (PRODIST Module 8 items 44-63, 83-84): the 95th percentiles DTT95,
// DTTp95, DTTi95, DTT395, FD95, Pst95 and their verdicts (tables 2-4).
#ifndef PQA_HOST_PRODIST_DISTURBANCE_H_
#define PQA_HOST_PRODIST_DISTURBANCE_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "host/prodist/point_config.h"
#include "host/prodist/reading_sets.h"
#include "pqa/v1/compliance.pb.h"

namespace pqa::prodist {

// The value exceeded by only 5 % of the readings: sorted ascending, the
// ceil(0.95 n)-th value (1-based), i.e. the 958th of 1,008. Ties need no
// special rule: the 958th element is taken whatever its neighbours are.
// Returns 0 for an empty input.
double Percentile95(std::vector<double> values);

// PRODIST Module 5 item 50.6: harmonic distortion is computed at least to
// order 40. A note naming the set when some of its readings measured fewer
// orders (Record.max_harmonic_order below 40: a low sample rate), else "".
// Records without the field (0, written before it existed) count as 50.
// The set's period is shown in `zone`, the point's local time.
std::string HarmonicOrderNote(const std::vector<TimedRecord>& records, const ReadingSet& set,
                              const absl::TimeZone& zone);

inline constexpr int kDitOrders = 39;  // DIT_h of orders 2..40, the orders of DTT (item 44)

// `zone`: the point's time zone, for the civil month of the set (item 84).
// Also the 95th percentile of each DIT_h (orders 2..40) per phase and the
// worst phase, for the report; no limit applies to them in Module 8.
v1::DisturbanceSet EvaluateDisturbanceSet(const std::vector<TimedRecord>& records,
                                          const ReadingSet& set, const DisturbanceLimits& limits,
                                          const absl::TimeZone& zone);

}  // namespace pqa::prodist

#endif  // PQA_HOST_PRODIST_DISTURBANCE_H_
