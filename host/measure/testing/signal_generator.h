// Analytic three-phase test signals with known content, generated inside the
// measure tests and benchmark (the independent reference for the engine):
//
//   v_p(t) = sqrt(2) U_p [ sin(theta(t) + phi_p) + sum_h a_h sin(h (theta(t) + phi_p) + psi_h) ]
//            + white Gaussian noise,
//   theta(t) = 2 pi * integral_0^t f(s) ds, f piecewise linear (steps and ramps),
//
// so harmonic h of phase p has RMS a_h U_p exactly, the RMS of the phase is
// U_p sqrt(1 + sum a_h^2), and the number of cycles between two instants is
// known in closed form. Optional phase currents follow the same theta:
//
//   i_p(t) = sqrt(2) I_p [ sin(theta(t) + alpha_p) + sum_h b_h sin(h (theta(t) + alpha_p) + chi_h)
//   ],
//
// so a current lags phase p's voltage by phi_p - alpha_p, and the neutral
// current, when wanted, is i_a + i_b + i_c.
#ifndef PQA_HOST_MEASURE_TESTING_SIGNAL_GENERATOR_H_
#define PQA_HOST_MEASURE_TESTING_SIGNAL_GENERATOR_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include "host/common/time.h"
#include "host/io/sample_source.h"

namespace pqa::measure::testing {

struct Tone {
  int order = 2;            // harmonic order, 2..
  double magnitude_pu = 0;  // RMS relative to the phase's fundamental (0.05 = 5 %)
  double phase_deg = 0;     // psi_h, degrees
};

// The fundamental frequency is `frequency_hz` at t = 0 and then follows the
// points, linearly between them and constant after the last; two points at
// the same instant make a step.
struct FrequencyPoint {
  double at_s = 0;  // seconds from the start of the signal, non-decreasing
  double frequency_hz = 60;
};

struct TestSignal {
  double sample_rate_hz = 15360;  // samples per second per channel
  TimeNs start = 0;               // UTC instant of the first sample
  double frequency_hz = 60;       // fundamental at t = 0, hertz
  std::vector<FrequencyPoint> frequency_profile;
  std::array<double, 3> rms_v = {127, 127, 127};     // fundamental RMS U_p of A, B, C, volts
  std::array<double, 3> angle_deg = {0, -120, 120};  // phi_p, degrees
  std::vector<Tone> harmonics;                       // same relative content on every phase
  double noise_rms_v = 0;                            // per channel, volts
  std::uint32_t seed = 1;
  // Channels IA, IB, IC (3, 4, 5) when `currents`, then IN (6) when `neutral`.
  bool currents = false;
  bool neutral = false;
  std::array<double, 3> rms_a = {0, 0, 0};                   // fundamental RMS I_p, amperes
  std::array<double, 3> current_angle_deg = {0, -120, 120};  // alpha_p, degrees
  std::vector<Tone> current_harmonics;                       // b_h, chi_h; same on every phase
};

class SignalGenerator {
 public:
  explicit SignalGenerator(TestSignal signal);

  // The next `frames` frames (channels VA, VB, VC[, IA, IB, IC[, IN]]),
  // contiguous with the last block.
  io::SampleBlock Next(std::size_t frames);
  // Advances by `frames` frames without output: the next block starts after a gap.
  void Skip(std::size_t frames) { next_frame_ += frames; }

  // Fundamental cycles elapsed from t = 0 to `t_s` seconds (theta / 2 pi).
  double CyclesAt(double t_s) const;
  // Fundamental frequency at `t_s`, hertz.
  double FrequencyAt(double t_s) const;
  // Seconds from the start to the UTC instant t.
  double SecondsAt(TimeNs t) const { return static_cast<double>(t - signal_.start) * 1e-9; }
  const TestSignal& signal() const { return signal_; }

 private:
  TestSignal signal_;
  std::vector<FrequencyPoint> knots_;  // (0, f0) followed by the profile
  std::vector<double> cycles_at_knot_;
  std::size_t next_frame_ = 0;
  std::mt19937_64 rng_;
  std::normal_distribution<double> gauss_{0.0, 1.0};
};

// Mean frequency over [t0, t1] seconds: cycles / duration, the analytic
// counterpart of the 10-second frequency.
double MeanFrequency(const SignalGenerator& g, double t0_s, double t1_s);

}  // namespace pqa::measure::testing

#endif  // PQA_HOST_MEASURE_TESTING_SIGNAL_GENERATOR_H_
