#include "host/common/local_time.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace pqa {
namespace {

absl::Time ToAbsl(TimeNs t) { return absl::FromUnixNanos(t); }

// The offset at `t` as "+hh:mm" / "-hh:mm" (RFC 3339 never writes "Z" here,
// so the reader sees the offset that applied).
std::string Offset(TimeNs t, const absl::TimeZone& zone) {
  int seconds = zone.At(ToAbsl(t)).offset;
  char sign = seconds < 0 ? '-' : '+';
  if (seconds < 0) seconds = -seconds;
  return absl::StrFormat("%c%02d:%02d", sign, seconds / 3600, seconds / 60 % 60);
}

}  // namespace

absl::StatusOr<absl::TimeZone> LoadTimeZone(std::string_view zone_name) {
  const std::string name(zone_name);
  // Names only: no path that would read a file outside the zone database.
  bool plain =
      !name.empty() && name.size() <= 64 && !absl::StrContains(name, "..") && name.front() != '/';
  for (char c : name) {
    plain = plain && (absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' ||
                      c == '-' || c == '+');
  }
  absl::TimeZone zone;
  if (!plain || !absl::LoadTimeZone(name, &zone)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "time zone \"", name,
        "\": not an IANA zone name of the system's tzdata (/usr/share/zoneinfo); Brazil uses "
        "America/Sao_Paulo (Brasilia time), America/Manaus, America/Cuiaba, America/Porto_Velho, "
        "America/Boa_Vista, America/Rio_Branco, America/Noronha; or UTC"));
  }
  return zone;
}

CivilDay ToCivilDay(TimeNs t, const absl::TimeZone& zone) {
  absl::CivilSecond c = zone.At(ToAbsl(t)).cs;
  return {static_cast<int>(c.year()), c.month(), c.day()};
}

TimeNs FromCivilDay(int year, int month, int day, const absl::TimeZone& zone) {
  // CivilDay normalises an overflowing month (13 -> January of the next
  // year). A midnight skipped by a daylight-saving change (Brazil's DST began
  // at 00:00 until 2019) starts the day at the transition; a repeated one at
  // its first occurrence.
  const absl::TimeZone::TimeInfo info =
      zone.At(absl::CivilSecond(absl::CivilDay(year, month, day)));
  return absl::ToUnixNanos(info.kind == absl::TimeZone::TimeInfo::SKIPPED ? info.trans : info.pre);
}

std::string CivilMonth(TimeNs t, const absl::TimeZone& zone) {
  CivilDay d = ToCivilDay(t, zone);
  return absl::StrFormat("%04d-%02d", d.year, d.month);
}

std::string FormatRfc3339Local(TimeNs t, const absl::TimeZone& zone) {
  return absl::StrCat(absl::FormatTime("%Y-%m-%dT%H:%M:%S", ToAbsl(t), zone), Offset(t, zone));
}

std::string FormatLocalMinute(TimeNs t, const absl::TimeZone& zone, bool seconds) {
  return absl::StrCat(
      absl::FormatTime(seconds ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%d %H:%M", ToAbsl(t), zone), " ",
      Offset(t, zone));
}

}  // namespace pqa
