#include "host/records/field_checks.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace pqa::records::internal {

absl::Status NonNegative(double v, absl::string_view field, absl::string_view unit) {
  if (std::isfinite(v) && v >= 0) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrFormat("%s: expected a finite value >= 0 (%s), got %g",
                                                    std::string(field), std::string(unit), v));
}

absl::Status PerOrderPercentages(const google::protobuf::RepeatedField<double>& values,
                                 const std::string& field, int count) {
  if (!values.empty() && values.size() != count) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: %d values; expected %d (orders 2..%d) or none", field, values.size(),
                        count, count + 1));
  }
  for (int h = 0; h < values.size(); ++h) {
    if (absl::Status s = NonNegative(values[h], absl::StrCat(field, "[", h, "]"), "%"); !s.ok())
      return s;
  }
  return absl::OkStatus();
}

absl::Status CheckPhaseName(const std::string& name, int index, absl::string_view field,
                            absl::string_view list, PhasesSeen& seen) {
  if (name != "A" && name != "B" && name != "C") {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": \"", name, "\": expected \"A\", \"B\" or \"C\""));
  }
  int& first = seen[static_cast<std::size_t>(name[0] - 'A')];
  if (first >= 0) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": \"", name, "\" again (first at ", list,
                                                   "[", first, "]); each phase at most once"));
  }
  first = index;
  return absl::OkStatus();
}

}  // namespace pqa::records::internal
