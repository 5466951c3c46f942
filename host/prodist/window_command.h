// `pqa window RECORDS.jsonl --connection 220/127 [...]`: the PRODIST Module 8
// reading sets and indicators of one point, printed as JSON
// (pqa.v1.ComplianceResult, proto field names).
#ifndef PQA_HOST_PRODIST_WINDOW_COMMAND_H_
#define PQA_HOST_PRODIST_WINDOW_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

namespace pqa::prodist {

// `args` excludes the program and subcommand names. Exit 0 ok, 1 bad input,
// 2 usage (pqa::cli::kExit*).
int RunWindowCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace pqa::prodist

#endif  // PQA_HOST_PRODIST_WINDOW_COMMAND_H_
