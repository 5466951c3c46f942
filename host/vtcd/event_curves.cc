#include "host/vtcd/event_curves.h"

#include <algorithm>
#include <utility>

namespace pqa::vtcd {

EventCurveRecorder::EventCurveRecorder(std::vector<std::string> phase_names,
                                       EventCurveOptions options)
    : phase_names_(std::move(phase_names)), options_(options), history_(phase_names_.size()) {}

void EventCurveRecorder::AddUrms(int phase, const UrmsHalf& value) {
  if (phase < 0 || phase >= static_cast<int>(history_.size())) return;
  std::deque<UrmsHalf>& h = history_[phase];
  h.push_back(value);
  while (!h.empty() && h.front().window_end < value.window_end - options_.history_ns) {
    h.pop_front();
  }
}

v1::EventCurve EventCurveRecorder::Take(const AggregatedEvent& event,
                                        const v1::VtcdEvent& described) const {
  const PolyphaseEvent& e = event.representative;
  std::vector<std::pair<TimeNs, TimeNs>> windows;
  if (e.duration() <= options_.max_span_ns) {
    windows.push_back({e.start - options_.before_ns, e.end + options_.after_ns});
  } else {
    windows.push_back({e.start - options_.before_ns, e.start + options_.edge_ns});
    windows.push_back({e.end - options_.edge_ns, e.end + options_.after_ns});
  }
  v1::EventCurve out;
  out.set_event_start(described.start());
  out.set_type(described.type());
  out.set_duration_ms(described.duration_ms());
  out.set_reference_v(e.reference_v);
  for (size_t p = 0; p < history_.size(); ++p) {
    v1::EventCurvePhase curve;
    curve.set_phase(phase_names_[p]);
    for (const UrmsHalf& v : history_[p]) {
      const TimeNs t = v.center();
      for (auto [from, to] : windows) {
        if (t >= from && t <= to) {
          curve.add_t_ms(static_cast<double>(t - e.start) / 1e6);
          curve.add_urms_v(v.urms_v);
          break;
        }
      }
    }
    if (curve.t_ms_size() > 0) *out.add_phases() = std::move(curve);
  }
  return out;
}

}  // namespace pqa::vtcd
