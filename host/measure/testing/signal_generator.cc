#include "host/measure/testing/signal_generator.h"

#include <cmath>
#include <numbers>
#include <utility>

namespace pqa::measure::testing {

SignalGenerator::SignalGenerator(TestSignal signal) : signal_(std::move(signal)) {
  rng_.seed(signal_.seed);
  knots_.push_back({0.0, signal_.frequency_hz});
  for (const FrequencyPoint& p : signal_.frequency_profile) knots_.push_back(p);
  cycles_at_knot_.push_back(0);
  for (std::size_t i = 1; i < knots_.size(); ++i) {
    // Trapezoid: exact for a linear segment (a step has zero width).
    cycles_at_knot_.push_back(cycles_at_knot_[i - 1] +
                              0.5 * (knots_[i].at_s - knots_[i - 1].at_s) *
                                  (knots_[i].frequency_hz + knots_[i - 1].frequency_hz));
  }
}

double SignalGenerator::FrequencyAt(double t_s) const {
  std::size_t i = 0;
  while (i + 1 < knots_.size() && knots_[i + 1].at_s <= t_s) ++i;
  if (i + 1 == knots_.size()) return knots_[i].frequency_hz;
  const FrequencyPoint& a = knots_[i];
  const FrequencyPoint& b = knots_[i + 1];
  return a.frequency_hz + (b.frequency_hz - a.frequency_hz) * (t_s - a.at_s) / (b.at_s - a.at_s);
}

double SignalGenerator::CyclesAt(double t_s) const {
  std::size_t i = 0;
  while (i + 1 < knots_.size() && knots_[i + 1].at_s <= t_s) ++i;
  const double dt = t_s - knots_[i].at_s;
  return cycles_at_knot_[i] + 0.5 * dt * (knots_[i].frequency_hz + FrequencyAt(t_s));
}

io::SampleBlock SignalGenerator::Next(std::size_t frames) {
  io::SampleBlock b;
  const double rate = signal_.sample_rate_hz;
  const std::size_t channels = signal_.currents ? (signal_.neutral ? 7 : 6) : 3;
  b.sample_rate_hz = rate;
  b.channels = channels;
  b.frames = frames;
  b.start = signal_.start +
            static_cast<TimeNs>(std::llround(static_cast<double>(next_frame_) * 1e9 / rate));
  b.samples.resize(frames * channels);
  const double two_pi = 2 * std::numbers::pi;
  const double deg = std::numbers::pi / 180;
  // sqrt(2) A [sin(base) + sum_h b_h sin(h base + chi_h)].
  auto wave = [deg](double rms, double base, const std::vector<Tone>& tones) {
    double v = std::sin(base);
    for (const Tone& h : tones) v += h.magnitude_pu * std::sin(h.order * base + h.phase_deg * deg);
    return std::numbers::sqrt2 * rms * v;
  };
  for (std::size_t i = 0; i < frames; ++i) {
    const double t = static_cast<double>(next_frame_ + i) / rate;
    // Reduce to [0, 1) cycles before scaling so that hours of signal keep
    // full phase resolution.
    const double cycles = CyclesAt(t);
    const double theta = two_pi * (cycles - std::floor(cycles));
    double* frame = b.samples.data() + i * channels;
    for (std::size_t p = 0; p < 3; ++p) {
      frame[p] = wave(signal_.rms_v[p], theta + signal_.angle_deg[p] * deg, signal_.harmonics);
      if (signal_.noise_rms_v > 0) frame[p] += signal_.noise_rms_v * gauss_(rng_);
    }
    if (!signal_.currents) continue;
    double neutral = 0;
    for (std::size_t p = 0; p < 3; ++p) {
      frame[3 + p] = wave(signal_.rms_a[p], theta + signal_.current_angle_deg[p] * deg,
                          signal_.current_harmonics);
      neutral += frame[3 + p];
    }
    if (signal_.neutral) frame[6] = neutral;
  }
  next_frame_ += frames;
  return b;
}

double MeanFrequency(const SignalGenerator& g, double t0_s, double t1_s) {
  return (g.CyclesAt(t1_s) - g.CyclesAt(t0_s)) / (t1_s - t0_s);
}

}  // namespace pqa::measure::testing
