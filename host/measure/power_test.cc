// Currents and power through the measurement engine (issue 17), against
// analytic signals whose content is known: the expected values come from the
// signal definition and the IEEE 1459 formulas evaluated here by hand on the
// declared phasors, never from the engine.
//
// Tolerances (the acceptance, from IEC 61000-4-30 / IEC 62053 class
// 0.2 and IEC 61000-4-7 class I): P and S within 0.2 % of the reading, Q1
// within 0.5 % of S, PF and DPF within 0.003, energies within 0.2 %, current
// subgroups within 5 % of the reading (>= 3 % of nominal) or 0.15 % of
// nominal.
#include "host/measure/power.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <functional>
#include <map>
#include <memory>
#include <numbers>
#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "host/measure/aggregation.h"
#include "host/measure/measurement_engine.h"
#include "host/measure/testing/signal_generator.h"
#include "host/measure/window_rms.h"
#include "host/records/record_validation.h"

namespace pqa::measure {
namespace {

using testing::SignalGenerator;
using testing::TestSignal;
using testing::Tone;

const TimeNs kMidnight = FromCivilDay(2025, 3, 3);
constexpr double kDeg = std::numbers::pi / 180;

// What the engine produced.
struct Measured {
  std::vector<WindowResult> windows;
  std::vector<pqa::v1::Record> records;
  std::vector<pqa::v1::Record> Of(const std::string& interval) const {
    std::vector<pqa::v1::Record> out;
    for (const auto& r : records) {
      if (r.interval() == interval) out.push_back(r);
    }
    return out;
  }
};

class Keeper : public MeasurementObserver {
 public:
  explicit Keeper(Measured& run) : run_(run) {}
  void OnWindow(const WindowResult& w) override { run_.windows.push_back(w); }

