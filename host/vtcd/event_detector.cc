#include "host/vtcd/event_detector.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_format.h"

namespace pqa::vtcd {
namespace {

int FamilyIndex(Family f) { return f == Family::kSag ? 0 : 1; }

absl::Status ConfigError(std::string_view field, double value, std::string_view expected) {
  return absl::InvalidArgumentError(absl::StrFormat(
      "DetectorConfig.%s = %g: expected %s", std::string(field), value, std::string(expected)));
}

// False when a value of p[0..n) is NaN or infinite, or when their sum
// overflows (then the caller looks value by value). Any NaN or infinity makes
// a plain sum non-finite, so one addition per value clears the usual block;
// the order of the additions does not matter, so eight running sums in two
// vectors (AVX2 where the toolchain can) take four values per instruction.
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
__attribute__((target_clones("arch=x86-64-v3", "default")))
#endif
bool SumIsFinite(const double* p, std::size_t n) {
  double sums[8] = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
  std::size_t at = 0;
  for (; at + 8 <= n; at += 8) {
    for (int j = 0; j < 8; ++j) sums[j] += p[at + j];
  }
  for (; at < n; ++at) sums[0] += p[at];
  double sum = 0.0;
  for (double s : sums) sum += s;
  return std::isfinite(sum);
}

}  // namespace

absl::Status ValidateDetectorConfig(const DetectorConfig& c) {
  const ClassificationLimits& l = c.limits;
  if (!(l.nominal_frequency_hz >= 40.0 && l.nominal_frequency_hz <= 70.0)) {
    return ConfigError("limits.nominal_frequency_hz", l.nominal_frequency_hz, "50 or 60 Hz");
  }
  if (!(l.sag_threshold_pu > 0.0 && l.sag_threshold_pu < 1.0)) {
    return ConfigError("limits.sag_threshold_pu", l.sag_threshold_pu, "0 < value < 1");
  }
  if (!(l.swell_threshold_pu > 1.0)) {
    return ConfigError("limits.swell_threshold_pu", l.swell_threshold_pu, "> 1");
  }
  if (!(l.interruption_threshold_pu >= 0.0 && l.interruption_threshold_pu <= l.sag_threshold_pu)) {
    return ConfigError("limits.interruption_threshold_pu", l.interruption_threshold_pu,
                       "0 <= value <= sag_threshold_pu");
  }
  if (!(l.momentary_max_s > 0.0 && l.temporary_max_s > l.momentary_max_s)) {
    return ConfigError("limits.temporary_max_s", l.temporary_max_s,
                       "> momentary_max_s > 0 (table 5: 3 s and 3 min)");
  }
  if (!(c.declared_voltage_v > 0.0)) {
    return ConfigError("declared_voltage_v", c.declared_voltage_v, "> 0 V");
  }
  if (!(c.hysteresis_pu >= 0.0 && c.hysteresis_pu <= 0.1)) {
    return ConfigError("hysteresis_pu", c.hysteresis_pu, "0..0.1 pu");
  }
  if (!(c.crossing_hysteresis_pu > 0.0 && c.crossing_hysteresis_pu < 0.5)) {
    return ConfigError("crossing_hysteresis_pu", c.crossing_hysteresis_pu, "0 < value < 0.5");
  }
  if (c.temporal_window_ns <= 0) {
    return ConfigError("temporal_window_ns", static_cast<double>(c.temporal_window_ns), "> 0 ns");
  }
  if (c.phase_names.empty() || c.phase_names.size() > 3) {
    return ConfigError("phase_names.size()", static_cast<double>(c.phase_names.size()), "1..3");
  }
  return absl::OkStatus();
}

EventDetector::EventDetector(const DetectorConfig& config)
    : config_(config),
      aggregators_{TemporalAggregator(config.temporal_window_ns),
                   TemporalAggregator(config.temporal_window_ns)} {
  const ThresholdConfig thresholds{config.limits.sag_threshold_pu, config.limits.swell_threshold_pu,
                                   config.hysteresis_pu};
  // IEC 61000-4-30 5.4.4: 12-cycle windows at 60 Hz, 10-cycle at 50 Hz (about 200 ms).
  const int cycles = static_cast<int>(std::lround(config.limits.nominal_frequency_hz / 5.0));
  for (int p = 0; p < static_cast<int>(config.phase_names.size()); ++p) {
    phases_.push_back(PhaseState{
        std::nullopt, ReferenceVoltage(config.reference, config.declared_voltage_v, cycles),
        PhaseEventDetector(p, thresholds)});
  }
}

absl::StatusOr<EventDetector> EventDetector::Create(const DetectorConfig& config) {
  if (absl::Status s = ValidateDetectorConfig(config); !s.ok()) return s;
  return EventDetector(config);
}

absl::Status EventDetector::CheckPhase(int phase) const {
  if (finished_) return absl::FailedPreconditionError("EventDetector: data after Finish()");
  if (phase < 0 || phase >= static_cast<int>(phases_.size())) {
    return absl::InvalidArgumentError(
        absl::StrFormat("EventDetector: phase %d out of range 0..%d", phase, phases_.size() - 1));
  }
  return absl::OkStatus();
}

absl::Status EventDetector::Process(TimeNs first_sample_time, double sample_rate_hz,
                                    const double* frames, std::size_t frame_count,
                                    std::size_t stride, std::span<const std::size_t> offsets) {
  if (finished_) return absl::FailedPreconditionError("EventDetector: data after Finish()");
  // Urms(1/2) needs whole half cycles of samples; from 8 samples per cycle
  // (4 per half cycle) it follows the measurement engine's lowest rate.
  const double min_rate = 8.0 * config_.limits.nominal_frequency_hz;
  if (!(sample_rate_hz >= min_rate)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("EventDetector: sample rate %g Hz, expected >= %g Hz (8 samples per cycle)",
                        sample_rate_hz, min_rate));
  }
  if (offsets.size() != phases_.size()) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "EventDetector: %d channel offsets for %d phases", offsets.size(), phases_.size()));
  }
  for (std::size_t p = 0; p < offsets.size(); ++p) {
    if (offsets[p] >= stride) {
      return absl::InvalidArgumentError(
          absl::StrFormat("EventDetector: channel offset %d of phase %d is not below the stride %d",
                          offsets[p], p, stride));
    }
  }
  if (frame_count == 0) return absl::OkStatus();
  if (frames == nullptr) return absl::InvalidArgumentError("EventDetector: null frames");
  // A NaN would poison the moving-average sums of the front end for good.
  // The values from the first phase sample to the last (other channels too,
  // contiguous) are summed; only a suspect block is searched, phase samples
  // only.
  const auto [lowest, highest] = std::minmax_element(offsets.begin(), offsets.end());
  const bool finite =
      SumIsFinite(frames + *lowest, (frame_count - 1) * stride + (*highest - *lowest) + 1);
  for (std::size_t k = 0; !finite && k < frame_count; ++k) {
    for (std::size_t p = 0; p < offsets.size(); ++p) {
      if (!std::isfinite(frames[k * stride + offsets[p]])) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "EventDetector: sample %d of phase %s (frame at %s) is not a finite number", k,
            config_.phase_names[p], FormatRfc3339(first_sample_time, 9)));
      }
    }
  }
  const TimeNs half_sample = static_cast<TimeNs>(0.5e9 / sample_rate_hz);
  const UrmsHalfCycleConfig front_end{config_.limits.nominal_frequency_hz,
                                      config_.declared_voltage_v, config_.crossing_hysteresis_pu};
  std::array<UrmsHalfCycleMeter*, UrmsHalfCycleMeter::kMaxTogether> meters{};
  std::array<const double*, UrmsHalfCycleMeter::kMaxTogether> inputs{};
  std::array<std::vector<UrmsHalf>*, UrmsHalfCycleMeter::kMaxTogether> outs{};
  for (std::size_t p = 0; p < phases_.size(); ++p) {
    PhaseState& state = phases_[p];
    if (!state.meter || state.meter->sample_rate_hz() != sample_rate_hz ||
        std::llabs(state.meter->next_sample_time() - first_sample_time) > half_sample) {
      state.meter.emplace(front_end, sample_rate_hz, first_sample_time);
    }
    meters[p] = &*state.meter;
    inputs[p] = frames + offsets[p];
    scratch_[p].clear();
    outs[p] = &scratch_[p];
  }
  // The phases side by side; their values are then handled phase after
  // phase, as if each meter had run alone.
  UrmsHalfCycleMeter::ProcessTogether(meters.data(), phases_.size(), inputs.data(), frame_count,
                                      stride, outs.data());
  for (std::size_t p = 0; p < phases_.size(); ++p) HandleUrms(static_cast<int>(p), scratch_[p]);
  Advance(false);
  return absl::OkStatus();
}

