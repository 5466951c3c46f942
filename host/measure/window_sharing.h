// Two threads analyse one block's windows: the engine's thread (the owner)
// and one helper that has finished its own part of the block.
//
//   helper thread:  Open() ......................... Help(task) -> returns
//   owner thread:         Run(n, task) ... Close()         (same block)
//
// Windows are independent once formed (positions, times and flags come
// first, MeasurementEngine::FormWindows), so any thread may analyse any of
// them; each task writes only its own window's result, and the owner goes
// on (delivery in order) only once every task has finished. Which thread
// took a window does not change its result: both run the same code on the
// same inputs with analyzers of the same design.
//
// One batch per Open()/Close(): the helper calls Open() while the owner is
// idle (before handing it the block), then Help(), which sleeps until the
// owner publishes its batch (Run) or closes without one, takes windows while
// any are left and returns. Without Open() (one thread), Run() runs every
// task itself.
#ifndef PQA_HOST_MEASURE_WINDOW_SHARING_H_
#define PQA_HOST_MEASURE_WINDOW_SHARING_H_

#include <algorithm>
#include <atomic>
#include <cstddef>

#include "host/common/spin_wait.h"

namespace pqa::measure {

class WindowSharing {
 public:
  // Helper's thread, while the owner is idle: the next Run() shares its
  // windows with the Help() call that follows. `helper_share` windows of the
  // batch (its first ones) are the helper's whatever the scheduler does: the
  // owner starts after them and waits for them. 0 (production) lets the
  // faster thread take everything; tests that must see both threads at work
  // on a loaded machine reserve some, where a helper scheduled late would
  // otherwise find every window taken.
  void Open(std::size_t helper_share = 0) {
    total_ = 0;
    helper_share_ = helper_share;
    reserved_next_ = 0;
    next_.store(0, std::memory_order_relaxed);
    finished_.store(0, std::memory_order_relaxed);
    state_.store(kOpen, std::memory_order_relaxed);
    open_ = true;
  }

  // Owner: task(i, helper = false) for the windows it claims of i = 0..n-1,
  // the helper's share by Help(); returns when all n have finished.
  template <typename Task>
  void Run(std::size_t n, Task&& task) {
    if (!open_ || n < 2 || state_.load(std::memory_order_relaxed) != kOpen) {
      for (std::size_t i = 0; i < n; ++i) task(i, false);
      return;
    }
    total_ = n;
    reserved_ = std::min(helper_share_, n);
    next_.store(reserved_, std::memory_order_relaxed);
    state_.store(kPublished, std::memory_order_release);
    state_.notify_one();
    std::size_t done = 0;
    for (std::size_t i = next_.fetch_add(1, std::memory_order_relaxed); i < n;
         i = next_.fetch_add(1, std::memory_order_relaxed)) {
      task(i, false);
      ++done;
    }
    // The helper finishes the window it holds: awake for a short while,
    // then asleep, so that a helper the system has preempted can run here.
    while (true) {
      if (SpinUntil([&] { return finished_.load(std::memory_order_acquire) + done >= n; })) break;
      const std::size_t finished = finished_.load(std::memory_order_acquire);
      if (finished + done >= n) break;
      finished_.wait(finished, std::memory_order_acquire);
    }
  }

  // Owner, at the end of its block (after Run or without one).
  void Close() {
    if (!open_) return;
    open_ = false;
    state_.store(kClosed, std::memory_order_release);
    state_.notify_one();
  }

  // Helper, after Open(): task(i, helper = true) for the windows it claims;
  // returns how many it took.
  template <typename Task>
  std::size_t Help(Task&& task) {
    // Awake for a short while (the batch is often microseconds away), then
    // asleep until the owner publishes or closes.
    if (!SpinUntil([this] { return state_.load(std::memory_order_acquire) != kOpen; })) {
      state_.wait(kOpen, std::memory_order_acquire);
    }
    if (state_.load(std::memory_order_acquire) != kPublished) return 0;
    const std::size_t n = total_;
    std::size_t taken = 0;
    for (; reserved_next_ < reserved_; ++reserved_next_) {  // its own share first
      task(reserved_next_, true);
      ++taken;
      finished_.fetch_add(1, std::memory_order_release);
      finished_.notify_one();
    }
    for (std::size_t i = next_.fetch_add(1, std::memory_order_relaxed); i < n;
         i = next_.fetch_add(1, std::memory_order_relaxed)) {
      task(i, true);
      ++taken;
      finished_.fetch_add(1, std::memory_order_release);
      finished_.notify_one();
    }
    return taken;
  }

 private:
  enum State : int { kOpen, kPublished, kClosed };
  std::atomic<int> state_{kClosed};
  std::atomic<std::size_t> next_{0};      // next window to claim
  std::atomic<std::size_t> finished_{0};  // windows the helper has finished
  std::size_t total_ = 0;                 // of the published batch (before kPublished)
  std::size_t helper_share_ = 0;          // windows reserved for the helper (Open)
  std::size_t reserved_ = 0;              // of this batch (before kPublished)
  std::size_t reserved_next_ = 0;         // helper's thread only
  bool open_ = false;                     // owner's view: a helper will come
};

}  // namespace pqa::measure

#endif  // PQA_HOST_MEASURE_WINDOW_SHARING_H_
