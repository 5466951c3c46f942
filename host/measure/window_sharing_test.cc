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
  std::uint64_t batch = 0;
  for (std::size_t n : {0u, 1u, 2u, 7u, 200u}) {
    std::vector<std::atomic<int>> runs(n);
    std::vector<int> by_helper(n, 0);
    sharing.Open(++batch);
    bool all_finished = true;
    std::thread owner([&] {
      sharing.Run(n, [&](std::size_t i, bool helper) {
        runs[i].fetch_add(1);
        by_helper[i] = helper ? 1 : 0;
      });
      for (std::size_t i = 0; i < n; ++i) all_finished &= runs[i].load() == 1;
      sharing.Close();
    });
    const std::size_t taken = sharing.Help(batch, [&](std::size_t i, bool helper) {
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
  sharing.Open(/*batch=*/1, /*helper_share=*/3);
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
  const std::size_t taken = sharing.Help(1, [&](std::size_t i, bool helper) {
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
  sharing.Open(1);
  std::thread owner([&] { sharing.Close(); });
  EXPECT_EQ(sharing.Help(1, [](std::size_t, bool) { ADD_FAILURE() << "no task was published"; }),
            0u);
  owner.join();
}

TEST(WindowSharing, WithoutOpenTheOwnerRunsEveryTaskItself) {
  WindowSharing sharing;
  std::vector<int> helper(5, -1);
  sharing.Run(5, [&](std::size_t i, bool h) { helper[i] = h ? 1 : 0; });
  sharing.Close();
  EXPECT_EQ(helper, std::vector<int>(5, 0));
}

// The analyzer's pipeline: the owner opens and runs batch after batch
// without waiting for the helper between them, and the helper asks for
// each batch when it gets to it, early or late. Every task of every batch
// runs once, within its own batch's Run(), and a helper that asks for a
// batch the owner has left takes nothing of the next one.
TEST(WindowSharing, NumberedBatchesNeverMixWhenTheHelperIsEarlyOrLate) {
  WindowSharing sharing;
  constexpr std::uint64_t kBatches = 400;
  constexpr std::size_t kTasks = 6;
  std::vector<std::atomic<int>> runs(kBatches * kTasks);
  std::atomic<std::uint64_t> running{0};  // the batch inside Run(), 0 between
  std::atomic<int> outside{0};            // tasks that ran outside their batch's Run()
  std::atomic<std::size_t> helped{0};
  auto task = [&](std::uint64_t batch, std::size_t i) {
    if (running.load() != batch) outside.fetch_add(1);
    runs[(batch - 1) * kTasks + i].fetch_add(1);
  };
  std::thread helper([&] {
    for (std::uint64_t b = 1; b <= kBatches; ++b) {
      // Sometimes late (the owner is batches ahead), sometimes early.
      if (b % 7 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
      helped += sharing.Help(b, [&](std::size_t i, bool) { task(b, i); });
    }
  });
  for (std::uint64_t b = 1; b <= kBatches; ++b) {
    sharing.Open(b);
    running.store(b);
    sharing.Run(kTasks, [&](std::size_t i, bool) {
      if (i % 2 == 0) std::this_thread::yield();
      task(b, i);
    });
    running.store(0);
    sharing.Close();
  }
  helper.join();
  EXPECT_EQ(outside.load(), 0);
  for (std::size_t k = 0; k < runs.size(); ++k) {
    ASSERT_EQ(runs[k].load(), 1) << "batch " << k / kTasks + 1 << ", task " << k % kTasks;
  }
  EXPECT_LT(helped.load(), kBatches * kTasks);
}

}  // namespace
}  // namespace pqa::measure
