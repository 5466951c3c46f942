// `--backend sim`: a recording of 100 s with harmonics, unbalance, flicker
// and three voltage variations through the SystemC system model (the
// Verilated RTL front end, the HLS kernels behind FIFOs) against
//   - `--backend hls --events-from frontend`: the same kernel code on the
//     same buffers and the RTL's bit-exact model, so records and events must
//     be identical, bit for bit;
//   - `--backend cpu`: the double-precision golden path, within a fiftieth of
//     the class A / class I tolerances (the kernels' agreed margins, issue 6)
//     and the same events (class, phases, start within half a cycle);
// and the model's account of the run against what the recording holds.
#include <algorithm>
#include <cmath>
#include <string>

#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "host/analyzer/backend_registry.h"
#include "host/analyzer/event_source.h"
#include "sim/systemc/system_model.h"
#include "sim/systemc/system_model_backend.h"
#include "tests/replay/replay_fixture.h"

namespace pqa::testing {
namespace {

constexpr double kNominalV = 127;
constexpr double kRate = 15360;  // 256 samples per nominal cycle: the substation rate
constexpr double kSeconds = 100;
constexpr double kFrequency = 59.9;

struct BackendRun {
  ReplayResult result;
  double pinst_max_a = 0;  // phase A, 10..25 s: modulation only
};

BackendRun ReplayWith(const std::string& path, accel::Backend backend, bool frontend_events) {
  replay::ReplayOptions options;
  options.analyzer.engine.nominal_voltage_v = kNominalV;
  options.analyzer.intervals = {"150cycle"};
  options.analyzer.flicker_settling_s = 5;
  EXPECT_TRUE(analyzer::ConfigureBackend({backend, "", 0}, options.analyzer).ok());
  if (frontend_events) options.analyzer.event_source = &analyzer::CreateFrontEndEventSource;
  BackendRun run;
  const TimeNs t0 = MondayMidnight();
  options.pinst_observer = [&](int phase, TimeNs t, double pinst, bool) {
    const double s = static_cast<double>(t - t0) / 1e9;
    if (phase == 0 && s > 10 && s < 25) run.pinst_max_a = std::max(run.pinst_max_a, pinst);
  };
  run.result = ReplayFile(path, options);
  return run;
}

class SimBackend : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    sim::RegisterSystemModelBackend();
    dir_ = new TempDir();
    synth::WaveformSpec spec;
    spec.sample_rate_hz = kRate;
    spec.duration_s = kSeconds;
    spec.start = MondayMidnight();
    spec.frequency_hz = kFrequency;
    spec.magnitude_pu = {1.0, 0.97, 1.02};
    spec.harmonics = {{3, 0.02, 0}, {5, 0.05, 30}, {7, 0.008, 0}, {13, 0.012, 0}};
    spec.modulation = {synth::ModulationShape::kRectangular, 110.0 / 120, 0.8};
    spec.variations = {{40, 0.2, 0.6, {true, true, false}},   // sag, two phases
                       {60, 0.1, 1.2, {false, false, true}},  // swell
                       {80, 0.5, 0.05, {true, true, true}}};  // interruption
    path_ = dir_->Path("sim.cfg");
    ASSERT_TRUE(synth::WriteComtrade(spec, {}, path_).ok());
    sim::SystemModel::Get().ClearReport();
    sim_ = new BackendRun(ReplayWith(path_, accel::Backend::kSim, false));
    report_ = new sim::SystemReport(sim::SystemModel::Get().Report());
  }
  static void TearDownTestSuite() {
    delete sim_;
    delete report_;
    delete dir_;
  }

  static TempDir* dir_;
  static std::string path_;
  static BackendRun* sim_;
  static sim::SystemReport* report_;
};
TempDir* SimBackend::dir_ = nullptr;
std::string SimBackend::path_;
BackendRun* SimBackend::sim_ = nullptr;
sim::SystemReport* SimBackend::report_ = nullptr;

