// Instants as nanoseconds since the Unix epoch, UTC. Power-quality intervals
// are aligned to the UTC clock (IEC 61000-4-30 4.6), so every module shares
// one integral time base that never loses a sample to rounding.
#ifndef PQA_HOST_COMMON_TIME_H_
#define PQA_HOST_COMMON_TIME_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace pqa {

using TimeNs = std::int64_t;  // nanoseconds since 1970-01-01T00:00:00Z

inline constexpr TimeNs kNsPerSecond = 1'000'000'000;
inline constexpr TimeNs kNsPerMinute = 60 * kNsPerSecond;
inline constexpr TimeNs kTenMinutesNs = 10 * kNsPerMinute;
inline constexpr TimeNs kTwoHoursNs = 120 * kNsPerMinute;

// "2025-03-03T00:00:00Z" with `fraction_digits` (0..9) digits after the second.
std::string FormatRfc3339(TimeNs t, int fraction_digits = 0);

// Accepts RFC 3339 with 'Z' or a numeric offset and up to 9 fraction digits.
absl::StatusOr<TimeNs> ParseRfc3339(std::string_view text);

// Start of the `period`-long interval (aligned to the epoch) that contains t.
constexpr TimeNs FloorTo(TimeNs t, TimeNs period) {
  TimeNs r = t % period;
  return r < 0 ? t - r - period : t - r;
}

// Civil date in UTC, for monthly indicators ("2025-03").
struct CivilDay {
  int year;
  int month;  // 1..12
  int day;    // 1..31
};
CivilDay ToCivilDay(TimeNs t);
// Midnight UTC of the given civil day; month may overflow into the next year.
TimeNs FromCivilDay(int year, int month, int day);

}  // namespace pqa

#endif  // PQA_HOST_COMMON_TIME_H_
