#include "host/prodist/point_config.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace pqa::prodist {
namespace {
constexpr double kBtMaxV = 2300;        // Module 8 tables 2-4: Vn <= 2.3 kV
constexpr double kAtMinV = 69000;       // 69 kV <= Vn
constexpr double kExtraHighV = 230000;  // Annex 8.A table 1; tables 2-4 stop below it

absl::string_view Sv(std::string_view s) { return absl::string_view(s.data(), s.size()); }
}  // namespace

const char* VoltageClassName(VoltageClass c) {
  switch (c) {
    case VoltageClass::kBT:
      return "BT";
    case VoltageClass::kMT:
      return "MT";
    case VoltageClass::kAT:
      return "AT";
  }
  return "?";
}

absl::StatusOr<VoltageClass> ParseVoltageClass(std::string_view text) {
  std::string t = absl::AsciiStrToUpper(Sv(text));
  if (t == "BT") return VoltageClass::kBT;
  if (t == "MT") return VoltageClass::kMT;
  if (t == "AT") return VoltageClass::kAT;
  return absl::InvalidArgumentError(
      absl::StrCat("--voltage-class: expected BT, MT or AT, got \"", Sv(text), "\""));
}

VoltageClass VoltageClassFromNominal(double nominal_ll_v) {
  if (nominal_ll_v <= kBtMaxV) return VoltageClass::kBT;
  if (nominal_ll_v < kAtMinV) return VoltageClass::kMT;
  return VoltageClass::kAT;
}

absl::StatusOr<MeasurementMode> ParseMeasurementMode(std::string_view text) {
  if (text == "permanent") return MeasurementMode::kPermanent;
  if (text == "sampled") return MeasurementMode::kSampled;
  if (text == "eventual") return MeasurementMode::kEventual;
  return absl::InvalidArgumentError(
      absl::StrCat("--mode: expected permanent, sampled or eventual, got \"", Sv(text), "\""));
}

const char* MeasurementModeName(MeasurementMode m) {
  switch (m) {
    case MeasurementMode::kPermanent:
      return "permanent";
    case MeasurementMode::kSampled:
      return "sampled";
    case MeasurementMode::kEventual:
      return "eventual";
  }
  return "?";
}

absl::StatusOr<PointConfig> ResolvePoint(const PointSpec& spec,
                                         const std::vector<BandLimits>& table) {
  PointConfig p;
  p.spec = spec;
  auto zone = LoadTimeZone(spec.time_zone);
  if (!zone.ok()) return zone.status();
  p.zone = *zone;
  absl::string_view c = absl::StripAsciiWhitespace(Sv(spec.connection));
  size_t slash = c.find('/');
  if (slash != absl::string_view::npos) {
    // Low-voltage pair "LL/LN" (Annex 8.A tables 4-11).
    double ll = 0, ln = 0;
    if (!absl::SimpleAtod(c.substr(0, slash), &ll) || !absl::SimpleAtod(c.substr(slash + 1), &ln)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--connection: \"", c, "\" is not a pair of volts like 220/127"));
    }
    bool line = spec.voltage_kind == VoltageKind::kLine;
    auto row = FindAnnex8aRow(table, absl::StrCat(c, line ? " LL" : " LN"));
    if (!row.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--connection: \"", c,
          "\" is not an Annex 8.A low-voltage pair; use one of 220/127, 380/220, 254/127, "
          "440/220, 208/120, 230/115, 240/120, 220/110"));
    }
    p.bands = *row;
    p.nominal_ll_v = ll;
    p.reference_v = line ? ll : ln;
    p.nominal_reading_v = p.reference_v;  // item 22 c: TR is the nominal at low voltage
  } else {
    double v = 0;
    absl::string_view num = c;
    double scale = 1;
    if (absl::EndsWithIgnoreCase(num, "kv")) {
      num.remove_suffix(2);
      scale = 1000;
    } else if (absl::EndsWithIgnoreCase(num, "v")) {
      num.remove_suffix(1);
    }
    if (!absl::SimpleAtod(num, &v) || !(v > 0)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--connection: \"", c,
          "\" is neither a low-voltage pair (220/127) nor a nominal line-to-line voltage "
          "(13800 or 13.8kV)"));
    }
    p.nominal_ll_v = v * scale;
    if (p.nominal_ll_v <= kBtMaxV) {
      return absl::InvalidArgumentError(
          absl::StrCat("--connection: ", p.nominal_ll_v,
                       " V is low voltage; give the Annex 8.A pair instead, e.g. 220/127"));
    }
    const char* key = p.nominal_ll_v >= kExtraHighV ? "ge230kV"
                      : p.nominal_ll_v >= kAtMinV   ? "69-230kV"
                                                    : "2.3-69kV";
    auto row = FindAnnex8aRow(table, key);
    if (!row.ok()) return row.status();
    p.bands = *row;
    double tr_ll = spec.contracted_v.value_or(p.nominal_ll_v);
    bool line = spec.voltage_kind == VoltageKind::kLine;
    p.reference_v = line ? tr_ll : tr_ll / std::sqrt(3.0);
    p.nominal_reading_v = line ? p.nominal_ll_v : p.nominal_ll_v / std::sqrt(3.0);
  }
  p.voltage_class = spec.voltage_class.value_or(VoltageClassFromNominal(p.nominal_ll_v));
  return p;
}

DisturbanceLimits LimitsFor(const PointConfig& point) {
  DisturbanceLimits l;
  switch (point.voltage_class) {
    case VoltageClass::kBT:  // Vn <= 2.3 kV
      l = {true, 10.0, 2.5, 7.5, 6.5, 3.0, 1.0};
      break;
    case VoltageClass::kMT:  // 2.3 kV < Vn < 69 kV
      l = {true, 8.0, 2.0, 6.0, 5.0, 2.0, 1.5};
      break;
    case VoltageClass::kAT:  // 69 kV <= Vn < 230 kV
      l = {true, 5.0, 1.0, 4.0, 3.0, 2.0, 2.0};
      break;
  }
  if (point.nominal_ll_v >= kExtraHighV) l.apply = false;
  // Item 48: V or open-delta VTs cannot see zero-sequence triplens faithfully.
  if (point.spec.vt_open_delta) l.dtt395_pct *= 0.5;
  return l;
}

}  // namespace pqa::prodist
