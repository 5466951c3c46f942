// One recording replayed into its output files: records, aggregated events,
// per-phase events and event curves, each JSON Lines ("-" = the stdout stream
// given). `pqa replay` runs it once for a single recording and once per
// recording of a fleet (host/replay/replay_fleet.h), so a fleet's files are
// byte for byte what single-file runs write.
//
//   ReplayOptions + ReplayOutputPaths --> Replay() --> records sink --> file
//                                                  \-> event sink  --> events, curves
//   summary.phase_events --> phase-events file (after the run)
#ifndef PQA_HOST_REPLAY_REPLAY_OUTPUTS_H_
#define PQA_HOST_REPLAY_REPLAY_OUTPUTS_H_

#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "host/replay/replay.h"
#include "host/vtcd/region_map.h"

namespace pqa::replay {

// Where each output goes; "" = not written, "-" = the stdout stream.
struct ReplayOutputPaths {
  std::string records = "-";
  std::string events;
  std::string phase_events;
  std::string event_curves;
};

// Replays `options.input` into `paths`. Errors name the recording or the
// output file; the summary's warnings are left for the caller to print.
absl::StatusOr<ReplaySummary> ReplayToOutputs(ReplayOptions options, const ReplayOutputPaths& paths,
                                              const vtcd::RegionMap& regions, std::ostream& out,
                                              ProgressFn progress = {});

}  // namespace pqa::replay

#endif  // PQA_HOST_REPLAY_REPLAY_OUTPUTS_H_
