// `pqa collective WINDOW.json...`: the collective steady-state indicators
// ICC, DRPE and DRCE (PRODIST Module 8 items 27.1-27.2) over the sampled
// consumer units, each given as the JSON `pqa window` printed for it (or
// `pqa report --json` wrote), each unit once.
#ifndef PQA_HOST_PRODIST_COLLECTIVE_COMMAND_H_
#define PQA_HOST_PRODIST_COLLECTIVE_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "host/prodist/steady_state.h"
#include "pqa/v1/compliance.pb.h"

namespace pqa::prodist {

// The individual DRPi and DRCi (%) of one unit from its evaluation: its set's
// values, or with several sets (a permanent point) their mean, as item 26.6 c
// averages sets. An error when the unit has no 1,008-reading voltage set.
absl::StatusOr<PointDrpDrc> IndividualDrpDrc(const v1::ComplianceResult& result);

// One unit's evaluation from the JSON `pqa window` prints or the JSON
// `pqa report --json` writes (its "window" member). Unknown fields are errors.
absl::StatusOr<v1::ComplianceResult> ParseUnitJson(const std::string& text);

// Exit 0 ok, 1 bad input, 2 usage (pqa::cli::kExit*). Prints
// {"nl":..,"nc":..,"icc_pct":..,"drpe_pct":..,"drce_pct":..,
//  "time_zone":..,"points":[{"file":..,"id":..,"sets":..,"months":["YYYY-MM",..],
//  "drp_pct":..,"drc_pct":..}]}; every unit evaluated in --time-zone.
int RunCollectiveCommand(const std::vector<std::string>& args, std::ostream& out,
                         std::ostream& err);

}  // namespace pqa::prodist

#endif  // PQA_HOST_PRODIST_COLLECTIVE_COMMAND_H_
