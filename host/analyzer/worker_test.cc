#include "host/analyzer/worker.h"

#include <chrono>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace pqa::analyzer {
namespace {

// Hand-overs of every length around the spin's bound (common/spin_wait.h):
// each task runs once, in order, and its effects are visible after Wait().
TEST(Worker, EveryTaskRunsOnceAndIsSeenAfterWait) {
  Worker worker;
  std::vector<int> seen;
  for (int i = 0; i < 300; ++i) {
    const auto work = std::chrono::microseconds((i * 37) % 400);
    worker.Start([&seen, i, work] {
      const auto until = std::chrono::steady_clock::now() + work;
      while (std::chrono::steady_clock::now() < until) {
      }
      seen.push_back(i);
    });
    if (i % 3 == 0) std::this_thread::sleep_for(std::chrono::microseconds(300));
    worker.Wait();
    ASSERT_EQ(seen.size(), static_cast<std::size_t>(i + 1));
    ASSERT_EQ(seen.back(), i);
  }
}

TEST(Worker, DestroysWhileATaskRunsOrAfterALongIdle) {
  int done = 0;
  {
    Worker worker;
    worker.Start([&done] {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      ++done;
    });
  }  // the destructor waits for the task
  EXPECT_EQ(done, 1);
  {
    Worker worker;
    worker.Start([&done] { ++done; });
    worker.Wait();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // asleep, past the spin
    worker.Start([&done] { ++done; });
    worker.Wait();
  }
  EXPECT_EQ(done, 3);
}

}  // namespace
}  // namespace pqa::analyzer
