// Hand-built 10-minute record streams for the prodist tests.
#ifndef PQA_HOST_PRODIST_TEST_RECORDS_H_
#define PQA_HOST_PRODIST_TEST_RECORDS_H_

#include <string>
#include <vector>

#include "host/common/time.h"
#include "host/prodist/records_jsonl.h"

namespace pqa::prodist::testing {

// 2025-03-03T00:00:00Z, a Monday.
inline TimeNs BaseTime() { return FromCivilDay(2025, 3, 3); }

// A complete three-phase 10-minute record, all phases at `v` volts and the
// given distortions, at interval number `index` after `base`.
inline TimedRecord MakeRecord(TimeNs base, int index, double v = 127.0) {
  TimedRecord r;
  r.start = base + index * kTenMinutesNs;
  r.line = index + 1;
  r.record.set_start(FormatRfc3339(r.start));
  r.record.set_duration_s(600);
  r.record.set_interval("10min");
  r.record.set_complete(true);
  r.record.set_flicker_complete(true);
  for (const char* name : {"A", "B", "C"}) {
    v1::PhaseRecord* p = r.record.add_phases();
    p->set_phase(name);
    p->set_rms_v(v);
    p->set_fund_v(v);
  }
  return r;
}

// `n` consecutive complete records at `v` volts.
inline std::vector<TimedRecord> MakeStream(int n, double v = 127.0, TimeNs base = BaseTime()) {
  std::vector<TimedRecord> out;
  for (int i = 0; i < n; ++i) out.push_back(MakeRecord(base, i, v));
  return out;
}

}  // namespace pqa::prodist::testing

#endif  // PQA_HOST_PRODIST_TEST_RECORDS_H_