 private:
  Measured& run_;
};

// The wiring of the voltage channels 0..2 of a generated block (VA, VB, VC).
enum class Wiring { kWye, kDelta, kV };

void Rewire(io::SampleBlock& b, Wiring wiring) {
  if (wiring == Wiring::kWye) return;
  for (std::size_t i = 0; i < b.frames; ++i) {
    double* f = b.samples.data() + i * b.channels;
    const double va = f[0], vb = f[1], vc = f[2];
    f[0] = va - vb;                                       // VAB
    f[1] = wiring == Wiring::kDelta ? vb - vc : 0;        // VBC (delta) or unused (V)
    f[2] = wiring == Wiring::kDelta ? vc - va : vc - vb;  // VCA (delta) or VCB (V)
  }
}

// Runs `seconds` of `signal` (voltage channels wired as `wiring`) through a
// fresh engine in 0.1 s blocks and finishes it; with `gap_s` > 0 the signal
// stops for that long after the first second (a gap in the recording).
Measured Measure(const EngineConfig& config, const TestSignal& signal, double seconds,
                 Wiring wiring = Wiring::kWye, bool keep_windows = true, double gap_s = 0) {
  Measured run;
  Keeper keeper(run);
  auto e = MeasurementEngine::Create(
      config, [&run](const pqa::v1::Record& r) { run.records.push_back(r); },
      keep_windows ? &keeper : nullptr);
  EXPECT_TRUE(e.ok()) << e.status();
  if (!e.ok()) return run;
  SignalGenerator g(signal);
  const auto total = static_cast<std::size_t>(std::llround(seconds * signal.sample_rate_hz));
  const auto block = static_cast<std::size_t>(0.1 * signal.sample_rate_hz);
  for (std::size_t done = 0; done < total;) {
    const std::size_t n = std::min(block, total - done);
    io::SampleBlock b = g.Next(n);
    Rewire(b, wiring);
    const absl::Status s = (*e)->Process(b);
    EXPECT_TRUE(s.ok()) << s;
    if (!s.ok()) return run;
    done += n;
    if (gap_s > 0 && done == 10 * block)
      g.Skip(static_cast<std::size_t>(gap_s * signal.sample_rate_hz));
  }
  EXPECT_TRUE((*e)->Finish().ok());
  // Whatever the engine writes passes the one record validation.
  for (const pqa::v1::Record& r : run.records) {
    const auto facts = records::ValidateRecord(r);
    EXPECT_TRUE(facts.ok()) << r.interval() << " " << r.start() << ": " << facts.status();
  }
  return run;
}

// The RMS phasor of order h of a generated wave sqrt(2) A [sin(base) + sum
// b_h sin(h base + chi_h)] with base = theta + angle: magnitude A b_h, angle
// h angle + chi_h (sine reference; the same for voltages and currents, so
// products of phasors are those of IEEE 1459).
std::complex<double> Phasor(double rms, double angle_deg, const std::vector<Tone>& tones, int h) {
  if (h == 1) return std::polar(rms, angle_deg * kDeg);
  for (const Tone& t : tones) {
    if (t.order == h) return std::polar(rms * t.magnitude_pu, (h * angle_deg + t.phase_deg) * kDeg);
  }
  return 0;
}

double RmsOf(double rms, const std::vector<Tone>& tones) {
  double content = 1;
  for (const Tone& t : tones) content += t.magnitude_pu * t.magnitude_pu;
  return rms * std::sqrt(content);
}

// IEEE 1459 quantities of one phase from the declared phasors: `v` are the
// phasors of the voltage the current multiplies, order 0..50.
struct ExpectedPhase {
  double v_rms = 0, i_rms = 0;
  double p_w = 0;  // sum over h of Re(V_h conj(I_h))
  double p1_w = 0, q1_var = 0;
  std::vector<double> i_h;  // |I_h|, h = 0..50
  double s_va() const { return v_rms * i_rms; }
  double pf() const { return p_w / s_va(); }
  double dpf() const { return p1_w / std::hypot(p1_w, q1_var); }
};

ExpectedPhase Expect(const std::vector<std::complex<double>>& v, double v_rms, const TestSignal& s,
                     int p) {
  ExpectedPhase e;
  e.v_rms = v_rms;
  e.i_rms = RmsOf(s.rms_a[static_cast<std::size_t>(p)], s.current_harmonics);
  e.i_h.assign(kMaxHarmonicOrder + 1, 0.0);
  for (int h = 1; h <= kMaxHarmonicOrder; ++h) {
    const std::complex<double> i =
        Phasor(s.rms_a[static_cast<std::size_t>(p)],
               s.current_angle_deg[static_cast<std::size_t>(p)], s.current_harmonics, h);
    e.i_h[static_cast<std::size_t>(h)] = std::abs(i);
    const std::complex<double> power = v[static_cast<std::size_t>(h)] * std::conj(i);
    e.p_w += power.real();
    if (h == 1) {
      e.p1_w = power.real();
      e.q1_var = power.imag();
    }
  }
  return e;
}

// Line-to-neutral voltage phasors of phase p, orders 0..50.
std::vector<std::complex<double>> VoltagePhasors(const TestSignal& s, int p) {
  std::vector<std::complex<double>> v(kMaxHarmonicOrder + 1);
  for (int h = 1; h <= kMaxHarmonicOrder; ++h) {
    v[static_cast<std::size_t>(h)] =
        Phasor(s.rms_v[static_cast<std::size_t>(p)], s.angle_deg[static_cast<std::size_t>(p)],
               s.harmonics, h);
  }
  return v;
}

// IEC 61000-4-7 class I current harmonics: 5 % of the reading from 3 % of
// the nominal current, else 0.15 % of nominal.
double CurrentHarmonicTolerance(double true_a, double nominal_a) {
  return true_a >= 0.03 * nominal_a ? 0.05 * true_a : 0.0015 * nominal_a;
}

// Checks every window's current and power fields of phase p.
void CheckWindows(const Measured& run, int p, const ExpectedPhase& e, double nominal_a) {
  ASSERT_GE(run.windows.size(), 4u);
  for (const WindowResult& w : run.windows) {
    const PhaseWindow& pw = w.phases[static_cast<std::size_t>(p)];
    ASSERT_TRUE(w.current_present[static_cast<std::size_t>(p)]);
    EXPECT_NEAR(pw.i_rms_a, e.i_rms, 0.002 * e.i_rms) << "phase " << p;
    for (int h = 1; h <= kMaxHarmonicOrder; ++h) {
      const double expected = e.i_h[static_cast<std::size_t>(h)];
      EXPECT_NEAR(pw.i_subgroups[static_cast<std::size_t>(h)], expected,
                  CurrentHarmonicTolerance(expected, nominal_a))
          << "phase " << p << " order " << h;
    }
    const double s = ApparentPower(pw);
    const std::complex<double> s1 = FundamentalComplexPower(pw);
    EXPECT_NEAR(s, e.s_va(), 0.002 * e.s_va()) << "phase " << p;
    EXPECT_NEAR(pw.p_w, e.p_w, 0.002 * std::abs(e.p_w)) << "phase " << p;
    EXPECT_NEAR(s1.imag(), e.q1_var, 0.005 * e.s_va()) << "phase " << p;
    EXPECT_NEAR(pw.p_w / s, e.pf(), 0.003) << "phase " << p;
    EXPECT_NEAR(s1.real() / std::abs(s1), e.dpf(), 0.003) << "phase " << p;
  }
}

// (nominal Hz, actual Hz, samples per second, current lag in degrees:
// positive lags, inductive; negative leads, capacitive)
using WyeCase = std::tuple<double, double, double, double>;

class WyePower : public ::testing::TestWithParam<WyeCase> {
 protected:
  TestSignal Signal() const {
    const auto [nominal, actual, rate, lag] = GetParam();
    TestSignal s;
    s.sample_rate_hz = rate;
    s.start = kMidnight + 3 * kNsPerSecond;
    s.frequency_hz = actual;
    s.rms_v = {127, 124, 130};
    // Voltage 3rd (no current there: adds to S, not to P) and 5th (meets
    // the current's 5th: harmonic active power).
    s.harmonics = {{3, 0.03, 20}, {5, 0.04, -30}};
    s.currents = true;
    s.rms_a = {100, 80, 60};
    for (std::size_t p = 0; p < 3; ++p) s.current_angle_deg[p] = s.angle_deg[p] - lag;
    s.current_harmonics = {{5, 0.20, 40}, {7, 0.14, -60}, {11, 0.02, 0}};
    return s;
  }
};

TEST_P(WyePower, MatchesIeee1459PerWindow) {
  const auto [nominal, actual, rate, lag] = GetParam();
  const TestSignal s = Signal();
  EngineConfig config;
  config.nominal_frequency_hz = nominal;
  config.current_channels = {3, 4, 5};
  const Measured run = Measure(config, s, 1.5);
  for (int p = 0; p < 3; ++p) {
    const ExpectedPhase e = Expect(VoltagePhasors(s, p), RmsOf(s.rms_v[p], s.harmonics), s, p);
    ASSERT_GT(std::abs(e.p_w - e.p1_w), 0.001 * e.s_va());  // harmonic power present
    CheckWindows(run, p, e, 100);
    for (const WindowResult& w : run.windows) {
      // Wye: the power voltage is the phase voltage itself.
      EXPECT_EQ(w.phases[p].power_v_rms, w.phases[p].rms_v);
      EXPECT_EQ(w.phases[p].power_v_fundamental, w.phases[p].fundamental);
    }
  }
}

// The record of the run (the 150/180-cycle interval Finish() closes) and the
// last window record: means of steady values are those values, and PF, DPF
// and the item-38 factor follow from them.
TEST_P(WyePower, RecordsCarryTheAggregatedCurrentsAndPowers) {
  const auto [nominal, actual, rate, lag] = GetParam();
  const TestSignal s = Signal();
  EngineConfig config;
  config.nominal_frequency_hz = nominal;
  config.current_channels = {3, 4, 5};
  config.emit_window = true;
  const Measured run = Measure(config, s, 1.5, Wiring::kWye, false);
  auto records = run.Of(kInterval150Cycle);
  const auto windows = run.Of(kIntervalWindow);
  ASSERT_EQ(records.size(), 1u);
  ASSERT_FALSE(windows.empty());
  records.push_back(windows.back());
  const double thd = 100 * std::sqrt(0.20 * 0.20 + 0.14 * 0.14 + 0.02 * 0.02);
  for (const pqa::v1::Record& r : records) {
    EXPECT_EQ(r.connection(), "wye");
    EXPECT_EQ(r.current_channels(), 3);
    ASSERT_EQ(r.phases_size(), 3);
    double p_total = 0, q_total = 0, s_total = 0;
    for (int p = 0; p < 3; ++p) {
      const ExpectedPhase e = Expect(VoltagePhasors(s, p), RmsOf(s.rms_v[p], s.harmonics), s, p);
      const pqa::v1::PhaseRecord& pr = r.phases(p);
      EXPECT_NEAR(pr.i_rms_a(), e.i_rms, 0.002 * e.i_rms);
      EXPECT_NEAR(pr.i_fund_a(), s.rms_a[p], 0.002 * s.rms_a[p]);
      // Class I: 5 % of the reading, so of the ratio.
      EXPECT_NEAR(pr.thd_i_pct(), thd, 0.05 * thd);
      ASSERT_EQ(pr.dit_i_pct_size(), kMaxHarmonicOrder - 1);
      EXPECT_NEAR(pr.dit_i_pct(5 - 2), 20, 1.0);
      EXPECT_NEAR(pr.dit_i_pct(7 - 2), 14, 0.7);
      EXPECT_NEAR(pr.dit_i_pct(3 - 2), 0, 0.15);
      EXPECT_NEAR(pr.p_w(), e.p_w, 0.002 * std::abs(e.p_w));
      EXPECT_NEAR(pr.q_var(), e.q1_var, 0.005 * e.s_va());
      EXPECT_NEAR(pr.s_va(), e.s_va(), 0.002 * e.s_va());
      EXPECT_NEAR(pr.pf(), e.pf(), 0.003);
      EXPECT_NEAR(pr.dpf(), e.dpf(), 0.003);
      EXPECT_EQ(pr.dpf() > 0, std::cos(lag * kDeg) > 0);
      p_total += e.p_w;
      q_total += e.q1_var;
      s_total += e.s_va();
    }
    EXPECT_NEAR(r.p_w(), p_total, 0.002 * std::abs(p_total));
    EXPECT_NEAR(r.q_var(), q_total, 0.005 * s_total);
    EXPECT_EQ(r.q_var() > 0, lag > 0);  // inductive when the currents lag
    EXPECT_NEAR(r.s_va(), s_total, 0.002 * s_total);
    EXPECT_NEAR(r.pf(), p_total / std::hypot(p_total, q_total), 0.003);
    EXPECT_EQ(r.demand_size(), 0);  // no quarter hour inside
  }
}

INSTANTIATE_TEST_SUITE_P(SixtyHertz, WyePower,
                         ::testing::Combine(::testing::Values(60.0), ::testing::Values(59.7, 60.2),
                                            ::testing::Values(15360.0),
                                            ::testing::Values(30.0, -35.0)));
INSTANTIATE_TEST_SUITE_P(FiftyHertz, WyePower,
                         ::testing::Combine(::testing::Values(50.0), ::testing::Values(50.0, 50.4),
                                            ::testing::Values(12800.0),
                                            ::testing::Values(25.0, -50.0)));
// 10 kS/s: not a whole number of samples per cycle.
INSTANTIATE_TEST_SUITE_P(OddRate, WyePower, ::testing::Values(WyeCase{60.0, 60.1, 10000.0, 60.0}));

// A three-wire load (the currents add up to zero) on unbalanced voltages:
// per phase against the voltages to the artificial star point, V'_p = V_p -
// V0, and in total against the line-to-neutral voltages themselves (the
// reference point does not matter when the currents add up to zero).
TestSignal ThreeWireSignal(double frequency_hz, double rate) {
  TestSignal s;
  s.sample_rate_hz = rate;
  s.start = kMidnight;
  s.frequency_hz = frequency_hz;
  s.rms_v = {127, 119, 133};
  s.angle_deg = {0, -116, 123};
  s.currents = true;
  const std::complex<double> ia = std::polar(50.0, -30 * kDeg);
  const std::complex<double> ib = std::polar(40.0, -160 * kDeg);
  const std::complex<double> ic = -(ia + ib);
  s.rms_a = {std::abs(ia), std::abs(ib), std::abs(ic)};
  s.current_angle_deg = {std::arg(ia) / kDeg, std::arg(ib) / kDeg, std::arg(ic) / kDeg};
  return s;
}

void CheckThreeWire(const Measured& run, const TestSignal& s) {
  std::complex<double> v0 = 0;
  for (int p = 0; p < 3; ++p) v0 += VoltagePhasors(s, p)[1] / 3.0;
  double total_p = 0;
  for (int p = 0; p < 3; ++p) {
    std::vector<std::complex<double>> v = VoltagePhasors(s, p);
    total_p += Expect(v, std::abs(v[1]), s, p).p_w;
    v[1] -= v0;
    CheckWindows(run, p, Expect(v, std::abs(v[1]), s, p), 50);
  }
  for (const WindowResult& w : run.windows) {
    double p_sum = 0;
    for (const PhaseWindow& pw : w.phases) p_sum += pw.p_w;
    EXPECT_NEAR(p_sum, total_p, 0.002 * std::abs(total_p));
  }
}

// The engine configuration for ThreeWireSignal wired as `wiring` (delta or V).
EngineConfig ThreeWireConfig(Wiring wiring, double nominal_hz) {
  EngineConfig config;
  config.nominal_frequency_hz = nominal_hz;
  config.nominal_voltage_v = 220;
  config.connection = wiring == Wiring::kDelta ? VoltageConnection::kDelta : VoltageConnection::kV;
  if (wiring == Wiring::kV) config.phase_channels = {0, -1, 2};  // VAB, VCB
  config.current_channels = {3, 4, 5};
  return config;
}

TEST(MeasurementEnginePower, DeltaInputTakesTheArtificialStarPoint) {
  const TestSignal s = ThreeWireSignal(59.8, 15360);
  const Measured run = Measure(ThreeWireConfig(Wiring::kDelta, 60), s, 1.5, Wiring::kDelta);
  CheckThreeWire(run, s);
}

TEST(MeasurementEnginePower, TwoElementVInputCompletesTheTriangle) {
  const TestSignal s = ThreeWireSignal(50.3, 12800);
  const Measured run = Measure(ThreeWireConfig(Wiring::kV, 50), s, 1.5, Wiring::kV);
  CheckThreeWire(run, s);
}

// After a gap the segment restarts: every buffer (voltages, currents, star
// point) starts again in step, and the windows after it are right.
TEST(MeasurementEnginePower, ADeltaInputRecoversAfterAGap) {
  const TestSignal s = ThreeWireSignal(60.0, 7680);
  const Measured run =
      Measure(ThreeWireConfig(Wiring::kDelta, 60), s, 3.0, Wiring::kDelta, true, 0.37);
  ASSERT_GE(run.windows.size(), 8u);
  int after_gap = 0;
  for (const WindowResult& w : run.windows) {
    const double t = static_cast<double>(w.start - s.start) * 1e-9;
    EXPECT_FALSE(t > 1.0 && t < 1.37) << t;  // nothing measured in the gap
    after_gap += t > 1.37 ? 1 : 0;
  }
  ASSERT_GE(after_gap, 4);
  CheckThreeWire(run, s);
}

TEST(MeasurementEnginePower, NeutralCurrentIsTheSumOfThePhaseCurrents) {
  TestSignal s;
  s.sample_rate_hz = 15360;
  s.start = kMidnight;
  s.currents = true;
  s.neutral = true;
  s.rms_a = {100, 70, 85};
  s.current_angle_deg = {-20, -150, 95};
  // The 3rd harmonics of the phases add up in the neutral.
  s.current_harmonics = {{3, 0.3, 0}, {5, 0.1, 10}};
  EngineConfig config;
  config.current_channels = {3, 4, 5};
  config.neutral_current_channel = 6;
  const Measured run = Measure(config, s, 1.0);
  double in_sq = 0;
  for (int h = 1; h <= kMaxHarmonicOrder; ++h) {
    std::complex<double> in = 0;
    for (int p = 0; p < 3; ++p)
      in += Phasor(s.rms_a[p], s.current_angle_deg[p], s.current_harmonics, h);
    in_sq += std::norm(in);
  }
  const double in_rms = std::sqrt(in_sq);
  ASSERT_GT(in_rms, 50);
  ASSERT_GE(run.windows.size(), 4u);
  for (const WindowResult& w : run.windows) EXPECT_NEAR(w.in_rms_a, in_rms, 0.002 * in_rms);
}

TEST(MeasurementEnginePower, CurrentsOnlyTrackTheFirstCurrent) {
  TestSignal s;
  s.sample_rate_hz = 12800;
  s.start = kMidnight;
  s.frequency_hz = 49.8;
  s.currents = true;
  s.rms_a = {5, 4, 3};
  s.current_angle_deg = {10, -110, 130};
  s.current_harmonics = {{5, 0.2, 0}, {7, 0.14, 0}};
  EngineConfig config;
  config.nominal_frequency_hz = 50;
  config.phase_channels = {-1, -1, -1};
  config.current_channels = {3, 4, 5};
  const Measured run = Measure(config, s, 1.5);
  ASSERT_GE(run.windows.size(), 5u);
  for (const WindowResult& w : run.windows) {
    EXPECT_TRUE(w.synchronised);
    EXPECT_NEAR(w.frequency_hz, 49.8, 0.01);
    for (int p = 0; p < 3; ++p) {
      const PhaseWindow& pw = w.phases[p];
      EXPECT_FALSE(w.present[p]);
      EXPECT_NEAR(pw.i_rms_a, RmsOf(s.rms_a[p], s.current_harmonics), 0.002 * s.rms_a[p]);
      EXPECT_NEAR(pw.i_subgroups[5], 0.2 * s.rms_a[p], 0.05 * 0.2 * s.rms_a[p]);
      EXPECT_NEAR(pw.i_subgroups[7], 0.14 * s.rms_a[p], 0.05 * 0.14 * s.rms_a[p]);
      EXPECT_EQ(pw.rms_v, 0);
      EXPECT_EQ(pw.p_w, 0);
      EXPECT_EQ(pw.power_v_rms, 0);
    }
  }
}

// Energies and demand over a quarter of an hour that crosses midnight, the
// 10-minute ticks (IEC 61000-4-30 4.5.3 overlaps) and quarter hours.
// Expected: the steady total P and Q1 from the declared phasors times the
// time, and the energy of an interval is its mean power times its length,
// the overlap at each tick counted once.
struct QuadrantCase {
  double lag_deg;  // current lag: 30 imports inductive, 210 exports capacitive
  double minutes;  // run length from 23:59:50
};

class FourQuadrantEnergy : public ::testing::TestWithParam<QuadrantCase> {};

TEST_P(FourQuadrantEnergy, CountsEveryInstantOnceInTheRightQuadrant) {
  const QuadrantCase c = GetParam();
  TestSignal s;
  s.sample_rate_hz = 3840;  // 64 samples per cycle keeps the run short
  s.start = kMidnight - 10 * kNsPerSecond;
  s.frequency_hz = 59.97;
  s.rms_v = {127, 125, 129};
  s.currents = true;
  s.rms_a = {200, 180, 190};
  for (int p = 0; p < 3; ++p) s.current_angle_deg[p] = s.angle_deg[p] - c.lag_deg;
  s.current_harmonics = {{5, 0.2, 0}};
  EngineConfig config;
  config.current_channels = {3, 4, 5};
  config.points_per_window = 2048;
  const Measured run = Measure(config, s, c.minutes * 60, Wiring::kWye, false);

  double p_total = 0, q_total = 0;
  for (int p = 0; p < 3; ++p) {
    const ExpectedPhase e = Expect(VoltagePhasors(s, p), s.rms_v[p], s, p);
    p_total += e.p_w;
    q_total += e.q1_var;
  }
  const bool import = p_total > 0, inductive = q_total > 0;
  ASSERT_EQ(import, std::cos(c.lag_deg * kDeg) > 0);
  const auto ten = run.Of(kInterval10Min);
  ASSERT_GE(ten.size(), 2u);
  const pqa::v1::Record& full = ten[1];  // 00:00-00:10, measured from its tick to the next
  ASSERT_EQ(full.start(), "2025-03-03T00:00:00Z");
  ASSERT_TRUE(full.complete());
  const double hours = 600.0 / 3600;
  EXPECT_NEAR(full.p_w(), p_total, 0.002 * std::abs(p_total));
  EXPECT_NEAR(import ? full.ea_imp_wh() : full.ea_exp_wh(), std::abs(p_total) * hours,
              0.002 * std::abs(p_total) * hours);
  EXPECT_NEAR(inductive ? full.er_ind_varh() : full.er_cap_varh(), std::abs(q_total) * hours,
              0.002 * std::abs(p_total) * hours);
  EXPECT_EQ(import ? full.ea_exp_wh() : full.ea_imp_wh(), 0);
  EXPECT_EQ(inductive ? full.er_cap_varh() : full.er_ind_varh(), 0);
  // Steady power: energy = mean power x 600 s to 1e-4; a window counted
  // twice at a tick would add 0.2 s, 3.3e-4.
  const double ea = import ? full.ea_imp_wh() : -full.ea_exp_wh();
  EXPECT_NEAR(ea / (full.p_w() * hours), 1, 1e-4);
  EXPECT_EQ(full.demand_size(), 0);
  // 64 samples per cycle resolve orders up to 25 (MaxHarmonicOrder).
  ASSERT_EQ(full.max_harmonic_order(), 25);
  EXPECT_EQ(full.phases(0).dit_i_pct_size(), 24);
  EXPECT_NEAR(full.phases(0).dit_i_pct(5 - 2), 20, 1.0);
  EXPECT_NEAR(full.phases(0).thd_i_pct(), 20, 1.0);

  // The 150/180-cycle records of the same interval hold the same energy.
  double ea_150 = 0;
  for (const pqa::v1::Record& r : run.Of(kInterval150Cycle)) {
    if (r.start() >= "2025-03-03T00:00" && r.start() < "2025-03-03T00:10")
      ea_150 += r.ea_imp_wh() - r.ea_exp_wh();
  }
  EXPECT_NEAR(ea_150, ea, 1e-9 * std::abs(ea));

  // The 2-hour record from midnight: the sum of its 10-minute records, and
  // the demand of every quarter hour inside it that was measured.
  const auto two = run.Of(kInterval2Hour);
  ASSERT_EQ(two.size(), 2u);  // 22:00 (ten seconds of it) and 00:00
  const pqa::v1::Record& day = two[1];
  double ea_10 = 0;
  for (const pqa::v1::Record& r : ten) {
    if (r.start() >= "2025-03-03T00:00") ea_10 += r.ea_imp_wh() - r.ea_exp_wh();
  }
  EXPECT_NEAR(day.ea_imp_wh() - day.ea_exp_wh(), ea_10, 1e-9 * std::abs(ea_10));
  const double after_midnight = c.minutes - 10.0 / 60;
  const int quarters = static_cast<int>(std::ceil(after_midnight / 15));
  ASSERT_EQ(day.demand_size(), quarters);
  for (int i = 0; i < quarters; ++i) {
    const pqa::v1::Demand& d = day.demand(i);
    EXPECT_EQ(d.start(), FormatRfc3339(kMidnight + i * 15 * kNsPerMinute, 0));
    EXPECT_NEAR(d.p_w(), p_total, 0.002 * std::abs(p_total));
    EXPECT_NEAR(d.q_var(), q_total, 0.005 * std::hypot(p_total, q_total));
    // The last quarter hour ends after the recording (less the settling of
    // the detector at the start, nothing is missing before).
    EXPECT_EQ(d.complete(), (i + 1) * 15 <= after_midnight) << i;
  }
  // 23:45-00:00 lies inside the 2-hour interval before; ten seconds of it
  // were measured.
  ASSERT_EQ(two[0].demand_size(), 1);
  EXPECT_EQ(two[0].demand(0).start(), "2025-03-02T23:45:00Z");
  EXPECT_FALSE(two[0].demand(0).complete());
  EXPECT_NEAR(two[0].demand(0).p_w(), p_total, 0.002 * std::abs(p_total));
}

INSTANTIATE_TEST_SUITE_P(Quadrants, FourQuadrantEnergy,
                         ::testing::Values(QuadrantCase{30, 16}, QuadrantCase{210, 12}));

// A backend's view (WindowAnalysis): the same double-precision pieces as the
// golden analysis, fed only from the WindowSpan, so that the engine with it
// reproduces the golden windows exactly when the spans carry the currents
// and the star-point voltages a backend needs.
class SpanOnlyAnalysis : public WindowAnalysis {
 public:
  explicit SpanOnlyAnalysis(const WindowAnalysisSpec& spec) : spec_(spec) {}
  absl::Status SetResampler(const SincResampler& resampler, double) override {
    resampler_.emplace(resampler);
    return absl::OkStatus();
  }
  void Analyse(const WindowSpan& span, WindowResult& w) override {
    auto analyzer = HarmonicAnalyzer::Create(spec_.points, spec_.cycles);
    const double step = (span.last - span.first) / static_cast<double>(spec_.points);
    auto transform = [&](const double* x, std::complex<double>& f, SubgroupMagnitudes& sg) {
      ASSERT_GE(span.first - resampler_->half_width(), 0);
      ASSERT_LT(span.last + resampler_->half_width(), static_cast<double>(span.available));
      double* out = (*analyzer)->input();
      resampler_->Resample(&x, 1, span.first, step, spec_.points, &out);
      (*analyzer)->Analyse(f, sg);
    };
    for (std::size_t p = 0; p < kPhases; ++p) {
      PhaseWindow& pw = w.phases[p];
      EXPECT_EQ(span.samples[p] != nullptr, spec_.present[p]);
      EXPECT_EQ(span.currents[p] != nullptr, spec_.current_present[p]);
      if (spec_.present[p]) {
        transform(span.samples[p], pw.fundamental, pw.subgroups);
        pw.rms_v = WindowRms(span.samples[p], span.first, span.last);
      }
      if (!spec_.current_present[p]) continue;
      transform(span.currents[p], pw.i_fundamental, pw.i_subgroups);
      pw.i_rms_a = WindowRms(span.currents[p], span.first, span.last);
      ASSERT_NE(span.power_voltages[p], nullptr);
      pw.p_w = WindowMeanProduct(span.power_voltages[p], span.currents[p], span.first, span.last);
      pw.power_v_rms = WindowRms(span.power_voltages[p], span.first, span.last);
    }
  }

