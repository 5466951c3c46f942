#include "host/replay/replay_outputs.h"

#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "host/analyzer/json_lines.h"
#include "host/vtcd/event_curves.h"
#include "host/vtcd/event_json.h"

namespace pqa::replay {

absl::StatusOr<ReplaySummary> ReplayToOutputs(ReplayOptions options, const ReplayOutputPaths& paths,
                                              const vtcd::RegionMap& regions, std::ostream& out,
                                              ProgressFn progress) {
  auto records = analyzer::JsonLinesWriter::Open(paths.records, out);
  if (!records.ok()) return records.status();
  std::unique_ptr<analyzer::JsonLinesWriter> events;
  if (!paths.events.empty()) {
    auto opened = analyzer::JsonLinesWriter::Open(paths.events, out);
    if (!opened.ok()) return opened.status();
    events = std::move(*opened);
  }
  // The channel selection always yields phases A, B, C in this order.
  const std::vector<std::string> phase_names = {"A", "B", "C"};
  std::unique_ptr<analyzer::JsonLinesWriter> curves;
  std::optional<vtcd::EventCurveRecorder> recorder;
  if (!paths.event_curves.empty()) {
    auto opened = analyzer::JsonLinesWriter::Open(paths.event_curves, out);
    if (!opened.ok()) return opened.status();
    curves = std::move(*opened);
    recorder.emplace(phase_names);
    options.analyzer.urms_observer = [&](int p, const vtcd::UrmsHalf& v) {
      recorder->AddUrms(p, v);
    };
  }
  analyzer::EventSink event_sink;
  if (events || curves) {
    event_sink = [&](const vtcd::AggregatedEvent& e) {
      const pqa::v1::VtcdEvent described = vtcd::ToVtcdEventProto(e, &regions, phase_names);
      if (curves) {
        if (auto st = curves->Write(recorder->Take(e, described)); !st.ok()) return st;
      }
      return events ? events->Write(described) : absl::OkStatus();
    };
  }
  absl::StatusOr<ReplaySummary> summary = Replay(
      options, [&](const pqa::v1::Record& r) { return (*records)->Write(r); }, event_sink,
      std::move(progress));
  if (!summary.ok()) return summary.status();
  if (auto st = (*records)->Close(); !st.ok()) return st;
  for (auto* writer : {events.get(), curves.get()}) {
    if (writer == nullptr) continue;
    if (auto st = writer->Close(); !st.ok()) return st;
  }
  if (!paths.phase_events.empty()) {
    auto writer = analyzer::JsonLinesWriter::Open(paths.phase_events, out);
    if (!writer.ok()) return writer.status();
    for (const pqa::v1::PhaseVtcdEvent& e : vtcd::ToPhaseEventProtos(
             summary->phase_events, options.analyzer.detector.limits, summary->phase_names)) {
      if (auto st = (*writer)->Write(e); !st.ok()) return st;
    }
    if (auto st = (*writer)->Close(); !st.ok()) return st;
  }
  return summary;
}

}  // namespace pqa::replay
