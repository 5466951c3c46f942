// A second core for the analyzer: one thread that runs one task at a time
// beside the caller, kept for the analyzer's lifetime so that a block costs
// a hand-over, not a thread start.
#ifndef PQA_HOST_ANALYZER_WORKER_H_
#define PQA_HOST_ANALYZER_WORKER_H_

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace pqa::analyzer {

class Worker {
 public:
  Worker();
  ~Worker();  // waits for the task in progress
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Runs `task` on the worker thread. The previous task must have been
  // waited for.
  void Start(std::function<void()> task);
  // Returns once the task started last has finished.
  void Wait();

 private:
  void Loop();

  std::mutex mutex_;
  std::condition_variable changed_;
  std::function<void()> task_;
  bool pending_ = false;  // task_ waits to be taken
  // From Start() until the task has finished; read without the mutex by
  // the short spins (common/spin_wait.h), changed under it so that a
  // sleeper is woken.
  std::atomic<bool> busy_{false};
  bool stop_ = false;
  std::thread thread_;  // last: starts once the members above exist
};

}  // namespace pqa::analyzer

#endif  // PQA_HOST_ANALYZER_WORKER_H_
