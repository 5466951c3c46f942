// PRODIST Module 8 table 7: the sensitivity region (A..I) of each cell of the
// table 6 grid. The regulation prints it as a figure, so the map is data
// (host/vtcd/data/regions.csv, documented there) that a user can replace.
#ifndef PQA_HOST_VTCD_REGION_MAP_H_
#define PQA_HOST_VTCD_REGION_MAP_H_

#include <array>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "host/vtcd/stratification.h"

namespace pqa::vtcd {

// Repository-relative path of the shipped (reconstructed) table 7.
inline constexpr std::string_view kDefaultRegionMapPath = "host/vtcd/data/regions.csv";

class RegionMap {
 public:
  // Parses the CSV format described in data/regions.csv. `source` names the
  // text in error messages (a file path).
  static absl::StatusOr<RegionMap> Parse(std::string_view text, std::string_view source);
  static absl::StatusOr<RegionMap> Load(const std::string& path);
  // The shipped table (data/regions.csv as it was at build time).
  static const RegionMap& Default();

  // Region letter 'A'..'I' of a grid cell; '\0' for a cell outside the grid.
  char Region(int row, int column) const;

 private:
  std::array<std::array<char, kDurationColumns>, kAmplitudeRows> cells_{};
};

}  // namespace pqa::vtcd

#endif  // PQA_HOST_VTCD_REGION_MAP_H_