 private:
  WindowAnalysisSpec spec_;
  std::optional<SincResampler> resampler_;
};

TEST(MeasurementEnginePower, BackendsGetTheCurrentsAndStarPointVoltagesInTheirSpans) {
  for (const Wiring wiring : {Wiring::kDelta, Wiring::kV}) {
    const TestSignal s = ThreeWireSignal(60.1, 15360);
    EngineConfig config = ThreeWireConfig(wiring, 60);
    // One transform length for both: a backend's spec takes the kernels'
    // size, the golden analysis would otherwise take the rate's.
    config.points_per_window = kKernelPointsPerWindow;
    const Measured golden = Measure(config, s, 1.2, wiring);
    config.window_analysis = [](const WindowAnalysisSpec& spec) {
      EXPECT_EQ(spec.current_present, (std::array<bool, kPhases>{true, true, true}));
      return absl::StatusOr<std::unique_ptr<WindowAnalysis>>(
          std::make_unique<SpanOnlyAnalysis>(spec));
    };
    const Measured backend = Measure(config, s, 1.2, wiring);
    ASSERT_EQ(backend.windows.size(), golden.windows.size());
    ASSERT_GE(golden.windows.size(), 4u);
    for (std::size_t i = 0; i < golden.windows.size(); ++i) {
      for (std::size_t p = 0; p < kPhases; ++p) {
        const PhaseWindow& a = golden.windows[i].phases[p];
        const PhaseWindow& b = backend.windows[i].phases[p];
        EXPECT_NEAR(b.p_w, a.p_w, 1e-9 * std::abs(a.p_w)) << i << " " << p;
        EXPECT_NEAR(b.i_rms_a, a.i_rms_a, 1e-12 * a.i_rms_a);
        EXPECT_NEAR(b.power_v_rms, a.power_v_rms, 1e-9 * a.power_v_rms);
        EXPECT_NEAR(std::abs(b.i_fundamental - a.i_fundamental), 0, 1e-9 * a.i_rms_a);
        EXPECT_NEAR(std::abs(b.power_v_fundamental - a.power_v_fundamental), 0,
                    1e-9 * a.power_v_rms);
      }
    }
    CheckThreeWire(backend, s);
  }
}

TEST(MeasurementEnginePower, ValidateNamesTheCurrentFieldAtFault) {
  auto error = [](const EngineConfig& c) { return std::string(c.Validate().message()); };
  EngineConfig c;
  c.current_channels = {3, 2, 4};  // channel 2 is VC
  EXPECT_NE(error(c).find("phase_channels[C] and current_channels[B] both use channel 2"),
            std::string::npos)
      << error(c);
  c = {};
  c.current_channels = {3, 4, 5};
  c.neutral_current_channel = 5;
  EXPECT_NE(error(c).find("current_channels[C] and neutral_current_channel"), std::string::npos)
      << error(c);
  c = {};
  c.current_channels = {-2, -1, -1};
  EXPECT_NE(error(c).find("current_channels[A] = -2"), std::string::npos) << error(c);
  c = {};
  c.neutral_current_channel = 3;
  EXPECT_NE(error(c).find("neutral_current_channel"), std::string::npos) << error(c);
  c = {};
  c.phase_channels = {0, -1, -1};
  c.current_channels = {3, 4, -1};
  EXPECT_NE(error(c).find("current_channels[B] = 4 but phase_channels[B] is -1"), std::string::npos)
      << error(c);
  c = {};
  c.connection = VoltageConnection::kV;
  EXPECT_NE(error(c).find("connection v needs phase_channels = {VAB, -1, VCB}"), std::string::npos)
      << error(c);
  c = {};
  c.connection = VoltageConnection::kDelta;
  c.phase_channels = {0, 1, -1};
  c.current_channels = {3, 4, 5};
  EXPECT_NE(error(c).find("connection delta with currents"), std::string::npos) << error(c);
  c.current_channels = {-1, -1, -1};  // delta without currents: the voltages alone
  EXPECT_TRUE(c.Validate().ok()) << c.Validate();
  c = {};
  c.phase_channels = {-1, -1, -1};
  EXPECT_NE(error(c).find("at least one voltage or one phase current"), std::string::npos);
  c.current_channels = {-1, 0, -1};  // currents only
  EXPECT_TRUE(c.Validate().ok()) << c.Validate();

  EngineConfig wide;
  wide.current_channels = {3, 4, 9};
  auto e = MeasurementEngine::Create(wide, nullptr);
  ASSERT_TRUE(e.ok());
  TestSignal s;
  s.currents = true;
  SignalGenerator g(s);
  const absl::Status status = (*e)->Process(g.Next(100));
  EXPECT_NE(status.message().find("current IC is channel 9 but the block has 6 channels"),
            std::string::npos)
      << status;
}

}  // namespace
}  // namespace pqa::measure
