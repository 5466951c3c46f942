#include "host/flicker/plt_tracker.h"

#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"

namespace pqa::flicker {

absl::Status PltTracker::Add(const PstResult& pst) {
  if (pst.interval_start != FloorTo(pst.interval_start, kTenMinutesNs)) {
    return absl::InvalidArgumentError(absl::StrCat("PltTracker: Pst interval_start ",
                                                   FormatRfc3339(pst.interval_start, 9),
                                                   " is not on a 10-minute boundary"));
  }
  if (!recent_.empty() && pst.interval_start <= recent_.back().interval_start) {
    return absl::InvalidArgumentError(absl::StrCat(
        "PltTracker: Pst for ", FormatRfc3339(pst.interval_start), " arrived after the one for ",
        FormatRfc3339(recent_.back().interval_start), "; expected time order"));
  }
  const TimeNs block = FloorTo(pst.interval_start, kTwoHoursNs);
  if (fixed_open_ && block != fixed_start_) Flush();
  recent_.push_back(pst);
  const TimeNs end = pst.interval_start + kTenMinutesNs;
  while (recent_.front().interval_start < end - kTwoHoursNs) recent_.pop_front();

  sliding_.push_back(Combine(end - kTwoHoursNs));
  fixed_open_ = true;
  fixed_start_ = block;
  if (end == block + kTwoHoursNs) Flush();
  return absl::OkStatus();
}

void PltTracker::Flush() {
  if (!fixed_open_) return;
  fixed_open_ = false;
  fixed_.push_back(Combine(fixed_start_));
}

PltResult PltTracker::Combine(TimeNs start) const {
  PltResult r;
  r.interval_start = start;
  r.interval_end = start + kTwoHoursNs;
  double sum_cubes = 0;
  int present = 0;
  for (const PstResult& p : recent_) {
    if (p.interval_start < r.interval_start || p.interval_start >= r.interval_end) continue;
    ++present;
    if (!p.valid) continue;
    sum_cubes += p.pst * p.pst * p.pst;
    ++r.pst_count;
  }
  r.valid = present == kPstPerPlt && r.pst_count == kPstPerPlt;
  r.plt = r.pst_count > 0 ? std::cbrt(sum_cubes / r.pst_count) : 0;
  return r;
}

std::vector<PltResult> PltTracker::TakeFixed() { return std::exchange(fixed_, {}); }
std::vector<PltResult> PltTracker::TakeSliding() { return std::exchange(sliding_, {}); }

}  // namespace pqa::flicker
