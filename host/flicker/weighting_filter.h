// IEC 61000-4-15 block 3: the lamp-eye weighting filter, as two second-order
// sections at the flickermeter's internal rate.
#ifndef PQA_HOST_FLICKER_WEIGHTING_FILTER_H_
#define PQA_HOST_FLICKER_WEIGHTING_FILTER_H_

#include <complex>
#include <vector>

#include "host/flicker/biquad.h"
#include "host/flicker/flicker_config.h"

namespace pqa::flicker {

// The analog filter as two sections: the resonance K w1 s / (s^2 + 2 lambda s
// + w1^2) and the lead-lag (1 + s/w2) / ((1 + s/w3)(1 + s/w4)).
std::vector<AnalogBiquad> AnalogWeighting(Lamp lamp);

// Bilinear transform prewarped at 8.8 Hz, the reference frequency, so that
// the scaling point is exact; elsewhere up to 40 Hz the frequency warping at
// >= 1.2 kHz is below 0.4 % (tan(x) ~ x (1 + x^2/3)).
std::vector<BiquadCoefficients> DigitalWeighting(Lamp lamp, double sample_rate_hz);

// |F(j 2 pi f)| of the analog reference, for tests.
double AnalogWeightingGain(Lamp lamp, double f_hz);

}  // namespace pqa::flicker

#endif  // PQA_HOST_FLICKER_WEIGHTING_FILTER_H_
