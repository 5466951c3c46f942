// The self-contained HTML report of one point (PRODIST Module 8 items 104,
// 106, 116, 131): point data, every set with its verdicts, compensation,
// histogram, time series, VTCD events and the table of all readings. It
// renders a v1::ComplianceResult computed by EvaluateCompliance: no number
// here is computed a second way.
#ifndef PQA_HOST_PRODIST_REPORT_HTML_H_
#define PQA_HOST_PRODIST_REPORT_HTML_H_

#include <string>
#include <vector>

#include "host/prodist/point_config.h"
#include "host/prodist/records_jsonl.h"
#include "pqa/v1/compliance.pb.h"
#include "pqa/v1/event.pb.h"

namespace pqa::prodist {

struct ReportInput {
  const PointConfig* point = nullptr;
  const std::vector<TimedRecord>* records = nullptr;   // as evaluated
  const v1::ComplianceResult* result = nullptr;        // EvaluateCompliance(records, point)
  const std::vector<v1::VtcdEvent>* events = nullptr;  // optional (--events); null: no table
};

std::string RenderReportHtml(const ReportInput& input);

}  // namespace pqa::prodist

#endif  // PQA_HOST_PRODIST_REPORT_HTML_H_
