#include "host/prodist/collective_command.h"

#include <cmath>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "host/cli/args.h"
#include "host/cli/command.h"
#include "host/common/input_file.h"
#include "host/prodist/point_options.h"

namespace pqa::prodist {

absl::StatusOr<PointDrpDrc> IndividualDrpDrc(const v1::ComplianceResult& result) {
  if (result.voltage_sets().empty()) {
    return absl::InvalidArgumentError(
        "no voltage set of 1,008 valid readings: the unit has no individual DRP/DRC (item 26.2)");
  }
  PointDrpDrc p;
  for (int i = 0; i < result.voltage_sets_size(); ++i) {
    const v1::VoltageSet& s = result.voltage_sets(i);
    // Item 26.2: shares of 1,008 readings, so 0..100 %.
    for (const auto& [v, name] : {std::pair{s.drp_pct(), "drp_pct"}, {s.drc_pct(), "drc_pct"}}) {
      if (!std::isfinite(v) || v < 0 || v > 100) {
        return absl::InvalidArgumentError(absl::StrCat("voltage_sets[", i, "].", name,
                                                       ": expected a share of 0..100 %, got ", v));
      }
    }
    p.drp_pct += s.drp_pct();
    p.drc_pct += s.drc_pct();
  }
  p.drp_pct /= result.voltage_sets_size();
  p.drc_pct /= result.voltage_sets_size();
  return p;
}

absl::StatusOr<v1::ComplianceResult> ParseUnitJson(const std::string& text) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  std::string window = text;
  // `pqa report --json` writes {"window": what `pqa window` prints, "vtcd": ...}.
  google::protobuf::Struct top;
  if (google::protobuf::util::JsonStringToMessage(text, &top).ok() &&
      top.fields().contains("window")) {
    const google::protobuf::Value& w = top.fields().at("window");
    if (!w.has_struct_value()) {
      return absl::InvalidArgumentError("\"window\": expected the object `pqa window` prints");
    }
    window.clear();
    if (auto st = google::protobuf::util::MessageToJsonString(w.struct_value(), &window);
        !st.ok()) {
      return absl::InvalidArgumentError(st.message().ToString());
    }
  }
  v1::ComplianceResult result;
  if (auto st = google::protobuf::util::JsonStringToMessage(window, &result, options); !st.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "not the JSON `pqa window` or `pqa report --json` writes: ", st.message().ToString()));
  }
  return result;
}

int RunCollectiveCommand(const std::vector<std::string>& args, std::ostream& out,
                         std::ostream& err) {
  cli::ArgParser parser(
      "pqa collective WINDOW.json... [options]",
      "Computes the collective steady-state voltage indicators of PRODIST Module 8 item 27.2 "
      "over the consumer units measured: ICC = Nc / NL x 100 (Nc units with DRC != 0), "
      "DRPE = sum DRPi / NL and DRCE = sum DRCi / NL, in %. Each WINDOW.json is what "
      "`pqa window` printed for one unit (or the JSON `pqa report --json` wrote), each unit "
      "once; its DRPi/DRCi is its set's (the mean over its sets when it has several). Every "
      "unit must have been evaluated in --time-zone, so that the civil months of its sets "
      "(item 26.6) are counted alike. Prints one JSON object.");
  parser.AddPositional("WINDOW.json...", "`pqa window` output of each unit, one file per unit");
  AddTimeZoneOption(parser);
  if (auto st = parser.Parse(args); !st.ok()) {
    err << "error: " << st.message() << "\n";
    return cli::kExitUsage;
  }
  if (parser.help_requested()) {
    out << parser.Help();
    return cli::kExitOk;
  }
  auto zone = TimeZoneFromArgs(parser);
  if (!zone.ok()) {
    err << "error: " << zone.status().message() << " (see --help)\n";
    return cli::kExitUsage;
  }
  const std::string zone_name = parser.Get("time-zone");
  std::vector<std::string> files = {*parser.Positional("WINDOW.json...")};
  for (const std::string& f : parser.extra_positionals()) files.push_back(f);
  std::vector<PointDrpDrc> points;
  std::vector<std::string> rows;
  std::map<std::string, std::string> unit_file;  // unit id -> first file
  for (const std::string& file : files) {
    // Bounded: a window of a year of sets is well under a megabyte.
    auto text = ReadSmallFile(file, 64 << 20);
    if (!text.ok()) {
      err << "error: " << text.status().message() << " (give the output of `pqa window`)\n";
      return cli::kExitBadInput;
    }
    auto result = ParseUnitJson(*text);
    if (!result.ok()) {
      err << "error: " << file << ": " << result.status().message() << "\n";
      return cli::kExitBadInput;
    }
    auto p = IndividualDrpDrc(*result);
    if (!p.ok()) {
      err << "error: " << file << ": " << p.status().message() << "\n";
      return cli::kExitBadInput;
    }
    // After the unit's own values are checked: a bad file is named as such first.
    if (result->point().time_zone() != zone_name) {
      err << "error: " << file << ": "
          << (result->point().time_zone().empty()
                  ? std::string("its months were counted in UTC (written by an earlier pqa)")
                  : "evaluated in time zone " + result->point().time_zone())
          << ", not in --time-zone " << zone_name << ": run `pqa window --time-zone " << zone_name
          << "` on the unit's records again\n";
      return cli::kExitBadInput;
    }
    // Item 27.2 counts each consumer unit once in NL.
    const std::string& unit = result->point().id();
    if (!unit.empty()) {
      if (auto [it, inserted] = unit_file.emplace(unit, file); !inserted) {
        err << "error: " << file << ": unit '" << unit << "' is already given by " << it->second
            << "; each consumer unit counts once in NL (item 27.2)\n";
        return cli::kExitBadInput;
      }
    }
    points.push_back(*p);
    std::string id = result->point().id();
    std::string file_json = file;
    for (std::string* s : {&id, &file_json}) {
      std::string escaped;
      for (char c : *s) {
        if (c == '"' || c == '\\') escaped += '\\';
        escaped += c;
      }
      *s = escaped;
    }
    std::vector<std::string> months;  // civil months of its sets, in the zone (item 26.6)
    for (const v1::VoltageSet& s : result->voltage_sets()) {
      std::string m = absl::StrCat("\"", s.month(), "\"");
      if (months.empty() || months.back() != m) months.push_back(m);
    }
    rows.push_back(absl::StrFormat(
        "{\"file\":\"%s\",\"id\":\"%s\",\"sets\":%d,\"months\":[%s],\"drp_pct\":%.17g,"
        "\"drc_pct\":%.17g}",
        file_json, id, result->voltage_sets_size(), absl::StrJoin(months, ","), p->drp_pct,
        p->drc_pct));
  }
  auto c = ComputeCollective(points);
  if (!c.ok()) {
    err << "error: " << c.status().message() << "\n";
    return cli::kExitBadInput;
  }
  out << absl::StrFormat(
             "{\"nl\":%d,\"nc\":%d,\"icc_pct\":%.17g,\"drpe_pct\":%.17g,\"drce_pct\":%.17g,"
             "\"time_zone\":\"%s\",\"points\":[",
             c->nl, c->nc, c->icc_pct, c->drpe_pct, c->drce_pct, zone_name)
      << absl::StrJoin(rows, ",") << "]}\n";
  return cli::kExitOk;
}

}  // namespace pqa::prodist
