// The same recording through `--backend cpu` (the double-precision golden
// engine) and `--backend hls` (the FPGA kernels compiled for this CPU, in
// float32) gives the same records within a fiftieth of the class A / class I
// tolerances, Pst within 1 % (the kernels' acceptance, issue 6), and
// identical events (the event detector does not depend on the backend).
#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
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
  options.analyzer.intervals = {"10min", "150cycle"};
  const ReplayResult cpu = ReplayFile(path, options);
  options.analyzer.backend = accel::Backend::kHls;
  const ReplayResult hls = ReplayFile(path, options);
  ASSERT_EQ(cpu.records.size(), hls.records.size());
  ASSERT_GT(cpu.records.size(), 200u);
  int pst_checked = 0;
  for (std::size_t i = 0; i < cpu.records.size(); ++i) {
    const pqa::v1::Record& a = cpu.records[i];
    const pqa::v1::Record& b = hls.records[i];
    const std::string at = absl::StrCat(a.interval(), " ", a.start());
    ASSERT_EQ(a.start(), b.start()) << at;
    EXPECT_EQ(a.complete(), b.complete()) << at;
    EXPECT_EQ(a.flagged(), b.flagged()) << at;
    EXPECT_NEAR(a.freq_hz(), b.freq_hz(), 0.010 / 50) << at;
    EXPECT_NEAR(a.fd_pct(), b.fd_pct(), 0.15 / 50) << at;
    ASSERT_EQ(a.phases_size(), b.phases_size());
    for (int p = 0; p < a.phases_size(); ++p) {
      const pqa::v1::PhaseRecord& x = a.phases(p);
      const pqa::v1::PhaseRecord& y = b.phases(p);
      EXPECT_NEAR(x.rms_v(), y.rms_v(), 0.001 * kNominalV / 50) << at;
      // Class I below 1 % of nominal: 0.05 % of nominal, here in % of the
      // fundamental; a fiftieth of it.
      for (int h = 0; h < x.dit_pct_size(); ++h) {
        EXPECT_NEAR(x.dit_pct(h), y.dit_pct(h), 0.05 * kNominalV / x.fund_v() / 50)
            << at << " order " << h + 2;
      }
      if (a.interval() == "10min" && a.flicker_complete()) {
        EXPECT_NEAR(x.pst(), y.pst(), 0.01 * x.pst()) << at;
        ++pst_checked;
      }
    }
  }
  EXPECT_EQ(pst_checked, 3);  // the 00:00 record, three phases
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
