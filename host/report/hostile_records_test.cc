// Issue 20: `pqa window`, `pqa report` and `pqa collective` given readings
// that should stop them. Each case below produced numbers before the one
// validation (host/records) was applied at every door.
#include <cmath>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "host/prodist/collective_command.h"
#include "host/prodist/test_records.h"
#include "host/prodist/window_command.h"
#include "host/report/report_command.h"

namespace pqa::prodist {
namespace {

using ::testing::HasSubstr;

std::string Temp(const std::string& name) { return ::testing::TempDir() + "/hostile_" + name; }

// A week of sound records (1,008 readings at 127 V) with `edit` applied to
// the JSON of record `bad` (0-based), written to `name`.
std::string WeekWith(const std::string& name, int bad,
                     const std::function<void(std::string&)>& edit) {
  const std::string path = Temp(name);
  std::ofstream out(path);
  for (const TimedRecord& r : testing::MakeStream(1008)) {
    std::string json;
    EXPECT_TRUE(google::protobuf::util::MessageToJsonString(r.record, &json).ok());
    if (r.line - 1 == bad || bad < 0) edit(json);
    out << json << "\n";
  }
  return path;
}

void Replace(std::string& s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
}

struct Case {
  const char* name;
  int bad;  // record index, -1 for every record
  std::function<void(std::string&)> edit;
  const char* expected;  // after "FILE:LINE: "
};

TEST(HostileRecords, WindowAndReportRefuseReadingsThatShouldStopThem) {
  const std::vector<Case> cases = {
      {"negative_rms", 500, [](std::string& j) { Replace(j, "\"rmsV\":127", "\"rmsV\":-127"); },
       "phases[0].rms_v: expected a finite value >= 0"},
      // Three phases all "A": DRP was tripled.
      {"three_a", 10,
       [](std::string& j) {
         Replace(j, "\"phase\":\"B\"", "\"phase\":\"A\"");
         Replace(j, "\"phase\":\"C\"", "\"phase\":\"A\"");
       },
       "phases[1].phase: \"A\" again (first at phases[0])"},
      {"two_phases", 20,
       [](std::string& j) { Replace(j, ",{\"phase\":\"C\",\"rmsV\":127,\"fundV\":127}", ""); },
       "phases: 2 phase(s) (A, B) in a complete record"},
      // A phase object instead of a list: DRC was 100 %.
      {"phase_object", 30,
       [](std::string& j) {
         j = R"({"start":"2025-03-03T05:00:00Z","durationS":600,"complete":true,)"
             R"("phases":{"phase":"A","rmsV":127},"interval":"10min"})";
       },
       ""},
      {"nan_everywhere", -1, [](std::string& j) { Replace(j, "\"rmsV\":127", "\"rmsV\":\"NaN\""); },
       "phases[0].rms_v: expected a finite value >= 0 (RMS volts), got nan"},
      {"year_9999", 40, [](std::string& j) { Replace(j, "\"2025-", "\"9999-"); }, "start: '9999-"},
  };
  for (const Case& c : cases) {
    const std::string path = WeekWith(absl::StrCat(c.name, ".jsonl"), c.bad, c.edit);
    const std::string line = absl::StrCat(path, ":", c.bad < 0 ? 1 : c.bad + 1, ": ");
    std::ostringstream out, err;
    EXPECT_EQ(RunWindowCommand({path, "--connection", "220/127"}, out, err), 1) << c.name;
    EXPECT_THAT(err.str(), HasSubstr(line + c.expected)) << c.name;
    EXPECT_TRUE(out.str().empty()) << c.name << ": no numbers from garbage";
    std::ostringstream rout, rerr;
    EXPECT_EQ(report::RunReportCommand({path, "--connection", "220/127", "--out", Temp("r.html")},
                                       rout, rerr),
              1)
        << c.name;
    EXPECT_THAT(rerr.str(), HasSubstr(line + c.expected)) << c.name;
  }
}

std::string Report(const std::string& events, std::string* err_text) {
  const std::string records = testing::WriteSampleWeek(Temp("report_week.jsonl"));
  const std::string path = Temp("events.jsonl");
  std::ofstream(path) << events;
  std::ostringstream out, err;
  const int code = report::RunReportCommand(
      {records, "--connection", "220/127", "--events", path, "--out", Temp("report.html")}, out,
      err);
  *err_text = err.str();
  return absl::StrCat(code);
}

TEST(HostileRecords, ReportRefusesEventsGivenTwiceAndImpossibleDurations) {
  const std::string sag =
      R"({"type":"AMT","start":"2025-03-07T20:40:00Z","duration_ms":120,"amplitude_pu":0.85})";
  std::string err;
  // Given twice, the event was counted twice in table 6.
  EXPECT_EQ(Report(sag + "\n" + sag + "\n", &err), "1");
  EXPECT_THAT(err, HasSubstr("events.jsonl:2: start: the event at 2025-03-07T20:40:00Z lasting "
                             "120 ms is already at line 1"));
  // 1e300 ms landed in a table 6 column.
  EXPECT_EQ(Report(R"({"type":"AMT","start":"2025-03-07T20:40:00Z","duration_ms":1e300,)"
                   R"("amplitude_pu":0.85})",
                   &err),
            "1");
  EXPECT_THAT(err, HasSubstr("events.jsonl:1: duration_ms: 1e+300 ms does not fit class AMT"));
  EXPECT_EQ(Report(R"({"type":"LONG_INTERRUPTION","start":"2025-03-07T20:40:00Z",)"
                   R"("duration_ms":1e300,"amplitude_pu":0})",
                   &err),
            "1");
  EXPECT_THAT(err, HasSubstr("events.jsonl:1: duration_ms"));
  EXPECT_EQ(Report(sag + "\n", &err), "0") << err;
}

TEST(HostileRecords, CollectiveRefusesAUnitTwiceAndReadsTheReportJson) {
  const std::string records = testing::WriteSampleWeek(Temp("coll_week.jsonl"));
  std::ostringstream wout, werr;
  ASSERT_EQ(RunWindowCommand({records, "--connection", "220/127", "--point", "UC-1"}, wout, werr),
            0)
      << werr.str();
  const std::string window = Temp("coll_window.json");
  std::ofstream(window) << wout.str();
  const std::string copy = Temp("coll_window_copy.json");
  std::ofstream(copy) << wout.str();
  std::ostringstream out, err;
  EXPECT_EQ(RunCollectiveCommand({window, copy}, out, err), 1);
  EXPECT_THAT(err.str(), HasSubstr("coll_window_copy.json: unit 'UC-1' is already given by"));
  // What `pqa report --json` writes is read as the unit's window.
  const std::string html = Temp("coll_report.html");
  std::ostringstream rout, rerr;
  ASSERT_EQ(report::RunReportCommand(
                {records, "--connection", "220/127", "--point", "UC-2", "--out", html}, rout, rerr),
            0)
      << rerr.str();
  std::ostringstream cout_, cerr_;
  ASSERT_EQ(RunCollectiveCommand({window, Temp("coll_report.json")}, cout_, cerr_), 0)
      << cerr_.str();
  EXPECT_THAT(cout_.str(), HasSubstr("\"nl\":2"));
  EXPECT_THAT(cout_.str(), HasSubstr("\"id\":\"UC-2\""));
  // A DRP that is not a share is refused with its field.
  const std::string bad = Temp("coll_bad.json");
  std::ofstream(bad) << R"({"point":{"id":"X"},"voltage_sets":[{"drp_pct":"NaN"}]})";
  std::ostringstream bout, berr;
  EXPECT_EQ(RunCollectiveCommand({bad}, bout, berr), 1);
  EXPECT_THAT(berr.str(), HasSubstr("voltage_sets[0].drp_pct: expected a share of 0..100 %"));
}

}  // namespace
}  // namespace pqa::prodist
