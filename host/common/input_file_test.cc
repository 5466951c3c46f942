#include "host/common/input_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace pqa {
namespace {

using ::testing::HasSubstr;

// Issue 20: a directory given as a .dat was "truncated data:
// 9223372036854775807 bytes"; /dev/zero as a .cfg grew memory without bound.
TEST(CheckRegularFile, NamesDirectoriesDevicesAndFifos) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("pqa_input_file_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string fifo = (dir / "pipe").string();
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  const std::string file = (dir / "rec.cfg").string();
  std::ofstream(file) << "x\n";
  EXPECT_TRUE(CheckRegularFile(file).ok());
  EXPECT_THAT(std::string(CheckRegularFile(dir.string()).message()),
              HasSubstr("not a regular file (a directory)"));
  EXPECT_THAT(std::string(CheckRegularFile("/dev/zero").message()),
              HasSubstr("/dev/zero: not a regular file (a character device)"));
  EXPECT_THAT(std::string(CheckRegularFile(fifo).message()),
              HasSubstr("not a regular file (a FIFO)"));
  EXPECT_EQ(CheckRegularFile((dir / "missing").string()).code(), absl::StatusCode::kNotFound);
  std::FILE* f = std::fopen("/dev/zero", "rb");
  ASSERT_NE(f, nullptr);
  EXPECT_FALSE(CheckRegularFile(f, "/dev/zero").ok());
  std::fclose(f);
  std::filesystem::remove_all(dir);
}

TEST(ReadBoundedLine, StopsAtTheBoundInsteadOfGrowing) {
  std::istringstream in("short\r\n" + std::string(100, 'x') + "\nlast");
  std::string line;
  ASSERT_EQ(ReadBoundedLine(in, line, 50), LineRead::kLine);
  EXPECT_EQ(line, "short\r");
  EXPECT_EQ(ReadBoundedLine(in, line, 50), LineRead::kTooLong);
  EXPECT_LE(line.size(), 50u);
  std::istringstream tail("a\nlast");
  ASSERT_EQ(ReadBoundedLine(tail, line), LineRead::kLine);
  ASSERT_EQ(ReadBoundedLine(tail, line), LineRead::kLine);
  EXPECT_EQ(line, "last");
  EXPECT_EQ(ReadBoundedLine(tail, line), LineRead::kEnd);
  EXPECT_THAT(std::string(LineTooLongError("r.jsonl", 7).message()),
              HasSubstr("r.jsonl:7: line longer than 1048576 bytes"));
}

TEST(ReadSmallFile, ReadsAFileAndRefusesDevicesAndSizesAboveTheBound) {
  const std::string path = ::testing::TempDir() + "/pqa_small_file_" + std::to_string(getpid());
  std::ofstream(path) << "abc:def:admin\n";
  auto text = ReadSmallFile(path, 100);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, "abc:def:admin\n");
  EXPECT_THAT(std::string(ReadSmallFile(path, 5).status().message()),
              HasSubstr("larger than 5 bytes"));
  EXPECT_THAT(std::string(ReadSmallFile("/dev/zero", 100).status().message()),
              HasSubstr("not a regular file"));
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace pqa
