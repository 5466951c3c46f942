#include "host/push/line_tail.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"

namespace pqa::push {
namespace {

namespace fs = std::filesystem;

class LineTailTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("pqa_line_tail_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    path_ = (dir_ / "records.jsonl").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Append(const std::string& text) { std::ofstream(path_, std::ios::app) << text; }
  std::unique_ptr<LineTail> Open(FilePosition from = {}, std::string* notice = nullptr) {
    std::string ignored;
    auto tail = LineTail::Open(path_, from, notice ? notice : &ignored);
    EXPECT_TRUE(tail.ok()) << tail.status();
    return tail.ok() ? *std::move(tail) : nullptr;
  }
  static std::optional<std::string> Next(LineTail& tail) {
    auto line = tail.NextLine();
    EXPECT_TRUE(line.ok()) << line.status();
    return line.ok() ? *line : std::nullopt;
  }

  fs::path dir_;
  std::string path_;
};

TEST_F(LineTailTest, HoldsAnUnterminatedLineUntilItsNewlineArrives) {
  Append("{\"a\":1}\n{\"b\":");
  auto tail = Open();
  EXPECT_EQ(Next(*tail), "{\"a\":1}");
  EXPECT_EQ(Next(*tail), std::nullopt);
  EXPECT_EQ(tail->pending_bytes(), 5u);  // {"b":
  // Position counts the complete line only: 8 bytes, line 1.
  EXPECT_EQ(tail->position().bytes, 8);
  EXPECT_EQ(tail->position().lines, 1);
  Append("2}\n");
  EXPECT_EQ(Next(*tail), "{\"b\":2}");
  EXPECT_EQ(tail->position().bytes, 16);
  EXPECT_EQ(tail->position().lines, 2);
}

TEST_F(LineTailTest, ResumesAtASavedPositionInTheSameFile) {
  Append("one\ntwo\nthree\n");
  auto first = Open();
  Next(*first);
  Next(*first);
  const FilePosition saved = first->position();  // after "two\n": 8 bytes, 2 lines
  EXPECT_EQ(saved.bytes, 8);
  std::string notice;
  auto again = Open(saved, &notice);
  EXPECT_EQ(notice, "");
  EXPECT_EQ(Next(*again), "three");
  EXPECT_EQ(again->position().lines, 3);
}

TEST_F(LineTailTest, AFileShorterThanTheSavedPositionIsReadFromItsStartWithANotice) {
  Append("one\n");
  auto probe = Open();
  const std::uint64_t inode = probe->position().inode;
  std::string notice;
  auto tail = Open(FilePosition{400, 40, inode}, &notice);
  EXPECT_NE(notice.find("truncated"), std::string::npos) << notice;
  EXPECT_NE(notice.find(path_), std::string::npos) << notice;
  EXPECT_EQ(Next(*tail), "one");
}

TEST_F(LineTailTest, AnotherFileUnderTheNameIsReadFromItsStartWithANotice) {
  Append("one\ntwo\n");
  auto probe = Open();
  std::string notice;
  auto tail = Open(FilePosition{4, 1, probe->position().inode + 1}, &notice);
  EXPECT_NE(notice.find("rotated or replaced"), std::string::npos) << notice;
  EXPECT_EQ(Next(*tail), "one");
}

TEST_F(LineTailTest, TruncationWhileFollowingRewinds) {
  Append("one\ntwo\n");
  auto tail = Open();
  Next(*tail);
  Next(*tail);
  EXPECT_EQ(Next(*tail), std::nullopt);
  fs::resize_file(path_, 0);
  Append("new\n");  // 4 bytes < 8 read
  auto notice = tail->Reopen();
  ASSERT_TRUE(notice.ok());
  EXPECT_NE(notice->find("truncated"), std::string::npos) << *notice;
  EXPECT_EQ(Next(*tail), "new");
  EXPECT_EQ(tail->position().lines, 1);
}

TEST_F(LineTailTest, RotationFinishesTheOldFileThenReadsTheNewOne) {
  Append("old1\n");
  auto tail = Open();
  EXPECT_EQ(Next(*tail), "old1");
  Append("old2\n");
  fs::rename(path_, path_ + ".1");
  Append("new1\n");
  // The renamed file is still read to its end before switching.
  EXPECT_EQ(Next(*tail), "old2");
  EXPECT_EQ(Next(*tail), std::nullopt);
  auto notice = tail->Reopen();
  ASSERT_TRUE(notice.ok());
  EXPECT_NE(notice->find("rotated"), std::string::npos) << *notice;
  EXPECT_EQ(Next(*tail), "new1");
  EXPECT_EQ(tail->position().lines, 1);
  // Nothing changed since: no notice.
  auto quiet = tail->Reopen();
  ASSERT_TRUE(quiet.ok());
  EXPECT_EQ(*quiet, "");
}

TEST_F(LineTailTest, AFileThatDoesNotExistYetIsWaitedForWhenAsked) {
  std::string notice;
  auto tail = LineTail::Open(path_, {}, &notice, /*wait_if_missing=*/true);
  ASSERT_TRUE(tail.ok()) << tail.status();
  EXPECT_NE(notice.find("does not exist yet"), std::string::npos) << notice;
  EXPECT_EQ(Next(**tail), std::nullopt);
  auto nothing = (*tail)->Reopen();
  ASSERT_TRUE(nothing.ok());
  EXPECT_EQ(*nothing, "");
  Append("first\n");
  auto appeared = (*tail)->Reopen();
  ASSERT_TRUE(appeared.ok());
  EXPECT_NE(appeared->find("appeared"), std::string::npos) << *appeared;
  EXPECT_EQ(Next(**tail), "first");
}

TEST_F(LineTailTest, AMissingFileIsAnErrorNamingIt) {
  std::string notice;
  auto tail = LineTail::Open(path_ + ".absent", {}, &notice);
  ASSERT_FALSE(tail.ok());
  EXPECT_NE(std::string(tail.status().message()).find(path_ + ".absent"), std::string::npos);
}

// Issue 20: a records file that is a directory or a FIFO, or a line that
// never ends, is refused instead of blocking or growing memory.
TEST_F(LineTailTest, RefusesWhatIsNotARegularFileAndEndlessLines) {
  std::string notice;
  auto dir = LineTail::Open(dir_.string(), {}, &notice);
  ASSERT_FALSE(dir.ok());
  EXPECT_NE(std::string(dir.status().message()).find("not a regular file (a directory)"),
            std::string::npos);
  const std::string fifo = (dir_ / "pipe").string();
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_FALSE(LineTail::Open(fifo, {}, &notice).ok());
  Append("{}\n" + std::string(2 << 20, 'x'));
  auto tail = Open();
  ASSERT_NE(tail, nullptr);
  EXPECT_EQ(Next(*tail), "{}");
  auto endless = tail->NextLine();
  ASSERT_FALSE(endless.ok());
  EXPECT_NE(std::string(endless.status().message()).find(":2: line longer than"),
            std::string::npos);
}

}  // namespace
}  // namespace pqa::push
