// The report's frequency section: the bands, extremes and breaches that
// EvaluateCompliance computed appear in the HTML, in both languages.
#include "host/report/frequency_section.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/measure/frequency_bands.h"
#include "host/prodist/annex8a.h"
#include "host/prodist/compliance.h"
#include "host/prodist/test_records.h"
#include "host/report/report_html.h"

namespace pqa::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Two hours at 60 Hz with 20 s at 57 Hz from 00:30:00Z (items 67 c: below
// 58.5 Hz over 10 s and below 57.5 Hz over 5 s).
std::vector<prodist::TimedRecord> RecordsWithADip() {
  std::vector<prodist::TimedRecord> records = prodist::testing::MakeStream(12);
  const measure::FrequencyBandLimits limits = measure::FrequencyBandsFor(60);
  for (std::size_t k = 0; k < records.size(); ++k) {
    v1::Record& r = records[k].record;
    r.set_freq_hz(60);
    for (int i = 0; i < 60; ++i) {
      const double hz = k == 3 && i < 2 ? 57 : 60;
      r.add_freq_10s_hz(hz);
      measure::CountTenSecondValue(hz, limits, *r.mutable_frequency_bands());
    }
    r.set_freq_min_hz(k == 3 ? 57 : 60);
    r.set_freq_max_hz(60);
  }
  return records;
}

std::string Report(const std::vector<prodist::TimedRecord>& records, Lang lang) {
  auto point = prodist::ResolvePoint({.connection = "220/127"}, prodist::DefaultAnnex8a());
  EXPECT_TRUE(point.ok()) << point.status();
  const v1::ComplianceResult result = prodist::EvaluateCompliance(records, *point);
  ReportInput in;
  in.point = &*point;
  in.records = &records;
  in.result = &result;
  in.lang = lang;
  return RenderReportHtml(in);
}

TEST(FrequencySection, TheReportShowsBandsExtremesAndBreaches) {
  const std::string en = Report(RecordsWithADip(), Lang::kEn);
  EXPECT_THAT(en, HasSubstr("<h2 class='page' id='frequency'>Frequency variation (items 65-67)"));
  EXPECT_THAT(en, HasSubstr("<td>below 58.5 Hz (item 67 c: at most 10 s)</td><td>20</td>"));
  EXPECT_THAT(en, HasSubstr("<td>59.9 to 60.1 Hz (item 65: normal operation)</td><td>7180</td>"));
  EXPECT_THAT(en, HasSubstr("57.000 Hz at 2025-03-02 21:30:00 -03:00"));  // Brasilia time
  EXPECT_THAT(en, HasSubstr("Breaches: 2"));
  EXPECT_THAT(en, HasSubstr("&#9650; item 67 &lt;58.5Hz: below 58.5 Hz for more than 10 s</td>"
                            "<td>2025-03-02 21:30:00 -03:00</td><td>20</td><td>10</td>"
                            "<td>57.000</td>"));
  EXPECT_THAT(en, HasSubstr("&#9650; item 67 &lt;57.5Hz: below 57.5 Hz for more than 5 s</td>"
                            "<td>2025-03-02 21:30:00 -03:00</td><td>20</td><td>5</td>"
                            "<td>57.000</td>"));
  const std::string pt = Report(RecordsWithADip(), Lang::kPtBr);
  EXPECT_THAT(pt, HasSubstr("Variação de frequência (itens 65 a 67)"));
  EXPECT_THAT(pt, HasSubstr("<td>abaixo de 57,5 Hz (item 67 c: no máximo 5 s)</td><td>20</td>"));
  EXPECT_THAT(pt, HasSubstr("57,000 Hz em 02/03/2025 21:30:00 -03:00"));
  EXPECT_THAT(pt, HasSubstr("Transgressões: 2"));
  EXPECT_THAT(pt, HasSubstr("item 67 &lt;57.5Hz: abaixo de 57,5 Hz por mais de 5 s"));
}

TEST(FrequencySection, SaysWhenTheRecordsCarryNoTenSecondValues) {
  const std::string en = Report(prodist::testing::MakeStream(3), Lang::kEn);
  EXPECT_THAT(en, HasSubstr("no 10 s frequency values (freq_10s_hz)"));
  EXPECT_THAT(en, Not(HasSubstr("Breaches:")));
}

// EN 50160 4.2.1: the +-1 % share below 99.5 % is marked, the breaches are
// those of +4/-6 %.
TEST(FrequencySection, FiftyHertzShowsEn50160) {
  v1::FrequencySection f;
  f.set_nominal_hz(50);
  f.set_reference("EN 50160");
  f.mutable_bands()->set_measured_s(1000);
  f.mutable_bands()->set_normal_s(990);
  f.mutable_bands()->set_recovery_s(1000);
  f.set_normal_pct(99);
  f.set_min_hz(49.4);
  f.set_min_at("2025-03-03T00:00:10Z");
  f.set_max_hz(50.1);
  f.set_max_at("2025-03-03T00:01:10Z");
  const std::string en = FrequencySectionHtml(f, Lang::kEn, absl::UTCTimeZone());
  EXPECT_THAT(en, HasSubstr("Frequency variation (EN 50160, 50 Hz system)"));
  EXPECT_THAT(en, HasSubstr("class='bad'>&#9650; 99.000 %"));
  EXPECT_THAT(en, HasSubstr("No 10 s value outside 47 to 52 Hz"));
  EXPECT_THAT(en, Not(HasSubstr("item 67")));
}

}  // namespace
}  // namespace pqa::report
