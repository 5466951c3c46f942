// The report's frequency section (PRODIST Module 8 items 65-67; EN 50160
// 4.2.1 on 50 Hz): the time in each band, the lowest and highest 10 s value,
// the share in the normal band and every breach with its start (local time),
// duration, allowance and furthest value. It renders the
// v1::FrequencySection that host/prodist/frequency_variation computed into
// ComplianceResult.frequency; nothing is recomputed here. Its words, in
// pt-BR (the regulation's terms) and English, live with it.
#ifndef PQA_HOST_REPORT_FREQUENCY_SECTION_H_
#define PQA_HOST_REPORT_FREQUENCY_SECTION_H_

#include <string>

#include "absl/time/time.h"
#include "host/report/report_text.h"
#include "pqa/v1/compliance.pb.h"

namespace pqa::report {

// One <h2> section of HTML (the report's stylesheet classes: ok, bad, muted);
// times in `zone` with their offset.
std::string FrequencySectionHtml(const v1::FrequencySection& section, Lang lang,
                                 const absl::TimeZone& zone);

}  // namespace pqa::report

#endif  // PQA_HOST_REPORT_FREQUENCY_SECTION_H_
