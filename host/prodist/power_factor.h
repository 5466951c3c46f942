// The PRODIST power factor of one point (Module 8 items 38-42), from the
// four-quadrant energies of its 10-minute records.
//
// Records -> clock hours -> one PowerFactorHour each -> PowerFactorSection.
// Each hour sums the energies of the 10-minute records that start in it and
// carry currents: EA = imported - exported active energy, ER = inductive -
// capacitive reactive energy; item 38 gives fp = EA / sqrt(EA^2 + ER^2).
// Item 41 asks for 0.92 inductive .. 1.00 .. 0.92 capacitive at group A
// consumers and connections between distributors below 230 kV; the section
// reports the hours outside that band, the share within it and the worst
// hour, and says when the point's connection puts it outside item 41.
// Billing of excess reactive energy (REN 1000: inductive hours by day,
// capacitive hours at night, in periods each distributor sets) is not
// Module 8's and is not applied: every hour is judged against the band.
#ifndef PQA_HOST_PRODIST_POWER_FACTOR_H_
#define PQA_HOST_PRODIST_POWER_FACTOR_H_

#include <vector>

#include "host/prodist/point_config.h"
#include "host/prodist/records_jsonl.h"
#include "pqa/v1/compliance.pb.h"

namespace pqa::prodist {

// Item 41: the lowest power factor allowed, inductive or capacitive.
inline constexpr double kPowerFactorLimit = 0.92;

// Group A (Vn >= 2.3 kV, classes MT and AT) and Vn < 230 kV: whether item 41
// applies at `point`; when not, `why` (if given) says so.
bool PowerFactorLimitApplies(const PointConfig& point, std::string* why = nullptr);

// One hour from its net energies (watt-hours, var-hours): fp, nature and
// within; start, start_local and complete are left to the caller.
v1::PowerFactorHour JudgeHour(double ea_wh, double er_varh);

// The section over `records` (sorted, 10-minute records as ReadRecordsJsonl
// returns them). `measured` is false, and nothing else but the limit and its
// applicability is filled, when no record carries currents.
v1::PowerFactorSection EvaluatePowerFactor(const std::vector<TimedRecord>& records,
                                           const PointConfig& point);

}  // namespace pqa::prodist

#endif  // PQA_HOST_PRODIST_POWER_FACTOR_H_
