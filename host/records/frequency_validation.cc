#include "host/records/frequency_validation.h"

#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "host/records/field_checks.h"

namespace pqa::records::internal {
namespace {

// The writers add 10 s per value: sums of multiples of 10 are exact in
// double; 1 ms covers any other writer's rounding.
constexpr double kSecondsTolerance = 1e-3;

bool Plausible(double hz) { return hz >= kLowestFrequencyHz && hz <= kHighestFrequencyHz; }

absl::Status Implausible(const std::string& field, double hz) {
  return absl::InvalidArgumentError(absl::StrFormat(
      "%s: %g Hz is no power frequency; expected %g..%g Hz (0: no 10 s value measured)", field, hz,
      kLowestFrequencyHz, kHighestFrequencyHz));
}

absl::Status CheckBands(const v1::FrequencyBands& b, double duration_s) {
  const std::pair<double, const char*> fields[] = {
      {b.measured_s(), "measured_s"},     {b.normal_s(), "normal_s"},
      {b.recovery_s(), "recovery_s"},     {b.above_62_s(), "above_62_s"},
      {b.above_63_5_s(), "above_63_5_s"}, {b.below_58_5_s(), "below_58_5_s"},
      {b.below_57_5_s(), "below_57_5_s"}, {b.above_66_s(), "above_66_s"},
      {b.below_56_5_s(), "below_56_5_s"},
  };
  for (const auto& [v, name] : fields) {
    const std::string field = absl::StrCat("frequency_bands.", name);
    if (absl::Status s = NonNegative(v, field, "seconds"); !s.ok()) return s;
    if (v > b.measured_s() + kSecondsTolerance) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: %g s, more than the %g s measured (measured_s)", field, v, b.measured_s()));
    }
  }
  if (b.measured_s() > duration_s + kSecondsTolerance) {
    return absl::InvalidArgumentError(
        absl::StrFormat("frequency_bands.measured_s: %g s in a record of %g s (duration_s)",
                        b.measured_s(), duration_s));
  }
  const double values = b.measured_s() / 10;
  if (std::fabs(values - std::round(values)) * 10 > kSecondsTolerance) {
    return absl::InvalidArgumentError(
        absl::StrFormat("frequency_bands.measured_s: %g s is not a whole number of 10 s values "
                        "(IEC 61000-4-30 5.1)",
                        b.measured_s()));
  }
  // A band inside another cannot hold more time than it.
  struct Nested {
    double inner, outer;
    const char *inner_name, *outer_name;
  };
  const Nested nested[] = {
      {b.normal_s(), b.recovery_s(), "normal_s", "recovery_s"},
      {b.above_63_5_s(), b.above_62_s(), "above_63_5_s", "above_62_s"},
      {b.above_66_s(), b.above_63_5_s(), "above_66_s", "above_63_5_s"},
      {b.below_57_5_s(), b.below_58_5_s(), "below_57_5_s", "below_58_5_s"},
      {b.below_56_5_s(), b.below_57_5_s(), "below_56_5_s", "below_57_5_s"},
  };
  for (const Nested& n : nested) {
    if (n.inner > n.outer + kSecondsTolerance) {
      return absl::InvalidArgumentError(
          absl::StrFormat("frequency_bands.%s: %g s, more than the %g s of the band around it (%s)",
                          n.inner_name, n.inner, n.outer, n.outer_name));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckFrequencyVariation(const v1::Record& r, bool ten_minute) {
  const double lo = r.freq_min_hz(), hi = r.freq_max_hz();
  if (absl::Status s = NonNegative(lo, "freq_min_hz", "hertz"); !s.ok()) return s;
  if (absl::Status s = NonNegative(hi, "freq_max_hz", "hertz"); !s.ok()) return s;
  if (lo != 0 || hi != 0) {
    if (!Plausible(lo)) return Implausible("freq_min_hz", lo);
    if (!Plausible(hi)) return Implausible("freq_max_hz", hi);
    if (lo > hi) {
      return absl::InvalidArgumentError(
          absl::StrFormat("freq_min_hz: %g Hz is above freq_max_hz %g Hz", lo, hi));
    }
  }
  if (absl::Status s = CheckBands(r.frequency_bands(), r.duration_s()); !s.ok()) return s;
  if (r.freq_10s_hz_size() == 0) return absl::OkStatus();
  if (!ten_minute || r.freq_10s_hz_size() != 60) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "freq_10s_hz: %d values; a 10-minute record carries 60 (one per 10 s, 0 where none was "
        "measured) or none, other records none",
        r.freq_10s_hz_size()));
  }
  int measured = 0;
  for (int i = 0; i < r.freq_10s_hz_size(); ++i) {
    const double hz = r.freq_10s_hz(i);
    const std::string field = absl::StrCat("freq_10s_hz[", i, "]");
    if (absl::Status s = NonNegative(hz, field, "hertz"); !s.ok()) return s;
    if (hz == 0) continue;
    if (!Plausible(hz)) return Implausible(field, hz);
    if (hz < lo || hz > hi) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: %g Hz lies outside freq_min_hz..freq_max_hz (%g..%g Hz)", field, hz, lo, hi));
    }
    ++measured;
  }
  if (std::fabs(measured * 10.0 - r.frequency_bands().measured_s()) > kSecondsTolerance) {
    return absl::InvalidArgumentError(
        absl::StrFormat("frequency_bands.measured_s: %g s, but freq_10s_hz holds %d values (%d s)",
                        r.frequency_bands().measured_s(), measured, measured * 10));
  }
  return absl::OkStatus();
}

}  // namespace pqa::records::internal
