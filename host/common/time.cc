#include "host/common/time.h"

#include <cstdio>

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

}  // namespace

CivilDay ToCivilDay(TimeNs t) { return CivilFromDays(FloorTo(t, kNsPerDay) / kNsPerDay); }

TimeNs FromCivilDay(int year, int month, int day) {
  year += (month - 1) / 12;
  month = (month - 1) % 12 + 1;
  return DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * kNsPerDay;
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
  return absl::ToUnixNanos(t);
}

}  // namespace pqa
