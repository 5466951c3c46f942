#include "host/records/record_validation.h"

#include <limits>
#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"

namespace pqa::records {
namespace {

using ::testing::HasSubstr;

v1::Record Sound() {
  v1::Record r;
  r.set_start("2025-03-03T00:10:00Z");
  r.set_duration_s(600);
  r.set_interval("10min");
  r.set_complete(true);
  r.set_windows(3000);
  r.set_freq_hz(60);
  r.set_fd_pct(0.5);
  for (const char* name : {"A", "B", "C"}) {
    v1::PhaseRecord* p = r.add_phases();
    p->set_phase(name);
    p->set_rms_v(127);
    p->set_fund_v(126.9);
    p->set_dtt_pct(2);
    for (int h = 0; h < kDitValues; ++h) p->add_dit_pct(0.1);
    p->set_pst(0.4);
  }
  return r;
}

std::string Error(const v1::Record& r) {
  auto facts = ValidateRecord(r);
  return facts.ok() ? "OK" : std::string(facts.status().message());
}

TEST(ValidateRecord, AcceptsWhatReplayWrites) {
  auto facts = ValidateRecord(Sound());
  ASSERT_TRUE(facts.ok()) << facts.status();
  EXPECT_EQ(facts->end - facts->start, kTenMinutesNs);
  EXPECT_TRUE(CheckThreePhases(Sound()).ok());
}

// Issue 20: `pqa window` accepted a negative RMS and NaN in every record.
TEST(ValidateRecord, RefusesNegativeAndNotFiniteReadingsNamingTheField) {
  v1::Record r = Sound();
  r.mutable_phases(1)->set_rms_v(-127);
  EXPECT_THAT(Error(r), HasSubstr("phases[1].rms_v: expected a finite value >= 0"));
  r = Sound();
  r.mutable_phases(2)->set_dtt_pct(std::numeric_limits<double>::quiet_NaN());
  EXPECT_THAT(Error(r), HasSubstr("phases[2].dtt_pct"));
  r = Sound();
  r.mutable_phases(0)->set_dit_pct(48, std::numeric_limits<double>::infinity());
  EXPECT_THAT(Error(r), HasSubstr("phases[0].dit_pct[48]"));
  r = Sound();
  r.set_fd_pct(-1);
  EXPECT_THAT(Error(r), HasSubstr("fd_pct"));
  r = Sound();
  r.set_freq_hz(std::numeric_limits<double>::quiet_NaN());
  EXPECT_THAT(Error(r), HasSubstr("freq_hz"));
  // NaN as JSON writes it.
  v1::Record parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  R"({"start":"2025-03-03T00:10:00Z","duration_s":600,"interval":"10min",
                      "phases":[{"phase":"A","rms_v":"NaN"}]})",
                  &parsed)
                  .ok());
  EXPECT_THAT(Error(parsed), HasSubstr("phases[0].rms_v"));
}

// Issue 20: three phases all labelled "A" tripled DRP; two phases or a phase
// object instead of a list gave DRC 100 %.
TEST(ValidateRecord, RefusesRepeatedUnknownAndMissingPhases) {
  v1::Record r = Sound();
  r.mutable_phases(1)->set_phase("A");
  r.mutable_phases(2)->set_phase("A");
  EXPECT_THAT(Error(r), HasSubstr("phases[1].phase: \"A\" again (first at phases[0])"));
  r = Sound();
  r.mutable_phases(2)->set_phase("X");
  EXPECT_THAT(Error(r), HasSubstr("phases[2].phase: \"X\""));
  r = Sound();
  *r.add_phases() = r.phases(0);
  EXPECT_THAT(Error(r), HasSubstr("at most A, B and C"));
  r = Sound();
  r.mutable_phases()->RemoveLast();
  ASSERT_TRUE(ValidateRecord(r).ok());
  EXPECT_THAT(std::string(CheckThreePhases(r).message()), HasSubstr("phases: 2 phase(s) (A, B)"));
  r.set_complete(false);
  EXPECT_TRUE(CheckThreePhases(r).ok());
  r = Sound();
  r.mutable_phases(0)->mutable_dit_pct()->RemoveLast();
  EXPECT_THAT(Error(r), HasSubstr("phases[0].dit_pct: 48 values"));
}

