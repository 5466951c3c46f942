#include "host/common/time.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "absl/strings/str_format.h"
#include "absl/time/time.h"

namespace pqa {
namespace {

// Howard Hinnant's days-from-civil algorithm (public domain), proleptic Gregorian.
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

CivilDay CivilFromDays(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return CivilDay{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

constexpr TimeNs kNsPerDay = 86400 * kNsPerSecond;

bool IsLeapYear(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(std::int64_t y, std::int64_t m) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

std::string RangeText() {
  return absl::StrFormat("the supported range is %d-01-01T00:00:00Z to %d-12-31T23:59:59Z",
                         kSupportedYearFirst, kSupportedYearLast);
}

}  // namespace

absl::Status CheckSupportedTime(TimeNs t, std::string_view what) {
  if (t >= kSupportedTimeBegin && t < kSupportedTimeEnd) return absl::OkStatus();
  // Formatting floors to the day, which the last day before INT64_MIN cannot.
  const std::string shown = t > std::numeric_limits<TimeNs>::min() + kNsPerDay
                                ? FormatRfc3339(t)
                                : absl::StrFormat("%d ns", t);
  return absl::OutOfRangeError(absl::StrFormat("%s: %s is outside the time range pqa handles (%s)",
                                               std::string(what), shown, RangeText()));
}

absl::StatusOr<TimeNs> CheckedCivilTime(std::int64_t year, std::int64_t month, std::int64_t day,
                                        std::int64_t hour, std::int64_t minute, std::int64_t second,
                                        std::int64_t nanosecond) {
  if (month < 1 || month > 12) {
    return absl::InvalidArgumentError(absl::StrFormat("month %d: expected 1..12", month));
  }
  // The year is checked before any arithmetic so that nothing below can overflow.
  if (year < kSupportedYearFirst || year > kSupportedYearLast) {
    return absl::OutOfRangeError(
        absl::StrFormat("year %d is outside the time range pqa handles (%s)", year, RangeText()));
  }
  if (day < 1 || day > DaysInMonth(year, month)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%04d-%02d-%02d is not a calendar day (%04d-%02d has %d days)", year, month,
                        day, year, month, DaysInMonth(year, month)));
  }
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60 ||
      nanosecond < 0 || nanosecond >= kNsPerSecond) {
    return absl::InvalidArgumentError(
        absl::StrFormat("time of day %02d:%02d:%02d.%09d: expected 00:00:00 to 23:59:60", hour,
                        minute, second, nanosecond));
  }
  const TimeNs t =
      DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * kNsPerDay +
      ((hour * 60 + minute) * 60 + second) * kNsPerSecond + nanosecond;
  if (absl::Status s = CheckSupportedTime(t, "time"); !s.ok()) return s;
  return t;
}

absl::StatusOr<TimeNs> CheckedAddNs(TimeNs t, TimeNs delta, std::string_view what) {
  TimeNs sum = 0;
  if (__builtin_add_overflow(t, delta, &sum) || sum < kSupportedTimeBegin ||
      sum > kSupportedTimeEnd) {
    return absl::OutOfRangeError(
        absl::StrFormat("%s: %s plus %.9g s is outside the time range pqa handles (%s)",
                        std::string(what), FormatRfc3339(std::max(t, kSupportedTimeBegin)),
                        static_cast<double>(delta) / kNsPerSecond, RangeText()));
  }
  return sum;
}

absl::StatusOr<TimeNs> CheckedSecondsToNs(double seconds, std::string_view what) {
  constexpr double kSpanS = static_cast<double>(kSupportedTimeEnd - kSupportedTimeBegin) / 1e9;
  if (!std::isfinite(seconds) || std::fabs(seconds) > kSpanS) {
    return absl::OutOfRangeError(
        absl::StrFormat("%s: %g s is not a finite time offset within the %d-%d range pqa handles",
                        std::string(what), seconds, kSupportedYearFirst, kSupportedYearLast));
  }
  return static_cast<TimeNs>(std::llround(seconds * 1e9));
}

CivilDay ToCivilDay(TimeNs t) { return CivilFromDays(FloorTo(t, kNsPerDay) / kNsPerDay); }

TimeNs FromCivilDay(int year, int month, int day) {
  year += (month - 1) / 12;
  month = (month - 1) % 12 + 1;
  const std::int64_t days =
      DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  TimeNs out = 0;
  if (__builtin_mul_overflow(days, kNsPerDay, &out)) {
    return days < 0 ? std::numeric_limits<TimeNs>::min() : std::numeric_limits<TimeNs>::max();
  }
  return out;
}

std::string FormatRfc3339(TimeNs t, int fraction_digits) {
  const TimeNs day_start = FloorTo(t, kNsPerDay);
  const CivilDay cd = ToCivilDay(t);
  TimeNs in_day = t - day_start;
  const int hour = static_cast<int>(in_day / (3600 * kNsPerSecond));
  in_day -= hour * 3600 * kNsPerSecond;
  const int minute = static_cast<int>(in_day / kNsPerMinute);
  in_day -= minute * kNsPerMinute;
  const int second = static_cast<int>(in_day / kNsPerSecond);
  const TimeNs ns = in_day - second * kNsPerSecond;
  std::string out = absl::StrFormat("%04d-%02d-%02dT%02d:%02d:%02d", cd.year, cd.month, cd.day,
                                    hour, minute, second);
  if (fraction_digits > 0) {
    if (fraction_digits > 9) fraction_digits = 9;
    TimeNs scale = 1;
    for (int i = fraction_digits; i < 9; ++i) scale *= 10;
    out += absl::StrFormat(".%0*d", fraction_digits, static_cast<long long>(ns / scale));
  }
  out += 'Z';
  return out;
}

absl::StatusOr<TimeNs> ParseRfc3339(std::string_view text) {
  absl::Time t;
  std::string err;
  if (!absl::ParseTime(absl::RFC3339_full, absl::string_view(text.data(), text.size()), &t, &err)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("'%s' is not an RFC 3339 time (%s)", std::string(text), err));
  }
  // Compared as absl::Time, which spans billions of years: converting first
  // would saturate 9999 to 2262 or wrap it.
  if (t < absl::FromUnixNanos(kSupportedTimeBegin) || t >= absl::FromUnixNanos(kSupportedTimeEnd)) {
    return absl::OutOfRangeError(absl::StrFormat("'%s' is outside the time range pqa handles (%s)",
                                                 std::string(text), RangeText()));
  }
  return absl::ToUnixNanos(t);
}

}  // namespace pqa
