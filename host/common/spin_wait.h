// A short busy wait before a thread goes to sleep on a hand-over.
//
// The analyzer's two threads hand each other a block (and its windows)
// hundreds of times per second of work. Waking a sleeping thread costs tens
// of microseconds on a virtual machine (an inter-processor interrupt and a
// VM entry), a tenth of the block's work at 256 samples per cycle; a
// thread that spins a little first sees most hand-overs without sleeping.
// Bounded, and short: when another program holds a core, a long spin takes
// the time the other thread needs (200 us made a 10-minute replay 1.8x
// slower beside one busy core, 20 us costs nothing there and keeps the
// gain on an idle machine); after `limit` the waiter sleeps as before.
#ifndef PQA_HOST_COMMON_SPIN_WAIT_H_
#define PQA_HOST_COMMON_SPIN_WAIT_H_

#include <chrono>

namespace pqa {

// Polls `ready` until it returns true (then true) or `limit` has passed
// (then false).
template <typename Ready>
bool SpinUntil(Ready&& ready, std::chrono::microseconds limit = std::chrono::microseconds(20)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  do {
    for (int i = 0; i < 8; ++i) {
      if (ready()) return true;
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();  // lets the sibling hyperthread run, saves power
#endif
    }
  } while (std::chrono::steady_clock::now() < deadline);
  return ready();
}

}  // namespace pqa

#endif  // PQA_HOST_COMMON_SPIN_WAIT_H_
