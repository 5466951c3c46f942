// Readings of the POSIX clocks, in the two forms pqa uses them. As seconds
// in a double: the speed figures that `pqa replay` and `pqa analyze --sv`
// print (times real time per processor second, the analyzer's load) and the
// benchmarks divide work by a difference of two readings of one clock. As
// TimeNs: the live sampled-value path stamps frames and paces the publisher
// on the UTC wall clock. One place, so every figure and stamp reads the
// clock the same way.
#ifndef PQA_HOST_COMMON_CLOCKS_H_
#define PQA_HOST_COMMON_CLOCKS_H_

#include <time.h>

#include "host/common/time.h"

namespace pqa {

// Seconds on `clock` (CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID, ...) since
// its origin; only differences of two readings of one clock mean anything.
inline double ClockSeconds(clockid_t clock) {
  timespec ts{};
  ::clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// Processor seconds of every thread of this process (user and system).
inline double ProcessCpuSeconds() { return ClockSeconds(CLOCK_PROCESS_CPUTIME_ID); }

// A CLOCK_REALTIME instant (a reading, or a kernel's receive timestamp) as
// nanoseconds since the Unix epoch.
inline TimeNs TimeNsOf(const timespec& ts) {
  return static_cast<TimeNs>(ts.tv_sec) * kNsPerSecond + ts.tv_nsec;
}

// The UTC wall clock (CLOCK_REALTIME) now.
inline TimeNs RealTimeNs() {
  timespec ts{};
  ::clock_gettime(CLOCK_REALTIME, &ts);
  return TimeNsOf(ts);
}

}  // namespace pqa

#endif  // PQA_HOST_COMMON_CLOCKS_H_
