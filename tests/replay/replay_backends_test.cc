// The same recording through `--backend cpu` (the double-precision golden
// engine) and `--backend hls` (the FPGA kernels compiled for this CPU, in
// float32) gives the same records within a fiftieth of the class A / class I
// tolerances, Pst within 1 % (the kernels' acceptance, issue 6), and
// identical events (the event detector does not depend on the backend).
#include <cmath>
#include <string>

#include "gtest/gtest.h"
#include "host/measure/measurement_engine.h"
#include "tests/replay/replay_fixture.h"

namespace pqa::testing {
namespace {

constexpr double kNominalV = 127;

TEST(Backends, CpuAndHlsReplaysAgreeWithinAFiftiethOfClassA) {
  TempDir dir;
  synth::WaveformSpec spec;
  spec.sample_rate_hz = 7680;
  spec.duration_s = 14 * 60;
  spec.start = MondayMidnight() - 2 * kNsPerMinute;  // flicker settled at 00:00
  spec.frequency_hz = 59.82;
  spec.magnitude_pu = {1.0, 0.97, 1.02};
  spec.harmonics = {{3, 0.02, 0}, {5, 0.05, 30}, {7, 0.008, 0}, {13, 0.012, 0}, {25, 0.004, 0}};
  spec.modulation = {synth::ModulationShape::kRectangular, 110.0 / 120, 0.8};
  spec.variations = {{400, 0.3, 0.5, {true, false, false}}};
  const std::string path = dir.Path("both.cfg");
  ASSERT_TRUE(synth::WriteComtrade(spec, {}, path).ok());
  replay::ReplayOptions options;
  options.analyzer.engine.nominal_voltage_v = kNominalV;
  // The kernels' transform length on both sides: this compares their
  // float32 arithmetic with the golden one. (Windows holding the sag's step
  // are not periodic, and their harmonic subgroups then depend on the
  // transform length by a few thousandths of a per cent, more than a
  // fiftieth of class I: the golden engine's own choice at this rate, 2048
  // points, is checked against the analytic content elsewhere.)
  options.analyzer.engine.points_per_window = measure::kKernelPointsPerWindow;
  options.analyzer.intervals = {"10min", "150cycle"};
  const ReplayResult cpu = ReplayFile(path, options);
  options.analyzer.backend = accel::Backend::kHls;
  const ReplayResult hls = ReplayFile(path, options);
  ASSERT_EQ(cpu.records.size(), hls.records.size());
  ASSERT_GT(cpu.records.size(), 200u);
  const Agreement agreed = ExpectRecordsAgree(cpu.records, hls.records, kNominalV);
  EXPECT_EQ(agreed.records, static_cast<int>(cpu.records.size()));
  EXPECT_EQ(agreed.pst, 3);  // the 00:00 record, three phases
  ASSERT_EQ(cpu.events.size(), 1u);
  ASSERT_EQ(hls.events.size(), 1u);
  EXPECT_EQ(cpu.events[0].representative.start, hls.events[0].representative.start);
  EXPECT_EQ(cpu.events[0].representative.amplitude_pu, hls.events[0].representative.amplitude_pu);
}

TEST(Backends, AFaultReportedByTheBackendStopsTheReplayWithItsReason) {
  TempDir dir;
  synth::WaveformSpec spec;
  spec.sample_rate_hz = 7680;
  spec.duration_s = 60;
  spec.start = MondayMidnight();
  const std::string path = dir.Path("fault.cfg");
  ASSERT_TRUE(synth::WriteComtrade(spec, {}, path).ok());
  replay::ReplayOptions options;
  options.input = path;
  options.analyzer.intervals = {"150cycle"};
  options.frames_per_block = 7680;  // one second per block
  int polls = 0;
  // A card that stops answering after 20 s of signal.
  options.analyzer.backend_status = [&polls] {
    return ++polls > 20 ? absl::UnavailableError("device 0 stopped answering") : absl::OkStatus();
  };
  int records = 0;
  absl::StatusOr<replay::ReplaySummary> summary =
      replay::Replay(options, [&](const pqa::v1::Record&) {
        ++records;
        return absl::OkStatus();
      });
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(summary.status().message().find("device 0 stopped answering"), std::string::npos)
      << summary.status();
  EXPECT_NE(summary.status().message().find("fault.cfg"), std::string::npos) << summary.status();
  EXPECT_EQ(polls, 21);
  // Nothing computed in the failing block left: at most the 180-cycle
  // records closed in the first 20 s.
  EXPECT_LE(records, 20 * 60 / 180);
}

}  // namespace
}  // namespace pqa::testing
