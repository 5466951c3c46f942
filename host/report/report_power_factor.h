// The power-factor part of the report (PRODIST Module 8 items 38-42): the
// hourly evaluation host/prodist made (ComplianceResult.power_factor) as a
// summary, the worst hour, the hours outside the 0.92 band and whether item
// 41 applies at the point. It only renders the section; no number is
// computed here.
#ifndef PQA_HOST_REPORT_REPORT_POWER_FACTOR_H_
#define PQA_HOST_REPORT_REPORT_POWER_FACTOR_H_

#include <string>

#include "absl/time/time.h"
#include "host/report/report_text.h"
#include "pqa/v1/compliance.pb.h"

namespace pqa::report {

// The section as HTML (an <h2> and what follows), times in `zone`.
std::string RenderPowerFactorHtml(const v1::PowerFactorSection& section, Lang lang,
                                  const absl::TimeZone& zone);

}  // namespace pqa::report

#endif  // PQA_HOST_REPORT_REPORT_POWER_FACTOR_H_
