// The main() of every unit test (pqa_test in cmake/PqaTargets.cmake): runs
// the tests with ::testing::TempDir() pointing at a directory of this
// process's own, removed when they end.
//
// ctest runs each test case in a process of its own, and tests write their
// recordings, databases and reports under TempDir(). With gtest_main that
// was /tmp itself, where every run left hundreds of files behind (hostile
// recordings, FIFOs, directories named like files). A fresh directory per
// process also keeps two runs of the suite at once (two build trees, a CI
// job beside a developer) from meeting in the same file names.
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

int main(int argc, char** argv) {
  ::testing::InitGoogleMock(&argc, argv);
  // Under a TEST_TMPDIR that the caller chose (bazel-style runners), or the
  // system's temporary directory.
  std::error_code error;
  const char* parent = getenv("TEST_TMPDIR");
  std::string base = parent != nullptr && *parent != '\0'
                         ? std::string(parent)
                         : std::filesystem::temp_directory_path(error).string();
  if (base.empty()) base = "/tmp";
  std::string pattern = base + "/pqa_test_XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    std::fprintf(stderr, "test main: cannot create a scratch directory under %s\n", base.c_str());
    return 2;
  }
  setenv("TEST_TMPDIR", pattern.c_str(), 1);  // what ::testing::TempDir() returns
  const int result = RUN_ALL_TESTS();
  std::filesystem::remove_all(pattern, error);
  if (error) {
    std::fprintf(stderr, "test main: could not remove %s: %s\n", pattern.c_str(),
                 error.message().c_str());
  }
  return result;
}
