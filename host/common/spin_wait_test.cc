#include "host/common/spin_wait.h"

#include <atomic>
#include <chrono>
#include <thread>

#include "gtest/gtest.h"

namespace pqa {
namespace {

TEST(SpinUntil, ReturnsTrueAsSoonAsReadyAndFalseAfterTheLimit) {
  EXPECT_TRUE(SpinUntil([] { return true; }));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(SpinUntil([] { return false; }, std::chrono::microseconds(300)));
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::microseconds(300));

  std::atomic<bool> flag{false};
  std::thread setter([&flag] { flag.store(true); });
  // Long enough for the other thread to start on any machine.
  EXPECT_TRUE(SpinUntil([&flag] { return flag.load(); }, std::chrono::seconds(10)));
  setter.join();
}

}  // namespace
}  // namespace pqa
