#include "host/prodist/point_config.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace pqa::prodist {
namespace {

using ::testing::HasSubstr;

PointConfig Resolve(PointSpec spec) {
  auto p = ResolvePoint(spec, DefaultAnnex8a());
  EXPECT_TRUE(p.ok()) << p.status();
  return p.ok() ? *p : PointConfig{};
}

TEST(PointConfig, LowVoltagePairComparesPhaseReadingsWithTheSecondColumn) {
  PointConfig p = Resolve({.connection = "220/127"});
  EXPECT_EQ(p.bands.row, "220/127 LN");
  EXPECT_EQ(p.reference_v, 127);
  EXPECT_EQ(p.voltage_class, VoltageClass::kBT);
  PointConfig line = Resolve({.connection = "380/220", .voltage_kind = VoltageKind::kLine});
  EXPECT_EQ(line.bands.row, "380/220 LL");
  EXPECT_EQ(line.reference_v, 380);
}

TEST(PointConfig, MediumVoltageUsesPerUnitTableAndPhaseReference) {
  PointConfig p = Resolve({.connection = "13.8kV"});
  EXPECT_EQ(p.bands.row, "2.3-69kV");
  EXPECT_EQ(p.voltage_class, VoltageClass::kMT);
  EXPECT_NEAR(p.reference_v, 13800 / std::sqrt(3.0), 1e-9);
  PointConfig contracted = Resolve({.connection = "13800", .contracted_v = 13500});
  EXPECT_NEAR(contracted.reference_v, 13500 / std::sqrt(3.0), 1e-9);
  EXPECT_EQ(Resolve({.connection = "69kV"}).bands.row, "69-230kV");
  EXPECT_EQ(Resolve({.connection = "138kV"}).voltage_class, VoltageClass::kAT);
  EXPECT_EQ(Resolve({.connection = "230kV"}).bands.row, "ge230kV");
}

TEST(PointConfig, ClassFromNominalAndOverride) {
  EXPECT_EQ(VoltageClassFromNominal(2300), VoltageClass::kBT);
  EXPECT_EQ(VoltageClassFromNominal(2301), VoltageClass::kMT);
  EXPECT_EQ(VoltageClassFromNominal(68999), VoltageClass::kMT);
  EXPECT_EQ(VoltageClassFromNominal(69000), VoltageClass::kAT);
  EXPECT_EQ(Resolve({.connection = "220/127", .voltage_class = VoltageClass::kMT}).voltage_class,
            VoltageClass::kMT);
}

TEST(PointConfig, LimitsByLevelAndOpenDeltaHalvesDtt3) {
  DisturbanceLimits bt = LimitsFor(Resolve({.connection = "220/127"}));
  EXPECT_EQ(bt.dtt95_pct, 10.0);
  EXPECT_EQ(bt.dtt395_pct, 6.5);
  EXPECT_EQ(bt.fd95_pct, 3.0);
  EXPECT_EQ(bt.pst95, 1.0);
  DisturbanceLimits mt = LimitsFor(Resolve({.connection = "13.8kV", .vt_open_delta = true}));
  EXPECT_EQ(mt.dtt395_pct, 2.5);  // item 48: 50 % of 5.0
  EXPECT_EQ(mt.dtt95_pct, 8.0);
  DisturbanceLimits at = LimitsFor(Resolve({.connection = "138kV"}));
  EXPECT_EQ(at.dttp95_pct, 1.0);
  EXPECT_EQ(at.pst95, 2.0);
  EXPECT_TRUE(at.apply);
  EXPECT_FALSE(LimitsFor(Resolve({.connection = "500kV"})).apply);
}

TEST(PointConfig, BadConnectionSaysWhatToGive) {
  auto p = ResolvePoint({.connection = "220/120"}, DefaultAnnex8a());
  ASSERT_FALSE(p.ok());
  EXPECT_THAT(p.status().message(), HasSubstr("--connection"));
  EXPECT_THAT(p.status().message(), HasSubstr("220/127"));
  EXPECT_FALSE(ResolvePoint({.connection = "abc"}, DefaultAnnex8a()).ok());
  EXPECT_FALSE(ResolvePoint({.connection = "1000"}, DefaultAnnex8a()).ok());
}

}  // namespace
}  // namespace pqa::prodist
