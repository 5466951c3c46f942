// Where a fleet's outputs go: patterns, directories, and the command lines
// refused because two recordings would write one file or a single file would
// have to hold several recordings.
#include "host/replay/replay_fleet.h"

#include <filesystem>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace pqa::replay {
namespace {

// One set of defaults for every plan (a named object: a temporary with a
// std::function member draws a false maybe-uninitialized warning from GCC 12).
const ReplayOptions kDefaults;

using ::testing::HasSubstr;

TEST(FleetOutputPath, PatternTakesTheStemAndDirectoryOfEachRecording) {
  auto path = FleetOutputPath("--records", "out/{stem}-r.jsonl", "site/feeder-12.cfg", "records",
                              /*several_inputs=*/true);
  ASSERT_TRUE(path.ok()) << path.status();
  EXPECT_EQ(*path, "out/feeder-12-r.jsonl");
  path = FleetOutputPath("--events", "{dir}/{stem}.ev", "site/a.cff", "events", true);
  ASSERT_TRUE(path.ok()) << path.status();
  EXPECT_EQ(*path, "site/a.ev");
  path = FleetOutputPath("--events", "{dir}/{stem}.ev", "a.csv", "events", true);
  ASSERT_TRUE(path.ok()) << path.status();
  EXPECT_EQ(*path, "./a.ev");
}

TEST(FleetOutputPath, DirectoryGetsOneFilePerRecordingAndKind) {
  auto path = FleetOutputPath("--records", "out/", "site/a.cfg", "records", true);
  ASSERT_TRUE(path.ok()) << path.status();
  EXPECT_EQ(*path, "out/a.records.jsonl");
  const std::string existing = ::testing::TempDir();  // a directory without a trailing '/'
  path = FleetOutputPath("--phase-events", existing, "b.cfg", "phase-events", true);
  ASSERT_TRUE(path.ok()) << path.status();
  EXPECT_EQ(*path, (std::filesystem::path(existing) / "b.phase-events.jsonl").string());
}

TEST(FleetOutputPath, OneFileOrStdoutIsRefusedForSeveralRecordingsAndSaysWhatToDo) {
  auto path = FleetOutputPath("--records", "all.jsonl", "a.cfg", "records", true);
  ASSERT_FALSE(path.ok());
  EXPECT_EQ(path.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(path.status().message(), HasSubstr("--records all.jsonl"));
  EXPECT_THAT(path.status().message(), HasSubstr("{stem}"));
  path = FleetOutputPath("--events", "-", "a.cfg", "events", true);
  ASSERT_FALSE(path.ok());
  EXPECT_THAT(path.status().message(), HasSubstr("stdout"));
}

TEST(FleetOutputPath, OneRecordingTakesAFileOrStdoutAsGiven) {
  for (const char* value : {"all.jsonl", "-"}) {
    auto path = FleetOutputPath("--records", value, "a.cfg", "records", false);
    ASSERT_TRUE(path.ok()) << path.status();
    EXPECT_EQ(*path, value);
  }
}

TEST(PlanFleet, RecordsGoBesideEachRecordingWhenNotNamed) {
  const std::string root = ::testing::TempDir() + "/plan_fleet_beside";
  FleetOutputOptions outputs;  // --records not given
  outputs.events = root + "/ev/";
  auto plan = PlanFleet({root + "/x/a.cfg", root + "/y/b.cff"}, kDefaults, outputs);
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_EQ(plan->size(), 2u);
  EXPECT_EQ((*plan)[0].options.input, root + "/x/a.cfg");
  EXPECT_EQ((*plan)[0].outputs.records, root + "/x/a.records.jsonl");
  EXPECT_EQ((*plan)[1].outputs.records, root + "/y/b.records.jsonl");
  EXPECT_EQ((*plan)[1].outputs.events, root + "/ev/b.events.jsonl");
  EXPECT_EQ((*plan)[1].outputs.phase_events, "");
}

TEST(PlanFleet, OneRecordingKeepsStdout) {
  auto plan = PlanFleet({"a.cfg"}, kDefaults, FleetOutputOptions{});
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->front().outputs.records, "-");
}

TEST(PlanFleet, TwoRecordingsWithOneStemInOneDirectoryAreRefusedBeforeAnythingRuns) {
  FleetOutputOptions outputs;
  outputs.records = "out/";
  outputs.records_given = true;
  auto plan = PlanFleet({"north/site.cfg", "south/site.cfg"}, kDefaults, outputs);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(plan.status().message(), HasSubstr("north/site.cfg and south/site.cfg"));
  EXPECT_THAT(plan.status().message(), HasSubstr("out/site.records.jsonl"));
  EXPECT_THAT(plan.status().message(), HasSubstr("{dir}"));
  EXPECT_FALSE(std::filesystem::exists("out")) << "nothing is created for a refused plan";
}

TEST(PlanFleet, ARecordingNamedByItsCfgAndItsDatIsRefusedWithTheGlobToUse) {
  auto plan = PlanFleet({"site/a.cfg", "site/a.dat"}, kDefaults, FleetOutputOptions{});
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(plan.status().message(), HasSubstr("one recording named twice"));
  EXPECT_THAT(plan.status().message(), HasSubstr("site/*.cfg"));
}

TEST(PlanFleet, MakesTheOutputDirectoriesAPatternNames) {
  const std::string root = ::testing::TempDir() + "/plan_fleet_dirs";
  std::filesystem::remove_all(root);
  FleetOutputOptions outputs;
  outputs.records = root + "/records/{stem}.jsonl";
  outputs.records_given = true;
  outputs.event_curves = root + "/curves/";
  auto plan = PlanFleet({"a.cfg", "b.cfg"}, kDefaults, outputs);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_TRUE(std::filesystem::is_directory(root + "/records"));
  EXPECT_TRUE(std::filesystem::is_directory(root + "/curves"));
  EXPECT_EQ((*plan)[1].outputs.event_curves, root + "/curves/b.event-curves.jsonl");
}

}  // namespace
}  // namespace pqa::replay
