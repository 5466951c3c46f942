// `pqa push`: the analyzer side of the pqa service. Streams a records file
// and/or an events file (once, or following them as an analyzer appends),
// or runs the analyzer on a recording and streams what it produces; keeps
// the acknowledged progress on disk and resends after reconnecting.
#ifndef PQA_HOST_PUSH_PUSH_COMMAND_H_
#define PQA_HOST_PUSH_PUSH_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "host/cli/args.h"
#include "host/push/push_session.h"

namespace pqa::push {

// The connection options (--server, --point, --token-file, --ca, --cert,
// --key, --insecure) as a PushTarget; also used by `pqa analyze --push`.
absl::StatusOr<PushTarget> PushTargetFrom(const cli::ArgParser& parser);

// `args` excludes "pqa push". Returns a cli exit code (host/cli/command.h).
int RunPushCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace pqa::push

#endif  // PQA_HOST_PUSH_PUSH_COMMAND_H_
