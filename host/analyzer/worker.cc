#include "host/analyzer/worker.h"

#include "host/common/spin_wait.h"

namespace pqa::analyzer {

Worker::Worker() : thread_([this] { Loop(); }) {}

Worker::~Worker() {
  {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return !busy_.load(std::memory_order_relaxed); });
    stop_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void Worker::Start(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    task_ = std::move(task);
    pending_ = true;
    busy_.store(true, std::memory_order_release);
  }
  changed_.notify_all();
}

void Worker::Wait() {
  // Acquire: the task's effects are visible once busy_ reads false.
  if (SpinUntil([this] { return !busy_.load(std::memory_order_acquire); })) return;
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return !busy_.load(std::memory_order_acquire); });
}

void Worker::Loop() {
  while (true) {
    // The next task usually follows within microseconds: wait for it awake
    // (bounded), then asleep.
    SpinUntil([this] { return busy_.load(std::memory_order_acquire); });
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return pending_ || stop_; });
    if (!pending_) return;  // stop_, with nothing left to run
    std::function<void()> task = std::move(task_);
    pending_ = false;
    lock.unlock();
    task();
    task = nullptr;
    lock.lock();
    busy_.store(false, std::memory_order_release);
    lock.unlock();
    changed_.notify_all();
  }
}

}  // namespace pqa::analyzer
