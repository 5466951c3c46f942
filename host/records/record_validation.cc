#include "host/records/record_validation.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "host/records/event_validation.h"
#include "host/records/field_checks.h"
#include "host/records/power_validation.h"

namespace pqa::records {
namespace {

using internal::NonNegative;

struct IntervalSpec {
  RecordInterval interval;
  absl::string_view name;
  double duration_s;  // nominal length
  TimeNs grid;        // 0: no fixed grid
};

// IEC 61000-4-30 4.5/4.6: 150/180 cycles are 3 s nominal and resynchronise
// on the 10-minute tick; 10-minute and 2-hour intervals are on the UTC clock.
// A "window" record is one 10/12-cycle window: 0.2 s nominal at 50 and 60 Hz.
constexpr std::array<IntervalSpec, 4> kIntervals = {{
    {RecordInterval::kWindow, "window", 0.2, 0},
    {RecordInterval::k150Cycle, "150cycle", 3.0, 0},
    {RecordInterval::k10Min, "10min", 600.0, kTenMinutesNs},
    {RecordInterval::k2h, "2h", 7200.0, kTwoHoursNs},
}};

absl::StatusOr<IntervalSpec> Interval(const v1::Record& r) {
  for (const IntervalSpec& spec : kIntervals) {
    // Older writers left the interval empty; none wrote single windows.
    if (r.interval().empty()
            ? spec.interval != RecordInterval::kWindow && r.duration_s() == spec.duration_s
            : r.interval() == spec.name) {
      return spec;
    }
  }
  if (r.interval().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("interval: empty, and duration_s ", r.duration_s(),
                     " is not 3, 600 or 7200 s; write interval \"150cycle\", \"10min\" or \"2h\""));
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "interval: \"", r.interval(), "\": expected \"window\", \"150cycle\", \"10min\" or \"2h\""));
}

// `dit_values`: how many DIT_h values a phase carries when it carries them.
absl::Status CheckPhase(const v1::PhaseRecord& p, const std::string& at, int dit_values) {
  const std::pair<double, const char*> values[] = {
      {p.rms_v(), "rms_v"},
      {p.fund_v(), "fund_v"},
      {p.dtt_pct(), "dtt_pct"},
      {p.dttp_pct(), "dttp_pct"},
      {p.dtti_pct(), "dtti_pct"},
      {p.dtt3_pct(), "dtt3_pct"},
      {p.pst(), "pst"},
      {p.plt(), "plt"},
      {p.plt_sliding(), "plt_sliding"},
      {p.rms_min_v(), "rms_min_v"},
      {p.rms_max_v(), "rms_max_v"},
  };
  for (const auto& [v, name] : values) {
    const absl::string_view n(name);
    const char* unit = absl::EndsWith(n, "_v")     ? "RMS volts"
                       : absl::EndsWith(n, "_pct") ? "%"
                                                   : "pu";
    if (absl::Status s = NonNegative(v, absl::StrCat(at, n), unit); !s.ok()) return s;
  }
  return internal::PerOrderPercentages(p.dit_pct(), absl::StrCat(at, "dit_pct"), dit_values);
}

}  // namespace

absl::StatusOr<RecordFacts> ValidateRecord(const v1::Record& r) {
  RecordFacts facts;
  auto start = ParseRfc3339(r.start());
  if (!start.ok()) {
    return absl::Status(start.status().code(),
                        absl::StrCat("start: ", start.status().message(),
                                     "; expected RFC 3339 UTC such as \"2025-03-03T00:10:00Z\""));
  }
  facts.start = *start;
  if (!std::isfinite(r.duration_s()) || !(r.duration_s() > 0)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "duration_s: expected the interval length in seconds (> 0), got ", r.duration_s()));
  }
  auto spec = Interval(r);
  if (!spec.ok()) return spec.status();
  facts.interval = spec->interval;
  // 1 ms: the writers' rounding; anything else is another interval mislabelled.
  if (std::fabs(r.duration_s() - spec->duration_s) > 1e-3) {
    return absl::InvalidArgumentError(absl::StrCat("duration_s: ", r.duration_s(), " s, but a ",
                                                   spec->name, " record lasts ", spec->duration_s,
                                                   " s"));
  }
  if (spec->grid > 0 && FloorTo(facts.start, spec->grid) != facts.start) {
    return absl::InvalidArgumentError(
        absl::StrCat("start: ", r.start(), " is not on the ", spec->name,
                     " UTC grid (IEC 61000-4-30 4.6: intervals are aligned to the UTC clock)"));
  }
  auto end = CheckedAddNs(facts.start, std::llround(spec->duration_s * 1e9), "end of the record");
  if (!end.ok())
    return absl::Status(end.status().code(), absl::StrCat("start: ", end.status().message()));
  facts.end = *end;
  if (r.windows() < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "windows: expected the number of 10/12-cycle windows (>= 0), got ", r.windows()));
  }
  if (absl::Status s = NonNegative(r.freq_hz(), "freq_hz", "hertz"); !s.ok()) return s;
  if (absl::Status s = NonNegative(r.fd_pct(), "fd_pct", "%"); !s.ok()) return s;
  if (absl::Status s = NonNegative(r.u0_pct(), "u0_pct", "%"); !s.ok()) return s;
  for (int i = 0; i < r.vtcd_types_size(); ++i) {
    if (auto c = VtcdClassFromName(r.vtcd_types(i)); !c.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("vtcd_types[", i, "]: ", c.status().message()));
    }
  }
  if (r.phases_size() > 3) {
    return absl::InvalidArgumentError(
        absl::StrCat("phases: ", r.phases_size(), " entries; expected at most A, B and C"));
  }
  // Record.max_harmonic_order: 0 in records written before the field (they
  // carry orders 2..50), else the highest order the sample rate resolved.
  if (r.max_harmonic_order() < 0 || r.max_harmonic_order() > kDitValues + 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "max_harmonic_order: expected 1..50 (0 in older records), got ", r.max_harmonic_order()));
  }
  const int dit_values =
      r.max_harmonic_order() == 0 ? kDitValues : std::max(0, r.max_harmonic_order() - 1);
  internal::PhasesSeen seen = internal::kNoPhaseSeen;
  for (int i = 0; i < r.phases_size(); ++i) {
    const v1::PhaseRecord& p = r.phases(i);
    const std::string at = absl::StrCat("phases[", i, "].");
    if (absl::Status s =
            internal::CheckPhaseName(p.phase(), i, absl::StrCat(at, "phase"), "phases", seen);
        !s.ok()) {
      return s;
    }
    if (absl::Status s = CheckPhase(p, at, dit_values); !s.ok()) return s;
  }
  // Currents, power, energies and demand (issue 17).
  if (absl::Status s = internal::CheckPowerFields(r, facts.start, facts.end, dit_values); !s.ok())
    return s;
  return facts;
}

absl::Status CheckThreePhases(const v1::Record& r) {
  if (r.phases_size() == 3 || !r.complete()) return absl::OkStatus();
  std::string names;
  for (const v1::PhaseRecord& p : r.phases())
    absl::StrAppend(&names, names.empty() ? "" : ", ", p.phase());
  return absl::InvalidArgumentError(absl::StrCat(
      "phases: ", r.phases_size(), " phase(s) (", names.empty() ? "none" : names,
      ") in a complete record; PRODIST evaluates the three phases A, B and C of the point "
      "(mark a record with a missing phase \"complete\": false)"));
}

}  // namespace pqa::records
