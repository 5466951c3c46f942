#include "host/vtcd/event_curves.h"

#include <cmath>
#include <vector>

#include "gtest/gtest.h"
#include "host/vtcd/event_detector.h"
#include "host/vtcd/event_json.h"
#include "host/vtcd/test_signals.h"

namespace pqa::vtcd {
namespace {

// A 250 ms sag to 0.5 pu on phase A at 2.0 s: the curve runs from 200 ms
// before the start to 300 ms after the end, at 1 pu outside the sag and at
// 0.5 pu a cycle into it (Urms(1/2) over a one-cycle window: IEC
// 61000-4-30 class A, 0.2 % of the declared voltage), on A only.
TEST(EventCurves, KeepsTheHalfCycleValuesAroundTheEvent) {
  test_signals::Signal s;
  s.seconds = 6.0;
  s.steps = {{0, 2.0, 2.25, 0.5}};
  DetectorConfig config;
  auto detector = EventDetector::Create(config);
  ASSERT_TRUE(detector.ok());
  EventCurveRecorder recorder({"A", "B", "C"});
  detector->set_urms_observer([&](int p, const UrmsHalf& v) { recorder.AddUrms(p, v); });
  const std::vector<double> frames = s.Frames();
  const std::size_t offsets[3] = {0, 1, 2};
  const TimeNs t0 = *ParseRfc3339("2025-03-04T10:15:20Z");
  ASSERT_TRUE(
      detector->Process(t0, s.sample_rate_hz, frames.data(), frames.size() / 3, 3, offsets).ok());
  detector->Finish();
  ASSERT_EQ(detector->events().size(), 1u);
  const AggregatedEvent& e = detector->events()[0];
  const std::vector<std::string> names = {"A", "B", "C"};
  v1::VtcdEvent described = ToVtcdEventProto(e, nullptr, names);
  v1::EventCurve curve = recorder.Take(e, described);
  EXPECT_EQ(curve.type(), "AMT");
  EXPECT_EQ(curve.event_start(), described.start());
  EXPECT_NEAR(curve.reference_v(), 127.0, 1e-9);
  ASSERT_EQ(curve.phases_size(), 3);
  const v1::EventCurvePhase& a = curve.phases(0);
  EXPECT_EQ(a.phase(), "A");
  ASSERT_GT(a.t_ms_size(), 50);     // 120 values a second over ~0.75 s
  EXPECT_NEAR(a.t_ms(0), -200, 9);  // a half cycle is 8.3 ms
  EXPECT_NEAR(a.t_ms(a.t_ms_size() - 1), described.duration_ms() + 300, 9);
  const double tolerance = 0.002 * 127.0;
  for (int i = 0; i < a.t_ms_size(); ++i) {
    const double t = a.t_ms(i);
    if (t < -17) {
      EXPECT_NEAR(a.urms_v(i), 127.0, tolerance) << t;
    }
    if (t > 17 && t < 250 - 17) {
      EXPECT_NEAR(a.urms_v(i), 63.5, tolerance) << t;
    }
  }
  for (double v : curve.phases(1).urms_v()) EXPECT_NEAR(v, 127.0, tolerance);
}

}  // namespace
}  // namespace pqa::vtcd
