#include "host/flicker/flicker_meter.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <iostream>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/flicker/plt_tracker.h"
#include "host/flicker/standard_tables.h"
#include "host/flicker/test_signal.h"
#include "host/synth/spec_text.h"
#include "host/synth/waveform.h"

namespace pqa::flicker {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;

constexpr TimeNs kT0 = 1'740'960'000 * kNsPerSecond;  // 2025-03-03T00:00:00Z, a 2-hour boundary

// Feeds the signal from `from` (inclusive) to `to` (exclusive) in blocks;
// `shape`, when given, changes each block first (its first sample's index
// counted from `from`, its samples).
void Feed(FlickerMeter& meter, const ModulatedSine& signal, TimeNs from, TimeNs to,
          const std::function<void(std::int64_t, std::vector<double>&)>& shape = {}) {
  const double rate = meter.config().sample_rate_hz;
  const double period_ns = 1e9 / rate;
  const auto total = static_cast<std::int64_t>(std::ceil((to - from) / period_ns - 1e-6));
  std::vector<double> block;
  constexpr std::int64_t kBlock = 8192;
  for (std::int64_t k = 0; k < total; k += kBlock) {
    const TimeNs first = from + std::llround(k * period_ns);
    const auto n = static_cast<std::size_t>(std::min(kBlock, total - k));
    signal.Fill(first, rate, n, block);
    if (shape) shape(k, block);
    meter.Process(first, block.data(), n);
  }
}

FlickerMeter MakeMeter(double rate, double supply, Lamp lamp, double settling_s = 120) {
  FlickerConfig config;
  config.sample_rate_hz = rate;
  config.supply_hz = supply;
  config.lamp = lamp;
  config.settling_s = settling_s;
  absl::StatusOr<FlickerMeter> meter = FlickerMeter::Create(config);
  EXPECT_TRUE(meter.ok()) << meter.status();
  return *std::move(meter);
}

// ---------------------------------------------------------------------------
// IEC 61000-4-15 Ed. 2 Tables 1, 2 and 5 (flicker-constants.md).

std::string LampName(Lamp lamp) { return lamp == Lamp::k230V ? "230V" : "120V"; }

using TableCase = std::tuple<Table, Combination, double /*sample rate, Hz*/>;

class StandardTable : public ::testing::TestWithParam<TableCase> {};

// Tables 1 and 2: Pinst,max = 1 within +-8 % (IEC 61000-4-15 class F1).
// Each row: 20 s to settle, then the maximum over 10 s (>= 5 modulation periods).
TEST_P(StandardTable, EveryRowGivesTheTabulatedSeverity) {
  const auto [table, combination, rate] = GetParam();
  const std::vector<double> f = Frequencies(table, combination.supply_hz);
  const std::vector<double> dvv = Dvv(table, combination);
  ASSERT_EQ(f.size(), dvv.size()) << "table transcription";
  double worst = 0;  // largest |severity - 1|, printed for the record
  std::string worst_row;
  auto note = [&](double severity, const std::string& row) {
    if (std::abs(severity - 1) >= worst) {
      worst = std::abs(severity - 1);
      worst_row = absl::StrCat(row, ": ", severity);
    }
  };
  for (size_t i = 0; i < f.size(); ++i) {
    ModulatedSine signal;
    signal.supply_hz = combination.supply_hz;
    signal.modulation =
        table == Table::kSinusoidalPinst ? Modulation::kSinusoidal : Modulation::kRectangular;
    signal.modulation_hz = f[i];
    signal.dvv_percent = dvv[i];
    const std::string row = absl::StrCat("fm=", f[i], " Hz dV/V=", dvv[i], " %");
    if (table == Table::kRectangularPst) {
      // Table 5: Pst = 1.00 +-5 %; 2 minutes of settling, then the 10-minute
      // interval that starts at modulation phase 0.
      FlickerMeter meter = MakeMeter(rate, combination.supply_hz, combination.lamp);
      const TimeNs interval = kT0 + kTenMinutesNs;
      signal.phase_origin = interval;
      Feed(meter, signal, interval - 120 * kNsPerSecond, interval + kTenMinutesNs);
      meter.Flush();
      const std::vector<PstResult> results = meter.TakeResults();
      ASSERT_EQ(results.size(), 2u) << row;
      EXPECT_FALSE(results[0].valid) << row << ": the settling period is not a valid Pst";
      EXPECT_EQ(results[1].interval_start, interval) << row;
      EXPECT_TRUE(results[1].valid) << row;
      EXPECT_NEAR(results[1].pst, 1.0, 0.05) << row;
      note(results[1].pst, row);
    } else {
      FlickerMeter meter = MakeMeter(rate, combination.supply_hz, combination.lamp, 20);
      Feed(meter, signal, kT0, kT0 + 30 * kNsPerSecond);
      const double pinst_max = meter.TakeMaxPinst();
      EXPECT_NEAR(pinst_max, 1.0, 0.08) << row;
      note(pinst_max, row);
    }
  }
  std::cout << "worst row " << worst_row << "\n";
}

std::string CaseName(const ::testing::TestParamInfo<TableCase>& info) {
  const auto [table, c, rate] = info.param;
  const char* names[] = {"Table1Sinusoidal", "Table2Rectangular", "Table5Pst"};
  std::string rate_name = absl::StrCat(std::llround(rate * 10));
  return absl::StrCat(names[static_cast<int>(table)], "_", LampName(c.lamp), "_",
                      static_cast<int>(c.supply_hz), "Hz_", rate_name, "dHz");
}

constexpr Combination k230V50{Lamp::k230V, 50};
constexpr Combination k120V60{Lamp::k120V, 60};
constexpr Combination k120V50{Lamp::k120V, 50};
constexpr Combination k230V60{Lamp::k230V, 60};

// 2 kHz (the lowest rate: 33.3 samples per 60 Hz cycle, decimation 5),
// 3.2 kHz (53.3 samples per 60 Hz cycle), 15.36 kHz (307.2 per 50 Hz cycle),
// and 10,417.3 Hz, a rate that is not even a whole number of hertz.
INSTANTIATE_TEST_SUITE_P(Table1, StandardTable,
                         ::testing::Combine(::testing::Values(Table::kSinusoidalPinst),
                                            ::testing::Values(k230V50, k120V60, k120V50, k230V60),
                                            ::testing::Values(2000.0, 3200.0, 15360.0, 10417.3)),
                         CaseName);
INSTANTIATE_TEST_SUITE_P(Table2, StandardTable,
                         ::testing::Combine(::testing::Values(Table::kRectangularPinst),
                                            ::testing::Values(k230V50, k120V60),
                                            ::testing::Values(2000.0, 3200.0, 15360.0, 10417.3)),
                         CaseName);
// Table 5 needs 12 minutes of signal per row: every row at 2 kHz, 3.2 kHz
// and 15.36 kHz; 25.6 kHz (the top of the range) for the 230 V / 50 Hz rows.
INSTANTIATE_TEST_SUITE_P(Table5, StandardTable,
                         ::testing::Combine(::testing::Values(Table::kRectangularPst),
                                            ::testing::Values(k230V50, k120V60),
                                            ::testing::Values(2000.0, 3200.0, 15360.0)),
                         CaseName);
INSTANTIATE_TEST_SUITE_P(Table5TopRate, StandardTable,
                         ::testing::Combine(::testing::Values(Table::kRectangularPst),
                                            ::testing::Values(k230V50), ::testing::Values(25600.0)),
                         CaseName);

// ---------------------------------------------------------------------------

TEST(FlickerMeter, SteadySineGivesNegligiblePst) {
  for (double supply : {50.0, 60.0}) {
    FlickerMeter meter = MakeMeter(15360, supply, Lamp::kForSupply);
    ModulatedSine signal;
    signal.supply_hz = supply;
    Feed(meter, signal, kT0 + 8 * kNsPerMinute, kT0 + 20 * kNsPerMinute);
    meter.Flush();
    const std::vector<PstResult> results = meter.TakeResults();
    ASSERT_EQ(results.size(), 2u);
    EXPECT_TRUE(results[1].valid);
    EXPECT_LT(results[1].pst, 0.05) << supply << " Hz";
  }
}

TEST(FlickerMeter, PstDoesNotDependOnVoltageLevel) {
  // The input adaptor normalises: 127 V and 13.8 kV give the same Pst.
  double pst[2];
  int i = 0;
  for (double amplitude : {127 * std::sqrt(2.0), 13800 * std::sqrt(2.0)}) {
    FlickerMeter meter = MakeMeter(3200, 60, Lamp::kForSupply);
    ModulatedSine signal{amplitude,  60,    Modulation::kRectangular,
                         39.0 / 120, 1.040, kT0 + kTenMinutesNs};
    Feed(meter, signal, kT0 + 8 * kNsPerMinute, kT0 + 20 * kNsPerMinute);
    meter.Flush();
    pst[i++] = meter.TakeResults().back().pst;
  }
  EXPECT_NEAR(pst[0], 1.0, 0.05);
  EXPECT_NEAR(pst[1], pst[0], 1e-6);
}

TEST(FlickerMeter, IntervalsAreClockAlignedAndValidOnlyWhenFullyMeasuredAfterSettling) {
  FlickerMeter meter = MakeMeter(3200, 60, Lamp::kForSupply);
  ModulatedSine signal{180, 60, Modulation::kRectangular, 110.0 / 120, 0.844, kT0};
  // Start at 00:05 (settled from 00:07), run to 00:25:30, a 1 s gap, then to 00:40.
  Feed(meter, signal, kT0 + 5 * kNsPerMinute, kT0 + 25 * kNsPerMinute + 30 * kNsPerSecond);
  Feed(meter, signal, kT0 + 25 * kNsPerMinute + 31 * kNsPerSecond, kT0 + 40 * kNsPerMinute);
  meter.Flush();
  const std::vector<PstResult> r = meter.TakeResults();
  ASSERT_EQ(r.size(), 4u);
  for (int k = 0; k < 4; ++k) EXPECT_EQ(r[k].interval_start, kT0 + k * kTenMinutesNs);
  EXPECT_FALSE(r[0].valid);  // started at 00:05
  EXPECT_NEAR(r[0].measured_s, 180, 0.01);
  EXPECT_TRUE(r[1].valid);
  EXPECT_NEAR(r[1].measured_s, 600, 0.01);
  EXPECT_NEAR(r[1].pst, 1.0, 0.05);
  EXPECT_FALSE(r[2].valid);  // the gap at 00:25:30
  EXPECT_TRUE(r[3].valid);   // settled again at 00:27:31
  EXPECT_NEAR(r[3].pst, 1.0, 0.05);
}

TEST(FlickerMeter, PstOfASagDoesNotDependOnWhereItFallsOnThePinstGrid) {
  // A sag's Pst is almost all P0.1, the level exceeded during 0.6 s of a
  // transient that moves two classes per Pinst value of blocks 1-4 (about
  // 400 Hz). The same sag moved by whole cycles of the supply is the same
  // signal for the standard, but it falls elsewhere on that grid: at
  // 12 kS/s a cycle is 200 samples and a Pinst value 30, so moving it by 0,
  // 1 and 2 cycles tries three grid phases with samples that are exact
  // copies of each other. Its Pst must stay within half a class of the
  // histogram (10^(8/4096) - 1 = 0.45 % wide).
  constexpr double kRate = 12000;
  constexpr std::int64_t kCycle = 200;  // samples per 60 Hz cycle
  constexpr double kHalfClass = 0.00225;
  std::vector<double> pst;
  for (std::int64_t cycles = 0; cycles < 3; ++cycles) {
    FlickerMeter meter = MakeMeter(kRate, 60, Lamp::kForSupply);
    ModulatedSine signal{127 * std::sqrt(2.0), 60, Modulation::kNone, 0, 0, kT0};
    // 0.25 s at 55 % of the voltage, 00:17 and `cycles` cycles, from 30 degrees into a cycle.
    const std::int64_t sag_from = static_cast<std::int64_t>(12 * 60 * kRate) + 17 + cycles * kCycle;
    const std::int64_t sag_to = sag_from + static_cast<std::int64_t>(0.25 * kRate);
    Feed(meter, signal, kT0 + 5 * kNsPerMinute, kT0 + 20 * kNsPerMinute,
         [&](std::int64_t k, std::vector<double>& block) {
           for (std::size_t i = 0; i < block.size(); ++i) {
             const std::int64_t index = k + static_cast<std::int64_t>(i);
             if (index >= sag_from && index < sag_to) block[i] *= 0.55;
           }
         });
    meter.Flush();
    const std::vector<PstResult> r = meter.TakeResults();
    ASSERT_EQ(r.size(), 2u);
    ASSERT_TRUE(r[1].valid);
    EXPECT_NEAR(r[1].measured_s, 600, 0.01);
    pst.push_back(r[1].pst);
  }
  const auto [low, high] = std::minmax_element(pst.begin(), pst.end());
  EXPECT_GT(*low, 2.0);  // a sag, not the steady sine's Pst
  EXPECT_LT(*high / *low - 1, kHalfClass) << "lowest " << *low << ", highest " << *high;
}

// The Tuesday sag of `pqa demo` (host/cli/demo_command.cc DemoSpec) on
// phase A: 127 V, 60 Hz with its harmonics and a rectangular 110 CPM
// fluctuation of 0.6 %, and 0.25 s at 0.55 pu from 10:15:20.004 UTC, at the
// demo's 2 kS/s from 10:00 (the supply and the modulation at the same phase
// as in the demo, whose recording starts 34 h 10 min earlier). Its Pst is
// almost all P0.1, on the sag's transient. tools/flicker_reference.py runs
// the standard's analog blocks in float64 at 32 kS/s on these 2 kS/s samples
// (band-limited) with an exact classifier: Pst 7.186977 (7.185387 on the
// waveform itself, whose sag edges the 2 kS/s samples cannot place exactly).
// The meter must stay within half a histogram class of it (the classes are
// 0.45 % of Pinst wide, Pst goes with its square root): far inside class
// F1's 5 %, and five times what the meter is off today (+0.02 %: blocks 1-4
// on the transient, among it the adaptor's division after the
// demodulation low-pass instead of before).
TEST(FlickerMeter, DemoSagPstFollowsAnAnalogChainReference) {
  constexpr double kReferencePst = 7.186977;
  constexpr double kHalfClassOfPst = 0.0045 / 4;
  synth::WaveformSpec spec;
  spec.sample_rate_hz = 2000;
  spec.start = *ParseRfc3339("2025-03-04T10:00:00Z");
  spec.duration_s = 1200;
  spec.frequency_hz = 60;
  spec.nominal_voltage_v = 127;
  spec.harmonics = *synth::ParseHarmonics("3:1.5,5:4,7:3@30,11:1.2,13:0.8");
  spec.modulation = *synth::ParseModulation("rect-cpm:110:0.6");
  spec.variations.push_back({920.004, 0.25, 0.55, {true, false, false}});
  FlickerMeter meter = MakeMeter(spec.sample_rate_hz, 60, Lamp::kForSupply);
  synth::WaveformGenerator generator(spec);
  std::vector<double> frames(3 * 8192);
  std::int64_t done = 0;
  while (const std::size_t n = generator.Generate(frames.data(), 8192)) {
    meter.Process(spec.start + done * 500'000, frames.data(), n, 3);  // phase A
    done += static_cast<std::int64_t>(n);
  }
  meter.Flush();
  const std::vector<PstResult> r = meter.TakeResults();
  ASSERT_EQ(r.size(), 2u);
  ASSERT_TRUE(r[1].valid);
  EXPECT_EQ(r[1].interval_start, *ParseRfc3339("2025-03-04T10:10:00Z"));
  EXPECT_NEAR(r[1].pst, kReferencePst, kHalfClassOfPst * kReferencePst);
  std::cout << "demo sag Pst " << r[1].pst << " (reference " << kReferencePst << ")\n";
}

TEST(FlickerMeter, TwoHoursOfSteadyFlickerGivePltEqualToPst) {
  // Table 5 row (230 V, 50 Hz, 110 CPM) for 2 h 2 min, in blocks of 0.1 s:
  // twelve valid Pst of 1.00 +-5 %, so Plt = 1.00 +-5 % on the clock-aligned
  // 2-hour interval.
  FlickerMeter meter = MakeMeter(3200, 50, Lamp::kForSupply);
  ModulatedSine signal{325, 50, Modulation::kRectangular, 110.0 / 120, 0.722, kT0};
  PltTracker plt;
  for (TimeNs t = kT0 - 2 * kNsPerMinute; t < kT0 + kTwoHoursNs; t += kNsPerSecond / 10) {
    std::vector<double> x;
    signal.Fill(t, 3200, 320, x);
    meter.Process(t, x.data(), x.size());
    for (const PstResult& r : meter.TakeResults()) {
      if (r.interval_start < kT0) continue;  // the settling interval
      EXPECT_TRUE(r.valid) << FormatRfc3339(r.interval_start);
      EXPECT_NEAR(r.pst, 1.0, 0.05) << FormatRfc3339(r.interval_start);
      ASSERT_TRUE(plt.Add(r).ok());
    }
  }
  meter.Flush();
  for (const PstResult& r : meter.TakeResults()) ASSERT_TRUE(plt.Add(r).ok());
  const std::vector<PltResult> fixed = plt.TakeFixed();
  ASSERT_EQ(fixed.size(), 1u);
  EXPECT_EQ(fixed[0].interval_start, kT0);
  EXPECT_TRUE(fixed[0].valid);
  EXPECT_NEAR(fixed[0].plt, 1.0, 0.05);
}

TEST(FlickerMeter, GapAtABoundaryKeepsTheIntervalBeforeIt) {
  FlickerMeter meter = MakeMeter(3200, 50, Lamp::kForSupply);
  ModulatedSine signal;
  Feed(meter, signal, kT0, kT0 + 20 * kNsPerMinute);  // ends exactly at 00:20
  Feed(meter, signal, kT0 + 30 * kNsPerMinute, kT0 + 31 * kNsPerMinute);
  const std::vector<PstResult> r = meter.TakeResults();
  ASSERT_EQ(r.size(), 2u);
  EXPECT_FALSE(r[0].valid);
  EXPECT_TRUE(r[1].valid);
  EXPECT_EQ(r[1].interval_start, kT0 + kTenMinutesNs);
}

TEST(FlickerMeter, ResetRestartsSettling) {
  FlickerMeter meter = MakeMeter(3200, 50, Lamp::kForSupply, 10);
  ModulatedSine signal;
  Feed(meter, signal, kT0, kT0 + 11 * kNsPerSecond);
  EXPECT_TRUE(meter.settled());
  meter.Reset();
  EXPECT_FALSE(meter.settled());
  Feed(meter, signal, kT0 + 11 * kNsPerSecond, kT0 + 20 * kNsPerSecond);
  EXPECT_FALSE(meter.settled());
  Feed(meter, signal, kT0 + 20 * kNsPerSecond, kT0 + 22 * kNsPerSecond);
  EXPECT_TRUE(meter.settled());
}

TEST(FlickerMeter, NonFiniteSampleIsTreatedAsAGap) {
  FlickerMeter meter = MakeMeter(3200, 50, Lamp::kForSupply, 5);
  ModulatedSine signal{325, 50, Modulation::kSinusoidal, 8.8, 0.25, kT0};
  std::vector<double> x;
  signal.Fill(kT0, 3200, 3200 * 20, x);
  x[3200 * 8] = std::nan("");
  meter.Process(kT0, x.data(), 3200 * 9);
  EXPECT_FALSE(meter.settled());
  meter.Process(kT0 + 9 * kNsPerSecond, x.data() + 3200 * 9, 3200 * 11);
  EXPECT_TRUE(meter.settled());
  EXPECT_NEAR(meter.TakeMaxPinst(), 1.0, 0.08);  // and the filters were not poisoned
}

TEST(FlickerMeter, StrideSelectsOneChannelOfAFrameMajorBlock) {
  constexpr double kRate = 3200;
  ModulatedSine steady{325, 50};
  ModulatedSine flicker{325, 50, Modulation::kSinusoidal, 8.8, 0.25, kT0};
  std::vector<double> a, b;
  const std::size_t n = 30 * kRate;
  steady.Fill(kT0, kRate, n, a);
  flicker.Fill(kT0, kRate, n, b);
  std::vector<double> frames(3 * n);
  for (std::size_t i = 0; i < n; ++i) {
    frames[3 * i] = a[i];
    frames[3 * i + 1] = b[i];
    frames[3 * i + 2] = -a[i];
  }
  double max_pinst[3];
  for (int ch = 0; ch < 3; ++ch) {
    FlickerMeter meter = MakeMeter(kRate, 50, Lamp::kForSupply, 20);
    meter.Process(kT0, frames.data() + ch, n, 3);
    max_pinst[ch] = meter.TakeMaxPinst();
  }
  EXPECT_LT(max_pinst[0], 0.01);
  EXPECT_NEAR(max_pinst[1], 1.0, 0.08);
  EXPECT_LT(max_pinst[2], 0.01);
}

// ProcessTogether() is three Process() calls run side by side: every Pinst
// (value and instant) and every Pst the same bit for bit, through the start,
// a gap, a non-finite sample on one phase only (which restarts that phase
// alone) and blocks of odd lengths, at a decimating rate and at 2 kS/s.
// Meters without an observer (which take OnPinst's quiet path between
// interval ends and settling instants) give the same Pst bit for bit.
TEST(FlickerMeter, PhasesProcessedTogetherGiveWhatEachGivesAlone) {
  for (const double rate : {3840.0, 2000.0}) {
    SCOPED_TRACE(rate);
    const std::vector<ModulatedSine> phases = {
        {180, 60, Modulation::kRectangular, 110.0 / 120, 0.8, kT0},
        {175, 60, Modulation::kSinusoidal, 8.8, 0.3, kT0},
        {185, 60}};
    std::array<FlickerMeter, 3> alone = {MakeMeter(rate, 60, Lamp::kForSupply, 5),
                                         MakeMeter(rate, 60, Lamp::kForSupply, 5),
                                         MakeMeter(rate, 60, Lamp::kForSupply, 5)};
    std::array<FlickerMeter, 3> together = alone;
    std::array<FlickerMeter, 3> quiet = alone;
    using Trace = std::vector<std::pair<TimeNs, double>>;
    std::array<Trace, 3> trace_alone, trace_together;
    for (int p = 0; p < 3; ++p) {
      alone[p].set_pinst_observer([&trace_alone, p](TimeNs t, double v, bool) {
        trace_alone[p].push_back({t, v});
      });
      together[p].set_pinst_observer([&trace_together, p](TimeNs t, double v, bool) {
        trace_together[p].push_back({t, v});
      });
    }
    const double period_ns = 1e9 / rate;
    std::int64_t k = 0;
    std::vector<double> one;
    std::vector<double> frames;
    for (std::size_t block = 0; k < static_cast<std::int64_t>(660 * rate); ++block) {
      const std::size_t n = 997 + 613 * (block % 5);
      if (block == 40) k += static_cast<std::int64_t>(rate / 3);  // a gap of a third of a second
      const TimeNs first = kT0 + std::llround(static_cast<double>(k) * period_ns);
      frames.assign(3 * n, 0.0);
      for (int p = 0; p < 3; ++p) {
        phases[static_cast<std::size_t>(p)].Fill(first, rate, n, one);
        for (std::size_t i = 0; i < n; ++i) frames[3 * i + static_cast<std::size_t>(p)] = one[i];
      }
      if (block == 70) frames[3 * 500 + 1] = std::numeric_limits<double>::quiet_NaN();
      for (int p = 0; p < 3; ++p) alone[p].Process(first, frames.data() + p, n, 3);
      std::array<FlickerMeter*, 3> meters = {&together[0], &together[1], &together[2]};
      std::array<const double*, 3> x = {frames.data(), frames.data() + 1, frames.data() + 2};
      FlickerMeter::ProcessTogether(meters.data(), 3, first, x.data(), n, 3);
      meters = {&quiet[0], &quiet[1], &quiet[2]};
      FlickerMeter::ProcessTogether(meters.data(), 3, first, x.data(), n, 3);
      k += static_cast<std::int64_t>(n);
    }
    for (int p = 0; p < 3; ++p) {
      alone[p].Flush();
      together[p].Flush();
      quiet[p].Flush();
      ASSERT_GT(trace_alone[p].size(), 600 * alone[p].internal_rate_hz() / 2);
      EXPECT_TRUE(trace_alone[p] == trace_together[p]) << "phase " << p;
      const std::vector<PstResult> a = alone[p].TakeResults();
      for (const std::vector<PstResult>& b : {together[p].TakeResults(), quiet[p].TakeResults()}) {
        ASSERT_EQ(a.size(), b.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
          EXPECT_EQ(a[i].interval_start, b[i].interval_start);
          EXPECT_EQ(a[i].pst, b[i].pst);
          EXPECT_EQ(a[i].valid, b[i].valid);
          EXPECT_EQ(a[i].measured_s, b[i].measured_s);
        }
      }
      EXPECT_EQ(alone[p].TakeMaxPinst(), quiet[p].TakeMaxPinst());
    }
  }
}

TEST(FlickerMeter, RejectsInvalidConfiguration) {
  FlickerConfig config;
  config.supply_hz = 55;
  EXPECT_THAT(FlickerMeter::Create(config).status().message(), ::testing::HasSubstr("supply_hz"));
  config.supply_hz = 50;
  config.sample_rate_hz = 100;
  EXPECT_THAT(FlickerMeter::Create(config).status().message(),
              ::testing::HasSubstr("sample_rate_hz"));
  config.sample_rate_hz = std::nan("");
  EXPECT_FALSE(FlickerMeter::Create(config).ok());
}

TEST(FlickerMeter, SampleRateChangeRestarts) {
  FlickerMeter meter = MakeMeter(3200, 50, Lamp::kForSupply, 5);
  ModulatedSine signal{325, 50, Modulation::kSinusoidal, 8.8, 0.25, kT0};
  Feed(meter, signal, kT0, kT0 + 6 * kNsPerSecond);
  EXPECT_TRUE(meter.settled());
  ASSERT_TRUE(meter.SetSampleRate(12800).ok());
  EXPECT_FALSE(meter.settled());
  meter.TakeMaxPinst();
  Feed(meter, signal, kT0 + 6 * kNsPerSecond, kT0 + 20 * kNsPerSecond);
  EXPECT_NEAR(meter.TakeMaxPinst(), 1.0, 0.08);
  EXPECT_FALSE(meter.SetSampleRate(0).ok());
}

}  // namespace
}  // namespace pqa::flicker
