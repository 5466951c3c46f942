// The civil (local) time of a measurement point. PRODIST counts sets,
// compensation, continuity and FI by civil month (Module 8 items 26.6, 84,
// 85, section 8.2), and a distribution company's civil month is that of the
// point's local time (Brasilia time unless the point is elsewhere). Records,
// stored rows and the wire stay in UTC (host/common/time.h); only the rules
// that count by month, day or hour and the text shown to a person go through
// here.
#ifndef PQA_HOST_COMMON_LOCAL_TIME_H_
#define PQA_HOST_COMMON_LOCAL_TIME_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "host/common/time.h"

namespace pqa {

// The zone of a point when none is given: Brasilia time.
inline constexpr char kDefaultTimeZone[] = "America/Sao_Paulo";

// The IANA zone `name` ("America/Sao_Paulo", "America/Manaus",
// "America/Noronha", "America/Rio_Branco", "UTC", ...) from the system's
// tzdata. INVALID_ARGUMENT naming the zone and where the names come from
// when it is not one.
absl::StatusOr<absl::TimeZone> LoadTimeZone(std::string_view name);

// Civil date of instant `t` in `zone`.
CivilDay ToCivilDay(TimeNs t, const absl::TimeZone& zone);
// The first instant of the civil day in `zone` (midnight local, or the
// first instant after a daylight-saving gap); month may overflow into the
// next year.
TimeNs FromCivilDay(int year, int month, int day, const absl::TimeZone& zone);

// "YYYY-MM" of the civil month holding instant `t` in `zone`.
std::string CivilMonth(TimeNs t, const absl::TimeZone& zone);

// RFC 3339 with the zone's offset at that instant, e.g.
// "2025-03-31T22:00:00-03:00": the same instant as FormatRfc3339, for
// people who read local time.
std::string FormatRfc3339Local(TimeNs t, const absl::TimeZone& zone);

// For people: "2025-03-31 22:00 -03:00" (`seconds`: "22:00:05 -03:00").
std::string FormatLocalMinute(TimeNs t, const absl::TimeZone& zone, bool seconds = false);

}  // namespace pqa

#endif  // PQA_HOST_COMMON_LOCAL_TIME_H_
