// A second core for the analyzer: one thread that runs tasks in the order
// they were posted, beside the caller, kept for the analyzer's lifetime so
// that a block costs a hand-over, not a thread start.
//
//   caller:  Post(a) ... Post(b) ... WaitFor(ticket of a) ... WaitFor(b)
//   worker:        a..........b......
//
// A task may be posted while the one before it still runs (the analyzer
// hands over block N + 1 before block N's engine work has ended), so
// neither thread waits for the other at a block's end.
#ifndef PQA_HOST_ANALYZER_WORKER_H_
#define PQA_HOST_ANALYZER_WORKER_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace pqa::analyzer {

class Worker {
 public:
  Worker();
  ~Worker();  // runs what was posted, then stops
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Queues `task` after those posted before it; returns its ticket
  // (1, 2, ...) for WaitFor().
  std::uint64_t Post(std::function<void()> task);
  // Returns once the task with `ticket` (and every one before it) has
  // finished; its effects are then visible to the caller.
  void WaitFor(std::uint64_t ticket);
  // Returns once every task posted so far has finished.
  void Wait() { WaitFor(queued_.load(std::memory_order_relaxed)); }

 private:
  void Loop();

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::function<void()>> tasks_;  // posted, not yet taken
  // Tasks posted: the last ticket. Written by the caller's thread only;
  // read by the worker's spin.
  std::atomic<std::uint64_t> queued_{0};
  // Tickets finished, read without the mutex by the short spins
  // (common/spin_wait.h), changed under it so that a sleeper is woken.
  std::atomic<std::uint64_t> finished_{0};
  bool stop_ = false;
  std::thread thread_;  // last: starts once the members above exist
};

}  // namespace pqa::analyzer

#endif  // PQA_HOST_ANALYZER_WORKER_H_
