// Second-order IIR sections designed by the bilinear transform: the building
// block of every recursive filter in the flickermeter. Second-order sections
// keep each pole pair's coefficients well conditioned, which is what lets the
// same structure run in float32 in the HLS kernel.
#ifndef PQA_HOST_FLICKER_BIQUAD_H_
#define PQA_HOST_FLICKER_BIQUAD_H_

#include <complex>
#include <vector>

namespace pqa::flicker {

// H(z) = (b0 + b1 z^-1 + b2 z^-2) / (1 + a1 z^-1 + a2 z^-2).
struct BiquadCoefficients {
  double b0 = 1, b1 = 0, b2 = 0;
  double a1 = 0, a2 = 0;
};

// Analog prototype (n2 s^2 + n1 s + n0) / (d2 s^2 + d1 s + d0), s in rad/s.
struct AnalogBiquad {
  double n2 = 0, n1 = 0, n0 = 1;
  double d2 = 0, d1 = 0, d0 = 1;
};

// Bilinear transform s = c (1 - z^-1) / (1 + z^-1). Plain bilinear uses
// c = 2 fs; c = PrewarpedBilinearConstant(f, fs) makes the digital response
// equal the analog one exactly at f.
BiquadCoefficients Bilinear(const AnalogBiquad& analog, double c);
double PrewarpedBilinearConstant(double match_hz, double sample_rate_hz);

// Sixth-order (order even, 2..12) Butterworth low-pass as order/2 sections,
// prewarped so that the digital -3 dB point is exactly cutoff_hz.
std::vector<BiquadCoefficients> ButterworthLowPass(int order, double cutoff_hz,
                                                   double sample_rate_hz);

// The same analog Butterworth by pole mapping (matched z: each pole p goes
// to e^(p / fs)), one zero at z = -1 per section, unity gain at DC. At low
// rates (fo ~ 400 Hz) its departure from the analog magnitude is smooth in
// f^2 (-0.3 % at 10 Hz, -3.5 % at 33 Hz), unlike the bilinear one's, which
// bends near the cut-off (+0.5 % at 30 Hz, -4 % at 40 Hz for 35 Hz), so a
// short FIR can take it out (host/flicker/pinst_chain.h).
std::vector<BiquadCoefficients> MatchedButterworthLowPass(int order, double cutoff_hz,
                                                          double sample_rate_hz);

// Responses at f (Hz), for scaling and tests.
std::complex<double> Response(const BiquadCoefficients& c, double f_hz, double sample_rate_hz);
std::complex<double> Response(const std::vector<BiquadCoefficients>& cascade, double f_hz,
                              double sample_rate_hz);
std::complex<double> Response(const AnalogBiquad& a, double f_hz);

// Transposed direct form II: two state variables per section, no state
// growth for poles near the unit circle.
class BiquadCascade {
 public:
  BiquadCascade() = default;
  explicit BiquadCascade(const std::vector<BiquadCoefficients>& sections);

  double Step(double x) {
    for (Section& s : sections_) {
      const double y = s.c.b0 * x + s.z1;
      s.z1 = s.c.b1 * x - s.c.a1 * y + s.z2;
      s.z2 = s.c.b2 * x - s.c.a2 * y;
      x = y;
    }
    return x;
  }
  void Clear();
  std::vector<BiquadCoefficients> coefficients() const;

 private:
  friend class PinstChain;  // runs several cascades side by side (RunTogether)

  struct Section {
    BiquadCoefficients c;
    double z1 = 0, z2 = 0;
  };
  std::vector<Section> sections_;
};

}  // namespace pqa::flicker

#endif  // PQA_HOST_FLICKER_BIQUAD_H_
