// Copies a reading set's period and interval counts into either output
// message (v1::VoltageSet or v1::DisturbanceSet share these fields).
#ifndef PQA_HOST_PRODIST_SET_PERIOD_H_
#define PQA_HOST_PRODIST_SET_PERIOD_H_

#include "absl/time/time.h"
#include "host/common/local_time.h"
#include "host/common/time.h"
#include "host/prodist/reading_sets.h"

namespace pqa::prodist {

template <typename SetMessage>
void FillSetPeriod(const ReadingSet& set, const absl::TimeZone& zone, SetMessage* out) {
  out->set_start(FormatRfc3339(set.start));  // item 106: period of the set, start
  out->set_end(FormatRfc3339(set.end));      // and end
  out->set_start_local(FormatRfc3339Local(set.start, zone));
  out->set_end_local(FormatRfc3339Local(set.end, zone));
  out->set_readings(static_cast<int>(set.readings.size()));
  out->set_expurgated(set.expurgated);
  out->set_invalid(set.invalid);
  out->set_missing(set.missing);
}

}  // namespace pqa::prodist

#endif  // PQA_HOST_PRODIST_SET_PERIOD_H_
