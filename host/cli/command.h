// A pqa subcommand: parses its own arguments (with ArgParser), writes results
// to `out` and one-line errors to `err`, and returns the process exit code.
#ifndef PQA_HOST_CLI_COMMAND_H_
#define PQA_HOST_CLI_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

namespace pqa::cli {

// Exit codes shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitBadInput = 1;  // the input or the data is wrong; the message says where
inline constexpr int kExitUsage = 2;     // the command line is wrong; --help says how

using CommandFn = int (*)(const std::vector<std::string>& args, std::ostream& out,
                          std::ostream& err);

struct Command {
  const char* name;
  const char* summary;  // one line for `pqa --help`
  CommandFn run;
};

}  // namespace pqa::cli

#endif  // PQA_HOST_CLI_COMMAND_H_
