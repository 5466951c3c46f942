// PRODIST Module 8 Annex 8.A: the steady-state voltage bands (adequate,
// precarious, critical) for every connection level, kept as data
// (host/prodist/data/annex8a.csv, embedded at build time) so that a user can
// correct a row, e.g. the 240/120 V table that the regulation prints damaged.
#ifndef PQA_HOST_PRODIST_ANNEX8A_H_
#define PQA_HOST_PRODIST_ANNEX8A_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace pqa::prodist {

// Annex 8.A item 25 / figure 1.
enum class Band { kAdequate, kPrecarious, kCritical };
const char* BandName(Band band);  // "adequate", "precarious", "critical"

// One table side. Edges in volts (per_unit false) or in per unit of the
// reference voltage TR (per_unit true).
struct BandLimits {
  std::string row;  // "220/127 LN", "2.3-69kV", ...
  bool per_unit = false;
  double adequate_lo = 0;    // included in the adequate band
  double adequate_hi = 0;    // included in the adequate band
  double precarious_lo = 0;  // included in the lower precarious band
  double precarious_hi = 0;  // included in the upper precarious band
};

// Parses the CSV format documented in data/annex8a.csv ('#' comments, one
// header line). Errors name `source_name` and the line.
absl::StatusOr<std::vector<BandLimits>> ParseAnnex8aCsv(std::string_view text,
                                                        std::string_view source_name);
absl::StatusOr<std::vector<BandLimits>> LoadAnnex8aFile(const std::string& path);

// The CSV compiled into the binary (a copy of data/annex8a.csv at build time).
std::string_view EmbeddedAnnex8aCsv();
// The embedded table, parsed once.
const std::vector<BandLimits>& DefaultAnnex8a();

absl::StatusOr<BandLimits> FindAnnex8aRow(const std::vector<BandLimits>& table,
                                          std::string_view row);

// Classifies one reading TL (volts) against TR (volts). Edges are inclusive
// as the tables print them (adequate both ends, precarious its outer end);
// per-unit edges are compared as TL/TR with a 1e-9 relative tolerance so
// that a reading exactly on 0.93 TR is not lost to rounding.
Band ClassifyReading(double reading_v, double reference_v, const BandLimits& limits);

}  // namespace pqa::prodist

#endif  // PQA_HOST_PRODIST_ANNEX8A_H_
