#include "host/report/report_power_factor.h"

#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "host/prodist/annex8a.h"
#include "host/prodist/power_factor.h"
#include "host/prodist/test_records.h"
#include "host/report/report_command.h"

namespace pqa::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

prodist::PointConfig Point(const std::string& connection) {
  auto p = prodist::ResolvePoint({.connection = connection}, prodist::DefaultAnnex8a());
  EXPECT_TRUE(p.ok()) << p.status();
  return *p;
}

// Three clock hours from 2025-03-03T00:00Z, six intervals each, every
// interval with the same energies (Wh, varh):
//   hour 0: EA 6 x 920, ER 6 x 391.92 inductive: fp 0.92, at the limit
//   hour 1: EA 6 x 300, ER 6 x 400 inductive: fp 3/5 = 0.600, the worst
//   hour 2: EA 6 x 400, ER 6 x 300 capacitive: fp 4/5 = 0.800
std::vector<prodist::TimedRecord> ThreeHours() {
  std::vector<prodist::TimedRecord> recs = prodist::testing::MakeStream(18);
  for (int i = 0; i < 18; ++i) {
    v1::Record& r = recs[i].record;
    r.set_current_channels(3);
    if (i < 6) {
      r.set_ea_imp_wh(920);
      r.set_er_ind_varh(920 * std::sqrt(1 - 0.92 * 0.92) / 0.92);
    } else if (i < 12) {
      r.set_ea_imp_wh(300);
      r.set_er_ind_varh(400);
    } else {
      r.set_ea_imp_wh(400);
      r.set_er_cap_varh(300);
    }
  }
  return recs;
}

TEST(PowerFactorReport, SummaryWorstHourAndTheHoursOutsideTheBand) {
  prodist::PointConfig point = Point("13.8kV");
  v1::PowerFactorSection pf = prodist::EvaluatePowerFactor(ThreeHours(), point);
  const std::string en = RenderPowerFactorHtml(pf, Lang::kEn, point.zone);
  EXPECT_THAT(en, HasSubstr("Power factor (items 38-42)"));
  EXPECT_THAT(en, HasSubstr("<th>Hours evaluated</th><td>3</td>"));
  EXPECT_THAT(en, HasSubstr("<th>Hours outside the band</th><td class='bad'>&#9660; 2</td>"));
  EXPECT_THAT(en, HasSubstr("<th>Hours within the band</th><td>33.3 %</td>"));  // 1 of 3
  // Hour 1 starts at 01:00Z, 22:00 in Brasilia time (UTC-3).
  EXPECT_THAT(en, HasSubstr("fp 0.600 inductive at 2025-03-02 22:00 -03:00 (EA 1.80 kWh, ER "
                            "2.40 kvarh)"));
  EXPECT_THAT(en, Not(HasSubstr("Limit not applicable")));
  // The table lists the two hours outside, not the one at the limit.
  EXPECT_THAT(en, HasSubstr("<td>2025-03-02 22:00 -03:00</td><td>1.80</td><td>2.40</td>"
                            "<td class='bad'>&#9660; 0.600</td><td>inductive</td><td>yes</td>"));
  EXPECT_THAT(en, HasSubstr("<td>2025-03-02 23:00 -03:00</td><td>2.40</td><td>-1.80</td>"
                            "<td class='bad'>&#9660; 0.800</td><td>capacitive</td>"));
  EXPECT_THAT(en, Not(HasSubstr("<td>2025-03-02 21:00 -03:00</td>")));

  const std::string pt = RenderPowerFactorHtml(pf, Lang::kPtBr, point.zone);
  EXPECT_THAT(pt, HasSubstr("Fator de potência (itens 38 a 42)"));
  EXPECT_THAT(pt, HasSubstr("33,3 %"));
  EXPECT_THAT(pt, HasSubstr("fp 0,600 indutivo em 02/03/2025 22:00 -03:00"));
  EXPECT_THAT(pt, HasSubstr("capacitivo"));
}

TEST(PowerFactorReport, GroupBShowsTheValuesAndWhyTheLimitDoesNotApply) {
  prodist::PointConfig point = Point("220/127");
  v1::PowerFactorSection pf = prodist::EvaluatePowerFactor(ThreeHours(), point);
  const std::string en = RenderPowerFactorHtml(pf, Lang::kEn, point.zone);
  EXPECT_THAT(en, HasSubstr("Limit not applicable: item 41 does not apply to a group B"));
  EXPECT_THAT(en, HasSubstr("Hours below 0.92 (for information)"));
  EXPECT_THAT(en, HasSubstr("<td>2.40</td><td>0.600</td>"));  // a value, no violation mark
  EXPECT_THAT(en, Not(HasSubstr("class='bad'")));
  const std::string pt = RenderPowerFactorHtml(pf, Lang::kPtBr, point.zone);
  EXPECT_THAT(pt, HasSubstr("o item 41 não se aplica a uma ligação do grupo B"));

  prodist::PointConfig ehv = Point("500kV");
  v1::PowerFactorSection above = prodist::EvaluatePowerFactor(ThreeHours(), ehv);
  EXPECT_THAT(RenderPowerFactorHtml(above, Lang::kPtBr, ehv.zone),
              HasSubstr("o item 41 não se aplica com Vn &gt;= 230 kV"));
}

TEST(PowerFactorReport, NoCurrentsSaysNotMeasured) {
  prodist::PointConfig point = Point("13.8kV");
  v1::PowerFactorSection pf = prodist::EvaluatePowerFactor(prodist::testing::MakeStream(12), point);
  const std::string en = RenderPowerFactorHtml(pf, Lang::kEn, point.zone);
  EXPECT_THAT(en, HasSubstr("Not measured: the records carry no current channels"));
  EXPECT_THAT(en, Not(HasSubstr("<table")));
}

TEST(PowerFactorReport, AReportShorterThanASetHasThePendingCountAndNoEmptyTables) {
  auto recs = ThreeHours();
  std::string records = ::testing::TempDir() + "/report_pf_partial.jsonl";
  {
    std::ofstream f(records);
    for (const auto& r : recs) {
      std::string json;
      ASSERT_TRUE(google::protobuf::util::MessageToJsonString(r.record, &json).ok());
      f << json << "\n";
    }
  }
  std::string html = ::testing::TempDir() + "/report_pf_partial.html";
  std::ostringstream out, err;
  ASSERT_EQ(RunReportCommand({records, "--connection", "13.8kV", "--out", html}, out, err), 0)
      << err.str();
  std::stringstream text;
  text << std::ifstream(html).rdbuf();
  const std::string s = text.str();
  EXPECT_THAT(s, HasSubstr("18 leituras válidas para o primeiro conjunto de 1.008"));
  EXPECT_THAT(s, HasSubstr("faltam 990 leituras válidas"));  // the note: 1,008 - 18
  EXPECT_THAT(s, HasSubstr("Nenhum conjunto de 1.008 leituras válidas ainda"));
  EXPECT_THAT(s, Not(HasSubstr("Histograma de tensão, todas as fases")));  // no empty histogram
  EXPECT_THAT(s, Not(HasSubstr("<th>nlp</th>")));                          // no empty set table
  EXPECT_THAT(s, Not(HasSubstr("<th>DTT95%</th>")));
  // The power factor needs no set.
  EXPECT_THAT(s, HasSubstr("Fator de potência (itens 38 a 42)"));
  EXPECT_THAT(s, HasSubstr("fp 0,600 indutivo"));
}

}  // namespace
}  // namespace pqa::report
