#include "host/report/report_command.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "host/common/version.h"
#include "host/prodist/annex8a.h"
#include "host/prodist/compliance.h"
#include "host/prodist/test_records.h"
#include "host/prodist/window_command.h"
#include "host/report/report_html.h"
#include "host/report/traceability.h"

namespace pqa::report {
namespace {

using prodist::DefaultAnnex8a;
using prodist::EvaluateCompliance;
using prodist::ResolvePoint;
using prodist::RunWindowCommand;
using ::testing::HasSubstr;
using ::testing::Not;

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(ReportCommand, WritesSelfContainedHtmlWithTheWindowNumbers) {
  std::string records =
      prodist::testing::WriteSampleWeek(::testing::TempDir() + "/prodist_report_records.jsonl");
  std::string events =
      prodist::testing::WriteSampleEvents(::testing::TempDir() + "/prodist_report_events.jsonl");
  std::string html = ::testing::TempDir() + "/prodist_report.html";
  std::ostringstream out, err;
  int code = RunReportCommand({records, "--connection", "220/127", "--eusd", "85.40", "--point",
                               "UC-000123", "--events", events, "--out", html, "--lang", "en"},
                              out, err);
  ASSERT_EQ(code, 0) << err.str();
  std::string text = Slurp(html);
  EXPECT_THAT(text, HasSubstr("UC-000123"));
  EXPECT_THAT(text, HasSubstr("<svg"));
  EXPECT_THAT(text, Not(HasSubstr("<script")));
  EXPECT_THAT(text, HasSubstr("expurgated"));
  EXPECT_THAT(text, HasSubstr("06/mar/2025"));  // table 11 date format
  // 2025-03-06T11:20:04Z in Brasilia time (the default zone), offset shown.
  EXPECT_THAT(text, HasSubstr("<td>08:20:04</td>"));
  EXPECT_THAT(text, HasSubstr("(UTC-03:00)"));
  EXPECT_THAT(text, HasSubstr("2025-03-02 21:00 -03:00"));  // first reading, 00:00Z, local
  // Traceability: the build's version and each input with its SHA-256.
  EXPECT_THAT(text, HasSubstr("Traceability"));
  EXPECT_THAT(text, HasSubstr(*FileSha256(records)));
  EXPECT_THAT(text, HasSubstr(*FileSha256(events)));
  EXPECT_THAT(text, HasSubstr(PqaVersion()));
  // Item 104: every reading printed, none collapsed.
  EXPECT_THAT(text, Not(HasSubstr("<details")));
  EXPECT_THAT(text, HasSubstr("@page{size:A4"));
  // Phase B is precarious 8 readings a day: 7 days in the set -> nlp 56,
  // DRP = 56/1008 = 5.556 %, printed as the window prints it.
  EXPECT_THAT(text, HasSubstr("5.556"));
  EXPECT_THAT(text, HasSubstr("Impact factor FI"));
  EXPECT_THAT(text, HasSubstr("DIC"));

  // The data next to the HTML: "window" is byte for byte what `pqa window`
  // prints for the same records and options.
  std::string data = Slurp(::testing::TempDir() + "/prodist_report.json");
  std::ostringstream wout, werr;
  ASSERT_EQ(RunWindowCommand(
                {records, "--connection", "220/127", "--eusd", "85.40", "--point", "UC-000123"},
                wout, werr),
            0)
      << werr.str();
  // Compared as JSON values: protobuf prints map entries (per_phase) in no
  // fixed order.
  google::protobuf::Struct report_data, window;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(data, &report_data).ok()) << data;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(wout.str(), &window).ok());
  ASSERT_TRUE(report_data.fields().contains("window"));
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
      report_data.fields().at("window").struct_value(), window));
  // Table 6 by hand: 0.62 pu / 4.21 s and 0.85 pu / 120 ms (ranges lo < x <= hi).
  EXPECT_THAT(data, HasSubstr(R"({"row":"0.60-0.70","col":"3s-1min","count":1})"));
  EXPECT_THAT(data, HasSubstr(R"({"row":"0.80-0.85","col":"100-300ms","count":1})"));
  EXPECT_THAT(data, HasSubstr(R"("impact_factor":[])"));  // 220/127 V: no FI (item 78)
  EXPECT_THAT(data, HasSubstr(R"("continuity":[])"));
}

TEST(ReportHtml, PstNotMeasuredIsShownSoNotAsAPass) {
  auto recs = prodist::testing::MakeStream(1010);
  for (auto& r : recs) r.record.set_flicker_complete(false);
  auto point = ResolvePoint({.connection = "220/127"}, DefaultAnnex8a());
  ASSERT_TRUE(point.ok());
  v1::ComplianceResult result = EvaluateCompliance(recs, *point);
  ASSERT_EQ(result.disturbance_sets_size(), 1);
  std::string html = RenderReportHtml({&*point, &recs, &result, nullptr, nullptr, Lang::kEn});
  EXPECT_THAT(html, HasSubstr("<td class='muted'>not measured</td>"));
  recs[0].record.set_flicker_complete(true);  // measured: the Pst95 cell is a verdict again
  EXPECT_THAT(RenderReportHtml({&*point, &recs, &result, nullptr, nullptr, Lang::kEn}),
              Not(HasSubstr("not measured</td>")));
}

