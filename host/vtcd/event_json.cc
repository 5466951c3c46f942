#include "host/vtcd/event_json.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/util/json_util.h"
#include "host/common/time.h"
#include "host/vtcd/stratification.h"

namespace pqa::vtcd {
namespace {

// Rounds to `digits` decimals; dividing by the power of ten (not multiplying
// by 0.1) gives the double nearest the decimal, which JSON then prints short.
double RoundTo(double value, int digits) {
  const double scale = std::pow(10.0, digits);
  return std::round(value * scale) / scale;
}

double DurationMs(TimeNs ns) { return RoundTo(static_cast<double>(ns) / 1e6, 1); }

std::string PhaseName(std::span<const std::string> names, int phase) {
  return phase >= 0 && phase < static_cast<int>(names.size()) ? names[phase]
                                                              : absl::StrFormat("%d", phase);
}

// Table 11 note 1: "dd/mmm/aaaa" with the Portuguese month abbreviation.
std::string Table11Date(TimeNs t) {
  static constexpr std::array<const char*, 12> kMonths = {"jan", "fev", "mar", "abr", "mai", "jun",
                                                          "jul", "ago", "set", "out", "nov", "dez"};
  const CivilDay d = ToCivilDay(t);
  return absl::StrFormat("%02d/%s/%04d", d.day, kMonths[d.month - 1], d.year);
}

}  // namespace

pqa::v1::VtcdEvent ToVtcdEventProto(const AggregatedEvent& event, const RegionMap* regions,
                                    std::span<const std::string> phase_names) {
  const PolyphaseEvent& r = event.representative;
  pqa::v1::VtcdEvent out;
  out.set_type(std::string(ClassName(r.vtcd_class)));
  out.set_start(FormatRfc3339(r.start, 3));
  out.set_duration_ms(DurationMs(r.duration()));
  out.set_amplitude_pu(RoundTo(r.amplitude_pu, 4));
  out.set_amplitude_pct(RoundTo(r.amplitude_pu * 100.0, 2));
  for (int p : r.phases) out.add_phases(PhaseName(phase_names, p));
  if (IsVtcd(r.vtcd_class)) {
    const int row = AmplitudeRow(r.amplitude_pu);
    const int column = DurationColumn(static_cast<double>(r.duration()) / kNsPerSecond);
    out.set_amplitude_row(std::string(AmplitudeRowLabel(row)));
    out.set_duration_col(std::string(DurationColumnLabel(column)));
    if (regions != nullptr) {
      const char region = regions->Region(row, column);
      if (region != '\0') out.set_region(std::string(1, region));
    }
  }
  out.set_amplitude_v(r.amplitude_v);
  out.set_reference_v(r.reference_v);
  out.set_aggregated_count(static_cast<int>(event.members.size()));
  out.set_window_start(FormatRfc3339(event.window_start(), 3));
  out.set_window_end(FormatRfc3339(event.window_end(), 3));
  out.set_truncated(r.truncated);
  return out;
}

std::vector<pqa::v1::PhaseVtcdEvent> ToPhaseEventProtos(std::span<const PhaseEvent> events,
                                                        const ClassificationLimits& limits,
                                                        std::span<const std::string> phase_names) {
  std::vector<const PhaseEvent*> ordered;
  for (const PhaseEvent& e : events) ordered.push_back(&e);
  std::stable_sort(ordered.begin(), ordered.end(), [](const PhaseEvent* a, const PhaseEvent* b) {
    return a->start != b->start ? a->start < b->start : a->phase < b->phase;
  });
  std::vector<pqa::v1::PhaseVtcdEvent> out;
  for (const PhaseEvent* e : ordered) {
    pqa::v1::PhaseVtcdEvent row;
    row.set_sequence(static_cast<int>(out.size()) + 1);
    row.set_date(Table11Date(e->start));
    // hh:mm:ss from the RFC 3339 text "yyyy-mm-ddThh:mm:ssZ".
    row.set_time(FormatRfc3339(e->start, 0).substr(11, 8));
    row.set_start(FormatRfc3339(e->start, 3));
    row.set_phase(PhaseName(phase_names, e->phase));
    row.set_amplitude_pu(RoundTo(e->extreme_pu(), 4));
    row.set_amplitude_v(e->extreme_v);
    row.set_duration_ms(DurationMs(e->duration()));
    const double seconds = static_cast<double>(e->duration()) / kNsPerSecond;
    row.set_type(std::string(ClassName(Classify(e->family, e->extreme_pu(), seconds, limits))));
    row.set_family(e->family == Family::kSag ? "sag" : "swell");
    out.push_back(std::move(row));
  }
  return out;
}

absl::StatusOr<std::string> ToJsonLine(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = false;
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = true;
  std::string json;
  const auto status = google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) {
    return absl::InternalError(
        absl::StrFormat("%s to JSON: %s", message.GetTypeName(), std::string(status.message())));
  }
  return json;
}

}  // namespace pqa::vtcd
