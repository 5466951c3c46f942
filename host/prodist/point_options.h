// The command-line options shared by `pqa window` and `pqa report`: the
// point description, and the load-and-evaluate step both commands run so
// that the report's numbers are the window's numbers.
#ifndef PQA_HOST_PRODIST_POINT_OPTIONS_H_
#define PQA_HOST_PRODIST_POINT_OPTIONS_H_

#include <ostream>
#include <string>
#include <vector>

#include "host/cli/args.h"
#include "host/prodist/point_config.h"
#include "host/prodist/records_jsonl.h"
#include "pqa/v1/compliance.pb.h"

namespace pqa::prodist {

// Adds RECORDS (unless `with_records` is false: `pqa point` describes a point
// without evaluating records) and every point option, with their help text.
void AddPointOptions(cli::ArgParser& parser, bool with_records = true);
// The explanation of the rules, appended to both commands' --help.
std::string RulesEpilog();

// --time-zone ZONE (default America/Sao_Paulo), for every command that
// counts or shows civil months and times; TimeZoneFromArgs loads it, the
// error naming the option.
void AddTimeZoneOption(cli::ArgParser& parser);
absl::StatusOr<absl::TimeZone> TimeZoneFromArgs(const cli::ArgParser& parser);

// Builds the point from parsed options; errors name the option (usage errors).
absl::StatusOr<PointConfig> PointFromArgs(const cli::ArgParser& parser);

struct Evaluation {
  PointConfig point;
  std::vector<TimedRecord> records;
  v1::ComplianceResult result;
};

// Parses `args` with `parser`, reads the records and evaluates them. Returns
// an exit code (kExitOk when `evaluation` is filled; help is printed to
// `out` and reported as kExitOk with `help_shown` set). Records too short for
// any set are no error: the evaluation of a measurement still running has
// empty sets, its pending_readings and notes say how many readings are
// missing, and a note on `err` says so.
int ParseAndEvaluate(cli::ArgParser& parser, const std::vector<std::string>& args,
                     std::ostream& out, std::ostream& err, Evaluation& evaluation,
                     bool& help_shown);

}  // namespace pqa::prodist

#endif  // PQA_HOST_PRODIST_POINT_OPTIONS_H_
