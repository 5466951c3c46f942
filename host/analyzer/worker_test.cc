#include "host/analyzer/worker.h"

#include <atomic>
#include <chrono>
#include <cstdint>
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
    worker.Post([&seen, i, work] {
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

// Tasks posted while earlier ones run: they run in posting order, and
// WaitFor() a ticket returns once that task and those before it are done.
TEST(Worker, QueuedTasksRunInOrderAndWaitForReturnsAtItsTicket) {
  Worker worker;
  std::atomic<int> done{0};
  std::vector<int> order;
  std::vector<std::uint64_t> tickets;
  for (int i = 0; i < 50; ++i) {
    tickets.push_back(worker.Post([&done, &order, i] {
      std::this_thread::sleep_for(std::chrono::microseconds(100));
      order.push_back(i);
      done.fetch_add(1);
    }));
  }
  worker.WaitFor(tickets[24]);
  EXPECT_GE(done.load(), 25);
  worker.Wait();
  ASSERT_EQ(order.size(), 50u);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(order[static_cast<std::size_t>(i)], i);
  EXPECT_EQ(tickets.front(), 1u);
  EXPECT_EQ(tickets.back(), 50u);
}

TEST(Worker, DestroysWhileATaskRunsOrAfterALongIdle) {
  int done = 0;
  {
    Worker worker;
    worker.Post([&done] {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      ++done;
    });
  }  // the destructor waits for the task
  EXPECT_EQ(done, 1);
  {
    Worker worker;
    worker.Post([&done] { ++done; });
    worker.Wait();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // asleep, past the spin
    worker.Post([&done] { ++done; });
    worker.Wait();
  }
  EXPECT_EQ(done, 3);
}

}  // namespace
}  // namespace pqa::analyzer
