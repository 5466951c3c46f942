// IEC 61000-4-30 class A measurements through the whole replay path:
// synthesised COMTRADE in, records out. Expected values come from the
// analytic content of the recording; tolerances from the standards:
// - RMS: class A, +-0.1 % of the declared voltage (IEC 61000-4-30 5.2.2);
// - harmonic subgroups: IEC 61000-4-7 class I, +-5 % of the reading where
//   the component is at least 1 % of nominal, +-0.05 % of nominal below;
// - unbalance: +-0.15 percentage points (IEC 61000-4-30 5.7.2, class A);
// - frequency: +-10 mHz (IEC 61000-4-30 5.1.2).
#include <cmath>
#include <complex>
#include <limits>
#include <numbers>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "host/common/time.h"
#include "host/io/comtrade_writer.h"
#include "host/measure/measurement_engine.h"
#include "tests/replay/replay_fixture.h"

namespace pqa::testing {
namespace {

constexpr double kNominalV = 127;

synth::WaveformSpec Distorted(double frequency_hz, double rate_hz, double duration_s) {
  synth::WaveformSpec spec;
  spec.sample_rate_hz = rate_hz;
  spec.duration_s = duration_s;
  spec.start = MondayMidnight();
  spec.frequency_hz = frequency_hz;
  spec.nominal_voltage_v = kNominalV;
  spec.magnitude_pu = {1.0, 0.97, 1.02};
  spec.angle_deg = {0, -118, 121};
  // Above and below the 1 %-of-nominal line of class I, odd, even, triplen,
  // up to order 39, plus an interharmonic that must stay out of the
  // harmonic subgroups (IEC 61000-4-7 5.6: it falls between them).
  spec.harmonics = {{2, 0.012, 10}, {3, 0.025, 40},  {5, 0.05, -30},
                    {7, 0.008, 75}, {11, 0.003, 0},  {13, 0.015, 20},
                    {23, 0.011, 5}, {39, 0.004, 60}, {7.5, 0.004, 0}};
  return spec;
}

// Fundamental phasors' negative- over positive-sequence magnitude, %.
double FortescueFd(const synth::WaveformSpec& spec) {
  const std::complex<double> a = std::polar(1.0, 2 * std::numbers::pi / 3);
  std::complex<double> v[3];
  for (int p = 0; p < 3; ++p) {
    v[p] = std::polar(spec.magnitude_pu[p], spec.angle_deg[p] * std::numbers::pi / 180);
  }
  return 100 * std::abs(v[0] + a * a * v[1] + a * v[2]) / std::abs(v[0] + a * v[1] + a * a * v[2]);
}

void ExpectClassA(const pqa::v1::Record& r, const synth::WaveformSpec& spec,
                  double expected_frequency_hz, const std::string& where) {
  double sum_sq = 0;
  for (const synth::Component& c : spec.harmonics) sum_sq += c.magnitude_pu * c.magnitude_pu;
  ASSERT_EQ(r.phases_size(), 3) << where;
  for (int p = 0; p < 3; ++p) {
    const pqa::v1::PhaseRecord& ph = r.phases(p);
    const double fund = kNominalV * spec.magnitude_pu[p];
    const std::string at = absl::StrCat(where, " phase ", ph.phase());
    EXPECT_NEAR(ph.rms_v(), fund * std::sqrt(1 + sum_sq), 0.001 * kNominalV) << at;
    EXPECT_NEAR(ph.fund_v(), fund, 0.001 * kNominalV) << at;
    // Orders up to what the sample rate resolves (all 50 from 128 samples
    // per cycle): 34 at 5120 S/s on 60 Hz.
    const int orders =
        measure::MaxHarmonicOrder(spec.sample_rate_hz, expected_frequency_hz < 55 ? 50 : 60);
    ASSERT_EQ(r.max_harmonic_order(), orders) << at;
    ASSERT_EQ(ph.dit_pct_size(), orders - 1) << at;
    for (int h = 2; h <= orders; ++h) {
      double expected = 0;
      for (const synth::Component& c : spec.harmonics) {
        if (c.order == h) expected = 100 * c.magnitude_pu;
      }
      // Class I in volts, converted to % of this phase's fundamental.
      const double component_v = expected / 100 * fund;
      const double tolerance_v =
          component_v >= 0.01 * kNominalV ? 0.05 * component_v : 0.0005 * kNominalV;
      EXPECT_NEAR(ph.dit_pct(h - 2), expected, 100 * tolerance_v / fund) << at << " order " << h;
    }
  }
  EXPECT_NEAR(r.fd_pct(), FortescueFd(spec), 0.15) << where;
  EXPECT_NEAR(r.freq_hz(), expected_frequency_hz, 0.010) << where;
}

struct FrequencyCase {
  double nominal_hz;
  double actual_hz;
};

class ReplayAtFrequency : public ::testing::TestWithParam<FrequencyCase> {};

// 150/180-cycle records (3 s) from a 33-second recording at 256 samples per
// nominal cycle: every record meets class A / class I off nominal frequency,
// which only works when the windows follow the measured fundamental.
TEST_P(ReplayAtFrequency, RecordsMeetClassAOffNominalFrequency) {
  const FrequencyCase c = GetParam();
  TempDir dir;
  const synth::WaveformSpec spec = Distorted(c.actual_hz, 256 * c.nominal_hz, 33);
  replay::ReplayOptions options;
  options.analyzer.engine.nominal_voltage_v = kNominalV;
  options.nominal_frequency_hz = c.nominal_hz;
  options.analyzer.intervals = {"150cycle"};
  options.analyzer.flicker = false;
  const ReplayResult result = SynthesiseAndReplay(dir, "f.cfg", spec, {}, options);
  int complete = 0;
  for (const pqa::v1::Record& r : result.records) {
    EXPECT_EQ(r.interval(), "150cycle");
    if (!r.complete()) continue;
    ++complete;
    ExpectClassA(r, spec, c.actual_hz, r.start());
  }
  // 33 s hold ten 3-second intervals; the first starts with the recording.
  EXPECT_GE(complete, 9);
}

INSTANTIATE_TEST_SUITE_P(Frequencies, ReplayAtFrequency,
                         ::testing::Values(FrequencyCase{60, 59.5}, FrequencyCase{60, 60.0},
                                           FrequencyCase{60, 60.5}, FrequencyCase{50, 49.5},
                                           FrequencyCase{50, 50.5}),
                         [](const auto& test) {
                           return absl::StrCat(static_cast<int>(test.param.actual_hz * 10), "dHz");
                         });

TEST(Replay, TwoThreadsReadLargerBlocksOnlyWhereRecordsDoNotDependOnThem) {
  analyzer::AnalyzerConfig config;
  EXPECT_EQ(replay::BlockFrames(config, 15360), 16384u);
  config.threads = 2;
  EXPECT_EQ(replay::BlockFrames(config, 0), 16384u);      // the first block
  EXPECT_EQ(replay::BlockFrames(config, 15360), 61440u);  // four seconds
  EXPECT_EQ(replay::BlockFrames(config, 7680), 30720u);
  EXPECT_EQ(replay::BlockFrames(config, 2000), 16384u);    // at least
  EXPECT_EQ(replay::BlockFrames(config, 100000), 65536u);  // at most
  // The float32 kernels count a window's instants from the buffer's start.
  config.backend = accel::Backend::kHls;
  EXPECT_EQ(replay::BlockFrames(config, 15360), 16384u);
  config.backend = accel::Backend::kCpu;
  // The sliding reference takes a block's windows after the block.
  config.detector.reference = vtcd::ReferenceKind::kSliding;
  EXPECT_EQ(replay::BlockFrames(config, 15360), 16384u);
  config.events = false;
  EXPECT_EQ(replay::BlockFrames(config, 15360), 61440u);
  config.event_source = &analyzer::CreateFrontEndEventSource;
  EXPECT_EQ(replay::BlockFrames(config, 15360), 16384u);
}

// A recording that starts at 00:07:12.345 gives 10-minute records on the
// clock ticks: the partial first and last intervals are incomplete, the
// ones in between complete, and their 10-second frequency is class A.
TEST(Replay, TenMinuteRecordsAlignToTheClockAcrossAMidIntervalStart) {
  TempDir dir;
  synth::WaveformSpec spec = Distorted(59.93, 5120, 25 * 60);
  spec.start = MondayMidnight() + 7 * kNsPerMinute + 12'345 * kNsPerSecond / 1000;
  replay::ReplayOptions options;
  options.analyzer.engine.nominal_voltage_v = kNominalV;
  options.analyzer.engine.points_per_window = 2048;
  options.analyzer.intervals = {"10min", "2h"};
  const ReplayResult result = SynthesiseAndReplay(dir, "mid.cff", spec, {}, options);
  std::vector<std::string> starts;
  std::vector<bool> complete;
  for (const pqa::v1::Record& r : result.records) {
    if (r.interval() != "10min") continue;
    starts.push_back(r.start());
    complete.push_back(r.complete());
    EXPECT_EQ(r.duration_s(), 600);
    if (r.complete()) ExpectClassA(r, spec, 59.93, r.start());
    EXPECT_FALSE(r.flagged()) << r.start();
  }
  EXPECT_EQ(starts, (std::vector<std::string>{"2025-03-03T00:00:00Z", "2025-03-03T00:10:00Z",
                                              "2025-03-03T00:20:00Z", "2025-03-03T00:30:00Z"}));
  EXPECT_EQ(complete, (std::vector<bool>{false, true, true, false}));
  ASSERT_FALSE(result.records.empty());
  const pqa::v1::Record& two_hour = result.records.back();
  EXPECT_EQ(two_hour.interval(), "2h");
  EXPECT_EQ(two_hour.start(), "2025-03-03T00:00:00Z");
  EXPECT_FALSE(two_hour.complete());
}

}  // namespace
}  // namespace pqa::testing

