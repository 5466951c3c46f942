// Field checks shared by the record and the event validation (internal to
// host/records): the wording of every refused value is the same in both.
#ifndef PQA_HOST_RECORDS_FIELD_CHECKS_H_
#define PQA_HOST_RECORDS_FIELD_CHECKS_H_

#include <array>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/repeated_field.h"

namespace pqa::records::internal {

// OK for a finite value >= 0; otherwise "FIELD: expected a finite value >= 0
// (UNIT), got V".
absl::Status NonNegative(double v, absl::string_view field, absl::string_view unit);

// Per-order percentages (DIT_h of a voltage or current): none, or exactly
// `count` values (orders 2..count + 1), each finite and >= 0; `field` names
// the list ("phases[1].dit_pct").
absl::Status PerOrderPercentages(const google::protobuf::RepeatedField<double>& values,
                                 const std::string& field, int count);

// Phases seen so far: the index of the first "A", "B" and "C", -1 if none.
using PhasesSeen = std::array<int, 3>;
inline constexpr PhasesSeen kNoPhaseSeen = {-1, -1, -1};

// OK for "A", "B" or "C" not seen before (recorded in `seen` at `index`);
// `field` names the value ("phases[2].phase", "phases[2]") and `list` the
// list for the repeat message ("phases").
absl::Status CheckPhaseName(const std::string& name, int index, absl::string_view field,
                            absl::string_view list, PhasesSeen& seen);

}  // namespace pqa::records::internal

#endif  // PQA_HOST_RECORDS_FIELD_CHECKS_H_
