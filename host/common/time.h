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

// The supported range of every time that comes from an input (COMTRADE
// dates and timestamps, CSV starts, JSON Lines and gRPC starts): from
// 1970-01-01T00:00:00Z (inclusive) to 2201-01-01T00:00:00Z (exclusive). The
// int64 nanosecond base reaches 2262-04-11; the 61 years of headroom mean that
// adding any interval the analyzer uses (a 3-cycle window up to a 30-day
// impact-factor period, a month, even a year) to a supported time cannot
// overflow. Times outside are refused where they enter, never wrapped.
inline constexpr TimeNs kSupportedTimeBegin = 0;                             // 1970-01-01
inline constexpr TimeNs kSupportedTimeEnd = 7'289'654'400LL * kNsPerSecond;  // 2201-01-01
inline constexpr int kSupportedYearFirst = 1970;
inline constexpr int kSupportedYearLast = 2200;

// OK when kSupportedTimeBegin <= t < kSupportedTimeEnd; otherwise an
// OUT_OF_RANGE error that names `what` and states the range.
absl::Status CheckSupportedTime(TimeNs t, std::string_view what);

// The instant of a civil date and time in UTC, checked: a real calendar day
// (31/02 and 29/02 of a common year are errors, not 3 March), hour 0..23,
// minute 0..59, second 0..60 (a leap second counts as the next second's
// start, as POSIX time does), nanosecond 0..999999999, and the result inside
// the supported range. Never overflows, whatever the arguments.
absl::StatusOr<TimeNs> CheckedCivilTime(std::int64_t year, std::int64_t month, std::int64_t day,
                                        std::int64_t hour = 0, std::int64_t minute = 0,
                                        std::int64_t second = 0, std::int64_t nanosecond = 0);

// t + delta when the sum stays inside the supported range or is its end
// itself (the end of an interval that starts in 2200); an OUT_OF_RANGE error
// naming `what` otherwise (overflow included).
absl::StatusOr<TimeNs> CheckedAddNs(TimeNs t, TimeNs delta, std::string_view what);

// Seconds (a double from a file: an offset, a timestamp) as nanoseconds,
// rounded; OUT_OF_RANGE when not finite or beyond the span of the supported
// range (so that adding it to a supported time cannot overflow either).
absl::StatusOr<TimeNs> CheckedSecondsToNs(double seconds, std::string_view what);

// "2025-03-03T00:00:00Z" with `fraction_digits` (0..9) digits after the second.
std::string FormatRfc3339(TimeNs t, int fraction_digits = 0);

// Accepts RFC 3339 with 'Z' or a numeric offset and up to 9 fraction digits;
// the date must exist in the calendar and the instant lie in the supported
// range (errors are INVALID_ARGUMENT and OUT_OF_RANGE, naming the text).
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
// For dates the program makes (month starts); inputs go through
// CheckedCivilTime. Saturates instead of overflowing beyond year 2262.
TimeNs FromCivilDay(int year, int month, int day);

}  // namespace pqa

#endif  // PQA_HOST_COMMON_TIME_H_