namespace pqa::testing {
namespace {

// Missing values (COMTRADE missing-data markers) are a gap, never numbers:
// the interval that holds the gap is incomplete, flicker restarts its
// settling after it, and everything else is measured as if nothing happened.
TEST(Replay, GapMarksOnlyItsIntervalIncompleteAndRestartsFlickerSettling) {
  TempDir dir;
  synth::WaveformSpec spec = Distorted(60, 3840, 32 * 60);
  spec.harmonics = {{5, 0.04, 0}};
  spec.start = MondayMidnight() - 2 * kNsPerMinute;  // flicker settles by 00:00
  io::ComtradeWriterOptions w;
  w.sample_rate_hz = spec.sample_rate_hz;
  w.start = spec.start;
  w.write_timestamps = false;
  for (const char* id : {"VA", "VB", "VC"}) {
    w.channels.push_back(
        {id, std::string(1, id[1]), "V", 1, 1, 'P', synth::VoltageFullScale(spec)});
  }
  const std::string path = dir.Path("gap.cfg");
  auto writer = io::ComtradeWriter::Create(path, w);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  synth::WaveformGenerator g(spec);
  std::vector<double> block(3840 * 3);
  std::size_t n;
  // Two seconds of missing values from 00:15:00 (frames 17 min after the start).
  const std::size_t gap_first = static_cast<std::size_t>(17 * 60 * 3840.0);
  const std::size_t gap_last = gap_first + 2 * 3840;
  while ((n = g.Generate(block.data(), 3840)) > 0) {
    const std::size_t first = g.frames_done() - n;
    for (std::size_t i = 0; i < n; ++i) {
      if (first + i >= gap_first && first + i < gap_last) {
        for (int c = 0; c < 3; ++c) block[3 * i + c] = std::numeric_limits<double>::quiet_NaN();
      }
    }
    ASSERT_TRUE((*writer)->Append(block.data(), n).ok());
  }
  ASSERT_TRUE((*writer)->Close().ok());

  replay::ReplayOptions options;
  options.analyzer.engine.nominal_voltage_v = kNominalV;
  options.analyzer.engine.points_per_window = 2048;
  const ReplayResult r = ReplayFile(path, options);
  ASSERT_EQ(r.records.size(), 4u);  // 23:50 (partial), 00:00, 00:10, 00:20 (ends 00:30)
  EXPECT_EQ(r.records[1].start(), "2025-03-03T00:00:00Z");
  EXPECT_TRUE(r.records[1].complete());
  EXPECT_TRUE(r.records[1].flicker_complete());
  EXPECT_EQ(r.records[2].start(), "2025-03-03T00:10:00Z");
  EXPECT_FALSE(r.records[2].complete());
  EXPECT_FALSE(r.records[2].flicker_complete());
  EXPECT_EQ(r.records[3].start(), "2025-03-03T00:20:00Z");
  EXPECT_TRUE(r.records[3].flicker_complete());  // settled again by 00:17:02
  for (const pqa::v1::Record& rec : r.records) {
    for (const pqa::v1::PhaseRecord& p : rec.phases()) {
      // Whatever the interval, the values that are there are right.
      EXPECT_NEAR(p.fund_v(), kNominalV * spec.magnitude_pu[p.phase()[0] - 'A'], 0.001 * kNominalV)
          << rec.start() << " " << p.phase();
    }
  }
  EXPECT_TRUE(r.events.empty());  // a gap is not an interruption
}

}  // namespace
}  // namespace pqa::testing
