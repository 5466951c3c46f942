// The current, power, energy and demand fields of a record (issue 17), part
// of ValidateRecord (record_validation.h), which calls CheckPowerFields once
// the start, interval and phases are known to be sound. Internal to
// host/records.
#ifndef PQA_HOST_RECORDS_POWER_VALIDATION_H_
#define PQA_HOST_RECORDS_POWER_VALIDATION_H_

#include "absl/status/status.h"
#include "host/common/time.h"
#include "pqa/v1/record.pb.h"

namespace pqa::records::internal {

// Checks, naming the first field that fails ("phases[1].pf: ..."):
// - per phase: i_rms_a, i_fund_a, thd_i_pct, s_va finite and >= 0; p_w and
//   q_var finite; pf and dpf in -1..1; dit_i_pct empty or `dit_values`
//   values (orders 2..max_harmonic_order), each finite and >= 0;
// - totals p_w, q_var finite, s_va >= 0, pf in -1..1; the energies and
//   in_rms_a finite and >= 0; current_channels 0..4; connection "", "wye",
//   "delta" or "v";
// - demand: each start RFC 3339 on a quarter hour, the quarter hour inside
//   [start, end) of the record and after the previous one; p_w, q_var finite.
absl::Status CheckPowerFields(const v1::Record& record, TimeNs start, TimeNs end, int dit_values);

}  // namespace pqa::records::internal

#endif  // PQA_HOST_RECORDS_POWER_VALIDATION_H_
