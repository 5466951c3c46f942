#include "host/cli/args.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace pqa::cli {
namespace {

using ::testing::HasSubstr;

ArgParser ReplayLike() {
  ArgParser p("pqa replay INPUT [options]", "Replays a recording.");
  p.AddPositional("INPUT", "recording");
  p.AddOption("interval", "KIND", "aggregation interval", "10min");
  p.AddOption("nominal-voltage", "VOLTS", "declared voltage");
  p.AddOption("channels", "LIST", "channel ids");
  p.AddFlag("quiet", "no progress");
  return p;
}

TEST(ArgParser, ReadsOptionsFlagsAndPositionalsInAnyOrder) {
  ArgParser p = ReplayLike();
  ASSERT_TRUE(
      p.Parse({"--quiet", "rec.cfg", "--nominal-voltage=127", "--channels", "VA,VB,VC"}).ok());
  EXPECT_EQ(p.Positional("INPUT"), "rec.cfg");
  EXPECT_TRUE(p.Flag("quiet"));
  EXPECT_EQ(*p.GetDouble("nominal-voltage"), 127.0);
  EXPECT_THAT(p.GetList("channels"), ::testing::ElementsAre("VA", "VB", "VC"));
  EXPECT_EQ(p.Get("interval"), "10min");  // the default
}

TEST(ArgParser, ErrorsNameTheOption) {
  ArgParser unknown = ReplayLike();
  EXPECT_THAT(std::string(unknown.Parse({"x", "--frobnicate"}).message()),
              HasSubstr("--frobnicate"));
  ArgParser missing_value = ReplayLike();
  EXPECT_THAT(std::string(missing_value.Parse({"x", "--interval"}).message()),
              HasSubstr("--interval"));
  ArgParser not_a_number = ReplayLike();
  ASSERT_TRUE(not_a_number.Parse({"x", "--nominal-voltage", "12x"}).ok());
  EXPECT_THAT(std::string(not_a_number.GetDouble("nominal-voltage").status().message()),
              HasSubstr("12x"));
  ArgParser no_input = ReplayLike();
  EXPECT_THAT(std::string(no_input.Parse({}).message()), HasSubstr("INPUT"));
}

TEST(ArgParser, HelpListsEveryOptionWithItsDefault) {
  ArgParser p = ReplayLike();
  ASSERT_TRUE(p.Parse({"--help"}).ok());
  EXPECT_TRUE(p.help_requested());
  const std::string help = p.Help();
  EXPECT_THAT(help, HasSubstr("--interval KIND"));
  EXPECT_THAT(help, HasSubstr("[default: 10min]"));
  EXPECT_THAT(help, HasSubstr("--quiet"));
}

TEST(ArgParser, RepeatedOptionsKeepEveryValueAndGivenIgnoresDefaults) {
  ArgParser p = ReplayLike();
  ASSERT_TRUE(p.Parse({"x", "--channels", "VA", "--channels=VB,VC"}).ok());
  EXPECT_THAT(p.GetAll("channels"), ::testing::ElementsAre("VA", "VB", "VC"));
  EXPECT_EQ(p.Get("channels"), "VB,VC");  // the last one, as before
  EXPECT_TRUE(p.Given("channels"));
  EXPECT_FALSE(p.Given("interval"));  // has a default, not given
  EXPECT_TRUE(p.Has("interval"));
  EXPECT_TRUE(p.GetAll("nominal-voltage").empty());
}

}  // namespace
}  // namespace pqa::cli
