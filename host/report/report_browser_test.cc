// The report in a real browser (issue 8: "it loads without errors and shows
// the plots"): Debian's chromium, headless, dumps the DOM it built from the
// generated file and takes a screenshot. Skipped, with the reason, when no
// chromium is installed (tools/setup.sh installs it); ctest label "browser".
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/prodist/test_records.h"
#include "host/report/pdf.h"
#include "host/report/report_command.h"

namespace pqa::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Runs `command`, returns its stdout; `exit_code` gets the status.
std::string RunCommand(const std::string& command, int& exit_code) {
  std::string output;
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) {
    exit_code = -1;
    return output;
  }
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) output.append(buf, n);
  exit_code = pclose(p);
  return output;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST(ReportInBrowser, LoadsWithoutErrorsAndShowsEveryPlot) {
  std::string chromium = FindChromium();
  if (chromium.empty()) {
    GTEST_SKIP() << "chromium is not installed (tools/setup.sh installs it, or set "
                    "PQA_CHROMIUM): the report was not checked in a browser";
  }
  std::string dir = ::testing::TempDir();
  std::string records = prodist::testing::WriteSampleWeek(dir + "/prodist_browser_records.jsonl");
  std::string events = prodist::testing::WriteSampleEvents(dir + "/prodist_browser_events.jsonl");
  std::string html = dir + "/prodist_browser_report.html";
  std::ostringstream out, err;
  ASSERT_EQ(RunReportCommand({records, "--connection", "220/127", "--eusd", "85.40", "--events",
                              events, "--out", html, "--lang", "en"},
                             out, err),
            0)
      << err.str();

  std::string flags = " --headless --no-sandbox --disable-gpu --hide-scrollbars";
  std::string log = dir + "/prodist_browser_console.log";
  int code = 0;
  // --enable-logging=stderr puts the page's console messages (script errors,
  // refused or failed loads) on stderr as "CONSOLE" lines.
  std::string dom = RunCommand(
      chromium + flags + " --enable-logging=stderr --v=0 --dump-dom file://" + html + " 2>" + log,
      code);
  ASSERT_EQ(code, 0) << "chromium failed; its log is " << log;
  std::string console = Slurp(log);
  EXPECT_THAT(console, Not(HasSubstr("CONSOLE"))) << console;
  EXPECT_THAT(console, Not(HasSubstr("net::ERR"))) << console;
  // The browser parsed the whole document: the last section is there.
  EXPECT_THAT(dom, HasSubstr("All readings (item 104)"));
  EXPECT_THAT(dom, HasSubstr("</html>"));
  // Histogram + RMS, DTT, Pst, Plt and FD over the week, each an inline SVG
  // with drawn content.
  EXPECT_EQ(Count(dom, "<svg"), 6u);
  EXPECT_EQ(Count(dom, "</svg>"), 6u);
  EXPECT_GE(Count(dom, "<path"), 3u * 4u + 1u);  // 3 phases x RMS/DTT/Pst/Plt + FD
  EXPECT_THAT(dom, HasSubstr("Impact factor FI"));
  EXPECT_THAT(dom, HasSubstr("Stratification (table 6)"));

  std::string png = dir + "/prodist_browser_report.png";
  std::remove(png.c_str());
  RunCommand(chromium + flags + " --window-size=1280,3000 --screenshot=" + png + " file://" + html +
                 " 2>/dev/null",
             code);
  ASSERT_EQ(code, 0);
  std::string shot = Slurp(png);
  ASSERT_GT(shot.size(), 8u) << "no screenshot written at " << png;
  EXPECT_EQ(shot.substr(1, 3), "PNG");
  // A blank page compresses to a few kilobytes; the plots and tables do not.
  EXPECT_GT(shot.size(), 50000u);
}

}  // namespace
}  // namespace pqa::report
