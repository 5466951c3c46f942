// `pqa demo`: the main job on embedded defaults. Synthesises a recording
// with realistic, analytically known content, replays it, and shows the
// 10-minute records next to what was put in.
#ifndef PQA_HOST_CLI_DEMO_COMMAND_H_
#define PQA_HOST_CLI_DEMO_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

namespace pqa::cli {

int RunDemoCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace pqa::cli

#endif  // PQA_HOST_CLI_DEMO_COMMAND_H_
