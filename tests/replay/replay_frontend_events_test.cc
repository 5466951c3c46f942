// `--events-from frontend`: the events the RTL front end's bit-exact model
// finds on ADC codes are the events the double-precision path finds: same
// classes, phases and flagged records; start and end within one half cycle
// (the Urms(1/2) refresh, IEC 61000-4-30 5.4.2) and residual voltage within
// class A's 0.2 % of the declared voltage (5.4.2.2). The recording sits at
// 7,680 S/s, 128 samples per 60 Hz cycle, so that the RTL's whole-sample
// windows cover exactly one cycle.
#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "host/analyzer/event_source.h"
#include "tests/replay/replay_fixture.h"

namespace pqa::testing {
namespace {

constexpr double kNominalV = 127;
constexpr TimeNs kHalfCycleNs = 1'000'000'000 / 120;

TEST(FrontEndEvents, TheHardwareModelFindsTheEventsOfTheDoublePrecisionPath) {
  TempDir dir;
  synth::WaveformSpec spec;
  spec.sample_rate_hz = 7680;
  spec.duration_s = 5 * 60;
  spec.start = MondayMidnight();
  spec.magnitude_pu = {1.0, 0.99, 1.01};
  spec.harmonics = {{5, 0.04, 0}, {7, 0.03, 30}};
  // Starting anywhere on the wave: a one-phase sag, a two-phase swell, a
  // momentary interruption, a temporary sag, a three-cycle sag (amplitudes compare where a whole
  // Urms(1/2) window fits inside the event: both paths place windows
  // differently, by up to a sample, on the edges).
  spec.variations = {{20.0031, 0.25, 0.55, {true, false, false}},
                     {60.0117, 0.6, 1.16, {false, true, true}},
                     {100.0042, 1.5, 0.02, {true, true, true}},
                     {140.0009, 5.0, 0.7, {true, true, false}},
                     {250.0063, 0.05, 0.8, {false, false, true}}};
  const std::string path = dir.Path("events.cfg");
  ASSERT_TRUE(synth::WriteComtrade(spec, {}, path).ok());
  replay::ReplayOptions options;
  options.analyzer.engine.nominal_voltage_v = kNominalV;
  options.analyzer.flicker = false;
  const ReplayResult host = ReplayFile(path, options);
  options.analyzer.event_source = &analyzer::CreateFrontEndEventSource;
  const ReplayResult rtl = ReplayFile(path, options);

  // Item 88 c: the sags at 20 s, 100 s and 140 s share one 3-minute window.
  ASSERT_EQ(host.events.size(), 3u);
  ASSERT_EQ(rtl.events.size(), host.events.size());
  int members = 0;
  for (std::size_t i = 0; i < host.events.size(); ++i) {
    ASSERT_EQ(host.events[i].members.size(), rtl.events[i].members.size());
    for (std::size_t m = 0; m < host.events[i].members.size(); ++m, ++members) {
      const vtcd::PolyphaseEvent& a = host.events[i].members[m];
      const vtcd::PolyphaseEvent& b = rtl.events[i].members[m];
      SCOPED_TRACE(absl::StrCat("event at ", FormatRfc3339(a.start, 3)));
      EXPECT_EQ(a.vtcd_class, b.vtcd_class);
      EXPECT_EQ(a.phases, b.phases);
      EXPECT_NEAR(static_cast<double>(b.start - a.start), 0, kHalfCycleNs);
      EXPECT_NEAR(static_cast<double>(b.end - a.end), 0, kHalfCycleNs);
      EXPECT_NEAR(b.amplitude_v, a.amplitude_v, 0.002 * kNominalV);
    }
  }
  EXPECT_EQ(members, 5);
  ASSERT_EQ(host.records.size(), rtl.records.size());
  for (std::size_t i = 0; i < host.records.size(); ++i) {
    EXPECT_EQ(host.records[i].flagged(), rtl.records[i].flagged()) << host.records[i].start();
    EXPECT_EQ(host.records[i].vtcd_types_size(), rtl.records[i].vtcd_types_size());
  }
}

TEST(FrontEndEvents, TheHardwareHasNoSlidingReference) {
  replay::ReplayOptions options;
  options.analyzer.detector.reference = vtcd::ReferenceKind::kSliding;
  options.analyzer.event_source = &analyzer::CreateFrontEndEventSource;
  auto a = analyzer::Analyzer::Create(options.analyzer,
                                      [](const pqa::v1::Record&) { return absl::OkStatus(); });
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("declared"), std::string::npos) << a.status();
}

}  // namespace
}  // namespace pqa::testing
