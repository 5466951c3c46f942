#include "host/vtcd/continuity.h"

#include <vector>

#include "gtest/gtest.h"
#include "host/vtcd/event_detector.h"
#include "host/vtcd/record_flags.h"
#include "host/vtcd/test_signals.h"

namespace pqa::vtcd {
namespace {

TimeNs Utc(const char* text) { return *ParseRfc3339(text); }

// Items 172-173: DIC, FIC, DMIC per calendar month, from constructed intervals.
TEST(Continuity, MonthlyIndicatorsAndSums) {
  const TimeNs h = 3600 * kNsPerSecond;
  const std::vector<Interruption> list = {
      {Utc("2025-01-10T10:00:00Z"), Utc("2025-01-10T10:00:00Z") + h / 2},   // 0.50 h
      {Utc("2025-01-20T08:00:00Z"), Utc("2025-01-20T08:00:00Z") + 2 * h},   // 2.00 h
      {Utc("2025-01-31T23:00:00Z"), Utc("2025-02-01T01:30:00Z")},           // 1.00 + 1.50 h
      {Utc("2025-04-02T00:00:00Z"), Utc("2025-04-02T00:00:00Z") + h / 4}};  // 0.25 h
  const std::vector<MonthlyContinuity> months =
      MonthlyContinuityIndicators(list, absl::UTCTimeZone());
  ASSERT_EQ(months.size(), 3u);
  EXPECT_EQ(months[0].month, 1);
  EXPECT_DOUBLE_EQ(months[0].dic_h, 3.5);
  EXPECT_EQ(months[0].fic, 3);
  EXPECT_DOUBLE_EQ(months[0].dmic_h, 2.0);
  EXPECT_EQ(months[1].month, 2);
  EXPECT_DOUBLE_EQ(months[1].dic_h, 1.5);
  EXPECT_EQ(months[1].fic, 0);  // counted in January, where it started
  EXPECT_DOUBLE_EQ(months[1].dmic_h, 1.5);
  const PeriodContinuity q1 = SumMonths(months, 2025, 1, 3);
  EXPECT_DOUBLE_EQ(q1.dic_h, 5.0);
  EXPECT_EQ(q1.fic, 3);
  EXPECT_DOUBLE_EQ(q1.dmic_h, 2.0);
  const PeriodContinuity year = SumMonths(months, 2025, 1, 12);
  EXPECT_DOUBLE_EQ(year.dic_h, 5.25);
  EXPECT_EQ(year.fic, 4);
  EXPECT_DOUBLE_EQ(SumMonths(months, 2025, 4, 3).dic_h, 0.25);
}

// A measured outage from 2025-03-31T23:55 to 2025-04-01T00:20 UTC crosses a
// 10-minute boundary and a month boundary: DIC splits 5 min / 20 min, and the
// 10-minute records 23:50, 00:00, 00:10 and 00:20 (the return is after 00:20)
// carry long_interruption, the others nothing.
TEST(Continuity, MeasuredOutageAcrossMonthBoundarySplitsDic) {
  test_signals::Signal s;
  s.sample_rate_hz = 3200;
  s.phases = 1;
  s.seconds = 32 * 60.0;
  const TimeNs t0 = Utc("2025-03-31T23:49:00Z");
  const double out_s = 6 * 60.0 + 0.0043;    // 23:55:00.0043
  const double back_s = 31 * 60.0 + 0.0071;  // 00:20:00.0071
  s.steps = {{0, out_s, back_s, 0.0}};
  DetectorConfig config;
  config.phase_names = {"A"};
  absl::StatusOr<EventDetector> detector = EventDetector::Create(config);
  ASSERT_TRUE(detector.ok());
  const std::vector<double> frames = s.Frames();
  const std::size_t offsets[1] = {0};
  ASSERT_TRUE(
      detector->Process(t0, s.sample_rate_hz, frames.data(), frames.size(), 1, offsets).ok());
  detector->Finish();
  const std::vector<AggregatedEvent>& events = detector->events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].representative.vtcd_class, VtcdClass::kLongInterruption);
  const std::vector<MonthlyContinuity> months =
      MonthlyContinuityIndicators(LongInterruptions(events), absl::UTCTimeZone());
  ASSERT_EQ(months.size(), 2u);
  EXPECT_EQ(months[0].year, 2025);
  EXPECT_EQ(months[0].month, 3);
  EXPECT_DOUBLE_EQ(months[0].dic_h, 0.08);  // 5 min = 0.083 h
  EXPECT_EQ(months[0].fic, 1);
  EXPECT_EQ(months[1].month, 4);
  EXPECT_DOUBLE_EQ(months[1].dic_h, 0.33);  // 20 min = 0.333 h
  EXPECT_EQ(months[1].fic, 0);
  EXPECT_DOUBLE_EQ(months[1].dmic_h, 0.33);

  std::vector<pqa::v1::Record> records(6);
  for (int i = 0; i < 6; ++i) {
    records[i].set_start(FormatRfc3339(Utc("2025-03-31T23:40:00Z") + i * kTenMinutesNs));
    records[i].set_duration_s(600.0);
  }
  ASSERT_TRUE(FlagRecords(events, records).ok());
  for (int i = 0; i < 6; ++i) {
    const bool overlapped = i >= 1 && i <= 4;  // 23:50, 00:00, 00:10, 00:20
    EXPECT_EQ(records[i].flagged(), overlapped) << records[i].start();
    EXPECT_EQ(records[i].long_interruption(), overlapped) << records[i].start();
    EXPECT_EQ(records[i].vtcd_types_size(), 0) << records[i].start();
  }
}

}  // namespace
}  // namespace pqa::vtcd
