// libFuzzer target: the JSON Lines VTCD events reader of `pqa report
// --events` (protobuf JSON, records::ValidateEvent, repeated events) and,
// for what it accepts, the table 6 / FI / continuity summary.
#include <cstddef>
#include <cstdint>

#include "host/prodist/annex8a.h"
#include "host/prodist/events_jsonl.h"
#include "host/prodist/point_config.h"
#include "host/prodist/vtcd_summary.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = pqa::fuzz::WriteScratch("events.jsonl", data, size);
  auto events = pqa::prodist::ReadEventsJsonl(path);
  pqa::fuzz::Report(events.status());
  if (!events.ok()) return 0;
  static const auto point = [] {
    pqa::prodist::PointSpec spec;
    spec.connection = "13800";
    return *pqa::prodist::ResolvePoint(spec, pqa::prodist::DefaultAnnex8a());
  }();
  const pqa::TimeNs start = *pqa::ParseRfc3339("2025-03-01T00:00:00Z");
  (void)pqa::prodist::SummarizeVtcd(*events, point, start, start + 31 * 86400 * pqa::kNsPerSecond);
  return 0;
}
