// Long-term flicker severity from consecutive Pst values of one phase
// (IEC 61000-4-15 block 5 / PRODIST Module 8): Plt = cbrt(sum Pst^3 / 12),
// both on fixed 2-hour intervals aligned to the UTC clock ([k 7200 s,
// (k + 1) 7200 s)) and sliding over the latest twelve 10-minute intervals,
// refreshed every 10 minutes.
#ifndef PQA_HOST_FLICKER_PLT_TRACKER_H_
#define PQA_HOST_FLICKER_PLT_TRACKER_H_

#include <deque>
#include <vector>

#include "absl/status/status.h"
#include "host/common/time.h"
#include "host/flicker/flicker_meter.h"

namespace pqa::flicker {

struct PltResult {
  TimeNs interval_start = 0;  // UTC; first of the twelve 10-minute intervals
  TimeNs interval_end = 0;    // UTC; interval_start + 2 h
  // cbrt(mean of Pst^3) over the valid Pst found in the interval (all twelve
  // when valid), dimensionless; 0 when there is none.
  double plt = 0;
  bool valid = false;  // all twelve 10-minute intervals present and valid
  int pst_count = 0;   // valid Pst that entered plt, 0..12
};

class PltTracker {
 public:
  static constexpr int kPstPerPlt = 12;

  // Pst of consecutive or later intervals, in time order; a missing interval
  // is simply absent. An interval at or before the previous one is an error.
  absl::Status Add(const PstResult& pst);
  // End of stream: reports the fixed 2-hour interval in progress.
  void Flush();

  // Fixed 2-hour intervals, once each is complete or left behind.
  std::vector<PltResult> TakeFixed();
  // One per Add(): the twelve intervals ending with the one just added.
  std::vector<PltResult> TakeSliding();

 private:
  PltResult Combine(TimeNs start) const;  // over recent_ within [start, start + 2 h)

  std::deque<PstResult> recent_;  // within the last 2 hours, oldest first
  bool fixed_open_ = false;
  TimeNs fixed_start_ = 0;
  std::vector<PltResult> fixed_;
  std::vector<PltResult> sliding_;
};

}  // namespace pqa::flicker

#endif  // PQA_HOST_FLICKER_PLT_TRACKER_H_
