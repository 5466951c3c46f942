#include "host/synth/spec_text.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace pqa::synth {
namespace {

using ::testing::HasSubstr;

TEST(ParseHarmonics, ReadsOrderPercentAndOptionalPhase) {
  auto h = ParseHarmonics("5:4, 7:3@30,7.5:0.5");
  ASSERT_TRUE(h.ok()) << h.status();
  ASSERT_EQ(h->size(), 3u);
  EXPECT_DOUBLE_EQ((*h)[0].order, 5);
  EXPECT_DOUBLE_EQ((*h)[0].magnitude_pu, 0.04);
  EXPECT_DOUBLE_EQ((*h)[1].phase_deg, 30);
  EXPECT_DOUBLE_EQ((*h)[2].order, 7.5);
}

TEST(ParseHarmonics, NamesTheBadItem) {
  auto h = ParseHarmonics("5:4,7x:3");
  ASSERT_FALSE(h.ok());
  EXPECT_THAT(std::string(h.status().message()), HasSubstr("7x"));
}

TEST(ParseModulation, ConvertsChangesPerMinuteToHertz) {
  auto m = ParseModulation("rect-cpm:110:0.844");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->shape, ModulationShape::kRectangular);
  EXPECT_DOUBLE_EQ(m->frequency_hz, 110.0 / 120.0);
  EXPECT_FALSE(ParseModulation("square:1:1").ok());
}

TEST(ParseVariations, ReadsPhasesAndDefaultsToAll) {
  auto v = ParseVariations("10:0.15:0.55:AC,30:5:0");
  ASSERT_TRUE(v.ok()) << v.status();
  ASSERT_EQ(v->size(), 2u);
  EXPECT_EQ((*v)[0].phases, (std::array<bool, 3>{true, false, true}));
  EXPECT_EQ((*v)[1].phases, (std::array<bool, 3>{true, true, true}));
  EXPECT_DOUBLE_EQ((*v)[0].residual_pu, 0.55);
  EXPECT_FALSE(ParseVariations("10:0.15:0.55:AX").ok());
}

TEST(ParseTriple, NeedsExactlyThree) {
  EXPECT_TRUE(ParseTriple("angles", "0,-120,120").ok());
  auto bad = ParseTriple("magnitudes", "1,1");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("magnitudes"));
}

}  // namespace
}  // namespace pqa::synth
