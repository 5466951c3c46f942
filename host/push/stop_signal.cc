#include "host/push/stop_signal.h"

namespace pqa::push {
namespace {

// Lock-free, so that setting it is async-signal-safe.
std::atomic<bool> stop_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void OnStopSignal(int) { stop_requested.store(true); }

}  // namespace

StopOnSignal::StopOnSignal() {
  stop_requested.store(false);
  struct sigaction action = {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &previous_int_);
  sigaction(SIGTERM, &action, &previous_term_);
}

StopOnSignal::~StopOnSignal() {
  sigaction(SIGINT, &previous_int_, nullptr);
  sigaction(SIGTERM, &previous_term_, nullptr);
}

const std::atomic<bool>& StopOnSignal::requested() const { return stop_requested; }

}  // namespace pqa::push
