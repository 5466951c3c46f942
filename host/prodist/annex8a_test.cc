#include "host/prodist/annex8a.h"

#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace pqa::prodist {
namespace {

using ::testing::HasSubstr;

// Annex 8.A of REN 956/2021 as printed (tables 1-11), typed by hand from
// /work/shared/regulation/prodist-ren956-full.txt; table 10 (240/120) is
// damaged there and follows the spec's reconstruction.
struct Expected {
  const char* row;
  double alo, ahi, plo, phi;
};
constexpr Expected kRegulation[] = {
    {"ge230kV", 0.95, 1.05, 0.93, 1.07},  {"69-230kV", 0.95, 1.05, 0.90, 1.07},
    {"2.3-69kV", 0.93, 1.05, 0.90, 1.05}, {"220/127 LL", 202, 231, 191, 233},
    {"220/127 LN", 117, 133, 110, 135},   {"380/220 LL", 350, 399, 331, 403},
    {"380/220 LN", 202, 231, 191, 233},   {"254/127 LL", 234, 267, 221, 269},
    {"254/127 LN", 117, 133, 110, 135},   {"440/220 LL", 405, 462, 383, 466},
    {"440/220 LN", 202, 231, 191, 233},   {"208/120 LL", 191, 218, 181, 220},
    {"208/120 LN", 110, 126, 104, 127},   {"230/115 LL", 212, 242, 200, 244},
    {"230/115 LN", 106, 121, 100, 122},   {"240/120 LL", 221, 252, 209, 254},
    {"240/120 LN", 110, 126, 104, 127},   {"220/110 LL", 202, 231, 191, 233},
    {"220/110 LN", 101, 116, 96, 117},
};

TEST(Annex8a, EmbeddedTableIsTheDataFile) {
  std::ifstream in(PQA_PRODIST_ANNEX8A_CSV);
  ASSERT_TRUE(in) << PQA_PRODIST_ANNEX8A_CSV;
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), std::string(EmbeddedAnnex8aCsv()));
}

TEST(Annex8a, EveryRowMatchesTheRegulation) {
  const auto& table = DefaultAnnex8a();
  ASSERT_EQ(table.size(), std::size(kRegulation));
  for (const Expected& e : kRegulation) {
    auto row = FindAnnex8aRow(table, e.row);
    ASSERT_TRUE(row.ok()) << e.row;
    EXPECT_EQ(row->adequate_lo, e.alo) << e.row;
    EXPECT_EQ(row->adequate_hi, e.ahi) << e.row;
    EXPECT_EQ(row->precarious_lo, e.plo) << e.row;
    EXPECT_EQ(row->precarious_hi, e.phi) << e.row;
  }
}

TEST(Annex8a, LowVoltageEdgesFollowTheInclusionRules) {
  for (const Expected& e : kRegulation) {
    auto row = FindAnnex8aRow(DefaultAnnex8a(), e.row);
    ASSERT_TRUE(row.ok());
    if (row->per_unit) continue;
    // Adequate includes both ends; a precarious band includes its outer end.
    EXPECT_EQ(ClassifyReading(e.alo, 0, *row), Band::kAdequate) << e.row;
    EXPECT_EQ(ClassifyReading(e.ahi, 0, *row), Band::kAdequate) << e.row;
    EXPECT_EQ(ClassifyReading(e.alo - 0.01, 0, *row), Band::kPrecarious) << e.row;
    EXPECT_EQ(ClassifyReading(e.ahi + 0.01, 0, *row), Band::kPrecarious) << e.row;
    EXPECT_EQ(ClassifyReading(e.plo, 0, *row), Band::kPrecarious) << e.row;
    EXPECT_EQ(ClassifyReading(e.phi, 0, *row), Band::kPrecarious) << e.row;
    EXPECT_EQ(ClassifyReading(e.plo - 0.01, 0, *row), Band::kCritical) << e.row;
    EXPECT_EQ(ClassifyReading(e.phi + 0.01, 0, *row), Band::kCritical) << e.row;
  }
}

TEST(Annex8a, PerUnitEdgesAreInclusiveDespiteRounding) {
  auto mt = FindAnnex8aRow(DefaultAnnex8a(), "2.3-69kV");
  ASSERT_TRUE(mt.ok());
  const double tr = 13800.0 / std::sqrt(3.0);
  EXPECT_EQ(ClassifyReading(0.93 * tr, tr, *mt), Band::kAdequate);
  EXPECT_EQ(ClassifyReading(1.05 * tr, tr, *mt), Band::kAdequate);
  EXPECT_EQ(ClassifyReading(0.92 * tr, tr, *mt), Band::kPrecarious);
  EXPECT_EQ(ClassifyReading(0.90 * tr, tr, *mt), Band::kPrecarious);
  EXPECT_EQ(ClassifyReading(0.899 * tr, tr, *mt), Band::kCritical);
  // Table 3 has no upper precarious band: just above 1.05 is critical.
  EXPECT_EQ(ClassifyReading(1.051 * tr, tr, *mt), Band::kCritical);
  auto at = FindAnnex8aRow(DefaultAnnex8a(), "69-230kV");
  ASSERT_TRUE(at.ok());
  EXPECT_EQ(ClassifyReading(1.07 * 79674.3, 79674.3, *at), Band::kPrecarious);
  EXPECT_EQ(ClassifyReading(1.071 * 79674.3, 79674.3, *at), Band::kCritical);
}

TEST(Annex8a, MalformedCsvNamesTheLine) {
  auto r = ParseAnnex8aCsv("# c\nrow,unit,a,b,c,d\n220/127 LN,V,117,133,110\n", "mine.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("mine.csv:3"));
  auto bad_order = ParseAnnex8aCsv("row,unit,a,b,c,d\nx,V,117,133,120,135\n", "mine.csv");
  ASSERT_FALSE(bad_order.ok());
  EXPECT_THAT(bad_order.status().message(), HasSubstr("mine.csv:2"));
}

}  // namespace
}  // namespace pqa::prodist