// Issue 16: a low sample rate measures fewer orders (max_harmonic_order) and
// `dit_pct` holds those only; a fault record is analysed window by window.
TEST(ValidateRecord, DitValuesFollowTheMeasuredOrdersAndWindowsAreRecords) {
  v1::Record r = Sound();
  r.set_max_harmonic_order(6);  // 960 S/s at 60 Hz: orders 2..6
  for (auto& p : *r.mutable_phases()) p.mutable_dit_pct()->Truncate(5);
  EXPECT_EQ(Error(r), "OK");
  r.mutable_phases(1)->add_dit_pct(0.1);
  EXPECT_THAT(Error(r), HasSubstr("phases[1].dit_pct: 6 values; expected 5 (orders 2..6)"));
  r = Sound();
  r.set_max_harmonic_order(50);
  EXPECT_EQ(Error(r), "OK");
  r.set_max_harmonic_order(51);
  EXPECT_THAT(Error(r), HasSubstr("max_harmonic_order: expected 1..50"));
  r = Sound();
  r.set_interval("window");
  r.set_start("2025-03-03T00:10:00.217Z");  // windows follow the signal, not a grid
  r.set_duration_s(0.2);
  r.set_windows(1);
  EXPECT_EQ(Error(r), "OK");
  r.set_duration_s(600);
  EXPECT_THAT(Error(r), HasSubstr("duration_s: 600 s, but a window record lasts 0.2 s"));
}

TEST(ValidateRecord, RefusesUnknownIntervalsAndStartsOffTheirGrid) {
  v1::Record r = Sound();
  r.set_interval("5min");
  EXPECT_THAT(Error(r), HasSubstr("interval: \"5min\""));
  r = Sound();
  r.set_start("2025-03-03T00:11:00Z");
  EXPECT_THAT(Error(r), HasSubstr("not on the 10min UTC grid"));
  r = Sound();
  r.set_interval("2h");
  EXPECT_THAT(Error(r), HasSubstr("duration_s: 600 s, but a 2h record lasts 7200 s"));
  r.set_duration_s(7200);
  EXPECT_THAT(Error(r), HasSubstr("not on the 2h UTC grid"));
  r.set_start("2025-03-03T02:00:00Z");
  EXPECT_EQ(Error(r), "OK");
  r = Sound();
  r.set_interval("150cycle");
  r.set_duration_s(3);
  r.set_start("2025-03-03T00:10:03.017Z");
  EXPECT_EQ(Error(r), "OK");
  r = Sound();
  r.clear_interval();
  EXPECT_EQ(Error(r), "OK");  // older writers: 600 s means 10 minutes
  r.set_duration_s(300);
  EXPECT_THAT(Error(r), HasSubstr("interval: empty, and duration_s 300"));
  r = Sound();
  r.set_duration_s(std::numeric_limits<double>::infinity());
  EXPECT_THAT(Error(r), HasSubstr("duration_s"));
  r = Sound();
  r.add_vtcd_types("XYZ");
  EXPECT_THAT(Error(r), HasSubstr("vtcd_types[0]: \"XYZ\""));
  r = Sound();
  r.set_windows(-1);
  EXPECT_THAT(Error(r), HasSubstr("windows"));
}

// Issue 19: a record dated 9999 was stored where no query reaches it; one
// dated 2262-04-12 was acknowledged as a duplicate.
TEST(ValidateRecord, RefusesStartsOutsideTheSupportedRange) {
  for (const char* start : {"9999-01-01T00:00:00Z", "2262-04-12T00:00:00Z", "1969-12-31T23:50:00Z",
                            "2200-12-31T23:59:59Z", "2025-02-30T00:00:00Z", "tomorrow"}) {
    v1::Record r = Sound();
    r.set_start(start);
    EXPECT_THAT(Error(r), HasSubstr("start: ")) << start;
  }
  v1::Record last = Sound();
  last.set_start("2200-12-31T23:50:00Z");
  EXPECT_EQ(Error(last), "OK");
}

}  // namespace
}  // namespace pqa::records
