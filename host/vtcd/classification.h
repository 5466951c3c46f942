// PRODIST Module 8 table 5: classification of short-duration voltage
// variations by residual amplitude and duration.
#ifndef PQA_HOST_VTCD_CLASSIFICATION_H_
#define PQA_HOST_VTCD_CLASSIFICATION_H_

#include <string_view>

#include "host/vtcd/vtcd_event.h"

namespace pqa::vtcd {

struct ClassificationLimits {
  double nominal_frequency_hz =
      60.0;                         // hertz (50 or 60); one cycle is table 5's shortest sag/swell
  double sag_threshold_pu = 0.9;    // a sag is below this, per unit of reference (0..1)
  double swell_threshold_pu = 1.1;  // a swell is above this, per unit of reference (> 1)
  double interruption_threshold_pu =
      0.1;  // an interruption is below this, per unit (0..sag threshold)
  // Item 69.1 (low-voltage meters with additional functions): an interruption
  // is any voltage "igual ou inferior a 70 %" of nominal, so the comparison
  // includes the threshold itself.
  bool interruption_includes_threshold = false;
  double momentary_max_s = 3.0;    // seconds: momentary up to and including this
  double temporary_max_s = 180.0;  // seconds: temporary below this; at or above it is "long"
};

// Item 69.1: low-voltage smart meters treat <= 0.7 pu of nominal as an interruption.
ClassificationLimits Item69_1Limits(double nominal_frequency_hz);

// Whether a residual amplitude (per unit) is an interruption under `limits`.
bool IsInterruptionAmplitude(double amplitude_pu, const ClassificationLimits& limits);

// Table 5 class of an event. amplitude_pu: residual voltage per unit of the
// reference (lowest for a sag, highest for a swell); duration_s: seconds (>= 0).
VtcdClass Classify(Family family, double amplitude_pu, double duration_s,
                   const ClassificationLimits& limits);

// "IMT", "AMT", "EMT", "ITT", "ATT", "ETT", "LONG_INTERRUPTION", "LONG_SAG",
// "LONG_SWELL"; "" for kNone.
std::string_view ClassName(VtcdClass c);

// True for the six table-5 classes (the events that count in fe and FI).
bool IsVtcd(VtcdClass c);

}  // namespace pqa::vtcd

#endif  // PQA_HOST_VTCD_CLASSIFICATION_H_
