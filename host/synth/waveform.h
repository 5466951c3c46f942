// Analytic three-phase waveforms with known content: the independent
// reference that tests, the demo and the benchmarks measure against.
//
// u_p(t) = env_p(t) * (1 + m(t)) * sum_h sqrt(2) U_p a_h sin(h * theta(t) + h * phi_p + psi_h) +
// noise
//
// theta(t) integrates the (piecewise constant) fundamental frequency, so a
// frequency step keeps the phase continuous; phi_p is the phase angle; a_h
// the relative magnitude of component h (a_1 = 1; h may be fractional for
// interharmonics); m(t) the amplitude modulation used by the flicker tests
// (IEC 61000-4-15: m = dVV/100/2 * sin or sign(sin) of 2 pi f_mod t); env_p the
// residual voltage of sags, swells and interruptions, switched abruptly at
// the requested instant wherever that falls on the wave.
//
// Currents (IEEE 1459 test content), with lambda_p the lag of phase p:
// i_p(t) = sqrt(2) I_p [sin(theta(t) + phi_p - lambda_p) +
//                       sum_h c_h sin(h (theta(t) + phi_p - lambda_p) + psi_h)]
// and, with a neutral channel, i_n = i_a + i_b + i_c (the residual current).
// Voltage channels go out as written (VA, VB, VC), line to line (delta VAB,
// VBC, VCA; V connection VAB, VCB: v_ab = v_a - v_b, v_cb = v_c - v_b), or
// not at all (a currents-only recording).
#ifndef PQA_HOST_SYNTH_WAVEFORM_H_
#define PQA_HOST_SYNTH_WAVEFORM_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "host/common/time.h"

namespace pqa::synth {

struct Component {
  double order = 1;         // multiple of the fundamental (2, 3, ...; 7.5 for an interharmonic)
  double magnitude_pu = 0;  // RMS relative to the fundamental of the phase (0.03 = 3 %)
  double phase_deg = 0;     // phase at t = 0 relative to the fundamental, degrees
};

enum class ModulationShape { kNone, kSine, kRectangular };

struct Modulation {
  ModulationShape shape = ModulationShape::kNone;
  double frequency_hz = 0;  // modulation frequency (CPM / 120 for rectangular changes per minute)
  double dvv_pct = 0;       // relative voltage change dV/V, % peak to peak of the RMS
};

// A sag, swell or interruption: from `start_s` for `duration_s` the listed
// phases carry `residual_pu` of their normal magnitude.
struct Variation {
  double start_s = 0;      // seconds from the start of the recording
  double duration_s = 0;   // seconds (> 0)
  double residual_pu = 1;  // 0.0 (interruption) .. 0.9 (sag) .. 1.2 (swell)
  std::array<bool, 3> phases = {true, true, true};
};

// A step of the fundamental frequency at `at_s` (phase stays continuous).
struct FrequencyStep {
  double at_s = 0;
  double frequency_hz = 60;
};

// Which voltage channels a recording carries (PRODIST Module 5 item 50.4.1
// for the two-element V connection).
enum class VoltageOutput { kWye, kDelta, kV, kNone };

// A channel as the recording names it.
struct ChannelLabel {
  std::string id;     // "VA", "VAB", "IA", "IN"
  std::string phase;  // "A", "AB", "N"...
  bool current = false;
};

struct WaveformSpec {
  double sample_rate_hz = 15360;                     // samples per second per channel
  double duration_s = 60;                            // seconds
  TimeNs start = 0;                                  // instant of the first sample (UTC)
  double frequency_hz = 60;                          // fundamental at t = 0, hertz
  std::vector<FrequencyStep> frequency_steps;        // in increasing at_s
  double nominal_voltage_v = 127;                    // RMS line-to-neutral of a 1.0 pu phase, volts
  std::array<double, 3> magnitude_pu = {1, 1, 1};    // per phase A, B, C
  std::array<double, 3> angle_deg = {0, -120, 120};  // per phase A, B, C, degrees
  std::vector<Component> harmonics;  // besides the fundamental; applied to every phase
  Modulation modulation;             // applied to every phase
  std::vector<Variation> variations;
  double noise_pct = 0;  // white Gaussian noise, RMS, % of nominal voltage
  std::uint32_t noise_seed = 1;
  VoltageOutput voltages = VoltageOutput::kWye;
  bool currents = false;        // also write IA, IB, IC
  double current_a = 100;       // RMS of each current's fundamental, amperes
  double current_lag_deg = 25;  // current lags its voltage by this angle (negative: leads)
  // Per phase A, B, C, overriding the two above when set: fundamental RMS,
  // amperes, and lag, degrees.
  std::optional<std::array<double, 3>> phase_current_a;
  std::optional<std::array<double, 3>> phase_current_lag_deg;
  std::vector<Component> current_harmonics;  // relative to each current's fundamental
  bool neutral_current = false;              // also write IN = IA + IB + IC (needs currents)

  double CurrentA(int phase) const {
    return phase_current_a ? (*phase_current_a)[phase] : current_a;
  }
  double CurrentLagDeg(int phase) const {
    return phase_current_lag_deg ? (*phase_current_lag_deg)[phase] : current_lag_deg;
  }
  std::size_t total_frames() const;
  std::size_t voltage_channels() const;
  std::size_t current_channels() const { return currents ? (neutral_current ? 4 : 3) : 0; }
  std::size_t channels() const { return voltage_channels() + current_channels(); }
  // The channels in frame order: voltages, then IA, IB, IC[, IN].
  std::vector<ChannelLabel> Labels() const;
  absl::Status Validate() const;  // names the offending field
};

// sign(sin(2 pi c)) averaged over [c - w, c + w] (c, w in modulation
// cycles): the rectangular modulation as an integrating converter samples
// it. A point-sampled rectangle aliases its harmonics (k fm folded about the
// sample rate) into the flicker band and decides edge samples by rounding;
// at 3.2 kS/s that moves IEC 61000-4-15 Table 2 results by 5 %.
double SampledRectangle(double cycles, double half_width_cycles);

// Generates the waveform block by block (frame-major, channels as Labels()),
// so a week-long recording never has to fit in memory.
class WaveformGenerator {
 public:
  explicit WaveformGenerator(WaveformSpec spec);

  // Writes up to `max_frames` frames into `out` (channels() values a frame);
  // returns the number written, 0 at the end.
  std::size_t Generate(double* out, std::size_t max_frames);
  std::size_t frames_done() const { return next_frame_; }
  const WaveformSpec& spec() const { return spec_; }

 private:
  double EnvelopeFor(int phase, double t) const;
  // The first start or end of a variation after `t` (infinity if none).
  double NextEnvelopeChange(double t) const;
  double ModulationAt(double t) const;

  WaveformSpec spec_;
  std::size_t next_frame_ = 0;
  std::size_t step_index_ = 0;   // next frequency step to apply
  double theta_ = 0;             // fundamental phase at next_frame_, radians, kept in [0, 2 pi)
  std::uint64_t cycles_ = 0;     // whole fundamental cycles completed (wraps of theta_)
  double omega_per_sample_ = 0;  // radians per sample of the current frequency
  std::vector<double> voltage_;  // one frame's phase voltages (scratch)
  std::mt19937_64 rng_;
  std::normal_distribution<double> gauss_{0.0, 1.0};
};

}  // namespace pqa::synth

#endif  // PQA_HOST_SYNTH_WAVEFORM_H_
