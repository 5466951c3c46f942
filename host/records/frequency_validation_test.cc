// ValidateRecord on the frequency-variation fields (items 65-67): what the
// engine writes passes, each inconsistency is refused naming its field.
#include <limits>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/records/record_validation.h"

namespace pqa::records {
namespace {

using ::testing::HasSubstr;

// A 10-minute record with 3 minutes measured: 150 s at 60 Hz, 30 s at 62.5 Hz.
v1::Record TenMinutes() {
  v1::Record r;
  r.set_start("2025-03-03T00:10:00Z");
  r.set_duration_s(600);
  r.set_interval("10min");
  r.set_freq_hz(60.4);
  for (int i = 0; i < 60; ++i) r.add_freq_10s_hz(i < 15 ? 60 : i < 18 ? 62.5 : 0);
  r.set_freq_min_hz(60);
  r.set_freq_max_hz(62.5);
  v1::FrequencyBands* b = r.mutable_frequency_bands();
  b->set_measured_s(180);
  b->set_normal_s(150);
  b->set_recovery_s(150);
  b->set_above_62_s(30);
  return r;
}

std::string Error(const v1::Record& r) {
  auto facts = ValidateRecord(r);
  return facts.ok() ? "OK" : std::string(facts.status().message());
}

TEST(FrequencyValidation, AcceptsWhatTheEngineWrites) {
  EXPECT_EQ(Error(TenMinutes()), "OK");
  v1::Record none = TenMinutes();  // no 10 s value at all
  none.clear_freq_10s_hz();
  none.clear_frequency_bands();
  none.set_freq_min_hz(0);
  none.set_freq_max_hz(0);
  EXPECT_EQ(Error(none), "OK");
  v1::Record two_hours = TenMinutes();
  two_hours.set_start("2025-03-03T02:00:00Z");
  two_hours.set_interval("2h");
  two_hours.set_duration_s(7200);
  two_hours.clear_freq_10s_hz();
  EXPECT_EQ(Error(two_hours), "OK");
}

TEST(FrequencyValidation, RefusesExtremesOutOfOrderOrInAnotherUnit) {
  v1::Record r = TenMinutes();
  r.set_freq_min_hz(63);
  EXPECT_THAT(Error(r), HasSubstr("freq_min_hz: 63 Hz is above freq_max_hz 62.5 Hz"));
  r = TenMinutes();
  r.set_freq_max_hz(377);  // rad/s
  EXPECT_THAT(Error(r), HasSubstr("freq_max_hz: 377 Hz is no power frequency"));
  r = TenMinutes();
  r.set_freq_min_hz(std::numeric_limits<double>::quiet_NaN());
  EXPECT_THAT(Error(r), HasSubstr("freq_min_hz: expected a finite value >= 0"));
  r = TenMinutes();
  r.set_freq_10s_hz(3, 0.06);  // kHz
  EXPECT_THAT(Error(r), HasSubstr("freq_10s_hz[3]: 0.06 Hz is no power frequency"));
  r = TenMinutes();
  r.set_freq_10s_hz(4, 59.5);
  EXPECT_THAT(Error(r), HasSubstr("freq_10s_hz[4]: 59.5 Hz lies outside freq_min_hz..freq_max_hz"));
}

TEST(FrequencyValidation, RefusesBandSecondsBeyondWhatWasMeasured) {
  v1::Record r = TenMinutes();
  r.mutable_frequency_bands()->set_normal_s(190);
  EXPECT_THAT(Error(r), HasSubstr("frequency_bands.normal_s: 190 s, more than the 180 s measured"));
  r = TenMinutes();
  r.mutable_frequency_bands()->set_above_63_5_s(40);
  r.mutable_frequency_bands()->set_above_62_s(30);
  EXPECT_THAT(Error(r), HasSubstr("frequency_bands.above_63_5_s: 40 s, more than the 30 s of the "
                                  "band around it (above_62_s)"));
  r = TenMinutes();
  r.mutable_frequency_bands()->set_below_58_5_s(-10);
  EXPECT_THAT(Error(r), HasSubstr("frequency_bands.below_58_5_s: expected a finite value >= 0"));
  r = TenMinutes();
  r.mutable_frequency_bands()->set_measured_s(175);
  EXPECT_THAT(Error(r), HasSubstr("not a whole number of 10 s values"));
  r = TenMinutes();
  r.mutable_frequency_bands()->set_measured_s(190);
  EXPECT_THAT(Error(r), HasSubstr("frequency_bands.measured_s: 190 s, but freq_10s_hz holds 18"));
  r = TenMinutes();
  r.clear_freq_10s_hz();
  r.mutable_frequency_bands()->set_measured_s(610);
  EXPECT_THAT(Error(r), HasSubstr("frequency_bands.measured_s: 610 s in a record of 600 s"));
}

TEST(FrequencyValidation, TenSecondValuesOnlyOnTenMinuteRecordsAndSixtyOfThem) {
  v1::Record r = TenMinutes();
  r.add_freq_10s_hz(60);
  EXPECT_THAT(Error(r), HasSubstr("freq_10s_hz: 61 values; a 10-minute record carries 60"));
  r = TenMinutes();
  r.set_start("2025-03-03T02:00:00Z");
  r.set_interval("2h");
  r.set_duration_s(7200);
  EXPECT_THAT(Error(r), HasSubstr("freq_10s_hz: 60 values"));
}

}  // namespace
}  // namespace pqa::records
