#include "host/measure/window_sharing.h"

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace pqa::measure {
namespace {

// Each task once, by one of the two threads, all finished when Run returns.
TEST(WindowSharing, EveryTaskRunsOnceAndBeforeRunReturns) {
  WindowSharing sharing;
  for (std::size_t n : {0u, 1u, 2u, 7u, 200u}) {
    std::vector<std::atomic<int>> runs(n);
    std::vector<int> by_helper(n, 0);
    sharing.Open();
    bool all_finished = true;
    std::thread owner([&] {
      sharing.Run(n, [&](std::size_t i, bool helper) {
        runs[i].fetch_add(1);
        by_helper[i] = helper ? 1 : 0;
      });
      for (std::size_t i = 0; i < n; ++i) all_finished &= runs[i].load() == 1;
      sharing.Close();
    });
    const std::size_t taken = sharing.Help([&](std::size_t i, bool helper) {
      std::this_thread::yield();
      runs[i].fetch_add(1);
      by_helper[i] = helper ? 1 : 0;
    });
    owner.join();
    EXPECT_TRUE(all_finished) << n;
    std::size_t helper_count = 0;
    for (std::size_t i = 0; i < n; ++i) {
      EXPECT_EQ(runs[i].load(), 1) << "task " << i << " of " << n;
      helper_count += static_cast<std::size_t>(by_helper[i]);
    }
    EXPECT_EQ(helper_count, taken) << n;
    // One task is never shared: nothing to gain from a hand-over.
    if (n < 2) {
      EXPECT_EQ(taken, 0u);
    }
  }
}

// A reserved share is the helper's even when it comes late: the owner
// takes the rest and waits for it (a test's guarantee that both threads
// work, whatever the scheduler does).
TEST(WindowSharing, AReservedShareIsTheHelpersAndTheOwnerWaitsForIt) {
  WindowSharing sharing;
  constexpr std::size_t kTasks = 8;
  std::vector<std::atomic<int>> runs(kTasks);
  std::vector<int> by_helper(kTasks, -1);
  sharing.Open(/*helper_share=*/3);
  bool all_finished = true;
  std::thread owner([&] {
    sharing.Run(kTasks, [&](std::size_t i, bool helper) {
      runs[i].fetch_add(1);
      by_helper[i] = helper ? 1 : 0;
    });
    for (std::size_t i = 0; i < kTasks; ++i) all_finished &= runs[i].load() == 1;
    sharing.Close();
  });
  // Late: the owner has long finished its own part by then.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const std::size_t taken = sharing.Help([&](std::size_t i, bool helper) {
    runs[i].fetch_add(1);
    by_helper[i] = helper ? 1 : 0;
  });
  owner.join();
  EXPECT_TRUE(all_finished);
  EXPECT_EQ(taken, 3u);
  EXPECT_EQ(by_helper, (std::vector<int>{1, 1, 1, 0, 0, 0, 0, 0}));
  for (std::size_t i = 0; i < kTasks; ++i) EXPECT_EQ(runs[i].load(), 1) << i;
}

TEST(WindowSharing, HelpReturnsWhenTheOwnerClosesWithoutABatch) {
  WindowSharing sharing;
  sharing.Open();
  std::thread owner([&] { sharing.Close(); });
  EXPECT_EQ(sharing.Help([](std::size_t, bool) { ADD_FAILURE() << "no task was published"; }), 0u);
  owner.join();
}

TEST(WindowSharing, WithoutOpenTheOwnerRunsEveryTaskItself) {
  WindowSharing sharing;
  std::vector<int> helper(5, -1);
  sharing.Run(5, [&](std::size_t i, bool h) { helper[i] = h ? 1 : 0; });
  sharing.Close();
  EXPECT_EQ(helper, std::vector<int>(5, 0));
}

}  // namespace
}  // namespace pqa::measure
