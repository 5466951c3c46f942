#include "host/push/push_cursor.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"

namespace pqa::push {
namespace {

std::string TempPath(const char* name) {
  return (std::filesystem::temp_directory_path() /
          (std::string(name) + "_" + std::to_string(getpid())))
      .string();
}

TEST(PushCursor, MissingFileMeansNothingAcknowledged) {
  auto v = ReadCursor(TempPath("pqa_cursor_missing"));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, 0);
}

TEST(PushCursor, WrittenValueReadsBack) {
  const std::string path = TempPath("pqa_cursor_rw");
  ASSERT_TRUE(WriteCursor(path, 4032).ok());
  ASSERT_TRUE(WriteCursor(path, 4320).ok());
  auto v = ReadCursor(path);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, 4320);
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  std::filesystem::remove(path);
}

TEST(PushCursor, GarbageIsReportedWithFileAndLine) {
  const std::string path = TempPath("pqa_cursor_bad");
  std::ofstream(path) << "twelve\n";
  auto v = ReadCursor(path);
  ASSERT_FALSE(v.ok());
  EXPECT_NE(std::string(v.status().message()).find(path + ":1:"), std::string::npos);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace pqa::push
