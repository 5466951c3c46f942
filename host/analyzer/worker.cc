#include "host/analyzer/worker.h"

#include <utility>

#include "host/common/spin_wait.h"

namespace pqa::analyzer {

Worker::Worker() : thread_([this] { Loop(); }) {}

Worker::~Worker() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

std::uint64_t Worker::Post(std::function<void()> task) {
  std::uint64_t ticket;
  {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
    ticket = queued_.fetch_add(1, std::memory_order_release) + 1;
  }
  changed_.notify_all();
  return ticket;
}

void Worker::WaitFor(std::uint64_t ticket) {
  // Acquire: the task's effects are visible once finished_ reaches it.
  const auto done = [this, ticket] { return finished_.load(std::memory_order_acquire) >= ticket; };
  if (SpinUntil(done)) return;
  std::unique_lock lock(mutex_);
  changed_.wait(lock, done);
}

void Worker::Loop() {
  std::uint64_t taken = 0;
  while (true) {
    // The next task usually follows within microseconds: wait for it awake
    // (bounded), then asleep.
    SpinUntil([&] { return queued_.load(std::memory_order_acquire) > taken; });
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return !tasks_.empty() || stop_; });
    if (tasks_.empty()) return;  // stop_, with nothing left to run
    std::function<void()> task = std::move(tasks_.front());
    tasks_.pop_front();
    ++taken;
    lock.unlock();
    task();
    task = nullptr;
    lock.lock();
    finished_.fetch_add(1, std::memory_order_release);
    lock.unlock();
    changed_.notify_all();
  }
}

}  // namespace pqa::analyzer
