// Hand-built 10-minute record streams for the prodist tests.
#ifndef PQA_HOST_PRODIST_TEST_RECORDS_H_
#define PQA_HOST_PRODIST_TEST_RECORDS_H_

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "google/protobuf/util/json_util.h"
#include "host/common/time.h"
#include "host/prodist/records_jsonl.h"
#include "pqa/v1/event.pb.h"

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

// Writes to `path` as JSON Lines, returns `path`: nine days with a daily voltage swing, a
// precarious evening on phase B, a temporary sag, an incomplete record and a gap.
inline std::string WriteSampleWeek(const std::string& path) {
  auto recs = MakeStream(9 * 144);
  std::ofstream out(path);
  for (size_t i = 0; i < recs.size(); ++i) {
    if (i >= 300 && i < 306) continue;  // analyzer off one hour
    v1::Record& r = recs[i].record;
    double day = std::sin(2 * M_PI * (i % 144) / 144.0);
    for (int p = 0; p < 3; ++p) {
      r.mutable_phases(p)->set_rms_v(127 + 4 * day + p);
      r.mutable_phases(p)->set_dtt_pct(3 + 1.5 * day + p * 0.3);
      r.mutable_phases(p)->set_pst(0.4 + 0.2 * std::abs(day));
    }
    if (i % 144 >= 110 && i % 144 < 118) r.mutable_phases(1)->set_rms_v(134.2);
    r.set_fd_pct(0.8 + 0.3 * day);
    if (i == 500) r.add_vtcd_types("ATT");
    if (i == 700) r.add_vtcd_types("AMT");
    if (i == 800) r.set_complete(false);
    std::string json;
    google::protobuf::util::MessageToJsonString(r, &json);
    out << json << "\n";
  }
  return path;
}

// Two VTCD events of that week (JSON Lines of pqa.v1.VtcdEvent), to `path`.
inline std::string WriteSampleEvents(const std::string& path) {
  std::ofstream(path)
      << R"({"type":"ATT","start":"2025-03-06T11:20:04.120Z","duration_ms":4210.5,)"
         R"("amplitude_pu":0.62,"phases":["A","B"],"amplitude_row":"0.60-0.70",)"
         R"("duration_col":"3s-1min"})"
         "\n"
         R"({"type":"AMT","start":"2025-03-07T20:40:00Z","duration_ms":120,"amplitude_pu":0.85,)"
         R"("phases":["C"],"amplitude_row":"0.80-0.85","duration_col":"100-300ms"})"
         "\n";
  return path;
}

// An aggregated VTCD event as `pqa replay --events` writes it.
inline v1::VtcdEvent MakeEvent(const std::string& type, const std::string& start,
                               double duration_ms, double amplitude_pu) {
  v1::VtcdEvent e;
  e.set_type(type);
  e.set_start(start);
  e.set_duration_ms(duration_ms);
  e.set_amplitude_pu(amplitude_pu);
  return e;
}

}  // namespace pqa::prodist::testing

#endif  // PQA_HOST_PRODIST_TEST_RECORDS_H_
