// Synthetic phase voltages with known content for the front end's tests and
// the RTL testbenches: a fundamental of given RMS and frequency, harmonics,
// white noise, and rectangular amplitude steps (sags, swells, interruptions)
// that start and end at arbitrary phase. The analytic truth (RMS during each
// step, its start and end) is what the tests compare against.
#ifndef PQA_HOST_FRONTEND_TEST_SIGNAL_H_
#define PQA_HOST_FRONTEND_TEST_SIGNAL_H_

#include <cstdint>
#include <random>
#include <vector>

namespace pqa::frontend {

struct Harmonic {
  int order = 3;       // multiple of the fundamental, >= 2
  double pu = 0.0;     // amplitude, per unit of the fundamental
  double phase = 0.0;  // radians
};

// The fundamental (and its harmonics) scaled by `pu` from start_s to end_s.
struct AmplitudeStep {
  double start_s = 0;  // seconds from the first sample
  double end_s = 0;    // seconds, > start_s
  double pu = 1.0;     // per unit of the steady RMS
};

struct TestSignal {
  double rms_volts = 230.0;    // steady RMS of the fundamental, V
  double frequency_hz = 60.0;  // fundamental, Hz
  double phase = 0.0;          // radians at t = 0
  std::vector<Harmonic> harmonics;
  std::vector<AmplitudeStep> steps;
  double noise_rms_volts = 0.0;  // white Gaussian noise, V RMS

  // Amplitude factor in force at time t (the last step containing t wins).
  double PuAt(double t) const;
  // Noise-free value at time t, V.
  double Clean(double t) const;
};

// Draws the signal sample by sample, adding the noise from a fixed seed so
// that a run can be repeated exactly.
class TestSignalSampler {
 public:
  TestSignalSampler(const TestSignal& signal, double sample_rate_hz, uint32_t seed);
  double Next();  // V, the sample at index n / sample_rate_hz, n = 0, 1, ...

 private:
  TestSignal signal_;
  double sample_rate_hz_;
  uint64_t n_ = 0;
  std::mt19937 rng_;
  std::normal_distribution<double> noise_;
};

}  // namespace pqa::frontend

#endif  // PQA_HOST_FRONTEND_TEST_SIGNAL_H_
