#include "host/prodist/annex8a.h"

#include <cmath>
#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "host/common/input_file.h"

namespace pqa::prodist {
namespace internal {
extern const std::string_view kAnnex8aCsv;
}  // namespace internal

const char* BandName(Band band) {
  switch (band) {
    case Band::kAdequate:
      return "adequate";
    case Band::kPrecarious:
      return "precarious";
    case Band::kCritical:
      return "critical";
  }
  return "?";
}

absl::StatusOr<std::vector<BandLimits>> ParseAnnex8aCsv(std::string_view text,
                                                        std::string_view source_name) {
  std::vector<BandLimits> rows;
  bool header_seen = false;
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(absl::string_view(text.data(), text.size()), '\n')) {
    ++line_no;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    if (!header_seen) {
      header_seen = true;
      continue;
    }
    std::vector<absl::string_view> f = absl::StrSplit(line, ',');
    auto where = [&] {
      return absl::StrCat(absl::string_view(source_name.data(), source_name.size()), ":", line_no);
    };
    if (f.size() != 6) {
      return absl::InvalidArgumentError(
          absl::StrCat(where(),
                       ": expected 6 comma-separated fields "
                       "(row,unit,adequate_lo,adequate_hi,precarious_lo,precarious_hi), got ",
                       f.size()));
    }
    BandLimits b;
    b.row = std::string(absl::StripAsciiWhitespace(f[0]));
    absl::string_view unit = absl::StripAsciiWhitespace(f[1]);
    if (unit != "pu" && unit != "V") {
      return absl::InvalidArgumentError(
          absl::StrCat(where(), ": unit must be \"pu\" or \"V\", got \"", unit, "\""));
    }
    b.per_unit = unit == "pu";
    double* dst[4] = {&b.adequate_lo, &b.adequate_hi, &b.precarious_lo, &b.precarious_hi};
    for (int i = 0; i < 4; ++i) {
      if (!absl::SimpleAtod(absl::StripAsciiWhitespace(f[2 + i]), dst[i])) {
        return absl::InvalidArgumentError(
            absl::StrCat(where(), ": field ", 3 + i, " is not a number: \"", f[2 + i], "\""));
      }
    }
    if (!(b.precarious_lo <= b.adequate_lo && b.adequate_lo < b.adequate_hi &&
          b.adequate_hi <= b.precarious_hi)) {
      return absl::InvalidArgumentError(absl::StrCat(
          where(),
          ": edges must satisfy precarious_lo <= adequate_lo < adequate_hi <= precarious_hi"));
    }
    rows.push_back(std::move(b));
  }
  if (rows.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        absl::string_view(source_name.data(), source_name.size()), ": no Annex 8.A rows"));
  }
  return rows;
}

absl::StatusOr<std::vector<BandLimits>> LoadAnnex8aFile(const std::string& path) {
  auto text = ReadSmallFile(path, 1 << 20);
  if (!text.ok()) {
    return absl::Status(text.status().code(),
                        absl::StrCat(text.status().message(), " (the Annex 8.A table)"));
  }
  return ParseAnnex8aCsv(*text, path);
}

std::string_view EmbeddedAnnex8aCsv() { return internal::kAnnex8aCsv; }

const std::vector<BandLimits>& DefaultAnnex8a() {
  // The embedded text is checked by annex8a_test; a parse failure here is a
  // build defect, so fall back to an empty table rather than throw.
  static const std::vector<BandLimits>* table = [] {
    auto parsed = ParseAnnex8aCsv(EmbeddedAnnex8aCsv(), "embedded annex8a.csv");
    return new std::vector<BandLimits>(parsed.ok() ? *std::move(parsed)
                                                   : std::vector<BandLimits>{});
  }();
  return *table;
}

absl::StatusOr<BandLimits> FindAnnex8aRow(const std::vector<BandLimits>& table,
                                          std::string_view row) {
  for (const BandLimits& b : table) {
    if (b.row == row) return b;
  }
  return absl::NotFoundError(
      absl::StrCat("Annex 8.A has no row \"", absl::string_view(row.data(), row.size()), "\""));
}

Band ClassifyReading(double reading_v, double reference_v, const BandLimits& limits) {
  double x = reading_v;
  double eps = 0;
  if (limits.per_unit) {
    x = reading_v / reference_v;
    eps = 1e-9;
  }
  if (x >= limits.adequate_lo - eps && x <= limits.adequate_hi + eps) return Band::kAdequate;
  if (x >= limits.precarious_lo - eps && x <= limits.precarious_hi + eps) return Band::kPrecarious;
  return Band::kCritical;
}

}  // namespace pqa::prodist
