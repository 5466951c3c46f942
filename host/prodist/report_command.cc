#include "host/prodist/report_command.h"

#include <fstream>

#include "host/cli/command.h"
#include "host/prodist/events_jsonl.h"
#include "host/prodist/point_options.h"
#include "host/prodist/report_html.h"

namespace pqa::prodist {

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
  parser.AddEpilog(RulesEpilog());
  Evaluation ev;
  bool help = false;
  int code = ParseAndEvaluate(parser, args, out, err, ev, help);
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
  ReportInput input{&ev.point, &ev.records, &ev.result, have_events ? &events : nullptr};
  std::ofstream file(out_path);
  file << RenderReportHtml(input);
  if (!file) {
    err << "error: " << out_path << ": cannot write the report (check the directory exists)\n";
    return cli::kExitBadInput;
  }
  out << "wrote " << out_path << "\n";
  return cli::kExitOk;
}

}  // namespace pqa::prodist
