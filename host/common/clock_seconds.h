// Seconds on one of the POSIX clocks, as a double: the speed figures that
// `pqa replay` and `pqa sv analyze` print (times real time per processor
// second, the analyzer's load) divide signal time by a difference of two of
// these readings. One place, so every figure reads the clock the same way.
#ifndef PQA_HOST_COMMON_CLOCK_SECONDS_H_
#define PQA_HOST_COMMON_CLOCK_SECONDS_H_

#include <time.h>

namespace pqa {

// Seconds on `clock` (CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID, ...) since
// its origin; only differences of two readings of one clock mean anything.
inline double ClockSeconds(clockid_t clock) {
  timespec ts{};
  ::clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// Processor seconds of every thread of this process.
inline double ProcessCpuSeconds() { return ClockSeconds(CLOCK_PROCESS_CPUTIME_ID); }

}  // namespace pqa

#endif  // PQA_HOST_COMMON_CLOCK_SECONDS_H_
