// SIGINT and SIGTERM as a request to stop: while a StopOnSignal lives, the
// signals set a flag that `pqa push --follow` polls, so that it finishes the
// batch in flight, saves its position and exits 0 instead of dying between
// an ack and the cursor write.
#ifndef PQA_HOST_PUSH_STOP_SIGNAL_H_
#define PQA_HOST_PUSH_STOP_SIGNAL_H_

#include <signal.h>

#include <atomic>

namespace pqa::push {

class StopOnSignal {
 public:
  StopOnSignal();   // installs the handlers and clears the flag
  ~StopOnSignal();  // restores the previous handlers
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;

  // True once SIGINT or SIGTERM arrived.
  const std::atomic<bool>& requested() const;

 private:
  struct sigaction previous_int_;
  struct sigaction previous_term_;
};

}  // namespace pqa::push

#endif  // PQA_HOST_PUSH_STOP_SIGNAL_H_
