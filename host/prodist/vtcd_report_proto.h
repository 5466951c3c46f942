// The VTCD part of the report as data: VtcdSummary -> pqa.v1.VtcdReport, the
// one place where table 6 gets its row and column labels, periods their RFC
// 3339 bounds and months their "YYYY-MM". GetReport returns it and
// RenderReportJson prints it, so both carry the same figures.
#ifndef PQA_HOST_PRODIST_VTCD_REPORT_PROTO_H_
#define PQA_HOST_PRODIST_VTCD_REPORT_PROTO_H_

#include <span>

#include "host/prodist/vtcd_summary.h"
#include "pqa/v1/compliance.pb.h"
#include "pqa/v1/event.pb.h"

namespace pqa::prodist {

// `events`: the events `summary` was made from (table 11), copied in order;
// may be empty when only the figures are wanted.
v1::VtcdReport ToVtcdReport(const VtcdSummary& summary, std::span<const v1::VtcdEvent> events);

}  // namespace pqa::prodist

#endif  // PQA_HOST_PRODIST_VTCD_REPORT_PROTO_H_
