// `pqa point create|list|show|update|delete|sets`: the measurement-point
// registry of a running `pqa serve` from the command line. The point's
// configuration takes the options of `pqa window` (host/prodist/point_options.h),
// checked here as `pqa window` checks them and again by the service
// (CreatePoint/UpdatePoint name the field they refuse); the connection takes
// those of `pqa push` (host/push/service_connection.h). Output is a table for
// people, or JSON (the pqa.v1 messages, proto field names) with --json.
#ifndef PQA_HOST_POINT_POINT_COMMAND_H_
#define PQA_HOST_POINT_POINT_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

namespace pqa::point {

// `args` excludes "pqa point". Returns a cli exit code (host/cli/command.h).
int RunPointCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace pqa::point

#endif  // PQA_HOST_POINT_POINT_COMMAND_H_
