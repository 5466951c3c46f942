// The measurement point: identifier, connection, voltage class, VT
// connection, EUSD and measurement mode, resolved into the Annex 8.A row and
// the reference voltage TR that each 10-minute reading is compared with.
#ifndef PQA_HOST_PRODIST_POINT_CONFIG_H_
#define PQA_HOST_PRODIST_POINT_CONFIG_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "host/common/local_time.h"
#include "host/prodist/annex8a.h"

namespace pqa::prodist {

// PRODIST Module 8 tables 2-4 columns and item 29 k2.
enum class VoltageClass { kBT, kMT, kAT };  // BT: Vn <= 2.3 kV; MT: 2.3 < Vn < 69 kV; AT: >= 69 kV
const char* VoltageClassName(VoltageClass c);  // "BT", "MT", "AT"
absl::StatusOr<VoltageClass> ParseVoltageClass(std::string_view text);
VoltageClass VoltageClassFromNominal(double nominal_ll_v);  // volts, line-to-line

// Which voltage the records hold. For a wye input the records carry
// line-to-neutral RMS ("phase"); a delta/V input gives line-to-line ("line").
enum class VoltageKind { kPhase, kLine };

enum class MeasurementMode { kPermanent, kSampled, kEventual };  // item 89
absl::StatusOr<MeasurementMode> ParseMeasurementMode(std::string_view text);
const char* MeasurementModeName(MeasurementMode m);

struct PointSpec {           // what the user gives
  std::string id{};          // free text
  std::string connection{};  // "220/127" or nominal line-to-line volts "13800" / "13.8kV"
  std::optional<VoltageClass> voltage_class{};  // overrides the class derived from Vn
  bool vt_open_delta = false;  // item 48: V or open-delta VT halves the DTT395 limit
  double eusd_brl = 0;         // EUSD of the month, BRL (>= 0)
  VoltageKind voltage_kind = VoltageKind::kPhase;
  std::optional<double> contracted_v{};  // TR for MT/AT if not the nominal, line-to-line volts
  MeasurementMode mode = MeasurementMode::kPermanent;
  bool expurgate_momentary = false;  // item 87: optional expurgation of IMT/AMT/EMT
  // IANA zone of the point's civil time: the months of sets, compensation,
  // continuity and FI (items 26.6, 84, 85, section 8.2) and every time shown.
  std::string time_zone = kDefaultTimeZone;
};

struct PointConfig {  // resolved
  PointSpec spec;
  double nominal_ll_v = 0;       // Vn, line-to-line volts
  double reference_v = 0;        // TR in the unit of the readings (phase or line volts)
  double nominal_reading_v = 0;  // Vn in the unit of the readings: the histogram 1 pu (item 104 f)
  VoltageClass voltage_class = VoltageClass::kBT;
  BandLimits bands;                           // Annex 8.A row for this point and voltage kind
  absl::TimeZone zone = absl::UTCTimeZone();  // spec.time_zone, loaded by ResolvePoint
};

// Resolves `spec` against `table` (DefaultAnnex8a() unless the user gave a
// file). Low-voltage pairs pick the LN or LL side by voltage_kind; MT/AT pick
// the per-unit table by Vn and use TR = contracted (or nominal) / sqrt(3)
// for phase readings. The time zone must be one of the system's tzdata.
absl::StatusOr<PointConfig> ResolvePoint(const PointSpec& spec,
                                         const std::vector<BandLimits>& table);

// Tables 2, 3, 4 limits for one voltage class; nullopt-like `apply` false for
// Vn >= 230 kV, which the tables do not cover.
struct DisturbanceLimits {
  bool apply = true;
  double dtt95_pct = 0, dttp95_pct = 0, dtti95_pct = 0, dtt395_pct = 0;  // % of fundamental
  double fd95_pct = 0;                                                   // %
  double pst95 = 0;                                                      // pu
};
DisturbanceLimits LimitsFor(const PointConfig& point);

}  // namespace pqa::prodist

#endif  // PQA_HOST_PRODIST_POINT_CONFIG_H_