TEST_F(SimBackend, RecordsAndEventsAreIdenticalToTheKernelsAndTheRtlModel) {
  const BackendRun hls = ReplayWith(path_, accel::Backend::kHls, true);
  const ReplayResult& a = sim_->result;
  const ReplayResult& b = hls.result;
  ASSERT_EQ(a.records.size(), b.records.size());
  // 100 s of 180-cycle intervals (60 Hz systems, IEC 61000-4-30 5.5.1).
  ASSERT_GE(static_cast<double>(a.records.size()), std::floor(kSeconds * kFrequency / 180));
  for (std::size_t i = 0; i < a.records.size(); ++i) {
    std::string diff;
    google::protobuf::util::MessageDifferencer d;
    d.ReportDifferencesToString(&diff);
    EXPECT_TRUE(d.Compare(a.records[i], b.records[i])) << a.records[i].start() << ": " << diff;
  }
  // The sag and the interruption fall in one 3-minute aggregation window
  // (PRODIST item 88 c) if the family is the same; the swell is apart.
  ASSERT_GE(a.events.size(), 2u);
  ASSERT_EQ(a.events.size(), b.events.size());
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    EXPECT_EQ(a.events[i].representative.start, b.events[i].representative.start);
    EXPECT_EQ(a.events[i].representative.end, b.events[i].representative.end);
    EXPECT_EQ(a.events[i].representative.amplitude_pu, b.events[i].representative.amplitude_pu);
    EXPECT_EQ(a.events[i].representative.vtcd_class, b.events[i].representative.vtcd_class);
  }
  EXPECT_EQ(sim_->pinst_max_a, hls.pinst_max_a);
}

TEST_F(SimBackend, AgreesWithTheGoldenPathWithinAFiftiethOfClassA) {
  const BackendRun cpu = ReplayWith(path_, accel::Backend::kCpu, false);
  const ReplayResult& a = cpu.result;
  const ReplayResult& b = sim_->result;
  ASSERT_EQ(a.records.size(), b.records.size());
  // Flags follow each path's event edges (within half a cycle of each
  // other); the values of intervals neither path flagged are compared.
  EXPECT_GE(ExpectRecordsAgree(a.records, b.records, kNominalV, /*skip_flagged=*/true).records, 30);
  // IEC 61000-4-15 via the flicker kernel: the kernels' acceptance, 1 %.
  ASSERT_GT(cpu.pinst_max_a, 0.1);
  EXPECT_NEAR(sim_->pinst_max_a, cpu.pinst_max_a, 0.01 * cpu.pinst_max_a);
  // Events: the RTL's half-cycle windows against the double-precision ones.
  ASSERT_EQ(a.events.size(), b.events.size());
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    EXPECT_EQ(a.events[i].representative.vtcd_class, b.events[i].representative.vtcd_class) << i;
    EXPECT_NEAR(static_cast<double>(a.events[i].representative.start),
                static_cast<double>(b.events[i].representative.start), 0.5e9 / 60)
        << i;
  }
}

TEST_F(SimBackend, ReportsWhatTheHardwareDid) {
  const sim::SystemReport& r = *report_;
  const auto frames = static_cast<std::uint64_t>(std::llround(kSeconds * kRate));
  // Every ADC frame entered the RTL once; every phase's samples went through
  // the flicker kernel once.
  EXPECT_EQ(r.fe_frames, frames);
  EXPECT_GE(r.fe_words, frames);
  EXPECT_EQ(r.flicker.items, 3 * frames);
  // One window per 12 cycles of the signal (the first starts at the first
  // zero crossing, the last one may be cut by the end).
  const double windows = kSeconds * kFrequency / 12;
  EXPECT_GE(static_cast<double>(r.window.items), windows - 2);
  EXPECT_LE(static_cast<double>(r.window.items), windows);
  // Real time on one kernel instance: a window's analysis within the 200 ms
  // the next window takes to arrive; the front end keeps up with its ADC.
  EXPECT_LT(static_cast<double>(r.window.max_cycles) / r.clock_hz, 12 / kFrequency);
  EXPECT_GT(r.FrontEndPoints(kRate), 1.0);
  EXPECT_GT(r.WindowPoints(60, 12), 1.0);
  EXPECT_GT(r.FlickerPoints(kRate), 1.0);
  // The DMA drains one word per clock: the front end never waits for it.
  EXPECT_EQ(r.fe_output_stalls, 0u);
  for (const sim::FifoStats& f : r.fifos) {
    EXPECT_GE(f.high_water, 1) << f.name;
    EXPECT_LE(f.high_water, f.depth) << f.name;
  }
  const std::string text = r.ToText(kRate, 60);
  EXPECT_NE(text.find("three-phase points at 15360 S/s"), std::string::npos) << text;
  std::printf("%s", text.c_str());
}

}  // namespace
}  // namespace pqa::testing
