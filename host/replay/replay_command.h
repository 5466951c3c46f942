// `pqa replay INPUT [options]`: a recording in, JSON Lines records and
// events out.
#ifndef PQA_HOST_REPLAY_REPLAY_COMMAND_H_
#define PQA_HOST_REPLAY_REPLAY_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

namespace pqa::replay {

// `args` excludes the program and subcommand names. Exit codes: pqa::cli::kExit*.
int RunReplayCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace pqa::replay

#endif  // PQA_HOST_REPLAY_REPLAY_COMMAND_H_
