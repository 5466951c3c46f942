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

// Pole-zero mapping (matched z: each analog pole and zero p goes to
// e^(p / fs)), with the gain of the analog filter at 8.8 Hz, the reference
// frequency, so that the scaling point is exact. Why not the bilinear
// transform: at the flickermeter's ~400 Hz its frequency warping bends the
// response around the 9 Hz resonance (0.14 % low below 5 Hz, 0.5 % at 15 Hz,
// 3.8 % at 33 Hz, relative to 8.8 Hz), a shape no short FIR can undo.
// Matched z keeps every corner in place; what is left is smooth in f^2
// (+0.08 % below 5 Hz, -0.15 % at 15 Hz, -1.1 % at 33 Hz at 400 Hz; 16 times
// less at 1.6 kHz), which PinstChain's decimator compensator takes out.
std::vector<BiquadCoefficients> DigitalWeighting(Lamp lamp, double sample_rate_hz);

// |F(j 2 pi f)| of the analog reference, for tests.
double AnalogWeightingGain(Lamp lamp, double f_hz);

}  // namespace pqa::flicker

#endif  // PQA_HOST_FLICKER_WEIGHTING_FILTER_H_
