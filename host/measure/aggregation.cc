#include "host/measure/aggregation.h"

#include <algorithm>
#include <cmath>

namespace pqa::measure {
namespace {

constexpr const char* kPhaseNames[kPhases] = {"A", "B", "C"};

}  // namespace

void RmsAggregator::AddPhase(int p, double rms, double rms_min, double rms_max,
                             const SubgroupMagnitudes& sg, int orders) {
  PhaseSums& s = phases_[static_cast<std::size_t>(p)];
  const bool first = !present_[static_cast<std::size_t>(p)];
  present_[static_cast<std::size_t>(p)] = true;
  s.rms_sq += rms * rms;
  s.rms_min = first ? rms_min : std::min(s.rms_min, rms_min);
  s.rms_max = first ? rms_max : std::max(s.rms_max, rms_max);
  for (std::size_t h = 0; h <= static_cast<std::size_t>(orders); ++h)
    s.subgroup_sq[h] += sg[h] * sg[h];
}

void RmsAggregator::AddWindow(const WindowResult& window) {
  ++inputs_;
  ++windows_;
  for (int p = 0; p < kPhases; ++p) {
    if (!window.present[static_cast<std::size_t>(p)]) continue;
    const PhaseWindow& w = window.phases[static_cast<std::size_t>(p)];
    // Orders above the window's max_harmonic_order are not measured (0):
    // at 2 kS/s 37 of the 50 squares per phase add nothing.
    AddPhase(p, w.rms_v, w.rms_v, w.rms_v, w.subgroups,
             std::clamp(window.max_harmonic_order, 0, kMaxHarmonicOrder));
  }
  fd_sq_ += window.unbalance.fd_pct * window.unbalance.fd_pct;
  u0_sq_ += window.unbalance.u0_pct * window.unbalance.u0_pct;
  cycles_ += window.cycles;
  seconds_ += static_cast<double>(window.end - window.start) * 1e-9;
  max_order_ = std::min(max_order_, window.max_harmonic_order);
  power_.AddWindow(window);
}

void RmsAggregator::AddInterval(const AggregatedValues& interval) {
  ++inputs_;
  windows_ += interval.windows;
  for (int p = 0; p < kPhases; ++p) {
    if (!interval.present[static_cast<std::size_t>(p)]) continue;
    const AggregatedValues::Phase& v = interval.phases[static_cast<std::size_t>(p)];
    AddPhase(p, v.rms_v, v.rms_min_v, v.rms_max_v, v.subgroups, kMaxHarmonicOrder);
  }
  fd_sq_ += interval.fd_pct * interval.fd_pct;
  u0_sq_ += interval.u0_pct * interval.u0_pct;
  freq_sum_ += interval.freq_hz * interval.frequency_values;
  freq_count_ += interval.frequency_values;
  cycles_ += interval.cycles;
  seconds_ += interval.seconds;
  max_order_ = std::min(max_order_, interval.max_harmonic_order);
  power_.AddInterval(interval.power);
}

void RmsAggregator::AddFrequency(double hz) {
  freq_sum_ += hz;
  ++freq_count_;
}

AggregatedValues RmsAggregator::Result() const {
  AggregatedValues v;
  v.inputs = inputs_;
  v.windows = windows_;
  v.present = present_;
  v.max_harmonic_order = max_order_;
  v.power = power_.Result();
  if (inputs_ == 0) return v;
  const double n = inputs_;
  for (std::size_t p = 0; p < kPhases; ++p) {
    if (!present_[p]) continue;
    const PhaseSums& s = phases_[p];
    AggregatedValues::Phase& out = v.phases[p];
    out.rms_v = std::sqrt(s.rms_sq / n);
    out.rms_min_v = s.rms_min;
    out.rms_max_v = s.rms_max;
    for (std::size_t h = 0; h < s.subgroup_sq.size(); ++h) {
      out.subgroups[h] = std::sqrt(s.subgroup_sq[h] / n);
    }
  }
  v.fd_pct = std::sqrt(fd_sq_ / n);
  v.u0_pct = std::sqrt(u0_sq_ / n);
  v.frequency_values = freq_count_;
  v.cycles = cycles_;
  v.seconds = seconds_;
  if (freq_count_ > 0) {
    v.freq_hz = freq_sum_ / freq_count_;
  } else if (seconds_ > 0) {
    v.freq_hz = cycles_ / seconds_;
  }
  return v;
}

pqa::v1::Record ToRecord(const AggregatedValues& values, TimeNs start, double duration_s,
                         const std::string& interval, bool complete, int fraction_digits) {
  pqa::v1::Record r;
  r.set_start(FormatRfc3339(start, fraction_digits));
  r.set_duration_s(duration_s);
  r.set_interval(interval);
  r.set_complete(complete);
  r.set_windows(values.windows);
  r.set_freq_hz(values.freq_hz);
  r.set_fd_pct(values.fd_pct);
  r.set_u0_pct(values.u0_pct);
  const int orders = values.max_harmonic_order;
  r.set_max_harmonic_order(orders);
  for (std::size_t p = 0; p < kPhases; ++p) {
    if (!values.present[p] && !values.power.current_present[p]) continue;
    pqa::v1::PhaseRecord* out = r.add_phases();
    out->set_phase(kPhaseNames[p]);
    WritePhasePower(values.power, static_cast<int>(p), orders, *out);
    if (!values.present[p]) continue;
    const AggregatedValues::Phase& v = values.phases[p];
    // PRODIST: DTT over orders 2..40, or as far as the rate allowed.
    const DistortionIndices d =
        ComputeDistortion(v.subgroups, std::clamp(orders, 2, kDistortionMaxOrder));
    out->set_rms_v(v.rms_v);
    out->set_fund_v(v.subgroups[1]);
    out->set_dtt_pct(d.dtt_pct);
    out->set_dttp_pct(d.dttp_pct);
    out->set_dtti_pct(d.dtti_pct);
    out->set_dtt3_pct(d.dtt3_pct);
    for (int h = 2; h <= orders; ++h) out->add_dit_pct(d.dit_pct[static_cast<std::size_t>(h - 2)]);
    out->set_rms_min_v(v.rms_min_v);
    out->set_rms_max_v(v.rms_max_v);
  }
  WriteRecordPower(values.power, start, start + static_cast<TimeNs>(std::llround(duration_s * 1e9)),
                   r);
  return r;
}

}  // namespace pqa::measure
