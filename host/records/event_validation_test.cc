#include "host/records/event_validation.h"

#include <limits>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace pqa::records {
namespace {

using ::testing::HasSubstr;

v1::VtcdEvent Sound() {
  v1::VtcdEvent e;
  e.set_type("AMT");
  e.set_start("2025-03-03T00:00:10.004Z");
  e.set_duration_ms(120.5);
  e.set_amplitude_pu(0.62);
  e.set_amplitude_pct(62);
  e.set_amplitude_v(78.7);
  e.set_reference_v(127);
  e.add_phases("A");
  e.add_phases("C");
  e.set_aggregated_count(1);
  e.set_window_start("2025-03-03T00:00:10.004Z");
  e.set_window_end("2025-03-03T00:00:10.125Z");
  return e;
}

std::string Error(const v1::VtcdEvent& e) {
  auto facts = ValidateEvent(e);
  return facts.ok() ? "OK" : std::string(facts.status().message());
}

TEST(ValidateEvent, AcceptsWhatReplayWrites) {
  auto facts = ValidateEvent(Sound());
  ASSERT_TRUE(facts.ok()) << facts.status();
  EXPECT_EQ(facts->vtcd_class, vtcd::VtcdClass::kAmt);
  EXPECT_EQ(facts->end - facts->start, 120'500'000);
}

// Issue 20: an event of 1e300 ms landed in a table 6 column.
TEST(ValidateEvent, RefusesDurationsTheClassCannotHaveOrTheClockCannotHold) {
  v1::VtcdEvent e = Sound();
  e.set_duration_ms(1e300);
  EXPECT_THAT(Error(e), HasSubstr("duration_ms: 1e+300 ms does not fit class AMT"));
  e.set_type("LONG_INTERRUPTION");
  EXPECT_THAT(Error(e), HasSubstr("duration_ms"));
  e.set_duration_ms(std::numeric_limits<double>::quiet_NaN());
  EXPECT_THAT(Error(e), HasSubstr("duration_ms: expected a finite value >= 0"));
  e = Sound();
  e.set_type("ITT");
  EXPECT_THAT(Error(e), HasSubstr("does not fit class ITT"));
  e.set_duration_ms(5000);
  EXPECT_EQ(Error(e), "OK");
  e.set_type("LONG_SAG");
  EXPECT_THAT(Error(e), HasSubstr("does not fit class LONG_SAG"));
  e.set_duration_ms(3 * 86'400'000.0);  // a three-day outage
  EXPECT_EQ(Error(e), "OK");
  e = Sound();
  e.set_duration_ms(3000.04);  // 3 s written at 0.1 ms
  EXPECT_EQ(Error(e), "OK");
}

TEST(ValidateEvent, RefusesUnknownClassesPhasesAndAmplitudes) {
  v1::VtcdEvent e = Sound();
  e.set_type("SAG");
  EXPECT_THAT(Error(e), HasSubstr("type: \"SAG\""));
  e = Sound();
  e.add_phases("A");
  EXPECT_THAT(Error(e), HasSubstr("phases[2]: \"A\" again"));
  e = Sound();
  e.set_phases(0, "X");
  EXPECT_THAT(Error(e), HasSubstr("phases[0]: \"X\""));
  e = Sound();
  e.set_amplitude_pu(-0.5);
  EXPECT_THAT(Error(e), HasSubstr("amplitude_pu"));
  e = Sound();
  e.set_reference_v(std::numeric_limits<double>::infinity());
  EXPECT_THAT(Error(e), HasSubstr("reference_v"));
  e = Sound();
  e.set_window_end("2025-03-03T00:00:09Z");
  EXPECT_THAT(Error(e), HasSubstr("window_end"));
  e = Sound();
  e.set_start("9999-03-03T00:00:00Z");
  EXPECT_THAT(Error(e), HasSubstr("start: "));
  e = Sound();
  e.set_type("LONG_INTERRUPTION");
  e.set_duration_ms(1e17);  // ends after 2200
  EXPECT_THAT(Error(e), HasSubstr("duration_ms"));
}

}  // namespace
}  // namespace pqa::records
