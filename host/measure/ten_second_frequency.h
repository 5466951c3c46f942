// The 10-second power frequency (IEC 61000-4-30 5.1.2, class A): the number
// of integral cycles counted during the 10 s clock interval divided by the
// cumulative duration of those cycles. Cycles that overlap a 10 s tick are
// discarded, and so are cycles bounded by a free-running (synthetic)
// crossing or broken by a gap: only measured cycles count.
#ifndef PQA_HOST_MEASURE_TEN_SECOND_FREQUENCY_H_
#define PQA_HOST_MEASURE_TEN_SECOND_FREQUENCY_H_

#include <vector>

#include "host/common/time.h"

namespace pqa::measure {

inline constexpr TimeNs kTenSecondsNs = 10 * kNsPerSecond;

struct FrequencyValue {
  TimeNs start = 0;         // UTC start of the 10 s interval (a multiple of 10 s)
  double frequency_hz = 0;  // cycles / duration_s, hertz
  int cycles = 0;           // integral cycles counted (1.. about 700)
  double duration_s = 0;    // their cumulative duration, seconds
};

// cycles / duration_s; the free-function form of the definition above.
// Returns 0 for no cycles.
double FrequencyFromCycles(int cycles, double duration_s);

class TenSecondFrequencyMeter {
 public:
  // One measured cycle starting at `begin` (UTC, ns) and lasting `duration_s`
  // seconds (> 0). Cycles must arrive in time order. A cycle that begins
  // after the current interval closes it (the value goes to the output).
  void AddCycle(TimeNs begin, double duration_s);
  // Closes every interval that ends at or before `now` (no later cycle can
  // fall into it, e.g. after a gap).
  void AdvanceTo(TimeNs now);
  // Closes the interval in progress (end of the recording); a partial 10 s
  // interval gives a value from the cycles it holds.
  void Flush();

  // Values closed so far and not yet taken, in time order.
  std::vector<FrequencyValue> Take();

 private:
  void Close();

  bool open_ = false;
  TimeNs interval_start_ = 0;
  int cycles_ = 0;
  double duration_s_ = 0;
  std::vector<FrequencyValue> done_;
};

}  // namespace pqa::measure

#endif  // PQA_HOST_MEASURE_TEN_SECOND_FREQUENCY_H_
