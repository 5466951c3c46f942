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
  EXPECT_EQ(*v, FilePosition{});
}

TEST(PushCursor, WrittenValueReadsBack) {
  const std::string path = TempPath("pqa_cursor_rw");
  ASSERT_TRUE(WriteCursor(path, {1000, 10, 77}).ok());
  ASSERT_TRUE(WriteCursor(path, {432000, 4320, 77}).ok());
  auto v = ReadCursor(path);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, (FilePosition{432000, 4320, 77}));
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  std::filesystem::remove(path);
}

TEST(PushCursor, GarbageIsReportedWithFileLineAndTheExpectedForm) {
  const std::string path = TempPath("pqa_cursor_bad");
  for (const char* text : {"twelve\n", "4320\n", "bytes=10 lines=-1 inode=3\n",
                           "bytes=10 lines=1 inode=3 extra=1\n"}) {
    std::ofstream(path) << text;
    auto v = ReadCursor(path);
    ASSERT_FALSE(v.ok()) << text;
    EXPECT_NE(std::string(v.status().message()).find(path + ":1: expected 'bytes=N lines=N"),
              std::string::npos)
        << v.status();
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace pqa::push
