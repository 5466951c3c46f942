#include "host/report/report_command.h"

#include <fstream>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "host/cli/command.h"
#include "host/common/version.h"
#include "host/prodist/events_jsonl.h"
#include "host/prodist/json_lines.h"
#include "host/prodist/point_options.h"
#include "host/report/pdf.h"
#include "host/report/report_html.h"
#include "host/report/traceability.h"

namespace pqa::report {

using prodist::AddPointOptions;
using prodist::Evaluation;
using prodist::ParseAndEvaluate;
using prodist::ReadEventsJsonl;
using prodist::RulesEpilog;
using prodist::SummarizeVtcdOverRecords;
using prodist::VtcdSummary;

namespace {

absl::StatusOr<std::vector<v1::EventCurve>> ReadCurves(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open the event curves file"));
  auto lines = prodist::ParseJsonLines<v1::EventCurve>(in, path);
  if (!lines.ok()) return lines.status();
  std::vector<v1::EventCurve> out;
  for (auto& l : *lines) {
    for (const v1::EventCurvePhase& p : l.message.phases()) {
      if (p.t_ms_size() != p.urms_v_size()) {
        return absl::InvalidArgumentError(
            absl::StrCat(path, ":", l.line, ": phase ", p.phase(), " has ", p.t_ms_size(),
                         " t_ms and ", p.urms_v_size(), " urms_v values; they go in pairs"));
      }
    }
    out.push_back(std::move(l.message));
  }
  return out;
}

}  // namespace

int RunReportCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  cli::ArgParser parser(
      "pqa report RECORDS.jsonl --connection PAIR|VOLTS --out report.html [options]",
      "Writes a self-contained HTML report (inline SVG, no scripts) of one point against "
      "PRODIST Module 8 section 8.1, ready to print on A4 and to file: point data and "
      "traceability (pqa version, inputs with SHA-256, options), each 1,008-reading set with "
      "DRP/DRC and the 95th percentiles against their limits, DIT_h percentiles per order, "
      "monthly means and compensation, the voltage histogram, RMS/DTT/Pst/Plt/FD time series "
      "with the limits and the expurgated intervals hatched, the hourly power factor against "
      "0.92 inductive .. 1.00 .. 0.92 capacitive (items 38-42, from records with currents), "
      "the VTCD events (table 11, the "
      "table 6 grid, FI and DIC/FIC/DMIC, with --events; the Urms(1/2) of each event with "
      "--event-curves) and the table of all readings with the expurgated intervals marked "
      "(item 104). Times are in --time-zone with the offset; the numbers are those `pqa "
      "window` prints. Records shorter than a set give a partial report that says so and "
      "counts the valid readings towards the first set.");
  AddPointOptions(parser);
  parser.AddOption("events", "FILE",
                   "VTCD events, JSON Lines of pqa.v1.VtcdEvent (`pqa replay --events`). "
                   "Optional.");
  parser.AddOption("event-curves", "FILE",
                   "Urms(1/2) around each event, JSON Lines of pqa.v1.EventCurve (`pqa replay "
                   "--event-curves`): a small plot per event. Optional, with --events.");
  parser.AddOption("out", "FILE", "Where to write the HTML report. Required.");
  parser.AddOption("json", "FILE",
                   "Where to write the report's data as JSON: {\"window\": what `pqa window` "
                   "prints, \"vtcd\": table 6, FI per civil month or 30 days, DIC/FIC/DMIC}. "
                   "Default: --out with .html replaced by .json (or .json appended).");
  parser.AddOption("lang", "pt-BR|en",
                   "Language of the report: pt-BR uses the regulation's own terms (leituras "
                   "válidas, DRP, DRC, expurgo, the captions of PRODIST Module 8) and decimal "
                   "commas; en is English.",
                   "pt-BR");
  parser.AddOption("pdf", "FILE",
                   "Also print the report to this PDF (A4, page header and numbers) with "
                   "headless Chromium (the Debian package chromium; or PQA_CHROMIUM=path).");
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
  auto lang = ParseLang(parser.Get("lang"));
  if (!lang.ok()) {
    err << "error: " << lang.status().message() << " (see --help)\n";
    return cli::kExitUsage;
  }
  if (parser.Has("event-curves") && parser.Get("events").empty()) {
    err << "error: --event-curves goes with --events: the curves belong to its events (see "
           "--help)\n";
    return cli::kExitUsage;
  }
  Traceability trace;
  trace.version = PqaVersion();
  trace.generated = absl::ToUnixNanos(absl::Now());
  trace.options = args;
  for (const auto& [role, option] : {std::pair{"records", "RECORDS"},
                                     {"events", "events"},
                                     {"event curves", "event-curves"},
                                     {"annex8a", "annex8a"}}) {
    std::string path =
        std::string(option) == "RECORDS" ? *parser.Positional("RECORDS") : parser.Get(option);
    if (path.empty()) continue;
    auto digest = FileSha256(path);
    if (!digest.ok()) {
      err << "error: " << digest.status().message() << "\n";
      return cli::kExitBadInput;
    }
    trace.inputs.push_back({role, path, *digest});
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
  std::vector<v1::EventCurve> curves;
  if (parser.Has("event-curves")) {
    auto loaded = ReadCurves(parser.Get("event-curves"));
    if (!loaded.ok()) {
      err << "error: " << loaded.status().message() << "\n";
      return cli::kExitBadInput;
    }
    curves = *std::move(loaded);
  }
  VtcdSummary summary;
  if (have_events && !ev.records.empty()) {
    auto made = SummarizeVtcdOverRecords(events, ev.point, ev.records);
    if (!made.ok()) {
      err << "error: " << parser.Get("events") << ": " << made.status().message() << "\n";
      return cli::kExitBadInput;
    }
    summary = *std::move(made);
  }
  ReportInput input{&ev.point,
                    &ev.records,
                    &ev.result,
                    have_events ? &events : nullptr,
                    have_events ? &summary : nullptr,
                    *lang,
                    &trace,
                    parser.Has("event-curves") ? &curves : nullptr};
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
  out << "wrote " << out_path << " and " << json_path;
  if (parser.Has("pdf")) {
    if (absl::Status st = PrintToPdf(out_path, parser.Get("pdf")); !st.ok()) {
      out << "\n";
      err << "error: " << st.message() << "\n";
      return cli::kExitBadInput;
    }
    out << " and " << parser.Get("pdf");
  }
  out << "\n";
  return cli::kExitOk;
}

}  // namespace pqa::report
