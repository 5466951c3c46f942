#include "host/measure/ten_second_frequency.h"

#include <cmath>
#include <utility>

namespace pqa::measure {

double FrequencyFromCycles(int cycles, double duration_s) {
  if (cycles <= 0 || !(duration_s > 0)) return 0;
  return cycles / duration_s;
}

void TenSecondFrequencyMeter::Close() {
  if (open_ && cycles_ > 0) {
    done_.push_back(FrequencyValue{.start = interval_start_,
                                   .frequency_hz = FrequencyFromCycles(cycles_, duration_s_),
                                   .cycles = cycles_,
                                   .duration_s = duration_s_});
  }
  open_ = false;
  cycles_ = 0;
  duration_s_ = 0;
}

void TenSecondFrequencyMeter::AddCycle(TimeNs begin, double duration_s) {
  const TimeNs interval = FloorTo(begin, kTenSecondsNs);
  if (open_ && interval != interval_start_) Close();
  if (!open_) {
    open_ = true;
    interval_start_ = interval;
  }
  const TimeNs end = begin + static_cast<TimeNs>(std::llround(duration_s * 1e9));
  // IEC 61000-4-30 5.1.2: cycles overlapping the 10 s tick are discarded.
  if (end > interval_start_ + kTenSecondsNs) return;
  ++cycles_;
  duration_s_ += duration_s;
}

void TenSecondFrequencyMeter::AdvanceTo(TimeNs now) {
  if (open_ && now >= interval_start_ + kTenSecondsNs) Close();
}

void TenSecondFrequencyMeter::Flush() { Close(); }

std::vector<FrequencyValue> TenSecondFrequencyMeter::Take() { return std::exchange(done_, {}); }

}  // namespace pqa::measure
