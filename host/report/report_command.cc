#include "host/report/report_command.h"

#include <fstream>

#include "host/cli/command.h"
#include "host/prodist/events_jsonl.h"
#include "host/prodist/point_options.h"
#include "host/report/report_html.h"

namespace pqa::report {

using prodist::AddPointOptions;
using prodist::Evaluation;
using prodist::ParseAndEvaluate;
using prodist::ReadEventsJsonl;
using prodist::RulesEpilog;
using prodist::SummarizeVtcdOverRecords;
using prodist::VtcdSummary;

int RunReportCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  cli::ArgParser parser(
      "pqa report RECORDS.jsonl --connection PAIR|VOLTS --out report.html [options]",
      "Writes a self-contained HTML report (inline SVG, no scripts) of one point against "
      "PRODIST Module 8 section 8.1: point data, each 1,008-reading set with DRP/DRC and the "
      "95th percentiles coloured against their limits, monthly means and compensation, the "
      "voltage histogram, RMS/DTT/Pst/FD time series with the limits, the VTCD events (table "
      "11 and the table 6 grid, with --events) and the table of all readings with the "
      "expurgated intervals marked (item 104). The numbers are those `pqa window` prints.");
  AddPointOptions(parser);
  parser.AddOption("events", "FILE",
                   "VTCD events, JSON Lines of pqa.v1.VtcdEvent (`pqa replay --events`). "
                   "Optional.");
  parser.AddOption("out", "FILE", "Where to write the HTML report. Required.");
  parser.AddOption("json", "FILE",
                   "Where to write the report's data as JSON: {\"window\": what `pqa window` "
                   "prints, \"vtcd\": table 6, FI per 30 days, DIC/FIC/DMIC}. Default: --out "
                   "with .html replaced by .json (or .json appended).");
  parser.AddEpilog(RulesEpilog());
  Evaluation ev;
  bool help = false;
  int code = ParseAndEvaluate(parser, args, out, err, ev, help, /*allow_partial=*/true);
  if (code != cli::kExitOk || help) return code;
  std::string out_path = parser.Get("out");
  if (out_path.empty()) {
    err << "error: --out is required: the HTML file to write (see --help)\n";
    return cli::kExitUsage;
  }
  std::vector<v1::VtcdEvent> events;
  bool have_events = !parser.Get("events").empty();
  if (have_events) {
    auto loaded = ReadEventsJsonl(parser.Get("events"));
    if (!loaded.ok()) {
      err << "error: " << loaded.status().message() << "\n";
      return cli::kExitBadInput;
    }
    events = *std::move(loaded);
  }
  VtcdSummary summary;
  if (have_events) {
    auto made = SummarizeVtcdOverRecords(events, ev.point, ev.records);
    if (!made.ok()) {
      err << "error: " << parser.Get("events") << ": " << made.status().message() << "\n";
      return cli::kExitBadInput;
    }
    summary = *std::move(made);
  }
  ReportInput input{&ev.point, &ev.records, &ev.result, have_events ? &events : nullptr,
                    have_events ? &summary : nullptr};
  auto json = RenderReportJson(input);
  if (!json.ok()) {
    err << "error: " << json.status().message() << "\n";
    return cli::kExitBadInput;
  }
  std::string json_path = parser.Get("json");
  if (json_path.empty()) {
    json_path = out_path;
    if (json_path.size() > 5 && json_path.substr(json_path.size() - 5) == ".html") {
      json_path.resize(json_path.size() - 5);
    }
    json_path += ".json";
  }
  for (const auto& [path, text] :
       {std::pair<std::string, std::string>{out_path, RenderReportHtml(input)},
        {json_path, *json + "\n"}}) {
    std::ofstream file(path);
    file << text;
    if (!file) {
      err << "error: " << path << ": cannot write the report (check the directory exists)\n";
      return cli::kExitBadInput;
    }
  }
  out << "wrote " << out_path << " and " << json_path << "\n";
  return cli::kExitOk;
}

}  // namespace pqa::report
