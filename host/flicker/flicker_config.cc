#include "host/flicker/flicker_config.h"

#include <cmath>
#include <numbers>

#include "absl/strings/str_cat.h"

namespace pqa::flicker {

absl::Status Validate(const FlickerConfig& config) {
  if (!(config.sample_rate_hz >= kMinSampleRateHz && config.sample_rate_hz <= 200000)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "FlickerConfig.sample_rate_hz = ", config.sample_rate_hz, ": expected 2000 to 200000 Hz"));
  }
  if (config.supply_hz != 50 && config.supply_hz != 60) {
    return absl::InvalidArgumentError(absl::StrCat("FlickerConfig.supply_hz = ", config.supply_hz,
                                                   ": expected 50 or 60 (nominal, Hz)"));
  }
  if (config.lamp != Lamp::kForSupply && config.lamp != Lamp::k230V && config.lamp != Lamp::k120V) {
    return absl::InvalidArgumentError("FlickerConfig.lamp: expected kForSupply, k230V or k120V");
  }
  if (!(config.settling_s >= 1 && config.settling_s <= 3600)) {
    return absl::InvalidArgumentError(
        absl::StrCat("FlickerConfig.settling_s = ", config.settling_s, ": expected 1 to 3600 s"));
  }
  return absl::OkStatus();
}

Lamp ResolveLamp(const FlickerConfig& config) {
  if (config.lamp != Lamp::kForSupply) return config.lamp;
  return config.supply_hz == 50 ? Lamp::k230V : Lamp::k120V;
}

LampConstants ConstantsFor(Lamp lamp) {
  constexpr double kTwoPi = 2 * std::numbers::pi;
  // IEC 61000-4-15 Ed. 2 Table 1 (the values are in Hz; the filter takes rad/s).
  if (lamp == Lamp::k120V) {
    return {1.6357,
            kTwoPi * 4.167375,
            kTwoPi * 9.077169,
            kTwoPi * 2.939902,
            kTwoPi * 1.394468,
            kTwoPi * 17.31512,
            0.321};
  }
  return {1.74802,
          kTwoPi * 4.05981,
          kTwoPi * 9.15494,
          kTwoPi * 2.27979,
          kTwoPi * 1.22535,
          kTwoPi * 21.9,
          0.250};
}

double DemodulationCutoffHz(double supply_hz) { return supply_hz == 50 ? 35.0 : 42.0; }

}  // namespace pqa::flicker