absl::Status EventDetector::AddUrmsHalf(int phase, const UrmsHalf& value) {
  if (absl::Status s = CheckPhase(phase); !s.ok()) return s;
  HandleUrms(phase, {&value, 1});
  Advance(false);
  return absl::OkStatus();
}

absl::Status EventDetector::AddWindowRms(int phase, double window_rms_v) {
  if (absl::Status s = CheckPhase(phase); !s.ok()) return s;
  PhaseState& state = phases_[phase];
  state.reference.AddWindowRms(window_rms_v, state.detector.active_family().has_value());
  return absl::OkStatus();
}

void EventDetector::HandleUrms(int phase, std::span<const UrmsHalf> values) {
  // One value per half cycle and phase: what does not change from value to
  // value is looked up once.
  PhaseState& state = phases_[phase];
  const bool own_reference = !config_.window_rms_from_caller;
  const bool observed = static_cast<bool>(observer_);
  for (const UrmsHalf& value : values) {
    state.detector.Add(value, state.reference.value_v(), &completed_);
    if (own_reference) {
      state.reference.AddUrmsHalf(value.urms_v, state.detector.active_family().has_value());
    }
    if (observed) observer_(phase, value);
  }
}

void EventDetector::Advance(bool end_of_data) {
  for (const PhaseEvent& e : completed_) {
    phase_events_.push_back(e);
    groupers_[FamilyIndex(e.family)].Add(e);
  }
  completed_.clear();
  const std::size_t first_new = events_.size();
  TimeNs horizon = std::numeric_limits<TimeNs>::max();
  if (!end_of_data) {
    for (const PhaseState& s : phases_) {
      const std::optional<TimeNs> h = s.detector.horizon();
      horizon = std::min(horizon, h ? *h : std::numeric_limits<TimeNs>::min());
    }
  }
  TimeNs final_through = horizon;
  for (Family family : {Family::kSag, Family::kSwell}) {
    const int f = FamilyIndex(family);
    std::optional<TimeNs> active_start;
    for (const PhaseState& s : phases_) {
      if (s.detector.active_family() == family) {
        active_start =
            std::min(active_start.value_or(s.detector.active_start()), s.detector.active_start());
      }
    }
    for (const std::vector<PhaseEvent>& group : groupers_[f].TakeFinal(horizon, active_start)) {
      aggregators_[f].Add(CombinePhaseGroup(group, config_.phase_aggregation, config_.limits));
    }
    TimeNs not_before = horizon;
    if (active_start) not_before = std::min(not_before, *active_start);
    if (const auto pending = groupers_[f].earliest_pending_start()) {
      not_before = std::min(not_before, *pending);
    }
    for (AggregatedEvent& e : aggregators_[f].TakeFinal(not_before)) {
      events_.push_back(std::move(e));
    }
    final_through = std::min(final_through, not_before);
    if (const auto open = aggregators_[f].open_start()) {
      final_through = std::min(final_through, *open);
    }
  }
  final_through_ = std::max(final_through_, final_through);
  // Events that became final together are listed in start order.
  std::stable_sort(events_.begin() + static_cast<std::ptrdiff_t>(first_new), events_.end(),
                   [](const AggregatedEvent& a, const AggregatedEvent& b) {
                     return a.window_start() < b.window_start();
                   });
}

void EventDetector::Finish() {
  if (finished_) return;
  for (PhaseState& s : phases_) s.detector.Finish(&completed_);
  Advance(true);
  finished_ = true;
}

std::vector<AggregatedEvent> EventDetector::TakeNewEvents() {
  std::vector<AggregatedEvent> out(events_.begin() + events_taken_, events_.end());
  events_taken_ = events_.size();
  return out;
}

}  // namespace pqa::vtcd
