// The self-contained HTML report of one point (PRODIST Module 8 items 104,
// 106, 116, 131), made to be printed and filed: point data and traceability,
// every set with its verdicts, compensation, DIT_h percentiles, histogram,
// time series, VTCD events with their Urms(1/2) curves, continuity, FI and
// the table of all readings, in Portuguese (the regulation's terms) or
// English, times in the point's local time with the offset, an A4 print
// stylesheet. It renders a v1::ComplianceResult computed by
// EvaluateCompliance: no number here is computed a second way.
#ifndef PQA_HOST_REPORT_REPORT_HTML_H_
#define PQA_HOST_REPORT_REPORT_HTML_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "host/prodist/point_config.h"
#include "host/prodist/records_jsonl.h"
#include "host/prodist/vtcd_summary.h"
#include "host/report/report_text.h"
#include "host/report/traceability.h"
#include "pqa/v1/compliance.pb.h"
#include "pqa/v1/event.pb.h"

namespace pqa::report {

struct ReportInput {
  const prodist::PointConfig* point = nullptr;
  const std::vector<prodist::TimedRecord>* records = nullptr;  // as evaluated
  const v1::ComplianceResult* result = nullptr;                // EvaluateCompliance(records, point)
  const std::vector<v1::VtcdEvent>* events = nullptr;  // optional (--events); null: no table
  const prodist::VtcdSummary* vtcd = nullptr;          // SummarizeVtcd(*events, ...); with `events`
  Lang lang = Lang::kPtBr;
  const Traceability* trace = nullptr;                  // null: no traceability section
  const std::vector<v1::EventCurve>* curves = nullptr;  // optional (--event-curves)
};

std::string RenderReportHtml(const ReportInput& input);

// The report's data as one JSON object: {"window": <exactly what `pqa window`
// prints for the same records and options>, "vtcd": {"events":n,
// "stratification":[{"row":..,"col":..,"count":..}], "impact_factor":[{
// "period_start":..,"period_end":..,"covered_days":..,"complete":..,
// "fe":[A..I],"fibase":..,"fi_pu":..,"month":"YYYY-MM" or "" (30-day period),
// "stratification":[cells of the period]}], "impact_factor_note":..,
// "continuity":[{"month":"2025-03","dic_h":..,"fic":..,"dmic_h":..}]}}
// ("vtcd" is null without --events).
absl::StatusOr<std::string> RenderReportJson(const ReportInput& input);

}  // namespace pqa::report

#endif  // PQA_HOST_REPORT_REPORT_HTML_H_
