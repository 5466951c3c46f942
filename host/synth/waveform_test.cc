#include "host/synth/waveform.h"

#include <cmath>
#include <numbers>
#include <vector>

#include "gtest/gtest.h"

namespace pqa::synth {
namespace {

std::vector<double> Render(const WaveformSpec& spec) {
  WaveformGenerator gen(spec);
  std::vector<double> out(spec.total_frames() * spec.channels());
  std::size_t done = 0;
  // Odd block size: block boundaries must not disturb the waveform.
  while (std::size_t n = gen.Generate(out.data() + done * spec.channels(), 777)) done += n;
  EXPECT_EQ(done, spec.total_frames());
  return out;
}

double Rms(const std::vector<double>& x, std::size_t channels, std::size_t ch, std::size_t from,
           std::size_t to) {
  double s = 0;
  for (std::size_t i = from; i < to; ++i) s += x[i * channels + ch] * x[i * channels + ch];
  return std::sqrt(s / static_cast<double>(to - from));
}

TEST(WaveformGenerator, RmsFollowsTheDeclaredContent) {
  WaveformSpec spec;
  spec.sample_rate_hz = 15360;
  spec.duration_s = 1.0;  // 60 whole cycles
  spec.nominal_voltage_v = 127;
  spec.magnitude_pu = {1.0, 0.95, 1.05};
  spec.harmonics = {{5, 0.04, 0}, {7, 0.03, 30}};
  const auto x = Render(spec);
  const double content = std::sqrt(1 + 0.04 * 0.04 + 0.03 * 0.03);
  for (int p = 0; p < 3; ++p) {
    EXPECT_NEAR(Rms(x, 3, p, 0, spec.total_frames()), 127 * spec.magnitude_pu[p] * content, 1e-6)
        << "phase " << p;
  }
}

TEST(WaveformGenerator, VariationScalesOnlyItsPhasesAndInterval) {
  WaveformSpec spec;
  spec.duration_s = 1.0;
  spec.variations = {{0.5, 0.25, 0.4, {true, false, false}}};
  const auto x = Render(spec);
  const std::size_t a = 0.5 * 15360, b = 0.75 * 15360;
  EXPECT_NEAR(Rms(x, 3, 0, a, b), 0.4 * 127, 1e-6);
  EXPECT_NEAR(Rms(x, 3, 1, a, b), 127, 1e-6);
  EXPECT_NEAR(Rms(x, 3, 0, 0, a), 127, 1e-6);
}

TEST(WaveformGenerator, FrequencyStepKeepsThePhaseContinuous) {
  WaveformSpec spec;
  spec.duration_s = 0.5;
  spec.frequency_steps = {{0.2501, 59.5}};
  const auto x = Render(spec);
  // The largest change between samples of a continuous sine is 2 pi f / fs of its peak.
  const double peak = std::sqrt(2.0) * 127;
  const double max_step = peak * 2 * std::numbers::pi * 60.0 / 15360 * 1.0001;
  for (std::size_t i = 1; i < spec.total_frames(); ++i) {
    ASSERT_LE(std::abs(x[i * 3] - x[(i - 1) * 3]), max_step) << "at frame " << i;
  }
}

TEST(WaveformGenerator, InterharmonicStaysContinuousAcrossCycleWraps) {
  WaveformSpec spec;
  spec.duration_s = 0.2;
  spec.harmonics = {{7.5, 0.5, 0}};
  const auto x = Render(spec);
  const double peak = std::sqrt(2.0) * 127;
  const double max_step = peak * 2 * std::numbers::pi / 15360 * (60.0 + 0.5 * 450.0) * 1.001;
  for (std::size_t i = 1; i < spec.total_frames(); ++i) {
    ASSERT_LE(std::abs(x[i * 3] - x[(i - 1) * 3]), max_step) << "at frame " << i;
  }
}

// Mean of x_a * x_b over [from, to): the active power of a voltage and a current.
double MeanProduct(const std::vector<double>& x, std::size_t channels, std::size_t a, std::size_t b,
                   std::size_t from, std::size_t to) {
  double s = 0;
  for (std::size_t i = from; i < to; ++i) s += x[i * channels + a] * x[i * channels + b];
  return s / static_cast<double>(to - from);
}

TEST(WaveformGenerator, CurrentsCarryTheirMagnitudeLagAndHarmonics) {
  WaveformSpec spec;
  spec.duration_s = 1.0;  // 60 whole cycles
  spec.currents = true;
  spec.neutral_current = true;
  spec.phase_current_a = {{120, 100, 80}};
  spec.phase_current_lag_deg = {{30, -20, 0}};
  spec.current_harmonics = {{5, 0.2, 0}, {7, 0.14, 45}};
  const auto x = Render(spec);
  ASSERT_EQ(spec.channels(), 7u);
  const std::size_t n = spec.total_frames();
  const double content = std::sqrt(1 + 0.2 * 0.2 + 0.14 * 0.14);
  for (int p = 0; p < 3; ++p) {
    const double i_rms = spec.CurrentA(p);
    EXPECT_NEAR(Rms(x, 7, 3 + p, 0, n), i_rms * content, 1e-6) << "phase " << p;
    // Harmonics of the current meet no voltage harmonic: P = V I1 cos(lag).
    EXPECT_NEAR(MeanProduct(x, 7, p, 3 + p, 0, n),
                127 * i_rms * std::cos(spec.CurrentLagDeg(p) * std::numbers::pi / 180), 1e-6)
        << "phase " << p;
  }
  // IN = IA + IB + IC, frame by frame.
  for (std::size_t i = 0; i < n; i += 97) {
    EXPECT_NEAR(x[i * 7 + 6], x[i * 7 + 3] + x[i * 7 + 4] + x[i * 7 + 5], 1e-9);
  }
}

TEST(WaveformGenerator, DeltaVAndCurrentsOnlyChannels) {
  WaveformSpec wye;
  wye.duration_s = 0.1;
  wye.currents = true;
  WaveformSpec delta = wye, v = wye, none = wye;
  delta.voltages = VoltageOutput::kDelta;
  v.voltages = VoltageOutput::kV;
  none.voltages = VoltageOutput::kNone;
  const auto y = Render(wye), d = Render(delta), vv = Render(v), c = Render(none);
  ASSERT_EQ(v.channels(), 5u);
  ASSERT_EQ(none.channels(), 3u);
  EXPECT_EQ(v.Labels()[1].id, "VCB");
  EXPECT_EQ(none.Labels()[0].id, "IA");
  for (std::size_t i = 0; i < wye.total_frames(); i += 13) {
    const double* f = &y[i * 6];
    EXPECT_NEAR(d[i * 6 + 0], f[0] - f[1], 1e-9);
    EXPECT_NEAR(d[i * 6 + 1], f[1] - f[2], 1e-9);
    EXPECT_NEAR(d[i * 6 + 2], f[2] - f[0], 1e-9);
    EXPECT_NEAR(vv[i * 5 + 0], f[0] - f[1], 1e-9);
    EXPECT_NEAR(vv[i * 5 + 1], f[2] - f[1], 1e-9);
    EXPECT_NEAR(vv[i * 5 + 2], f[3], 1e-9);
    EXPECT_NEAR(c[i * 3 + 2], f[5], 1e-9);
  }
  // The line-to-line RMS of a balanced set: sqrt(3) times the phase voltage.
  EXPECT_NEAR(Rms(d, 6, 0, 0, delta.total_frames()), std::sqrt(3.0) * 127, 1e-6);
}

TEST(WaveformSpec, ValidateNamesTheField) {
  WaveformSpec spec;
  spec.harmonics = {{200, 0.01, 0}};  // 12 kHz at 15.36 kS/s: above Nyquist
  EXPECT_NE(spec.Validate().message().find("harmonic order 200"), absl::string_view::npos);
  spec.harmonics.clear();
  spec.duration_s = 0;
  EXPECT_FALSE(spec.Validate().ok());
  WaveformSpec neutral_alone;
  neutral_alone.neutral_current = true;
  EXPECT_NE(neutral_alone.Validate().message().find("need currents"), absl::string_view::npos);
  WaveformSpec nothing;
  nothing.voltages = VoltageOutput::kNone;
  EXPECT_NE(nothing.Validate().message().find("no channel"), absl::string_view::npos);
}

}  // namespace
}  // namespace pqa::synth
