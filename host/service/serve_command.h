// `pqa serve`: runs the gRPC service until SIGINT/SIGTERM, then drains.
#ifndef PQA_HOST_SERVICE_SERVE_COMMAND_H_
#define PQA_HOST_SERVICE_SERVE_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

namespace pqa::service {

// `args` excludes "pqa serve". Returns a cli exit code (host/cli/command.h).
int RunServeCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace pqa::service

#endif  // PQA_HOST_SERVICE_SERVE_COMMAND_H_
