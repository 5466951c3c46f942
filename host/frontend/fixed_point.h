// Conversions between engineering units and the front end's fixed-point
// scale: ADC codes (signed, `sample_width` bits), mean squares in LSB^2 and
// per-unit fractions in Q1.15. Used to program the registers and to read the
// results in volts.
#ifndef PQA_HOST_FRONTEND_FIXED_POINT_H_
#define PQA_HOST_FRONTEND_FIXED_POINT_H_

#include <cstdint>

#include "absl/status/statusor.h"

namespace pqa::frontend {

// The analogue scale of one ADC channel.
struct AdcScale {
  double volts_per_code = 1.0;  // V (or A) per LSB, > 0
  int sample_width = 16;        // bits of the signed code, 8..32
};

// A scale whose largest positive code, 2^(w-1) - 1, stands for `peak_volts`.
absl::StatusOr<AdcScale> MakeAdcScale(double peak_volts, int sample_width);

// Nearest code to `volts`, saturated to the code range (as an ADC clips).
int32_t VoltsToCode(const AdcScale& scale, double volts);
double CodeToVolts(const AdcScale& scale, int32_t code);

// A mean square in LSB^2 (Urms(1/2)^2 from the hardware) as RMS volts.
double MeanSquareToRmsVolts(const AdcScale& scale, uint64_t mean_square);
// An RMS voltage as the mean square in LSB^2 (for the reference register),
// rounded to nearest.
uint64_t RmsVoltsToMeanSquare(const AdcScale& scale, double rms_volts);

// Per-unit fraction as unsigned Q1.15 (1.0 pu = 32768), rounded to nearest;
// error unless 0 <= pu < 2.
absl::StatusOr<uint16_t> PuToQ15(double pu);
double Q15ToPu(uint16_t q15);

}  // namespace pqa::frontend

#endif  // PQA_HOST_FRONTEND_FIXED_POINT_H_
