// `pqa report RECORDS.jsonl --connection ... [--events EVENTS.jsonl] --out
// report.html`: the self-contained HTML report of one point, from the same
// evaluation as `pqa window`.
#ifndef PQA_HOST_REPORT_REPORT_COMMAND_H_
#define PQA_HOST_REPORT_REPORT_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

namespace pqa::report {

// Exit 0 ok, 1 bad input, 2 usage (pqa::cli::kExit*).
int RunReportCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace pqa::report

#endif  // PQA_HOST_REPORT_REPORT_COMMAND_H_