TEST(ReportCommand, PortugueseByDefaultWithTheRegulationsTerms) {
  std::string records =
      prodist::testing::WriteSampleWeek(::testing::TempDir() + "/report_pt_records.jsonl");
  std::string html = ::testing::TempDir() + "/report_pt.html";
  std::ostringstream out, err;
  ASSERT_EQ(RunReportCommand({records, "--connection", "220/127", "--eusd", "85.40", "--out", html},
                             out, err),
            0)
      << err.str();
  std::string text = Slurp(html);
  EXPECT_THAT(text, HasSubstr("<html lang='pt-BR'>"));
  EXPECT_THAT(text, HasSubstr("1.008 leituras válidas"));
  EXPECT_THAT(text, HasSubstr("expurgada"));
  EXPECT_THAT(text, HasSubstr("5,556"));  // DRP with a decimal comma
  EXPECT_THAT(text, HasSubstr("Rastreabilidade"));
  EXPECT_THAT(text, HasSubstr("data (hora local, UTC-03:00)"));  // plot axis label
  EXPECT_THAT(text, Not(HasSubstr("Steady-state")));
}

TEST(ReportCommand, WithoutEusdCompensationIsNotComputedRatherThanZero) {
  std::string records =
      prodist::testing::WriteSampleWeek(::testing::TempDir() + "/report_noeusd_records.jsonl");
  std::string html = ::testing::TempDir() + "/report_noeusd.html";
  std::ostringstream out, err;
  ASSERT_EQ(RunReportCommand({records, "--connection", "220/127", "--out", html, "--lang", "en"},
                             out, err),
            0)
      << err.str();
  std::string text = Slurp(html);
  EXPECT_THAT(text, HasSubstr("&#9650; 5.556"));                        // DRP above its limit...
  EXPECT_THAT(text, HasSubstr("<td class='muted'>not computed</td>"));  // ...no R$ 0.00 by it
  EXPECT_THAT(text, Not(HasSubstr("R$ 0.00")));
  EXPECT_THAT(text, HasSubstr("not given (--eusd)"));
}

TEST(ReportCommand, ShorterThanASetGivesAPartialReportThatSaysSo) {
  auto recs = prodist::testing::MakeStream(30);
  std::string records = ::testing::TempDir() + "/report_partial_records.jsonl";
  {
    std::ofstream f(records);
    for (const auto& r : recs) {
      std::string json;
      ASSERT_TRUE(google::protobuf::util::MessageToJsonString(r.record, &json).ok());
      f << json << "\n";
    }
  }
  std::string html = ::testing::TempDir() + "/report_partial.html";
  std::ostringstream out, err;
  ASSERT_EQ(RunReportCommand({records, "--connection", "220/127", "--out", html}, out, err), 0)
      << err.str();
  EXPECT_THAT(err.str(), HasSubstr("partial"));
  std::string text = Slurp(html);
  EXPECT_THAT(text, HasSubstr("Medição parcial"));
  EXPECT_THAT(text, HasSubstr("faltam 978 leituras válidas"));  // 1,008 - 30
}

TEST(ReportCommand, BadLanguageIsAUsageError) {
  std::string records =
      prodist::testing::WriteSampleWeek(::testing::TempDir() + "/report_lang_records.jsonl");
  std::ostringstream out, err;
  EXPECT_EQ(RunReportCommand({records, "--connection", "220/127", "--out",
                              ::testing::TempDir() + "/x.html", "--lang", "fr"},
                             out, err),
            2);
  EXPECT_THAT(err.str(), HasSubstr("--lang"));
}

TEST(ReportCommand, PdfWithoutChromiumSaysWhatToInstallAndKeepsTheHtml) {
  std::string records =
      prodist::testing::WriteSampleWeek(::testing::TempDir() + "/report_nopdf_records.jsonl");
  std::string html = ::testing::TempDir() + "/report_nopdf.html";
  std::remove(html.c_str());
  const char* before = std::getenv("PQA_CHROMIUM");
  std::string saved = before ? before : "";
  setenv("PQA_CHROMIUM", "/nonexistent/chromium", 1);
  std::ostringstream out, err;
  int code = RunReportCommand({records, "--connection", "220/127", "--out", html, "--pdf",
                               ::testing::TempDir() + "/report_nopdf.pdf"},
                              out, err);
  if (before) {
    setenv("PQA_CHROMIUM", saved.c_str(), 1);
  } else {
    unsetenv("PQA_CHROMIUM");
  }
  EXPECT_EQ(code, 1);
  EXPECT_THAT(err.str(), HasSubstr("Debian package chromium"));
  EXPECT_THAT(Slurp(html), HasSubstr("</html>"));  // the HTML report was written
}

TEST(ReportCommand, OutIsRequired) {
  std::string records =
      prodist::testing::WriteSampleWeek(::testing::TempDir() + "/prodist_report_records2.jsonl");
  std::ostringstream out, err;
  EXPECT_EQ(RunReportCommand({records, "--connection", "220/127"}, out, err), 2);
  EXPECT_THAT(err.str(), HasSubstr("--out"));
}

}  // namespace
}  // namespace pqa::report
