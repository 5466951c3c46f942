// Settings of one IEC 61000-4-15 flickermeter channel and the lamp-model
// constants they select.
#ifndef PQA_HOST_FLICKER_FLICKER_CONFIG_H_
#define PQA_HOST_FLICKER_FLICKER_CONFIG_H_

#include "absl/status/status.h"
#include "host/common/time.h"
#include "host/flicker/pinst_engine.h"

namespace pqa::flicker {

// IEC 61000-4-15 Ed. 2 Table 1: the reference lamp of the weighting filter.
// kForSupply picks the lamp of the supply's own region: 230 V at 50 Hz,
// 120 V at 60 Hz. The lamp and the supply frequency are independent: a
// 230 V lamp on a 60 Hz supply is a valid setting.
enum class Lamp { kForSupply, k230V, k120V };

// Lowest input rate the flickermeter chain supports (its demodulation and
// weighting filters and decimation are designed from there), Hz.
inline constexpr double kMinSampleRateHz = 2000;

struct FlickerConfig {
  double sample_rate_hz =
      15360;  // input sample rate, Hz, kMinSampleRateHz to 200,000 (tested 3.2k to 25.6k)
  double supply_hz = 60;  // nominal supply frequency, Hz, exactly 50 or 60
  Lamp lamp = Lamp::kForSupply;
  // Time from a start or a gap until Pinst counts towards Pst, s, 1 to 3,600.
  // The test procedure of IEC 61000-4-15 discards the first 2 minutes.
  double settling_s = 120;
  // Blocks 1 to 4; empty: PinstChain, the double-precision golden reference.
  // host/accel supplies accelerator backends.
  PinstEngineFactory pinst_engine;
};

// Checks ranges; the message names the field and what was expected.
absl::Status Validate(const FlickerConfig& config);

// The lamp actually used (never kForSupply).
Lamp ResolveLamp(const FlickerConfig& config);

// IEC 61000-4-15 Ed. 2, lamp-eye weighting filter (block 3):
// F(s) = K w1 s / (s^2 + 2 lambda s + w1^2) (1 + s/w2) / ((1 + s/w3)(1 + s/w4)).
struct LampConstants {
  double k;        // gain, dimensionless
  double lambda;   // rad/s
  double w1;       // rad/s
  double w2;       // rad/s
  double w3;       // rad/s
  double w4;       // rad/s
  double ref_dvv;  // percent: sinusoidal 8.8 Hz modulation giving Pinst = 1 at its peak
};
LampConstants ConstantsFor(Lamp lamp);  // lamp: k230V or k120V

// Cut-off of the sixth-order Butterworth demodulation low-pass, Hz:
// 35 Hz for a 50 Hz supply, 42 Hz for a 60 Hz supply (IEC 61000-4-15, block 3).
double DemodulationCutoffHz(double supply_hz);

}  // namespace pqa::flicker

#endif  // PQA_HOST_FLICKER_FLICKER_CONFIG_H_
