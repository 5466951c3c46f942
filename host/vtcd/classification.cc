#include "host/vtcd/classification.h"

namespace pqa::vtcd {

ClassificationLimits Item69_1Limits(double nominal_frequency_hz) {
  ClassificationLimits limits;
  limits.nominal_frequency_hz = nominal_frequency_hz;
  limits.interruption_threshold_pu = 0.7;
  limits.interruption_includes_threshold = true;
  return limits;
}

bool IsInterruptionAmplitude(double amplitude_pu, const ClassificationLimits& limits) {
  return limits.interruption_includes_threshold ? amplitude_pu <= limits.interruption_threshold_pu
                                                : amplitude_pu < limits.interruption_threshold_pu;
}

VtcdClass Classify(Family family, double amplitude_pu, double duration_s,
                   const ClassificationLimits& limits) {
  const bool momentary = duration_s <= limits.momentary_max_s;
  const bool temporary = !momentary && duration_s < limits.temporary_max_s;
  // Table 5: sags and swells need at least one cycle; interruptions have no lower bound.
  const bool at_least_one_cycle = duration_s * limits.nominal_frequency_hz >= 1.0;
  if (family == Family::kSag) {
    if (IsInterruptionAmplitude(amplitude_pu, limits)) {
      return momentary ? VtcdClass::kImt
                       : (temporary ? VtcdClass::kItt : VtcdClass::kLongInterruption);
    }
    if (amplitude_pu >= limits.sag_threshold_pu || !at_least_one_cycle) return VtcdClass::kNone;
    return momentary ? VtcdClass::kAmt : (temporary ? VtcdClass::kAtt : VtcdClass::kLongSag);
  }
  if (amplitude_pu <= limits.swell_threshold_pu || !at_least_one_cycle) return VtcdClass::kNone;
  return momentary ? VtcdClass::kEmt : (temporary ? VtcdClass::kEtt : VtcdClass::kLongSwell);
}

std::string_view ClassName(VtcdClass c) {
  switch (c) {
    case VtcdClass::kNone:
      return "";
    case VtcdClass::kImt:
      return "IMT";
    case VtcdClass::kAmt:
      return "AMT";
    case VtcdClass::kEmt:
      return "EMT";
    case VtcdClass::kItt:
      return "ITT";
    case VtcdClass::kAtt:
      return "ATT";
    case VtcdClass::kEtt:
      return "ETT";
    case VtcdClass::kLongInterruption:
      return "LONG_INTERRUPTION";
    case VtcdClass::kLongSag:
      return "LONG_SAG";
    case VtcdClass::kLongSwell:
      return "LONG_SWELL";
  }
  return "";
}

bool IsVtcd(VtcdClass c) {
  switch (c) {
    case VtcdClass::kImt:
    case VtcdClass::kAmt:
    case VtcdClass::kEmt:
    case VtcdClass::kItt:
    case VtcdClass::kAtt:
    case VtcdClass::kEtt:
      return true;
    default:
      return false;
  }
}

}  // namespace pqa::vtcd
