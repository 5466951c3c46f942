#include "host/records/event_validation.h"

#include <array>
#include <cmath>
#include <string>
#include <string_view>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "host/records/field_checks.h"
#include "host/vtcd/classification.h"

namespace pqa::records {
namespace {

using internal::NonNegative;

absl::StatusOr<TimeNs> Start(const std::string& text, absl::string_view field) {
  auto t = ParseRfc3339(text);
  if (t.ok()) return t;
  return absl::Status(t.status().code(), absl::StrCat(field, ": ", t.status().message()));
}

// PRODIST table 5: momentary up to 3 s, temporary above 3 s and below 3 min,
// long from 3 min. Item 71 writes durations at 0.1 ms, so a boundary event
// may be written up to 0.05 ms across its edge.
constexpr double kMomentaryMaxMs = 3000.0;
constexpr double kLongMinMs = 180000.0;
constexpr double kResolutionMs = 0.1;

bool IsMomentary(vtcd::VtcdClass c) {
  return c == vtcd::VtcdClass::kImt || c == vtcd::VtcdClass::kAmt || c == vtcd::VtcdClass::kEmt;
}
bool IsTemporary(vtcd::VtcdClass c) {
  return c == vtcd::VtcdClass::kItt || c == vtcd::VtcdClass::kAtt || c == vtcd::VtcdClass::kEtt;
}

}  // namespace

absl::StatusOr<vtcd::VtcdClass> VtcdClassFromName(absl::string_view name) {
  for (int c = static_cast<int>(vtcd::VtcdClass::kImt);
       c <= static_cast<int>(vtcd::VtcdClass::kLongSwell); ++c) {
    auto cls = static_cast<vtcd::VtcdClass>(c);
    const std::string_view class_name = vtcd::ClassName(cls);
    if (absl::string_view(class_name.data(), class_name.size()) == name) return cls;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("\"", name,
                   "\": expected a table 5 class (IMT, AMT, EMT, ITT, ATT, ETT) or "
                   "LONG_INTERRUPTION, LONG_SAG, LONG_SWELL"));
}

absl::StatusOr<EventFacts> ValidateEvent(const v1::VtcdEvent& e) {
  EventFacts facts;
  auto start = Start(e.start(), "start");
  if (!start.ok()) return start.status();
  facts.start = *start;
  auto cls = VtcdClassFromName(e.type());
  if (!cls.ok()) return absl::InvalidArgumentError(absl::StrCat("type: ", cls.status().message()));
  facts.vtcd_class = *cls;
  const double ms = e.duration_ms();
  if (absl::Status s = NonNegative(ms, "duration_ms", "milliseconds"); !s.ok()) return s;
  const bool momentary = IsMomentary(*cls), temporary = IsTemporary(*cls);
  const bool too_long = (momentary && ms > kMomentaryMaxMs + kResolutionMs) ||
                        (temporary && ms >= kLongMinMs + kResolutionMs);
  const bool too_short = (temporary && ms <= kMomentaryMaxMs - kResolutionMs) ||
                         (!momentary && !temporary && ms < kLongMinMs - kResolutionMs);
  if (too_long || too_short) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "duration_ms: %g ms does not fit class %s (PRODIST table 5: momentary <= 3 s, temporary "
        "> 3 s and < 3 min, long >= 3 min)",
        ms, e.type()));
  }
  // Bounded above by the range check: CheckedSecondsToNs refuses what would overflow.
  auto length = CheckedSecondsToNs(ms / 1e3, "duration_ms");
  if (!length.ok()) return length.status();
  auto end = CheckedAddNs(facts.start, *length, "duration_ms: end of the event");
  if (!end.ok()) return end.status();
  facts.end = *end;
  const std::pair<double, const char*> values[] = {{e.amplitude_pu(), "amplitude_pu"},
                                                   {e.amplitude_pct(), "amplitude_pct"},
                                                   {e.amplitude_v(), "amplitude_v"},
                                                   {e.reference_v(), "reference_v"}};
  for (const auto& [v, name] : values) {
    const absl::string_view n(name);
    const char* unit = absl::EndsWith(n, "_pu")    ? "per unit"
                       : absl::EndsWith(n, "_pct") ? "%"
                                                   : "RMS volts";
    if (absl::Status s = NonNegative(v, n, unit); !s.ok()) return s;
  }
  internal::PhasesSeen seen = internal::kNoPhaseSeen;
  for (int i = 0; i < e.phases_size(); ++i) {
    if (absl::Status s = internal::CheckPhaseName(e.phases(i), i, absl::StrCat("phases[", i, "]"),
                                                  "phases", seen);
        !s.ok()) {
      return s;
    }
  }
  if (e.aggregated_count() < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("aggregated_count: expected the events merged in the window (>= 0), got ",
                     e.aggregated_count()));
  }
  TimeNs window_start = 0;
  if (!e.window_start().empty()) {
    auto t = Start(e.window_start(), "window_start");
    if (!t.ok()) return t.status();
    window_start = *t;
  }
  if (!e.window_end().empty()) {
    auto t = Start(e.window_end(), "window_end");
    if (!t.ok()) return t.status();
    if (!e.window_start().empty() && *t < window_start) {
      return absl::InvalidArgumentError(absl::StrCat("window_end: ", e.window_end(),
                                                     " is before window_start ", e.window_start()));
    }
  }
  return facts;
}

}  // namespace pqa::records
