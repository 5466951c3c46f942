#include "host/prodist/frequency_variation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "host/common/local_time.h"
#include "host/measure/frequency_bands.h"

namespace pqa::prodist {
namespace {

using measure::FrequencyBandLimits;
using measure::kFrequencyValueSeconds;
using measure::kTenSecondsNs;

constexpr double kInf = std::numeric_limits<double>::infinity();

// A rule: the frequency must stay within [low_hz, high_hz] (edges inside),
// or may leave it for at most allowed_s seconds.
struct FrequencyRule {
  const char* name;  // FrequencyViolation.rule
  double low_hz, high_hz;
  double allowed_s;  // 0: never
};

// In the order of FrequencyViolation.rule (compliance.proto).
std::vector<FrequencyRule> RulesFor(double nominal_hz) {
  const FrequencyBandLimits b = measure::FrequencyBandsFor(nominal_hz);
  if (!b.item67) {
    // EN 50160 4.2.1: 50 Hz +4 %/-6 % during 100 % of the time.
    return {{kFrequencyRules[7], b.recovery_low_hz, b.recovery_high_hz, 0}};
  }
  return {
      // Item 66: back within 59.5..60.5 Hz within 30 s of leaving it.
      {kFrequencyRules[0], b.recovery_low_hz, b.recovery_high_hz, 30},
      // Item 67 b): above 62 Hz at most 30 s, above 63.5 Hz at most 10 s.
      {kFrequencyRules[1], -kInf, measure::kItem67AboveHz, 30},
      {kFrequencyRules[2], -kInf, measure::kItem67FarAboveHz, 10},
      // Item 67 c): below 58.5 Hz at most 10 s, below 57.5 Hz at most 5 s.
      {kFrequencyRules[3], measure::kItem67BelowHz, kInf, 10},
      {kFrequencyRules[4], measure::kItem67FarBelowHz, kInf, 5},
      // Item 67 a): never above 66 Hz or below 56.5 Hz.
      {kFrequencyRules[5], -kInf, measure::kItem67NeverAboveHz, 0},
      {kFrequencyRules[6], measure::kItem67NeverBelowHz, kInf, 0},
  };
}

// How far `hz` lies beyond the rule's band, hertz (<= 0: inside).
double Beyond(const FrequencyRule& rule, double hz) {
  return std::max(rule.low_hz - hz, hz - rule.high_hz);
}

void SetTimes(TimeNs at, const absl::TimeZone& zone, std::string* utc, std::string* local) {
  *utc = FormatRfc3339(at);
  if (local != nullptr) *local = FormatRfc3339Local(at, zone);
}

}  // namespace

std::vector<TenSecondFrequency> TenSecondSeries(const std::vector<TimedRecord>& records) {
  std::vector<TenSecondFrequency> out;
  for (const TimedRecord& tr : records) {
    for (int i = 0; i < tr.record.freq_10s_hz_size(); ++i) {
      const double hz = tr.record.freq_10s_hz(i);
      if (hz > 0) out.push_back({tr.start + i * kTenSecondsNs, hz});
    }
  }
  return out;
}

double NominalFrequencyOf(const std::vector<TimedRecord>& records) {
  // 55 Hz lies between the two systems' widest excursions (EN 50160: up to
  // 52 Hz; PRODIST item 67: down to 56.5 Hz).
  int fifty = 0, sixty = 0;
  for (const TimedRecord& tr : records) {
    const double hz = tr.record.freq_hz();
    if (hz > 0) ++(hz < 55 ? fifty : sixty);
  }
  return fifty > sixty ? 50 : 60;
}

std::vector<v1::FrequencyViolation> FrequencyViolations(
    const std::vector<TenSecondFrequency>& series, double nominal_hz, const absl::TimeZone& zone) {
  std::vector<v1::FrequencyViolation> out;
  const std::vector<FrequencyRule> rules = RulesFor(nominal_hz);
  // (start, rule index) of each violation, for the final order.
  std::vector<std::pair<TimeNs, std::size_t>> keys;
  for (std::size_t k = 0; k < rules.size(); ++k) {
    const FrequencyRule& rule = rules[k];
    std::size_t i = 0;
    while (i < series.size()) {
      if (Beyond(rule, series[i].hz) <= 0) {
        ++i;
        continue;
      }
      // The run: values beyond the band in consecutive 10 s intervals.
      std::size_t end = i + 1;
      double extreme = series[i].hz;
      while (end < series.size() && series[end].start == series[end - 1].start + kTenSecondsNs &&
             Beyond(rule, series[end].hz) > 0) {
        if (Beyond(rule, series[end].hz) > Beyond(rule, extreme)) extreme = series[end].hz;
        ++end;
      }
      const double duration_s = static_cast<double>(end - i) * kFrequencyValueSeconds;
      if (duration_s > rule.allowed_s) {
        v1::FrequencyViolation v;
        v.set_rule(rule.name);
        SetTimes(series[i].start, zone, v.mutable_start(), v.mutable_start_local());
        v.set_duration_s(duration_s);
        v.set_extreme_hz(extreme);
        v.set_allowed_s(rule.allowed_s);
        keys.push_back({series[i].start, k});
        out.push_back(std::move(v));
      }
      i = end;
    }
  }
  std::vector<std::size_t> order(out.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });
  std::vector<v1::FrequencyViolation> sorted;
  sorted.reserve(out.size());
  for (std::size_t i : order) sorted.push_back(std::move(out[i]));
  return sorted;
}

v1::FrequencySection EvaluateFrequency(const std::vector<TimedRecord>& records,
                                       const absl::TimeZone& zone) {
  v1::FrequencySection s;
  const double nominal = NominalFrequencyOf(records);
  s.set_nominal_hz(nominal);
  s.set_reference(nominal == 50 ? "EN 50160" : "PRODIST Module 8 items 65-67");
  bool have_extreme = false;
  auto extreme = [&](double lo, TimeNs lo_at, double hi, TimeNs hi_at) {
    if (!have_extreme || lo < s.min_hz()) {
      s.set_min_hz(lo);
      SetTimes(lo_at, zone, s.mutable_min_at(), nullptr);
    }
    if (!have_extreme || hi > s.max_hz()) {
      s.set_max_hz(hi);
      SetTimes(hi_at, zone, s.mutable_max_at(), nullptr);
    }
    have_extreme = true;
  };
  for (const TimedRecord& tr : records) {
    measure::AddFrequencyBands(tr.record.frequency_bands(), *s.mutable_bands());
    if (tr.record.freq_10s_hz_size() == 0 && tr.record.freq_min_hz() > 0) {
      // A writer that kept only the extremes: their instant within the
      // record is unknown, the record's start stands for it.
      extreme(tr.record.freq_min_hz(), tr.start, tr.record.freq_max_hz(), tr.start);
    }
  }
  const std::vector<TenSecondFrequency> series = TenSecondSeries(records);
  for (const TenSecondFrequency& v : series) extreme(v.hz, v.start, v.hz, v.start);
  if (s.bands().measured_s() > 0) {
    s.set_normal_pct(100 * s.bands().normal_s() / s.bands().measured_s());
  }
  for (v1::FrequencyViolation& v : FrequencyViolations(series, nominal, zone)) {
    *s.add_violations() = std::move(v);
  }
  return s;
}

}  // namespace pqa::prodist
