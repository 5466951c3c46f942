// The command-line options of a replay, shared by `pqa replay`, `pqa demo`
// and `pqa push`, and their translation into ReplayOptions.
#ifndef PQA_HOST_REPLAY_REPLAY_OPTIONS_H_
#define PQA_HOST_REPLAY_REPLAY_OPTIONS_H_

#include "absl/status/statusor.h"
#include "host/cli/args.h"
#include "host/replay/replay.h"

namespace pqa::replay {

// Measurement options: --format, --channels, --nominal-voltage,
// --nominal-frequency, --interval, --lamp, --reference, --phase-aggregation,
// --interruption-threshold, --points, --no-flicker, --no-events.
void AddReplayOptions(cli::ArgParser& parser);

// Reads them back; `input` is the recording path. Errors name the option.
absl::StatusOr<ReplayOptions> ReplayOptionsFrom(const cli::ArgParser& parser,
                                                const std::string& input);

}  // namespace pqa::replay

#endif  // PQA_HOST_REPLAY_REPLAY_OPTIONS_H_
