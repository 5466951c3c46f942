#include "host/synth/waveform.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <limits>
#include <numbers>
#include <vector>

#include "absl/strings/str_cat.h"

namespace pqa::synth {
namespace {
constexpr double kTwoPi = 2 * std::numbers::pi;
constexpr double kDeg = std::numbers::pi / 180;
}  // namespace

std::size_t WaveformSpec::total_frames() const {
  return static_cast<std::size_t>(std::llround(duration_s * sample_rate_hz));
}

std::size_t WaveformSpec::voltage_channels() const {
  switch (voltages) {
    case VoltageOutput::kWye:
    case VoltageOutput::kDelta:
      return 3;
    case VoltageOutput::kV:
      return 2;
    case VoltageOutput::kNone:
      break;
  }
  return 0;
}

std::vector<ChannelLabel> WaveformSpec::Labels() const {
  std::vector<ChannelLabel> out;
  switch (voltages) {
    case VoltageOutput::kWye:
      out = {{"VA", "A"}, {"VB", "B"}, {"VC", "C"}};
      break;
    case VoltageOutput::kDelta:
      out = {{"VAB", "AB"}, {"VBC", "BC"}, {"VCA", "CA"}};
      break;
    case VoltageOutput::kV:
      out = {{"VAB", "AB"}, {"VCB", "CB"}};
      break;
    case VoltageOutput::kNone:
      break;
  }
  if (currents) {
    for (const char* p : {"A", "B", "C"}) out.push_back({std::string("I") + p, p, true});
    if (neutral_current) out.push_back({"IN", "N", true});
  }
  return out;
}

absl::Status WaveformSpec::Validate() const {
  if (!(sample_rate_hz >= 100 && sample_rate_hz <= 1e6)) {
    return absl::InvalidArgumentError(
        absl::StrCat("sample rate ", sample_rate_hz, " Hz is outside 100 Hz .. 1 MHz"));
  }
  if (!(duration_s > 0)) {
    return absl::InvalidArgumentError(absl::StrCat("duration ", duration_s, " s must be > 0"));
  }
  if (!(frequency_hz > 0 && frequency_hz < sample_rate_hz / 2)) {
    return absl::InvalidArgumentError(
        absl::StrCat("fundamental ", frequency_hz, " Hz must be between 0 and half the rate"));
  }
  if (!(nominal_voltage_v > 0)) {
    return absl::InvalidArgumentError("nominal voltage must be > 0 V");
  }
  for (const Component& c : harmonics) {
    if (!(c.order > 0) || c.order * frequency_hz >= sample_rate_hz / 2) {
      return absl::InvalidArgumentError(absl::StrCat("harmonic order ", c.order,
                                                     " is not below half the sample rate (",
                                                     sample_rate_hz / 2, " Hz)"));
    }
  }
  for (const Variation& v : variations) {
    if (!(v.duration_s > 0) || v.start_s < 0 || v.residual_pu < 0) {
      return absl::InvalidArgumentError(absl::StrCat("variation at ", v.start_s,
                                                     " s: needs start >= 0, duration > 0 and "
                                                     "residual >= 0 pu"));
    }
  }
  if (currents) {
    for (int p = 0; p < 3; ++p) {
      if (!(CurrentA(p) >= 0) || !std::isfinite(CurrentA(p)) || !std::isfinite(CurrentLagDeg(p))) {
        return absl::InvalidArgumentError(absl::StrCat("current of phase ", std::string(1, 'A' + p),
                                                       ": needs RMS >= 0 A and a finite lag"));
      }
    }
    for (const Component& c : current_harmonics) {
      if (!(c.order > 0) || c.order * frequency_hz >= sample_rate_hz / 2) {
        return absl::InvalidArgumentError(absl::StrCat("current harmonic order ", c.order,
                                                       " is not below half the sample rate (",
                                                       sample_rate_hz / 2, " Hz)"));
      }
    }
  } else if (neutral_current || !current_harmonics.empty()) {
    return absl::InvalidArgumentError("a neutral current or current harmonics need currents");
  }
  if (channels() == 0) {
    return absl::InvalidArgumentError("no channel to write: no voltages and no currents");
  }
  double last = 0;
  for (const FrequencyStep& s : frequency_steps) {
    if (s.at_s < last || !(s.frequency_hz > 0)) {
      return absl::InvalidArgumentError("frequency steps must be in increasing time with f > 0");
    }
    last = s.at_s;
  }
  return absl::OkStatus();
}

WaveformGenerator::WaveformGenerator(WaveformSpec spec)
    : spec_(std::move(spec)),
      omega_per_sample_(kTwoPi * spec_.frequency_hz / spec_.sample_rate_hz),
      rng_(spec_.noise_seed) {}

double WaveformGenerator::EnvelopeFor(int phase, double t) const {
  double env = spec_.magnitude_pu[phase];
  for (const Variation& v : spec_.variations) {
    if (v.phases[phase] && t >= v.start_s && t < v.start_s + v.duration_s) env *= v.residual_pu;
  }
  return env;
}

double WaveformGenerator::NextEnvelopeChange(double t) const {
  double next = std::numeric_limits<double>::infinity();
  for (const Variation& v : spec_.variations) {
    for (const double edge : {v.start_s, v.start_s + v.duration_s}) {
      if (edge > t) next = std::min(next, edge);
    }
  }
  return next;
}

double SampledRectangle(double cycles, double half_width_cycles) {
  // The integral of sign(sin(2 pi x)) is a triangle wave of x.
  auto ramp = [](double x) {
    const double f = x - std::floor(x);
    return f < 0.5 ? f : 1 - f;
  };
  return (ramp(cycles + half_width_cycles) - ramp(cycles - half_width_cycles)) /
         (2 * half_width_cycles);
}

double WaveformGenerator::ModulationAt(double t) const {
  const Modulation& m = spec_.modulation;
  if (m.shape == ModulationShape::kNone || m.dvv_pct == 0) return 0;
  const double cycles = m.frequency_hz * t;
  const double shape = m.shape == ModulationShape::kSine
                           ? std::sin(kTwoPi * std::fmod(cycles, 1.0))
                           : SampledRectangle(cycles, m.frequency_hz / spec_.sample_rate_hz / 2);
  return m.dvv_pct / 100 / 2 * shape;
}

std::size_t WaveformGenerator::Generate(double* out, std::size_t max_frames) {
  const std::size_t total = spec_.total_frames();
  const std::size_t n = std::min(max_frames, total - std::min(total, next_frame_));
  const std::size_t ch = spec_.channels();
  const std::size_t nv = spec_.voltage_channels();
  const double peak = std::sqrt(2.0) * spec_.nominal_voltage_v;
  const double noise = spec_.noise_pct / 100 * spec_.nominal_voltage_v;
  // Each component is a phasor turned by a fixed rotation per sample, and
  // re-anchored exactly (one sine and cosine) at the start of every run of
  // at most kRun samples and at every frequency step: the rotation error
  // stays below 1e-12 of the amplitude while a sample costs a complex
  // multiplication per component instead of a library sine.
  constexpr std::size_t kRun = 4096;
  const std::size_t components = 1 + spec_.harmonics.size();
  const std::size_t current_components = spec_.currents ? 1 + spec_.current_harmonics.size() : 0;
  std::vector<std::complex<double>> phasor(3 * components);
  std::vector<std::complex<double>> current_phasor(3 * current_components);
  std::vector<std::complex<double>> turn(components);
  std::vector<std::complex<double>> current_turn(current_components);
  voltage_.resize(3);
  // An anchor: component `c` at this frame, for a fundamental angle `angle`
  // (phase angle, minus the lag for a current). theta_ wraps every cycle; for
  // an interharmonic the wrap count must be carried into its phase or the
  // component would jump at each wrap.
  auto anchor = [&](const Component& c, double angle) {
    const double carried = kTwoPi * std::fmod(c.order * static_cast<double>(cycles_), 1.0);
    return std::polar(c.magnitude_pu, c.order * (theta_ + angle) + carried + c.phase_deg * kDeg);
  };
  std::size_t i = 0;
  while (i < n) {
    const double t0 = static_cast<double>(next_frame_) / spec_.sample_rate_hz;
    while (step_index_ < spec_.frequency_steps.size() &&
           t0 >= spec_.frequency_steps[step_index_].at_s) {
      omega_per_sample_ =
          kTwoPi * spec_.frequency_steps[step_index_].frequency_hz / spec_.sample_rate_hz;
      ++step_index_;
    }
    std::size_t run = std::min(kRun, n - i);
    if (step_index_ < spec_.frequency_steps.size()) {
      // End the run at the first frame of the next step.
      const double at = spec_.frequency_steps[step_index_].at_s;
      std::size_t k = next_frame_;
      while (k < next_frame_ + run && static_cast<double>(k) / spec_.sample_rate_hz < at) ++k;
      run = k - next_frame_;
    }
    // Anchors: the exact argument of every component at this frame.
    for (int p = 0; p < 3; ++p) {
      const double phi = spec_.angle_deg[p] * kDeg;
      phasor[p * components] = std::polar(1.0, theta_ + phi);
      for (std::size_t h = 0; h < spec_.harmonics.size(); ++h) {
        phasor[p * components + 1 + h] = anchor(spec_.harmonics[h], phi);
      }
      if (spec_.currents) {
        const double current_peak = std::sqrt(2.0) * spec_.CurrentA(p);
        const double angle = phi - spec_.CurrentLagDeg(p) * kDeg;
        current_phasor[p * current_components] = std::polar(current_peak, theta_ + angle);
        for (std::size_t h = 0; h < spec_.current_harmonics.size(); ++h) {
          current_phasor[p * current_components + 1 + h] =
              current_peak * anchor(spec_.current_harmonics[h], angle);
        }
      }
    }
    turn[0] = std::polar(1.0, omega_per_sample_);
    for (std::size_t h = 0; h < spec_.harmonics.size(); ++h) {
      turn[1 + h] = std::polar(1.0, spec_.harmonics[h].order * omega_per_sample_);
    }
    if (spec_.currents) {
      current_turn[0] = turn[0];
      for (std::size_t h = 0; h < spec_.current_harmonics.size(); ++h) {
        current_turn[1 + h] = std::polar(1.0, spec_.current_harmonics[h].order * omega_per_sample_);
      }
    }
    // The envelope only changes where a variation starts or ends: it is
    // taken again (the same product, in the same order) at the first frame
    // at or past the next such instant.
    std::array<double, 3> envelope{};
    double envelope_until = -1;  // envelope holds for t < envelope_until
    for (std::size_t k = 0; k < run; ++k, ++i, ++next_frame_) {
      const double t = static_cast<double>(next_frame_) / spec_.sample_rate_hz;
      const double mod = 1 + ModulationAt(t);
      if (!(t < envelope_until)) {
        for (int p = 0; p < 3; ++p) envelope[p] = EnvelopeFor(p, t);
        envelope_until = NextEnvelopeChange(t);
      }
      double* frame = out + i * ch;
      double neutral = 0;
      for (int p = 0; p < 3; ++p) {
        std::complex<double>* z = &phasor[p * components];
        double v = 0;
        for (std::size_t c = 0; c < components; ++c) {
          v += z[c].imag();
          // z *= turn, written out: the library's complex product checks
          // for infinities on every call (the same value otherwise).
          const double re = z[c].real() * turn[c].real() - z[c].imag() * turn[c].imag();
          const double im = z[c].real() * turn[c].imag() + z[c].imag() * turn[c].real();
          z[c] = {re, im};
        }
        voltage_[p] = peak * envelope[p] * mod * v + (noise > 0 ? noise * gauss_(rng_) : 0.0);
        if (spec_.currents) {
          std::complex<double>* zi = &current_phasor[p * current_components];
          double current = 0;
          for (std::size_t c = 0; c < current_components; ++c) {
            current += zi[c].imag();
            zi[c] *= current_turn[c];
          }
          frame[nv + p] = current;
          neutral += current;
        }
      }
      switch (spec_.voltages) {
        case VoltageOutput::kWye:
          frame[0] = voltage_[0];
          frame[1] = voltage_[1];
          frame[2] = voltage_[2];
          break;
        case VoltageOutput::kDelta:
          frame[0] = voltage_[0] - voltage_[1];
          frame[1] = voltage_[1] - voltage_[2];
          frame[2] = voltage_[2] - voltage_[0];
          break;
        case VoltageOutput::kV:
          frame[0] = voltage_[0] - voltage_[1];
          frame[1] = voltage_[2] - voltage_[1];
          break;
        case VoltageOutput::kNone:
          break;
      }
      if (spec_.neutral_current) frame[nv + 3] = neutral;
      theta_ += omega_per_sample_;
      if (theta_ >= kTwoPi) {
        theta_ -= kTwoPi;
        ++cycles_;
      }
    }
  }
  return n;
}

}  // namespace pqa::synth
