#include "host/prodist/compliance.h"

#include <limits>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/type_resolver.h"
#include "google/protobuf/util/type_resolver_util.h"
#include "host/prodist/disturbance.h"
#include "host/prodist/frequency_variation.h"
#include "host/prodist/histogram.h"
#include "host/prodist/power_factor.h"
#include "host/prodist/reading_sets.h"
#include "host/prodist/steady_state.h"

namespace pqa::prodist {

v1::CompliancePoint DescribePoint(const PointConfig& point) {
  v1::CompliancePoint p;
  p.set_id(point.spec.id);
  p.set_connection(point.spec.connection);
  p.set_nominal_v(point.nominal_ll_v);
  p.set_reference_v(point.reference_v);
  p.set_voltage_class(VoltageClassName(point.voltage_class));
  p.set_vt_connection(point.spec.vt_open_delta ? "open-delta" : "wye");
  p.set_eusd_brl(point.spec.eusd_brl);
  p.set_voltage_kind(point.spec.voltage_kind == VoltageKind::kLine ? "line" : "phase");
  p.set_annex_row(point.bands.row);
  p.set_expurgate_momentary(point.spec.expurgate_momentary);
  p.set_measurement_mode(MeasurementModeName(point.spec.mode));
  p.set_time_zone(point.spec.time_zone);
  return p;
}

namespace {
std::string ShortfallNote(const char* what, const ReadingSets& sets) {
  if (sets.sets.empty()) {
    return absl::StrCat("no complete ", what, " set: ", sets.pending_valid,
                        " valid readings, a set needs ", kReadingsPerSet,
                        " (PRODIST Module 8 items 26.2 and 81); record ",
                        kReadingsPerSet - sets.pending_valid, " more valid 10-minute intervals");
  }
  return absl::StrCat(sets.pending_valid, " valid ", what,
                      " readings after the last set wait for the next one");
}
}  // namespace

v1::ComplianceResult EvaluateCompliance(const std::vector<TimedRecord>& records,
                                        const PointConfig& point) {
  v1::ComplianceResult out;
  *out.mutable_point() = DescribePoint(point);
  int max_sets = point.spec.mode == MeasurementMode::kEventual ? 1 : 0;

  ReadingSets voltage =
      BuildReadingSets(records, SetKind::kSteadyState, point.spec.expurgate_momentary, max_sets);
  v1::VoltageHistogram histogram = EmptyVoltageHistogram();
  bool have_extreme = false;
  for (const ReadingSet& set : voltage.sets) {
    *out.add_voltage_sets() = EvaluateVoltageSet(records, set, point);
    for (size_t idx : set.readings) {
      const TimedRecord& tr = records[idx];
      for (const v1::PhaseRecord& ph : tr.record.phases()) {
        double v = ph.rms_v();
        AddToHistogram(v / point.nominal_reading_v, &histogram);  // item 104 f: pu of nominal
        if (!have_extreme || v < out.min_v()) {
          out.set_min_v(v);
          out.set_min_v_at(tr.record.start());
        }
        if (!have_extreme || v > out.max_v()) {
          out.set_max_v(v);
          out.set_max_v_at(tr.record.start());
        }
        have_extreme = true;
      }
    }
  }
  *out.mutable_histogram() = histogram;
  if (have_extreme) {
    for (auto [at, local] : {std::pair{out.min_v_at(), out.mutable_min_v_at_local()},
                             std::pair{out.max_v_at(), out.mutable_max_v_at_local()}}) {
      if (auto t = ParseRfc3339(at); t.ok()) *local = FormatRfc3339Local(*t, point.zone);
    }
  }
  std::vector<v1::VoltageSet> sets(out.voltage_sets().begin(), out.voltage_sets().end());
  for (v1::MonthlyVoltage& m : MonthlyVoltageIndicators(sets, point)) *out.add_monthly() = m;
  if (point.spec.eusd_brl == 0) {
    out.add_notes(
        "EUSD not given (--eusd): the compensation of item 29 was not computed; its values 0 "
        "are no verdict");
  }
  if (voltage.pending_valid > 0 || voltage.sets.empty()) {
    out.add_notes(ShortfallNote("steady-state voltage", voltage));
  }
  // The count an operation center watches grow towards the next (or first)
  // steady-state set, as Query.GetSets gives it.
  out.set_pending_readings(voltage.pending_valid);

  bool flicker = FlickerMeasured(records);
  ReadingSets disturbance =
      BuildReadingSets(records, SetKind::kDisturbance, /*expurgate_momentary=*/true, max_sets,
                       kReadingsPerSet, /*require_flicker=*/flicker);
  DisturbanceLimits limits = LimitsFor(point);
  if (!flicker) {
    limits.pst95 = std::numeric_limits<double>::infinity();  // no verdict on a Pst not measured
    out.add_notes(
        "No record has flicker_complete: flicker was not measured, so the DTT/FD set is built "
        "without the Pst condition and Pst95 (printed as 0) is not evaluated");
  }
  for (const ReadingSet& set : disturbance.sets) {
    *out.add_disturbance_sets() = EvaluateDisturbanceSet(records, set, limits, point.zone);
    if (std::string note = HarmonicOrderNote(records, set, point.zone); !note.empty())
      out.add_notes(note);
  }
  if (disturbance.pending_valid > 0 || disturbance.sets.empty()) {
    out.add_notes(ShortfallNote("harmonics/unbalance/flicker", disturbance));
  }
  if (!limits.apply) {
    out.add_notes(
        "Vn >= 230 kV: Module 8 tables 2-4 give no DTT/FD/Pst limits at this level (they stop "
        "below 230 kV); percentiles are reported without verdicts");
  }
  // Items 38-42 need no set: every hour with energies is evaluated.
  *out.mutable_power_factor() = EvaluatePowerFactor(records, point);
  *out.mutable_frequency() = EvaluateFrequency(records, point.zone);  // items 65-67
  return out;
}

absl::StatusOr<std::string> ComplianceJson(const v1::ComplianceResult& result) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  // The printer reads the message's wire form, in which a map (a set's
  // per_phase) comes in an order of the process's hashing unless the
  // serialization is deterministic (keys sorted): then the same result
  // prints the same text in every run, and two runs' indicators.json and
  // report.json compare byte for byte.
  std::string wire;
  {
    google::protobuf::io::StringOutputStream stream(&wire);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    if (!result.SerializeToCodedStream(&coded)) {
      return absl::InternalError("cannot serialize the result");
    }
  }
  constexpr char kTypePrefix[] = "type.googleapis.com";
  const std::unique_ptr<google::protobuf::util::TypeResolver> resolver(
      google::protobuf::util::NewTypeResolverForDescriptorPool(
          kTypePrefix, google::protobuf::DescriptorPool::generated_pool()));
  std::string json;
  auto st = google::protobuf::util::BinaryToJsonString(
      resolver.get(), absl::StrCat(kTypePrefix, "/", result.GetDescriptor()->full_name()), wire,
      &json, options);
  if (!st.ok()) {
    return absl::InternalError(
        absl::StrCat("cannot print the result as JSON: ", st.message().ToString()));
  }
  return json;
}

}  // namespace pqa::prodist
