#include "host/vtcd/region_map.h"

#include <fstream>
#include <sstream>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace pqa::vtcd {
namespace internal {
extern const std::string_view kRegionsCsv;  // data/regions.csv, embedded by CMake
}  // namespace internal
namespace {

absl::Status LineError(std::string_view source, int line, std::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrFormat("%s:%d: %s", std::string(source), line, std::string(what)));
}

}  // namespace

absl::StatusOr<RegionMap> RegionMap::Parse(std::string_view text, std::string_view source) {
  RegionMap map;
  bool header_seen = false;
  int row = 0;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(absl::string_view(text.data(), text.size()), '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line.front() == '#') continue;
    const std::vector<absl::string_view> fields = absl::StrSplit(line, ',');
    if (fields.size() != 1 + kDurationColumns) {
      return LineError(source, line_number,
                       absl::StrFormat("expected %d comma-separated fields, found %d",
                                       1 + kDurationColumns, fields.size()));
    }
    if (!header_seen) {
      if (fields[0] != "amplitude_row") {
        return LineError(source, line_number, "expected the header 'amplitude_row,...'");
      }
      for (int c = 0; c < kDurationColumns; ++c) {
        const std::string_view want = DurationColumnLabel(c);
        if (fields[1 + c] != absl::string_view(want.data(), want.size())) {
          return LineError(source, line_number,
                           absl::StrFormat("header column %d should be '%s', found '%s'", c + 2,
                                           std::string(want), std::string(fields[1 + c])));
        }
      }
      header_seen = true;
      continue;
    }
    if (row >= kAmplitudeRows) {
      return LineError(source, line_number,
                       absl::StrFormat("more than %d amplitude rows", kAmplitudeRows));
    }
    const std::string_view want = AmplitudeRowLabel(row);
    if (fields[0] != absl::string_view(want.data(), want.size())) {
      return LineError(source, line_number,
                       absl::StrFormat("amplitude row %d should be '%s', found '%s'", row + 1,
                                       std::string(want), std::string(fields[0])));
    }
    for (int c = 0; c < kDurationColumns; ++c) {
      const absl::string_view f = fields[1 + c];
      if (f.size() != 1 || f[0] < 'A' || f[0] > 'I') {
        return LineError(source, line_number,
                         absl::StrFormat("column '%s' should be a region letter A..I, found '%s'",
                                         std::string(DurationColumnLabel(c)), std::string(f)));
      }
      map.cells_[row][c] = f[0];
    }
    ++row;
  }
  if (!header_seen || row != kAmplitudeRows) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: expected a header and %d amplitude rows, found %d rows",
                        std::string(source), kAmplitudeRows, row));
  }
  return map;
}

absl::StatusOr<RegionMap> RegionMap::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrFormat("%s: cannot open the region map", path));
  std::ostringstream text;
  text << in.rdbuf();
  return Parse(text.str(), path);
}

const RegionMap& RegionMap::Default() {
  // The shipped file is parsed by the tests on every build; a failure here
  // would be a build defect, not bad user input.
  static const RegionMap* map = [] {
    absl::StatusOr<RegionMap> parsed = Parse(internal::kRegionsCsv, kDefaultRegionMapPath);
    return new RegionMap(parsed.ok() ? *parsed : RegionMap());
  }();
  return *map;
}

char RegionMap::Region(int row, int column) const {
  if (row < 0 || row >= kAmplitudeRows || column < 0 || column >= kDurationColumns) return '\0';
  return cells_[row][column];
}

}  // namespace pqa::vtcd
