// Several recordings in one `pqa replay` (a fleet's files in one command):
// where each recording's outputs go, and running up to N recordings at once.
//
//   inputs + output options --> PlanFleet() --> one FleetRecording per input
//       (output paths expanded, collisions refused before anything runs)
//   FleetRecordings --> RunFleet() --> N workers, each ReplayToOutputs() one
//       recording at a time --> a result line per recording, then a summary
//
// A recording that fails is reported with its error and the others go on; the
// caller turns any failure into a non-zero exit status.
#ifndef PQA_HOST_REPLAY_REPLAY_FLEET_H_
#define PQA_HOST_REPLAY_REPLAY_FLEET_H_

#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "host/replay/replay.h"
#include "host/replay/replay_outputs.h"
#include "host/vtcd/region_map.h"

namespace pqa::replay {

// One output option's value for one input. With several inputs every output
// must be a file of its own, so the value is
// - a pattern: `{stem}` (the input's file name without its extension) and
//   `{dir}` (the input's directory, "." when none) are replaced;
// - or a directory (one that exists, or a name ending in '/'): the output is
//   DIR/STEM.KIND.jsonl (KIND: records, events, phase-events, event-curves).
// A plain file name or "-" (stdout) is refused with several inputs: the
// error says how to name one file per input. With one input, patterns and
// directories work the same and any other value is taken as it is.
absl::StatusOr<std::string> FleetOutputPath(const std::string& option, const std::string& value,
                                            const std::string& input, const std::string& kind,
                                            bool several_inputs);

// What the output options of `pqa replay` said, before expansion; "" = not
// asked for. `records_given` false with several inputs puts the records
// beside each input ({dir}/{stem}.records.jsonl).
struct FleetOutputOptions {
  std::string records = "-";
  bool records_given = false;
  std::string events;
  std::string phase_events;
  std::string event_curves;
};

struct FleetRecording {
  ReplayOptions options;  // options.input is the recording
  ReplayOutputPaths outputs;
};

// One FleetRecording per input, outputs expanded. Errors (usage errors: the
// command line is wrong) name the option, or the two inputs that would write
// the same file.
absl::StatusOr<std::vector<FleetRecording>> PlanFleet(const std::vector<std::string>& inputs,
                                                      const ReplayOptions& options,
                                                      const FleetOutputOptions& outputs);

struct FleetSummary {
  int ok = 0;
  int failed = 0;
  double signal_s = 0;  // seconds of signal of the recordings replayed without error
  double wall_s = 0;    // seconds of wall time of the whole fleet
  double times_real_time() const { return wall_s > 0 ? signal_s / wall_s : 0; }
};

// Replays every recording on up to `jobs` threads (each recording's own
// analyzer.threads still applies). Writes to `err` one line per recording as
// it finishes ("ok" with its figures, or "FAILED" with the error), its
// warnings, a progress line on a terminal (`progress`), and the summary
// unless `quiet`. Failures are printed even when quiet.
FleetSummary RunFleet(const std::vector<FleetRecording>& recordings, int jobs,
                      const vtcd::RegionMap& regions, std::ostream& out, std::ostream& err,
                      bool progress, bool quiet);

}  // namespace pqa::replay

#endif  // PQA_HOST_REPLAY_REPLAY_FLEET_H_
