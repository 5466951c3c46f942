// Two threads analyse one block's windows: the engine's thread (the owner)
// and one helper that has finished its own part of the block.
//
//   helper thread:  Help(b, task) ..................... -> returns
//   owner thread:   Open(b) Run(n, task) ... Close()   (batch b, one block)
//
// Windows are independent once formed (positions, times and flags come
// first, MeasurementEngine::FormWindows), so any thread may analyse any of
// them; each task writes only its own window's result, and the owner goes
// on (delivery in order) only once every task has finished. Which thread
// took a window does not change its result: both run the same code on the
// same inputs with analyzers of the same design.
//
// Batches are numbered (1, 2, ... one per block), so that the two threads
// need not meet at a block's end: Help(b) sleeps until the owner publishes
// batch b (Run) or closes it without one, takes its windows while any are
// left and returns; if the owner has already gone on to a later batch it
// returns at once. Open(b) may come from either thread, as long as it
// precedes Run on the owner's (the analyzer's engine task opens its own
// batch, so the caller never waits for the previous block's end). Every
// claim names its batch in the same word as the window it takes, so a
// helper that arrives late can never take a window of the next batch.
// Without Open() (one thread), Run() runs every task itself.
#ifndef PQA_HOST_MEASURE_WINDOW_SHARING_H_
#define PQA_HOST_MEASURE_WINDOW_SHARING_H_

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>

#include "host/common/spin_wait.h"

namespace pqa::measure {

class WindowSharing {
 public:
  // Before Run() on the owner's thread: the next Run() is batch `batch`
  // (larger than any before), shared with Help(batch). `helper_share`
  // windows of the batch (its first ones) are the helper's whatever the
  // scheduler does: the owner starts after them and waits for them, so
  // Help(batch) must come. 0 (production) lets the faster thread take
  // everything; tests that must see both threads at work on a loaded
  // machine reserve some, where a helper scheduled late would otherwise
  // find every window taken.
  void Open(std::uint64_t batch, std::size_t helper_share = 0) {
    batch_ = batch;
    helper_share_ = helper_share;
    finished_.store(0, std::memory_order_relaxed);
    claim_.store(Claim(batch, 0, 0), std::memory_order_relaxed);
    reserved_.store(Claim(batch, 0, 0), std::memory_order_relaxed);
    phase_.store(Phase(batch, kOpen), std::memory_order_release);
    open_ = true;
  }

  // Owner: task(i, helper = false) for the windows it claims of i = 0..n-1,
  // the helper's share by Help(); returns when all n have finished.
  template <typename Task>
  void Run(std::size_t n, Task&& task) {
    if (!open_ || n < 2 || n > kMostWindows ||
        phase_.load(std::memory_order_relaxed) != Phase(batch_, kOpen)) {
      for (std::size_t i = 0; i < n; ++i) task(i, false);
      return;
    }
    const std::size_t reserved = std::min(helper_share_, n);
    reserved_.store(Claim(batch_, n, reserved), std::memory_order_relaxed);
    claim_.store(Claim(batch_, n, reserved), std::memory_order_relaxed);
    phase_.store(Phase(batch_, kPublished), std::memory_order_release);
    phase_.notify_all();
    std::size_t done = 0;
    for (std::size_t i = Next(claim_.fetch_add(1, std::memory_order_relaxed)); i < n;
         i = Next(claim_.fetch_add(1, std::memory_order_relaxed))) {
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
    phase_.store(Phase(batch_, kClosed), std::memory_order_release);
    phase_.notify_all();
  }

  // Helper: task(i, helper = true) for the windows of batch `batch` it
  // claims; returns how many it took.
  template <typename Task>
  std::size_t Help(std::uint64_t batch, Task&& task) {
    // Awake for a short while (the batch is often microseconds away), then
    // asleep until the owner publishes or closes it.
    const std::uint64_t published = Phase(batch, kPublished);
    if (!SpinUntil([&] { return phase_.load(std::memory_order_acquire) >= published; })) {
      for (std::uint64_t p = phase_.load(std::memory_order_acquire); p < published;
           p = phase_.load(std::memory_order_acquire)) {
        phase_.wait(p, std::memory_order_acquire);
      }
    }
    if (phase_.load(std::memory_order_acquire) != published) return 0;  // closed, or gone on
    const std::uint64_t mine = BatchOf(Claim(batch, 0, 0));
    std::size_t taken = 0;
    const auto analyse = [&](std::size_t i) {
      task(i, true);
      ++taken;
      finished_.fetch_add(1, std::memory_order_release);
      finished_.notify_one();
    };
    // Its own share first. The owner waits for a reserved share, so the
    // batch cannot have moved on while one is left.
    const std::uint64_t reserved = reserved_.load(std::memory_order_relaxed);
    if (BatchOf(reserved) == mine) {
      for (std::size_t i = 0; i < Next(reserved); ++i) analyse(i);
    }
    // Then whatever is left, one claim at a time: the compare-and-swap
    // fails once the word names another batch.
    std::uint64_t c = claim_.load(std::memory_order_relaxed);
    while (BatchOf(c) == mine && Next(c) < Total(c)) {
      if (!claim_.compare_exchange_weak(c, c + 1, std::memory_order_relaxed)) continue;
      analyse(Next(c));
      c = claim_.load(std::memory_order_relaxed);
    }
    return taken;
  }

 private:
  // A claim word: batch (bits 40..63), the batch's window count (20..39)
  // and the next window to take (0..19; the owner's last fetch_add may
  // push it one past the count).
  static constexpr std::size_t kMostWindows = (std::size_t{1} << 20) - 2;
  static constexpr std::uint64_t Claim(std::uint64_t batch, std::size_t total, std::size_t next) {
    return (batch << 40) | (static_cast<std::uint64_t>(total) << 20) | next;
  }
  static constexpr std::uint64_t BatchOf(std::uint64_t c) { return c >> 40; }
  static constexpr std::size_t Total(std::uint64_t c) { return (c >> 20) & 0xfffff; }
  static constexpr std::size_t Next(std::uint64_t c) { return c & 0xfffff; }
  enum State : std::uint64_t { kOpen = 0, kPublished = 1, kClosed = 2 };
  // Batch and state in one word that only grows: a helper waits for the
  // word to reach its batch's kPublished.
  static constexpr std::uint64_t Phase(std::uint64_t batch, State s) { return batch * 4 + s; }

  std::atomic<std::uint64_t> phase_{Phase(0, kClosed)};
  std::atomic<std::uint64_t> claim_{0};     // Claim(batch, n, next window)
  std::atomic<std::uint64_t> reserved_{0};  // Claim(batch, n, the helper's share)
  std::atomic<std::size_t> finished_{0};    // windows the helper has finished
  std::uint64_t batch_ = 0;                 // owner's thread (or Open's, before Run)
  std::size_t helper_share_ = 0;
  bool open_ = false;  // owner's view: a helper will come
};

}  // namespace pqa::measure

#endif  // PQA_HOST_MEASURE_WINDOW_SHARING_H_
