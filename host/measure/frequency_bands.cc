#include "host/measure/frequency_bands.h"

#include <algorithm>

namespace pqa::measure {

FrequencyBandLimits FrequencyBandsFor(double nominal_hz) {
  if (nominal_hz != 50) return FrequencyBandLimits{};
  // EN 50160 4.2.1 (interconnected systems): 50 Hz +-1 % during 99.5 % of a
  // year, 50 Hz +4 %/-6 % during 100 % of the time.
  return FrequencyBandLimits{.nominal_hz = 50,
                             .normal_low_hz = 49.5,
                             .normal_high_hz = 50.5,
                             .recovery_low_hz = 47,
                             .recovery_high_hz = 52,
                             .item67 = false};
}

void CountTenSecondValue(double hz, const FrequencyBandLimits& l, pqa::v1::FrequencyBands& b) {
  constexpr double s = kFrequencyValueSeconds;
  b.set_measured_s(b.measured_s() + s);
  if (hz >= l.normal_low_hz && hz <= l.normal_high_hz) b.set_normal_s(b.normal_s() + s);
  if (hz >= l.recovery_low_hz && hz <= l.recovery_high_hz) b.set_recovery_s(b.recovery_s() + s);
  if (!l.item67) return;
  if (hz > kItem67AboveHz) b.set_above_62_s(b.above_62_s() + s);
  if (hz > kItem67FarAboveHz) b.set_above_63_5_s(b.above_63_5_s() + s);
  if (hz > kItem67NeverAboveHz) b.set_above_66_s(b.above_66_s() + s);
  if (hz < kItem67BelowHz) b.set_below_58_5_s(b.below_58_5_s() + s);
  if (hz < kItem67FarBelowHz) b.set_below_57_5_s(b.below_57_5_s() + s);
  if (hz < kItem67NeverBelowHz) b.set_below_56_5_s(b.below_56_5_s() + s);
}

void AddFrequencyBands(const pqa::v1::FrequencyBands& from, pqa::v1::FrequencyBands& to) {
  to.set_measured_s(to.measured_s() + from.measured_s());
  to.set_normal_s(to.normal_s() + from.normal_s());
  to.set_recovery_s(to.recovery_s() + from.recovery_s());
  to.set_above_62_s(to.above_62_s() + from.above_62_s());
  to.set_above_63_5_s(to.above_63_5_s() + from.above_63_5_s());
  to.set_below_58_5_s(to.below_58_5_s() + from.below_58_5_s());
  to.set_below_57_5_s(to.below_57_5_s() + from.below_57_5_s());
  to.set_above_66_s(to.above_66_s() + from.above_66_s());
  to.set_below_56_5_s(to.below_56_5_s() + from.below_56_5_s());
}

void FrequencyBandRecorder::Summary::Add(double hz, const FrequencyBandLimits& limits) {
  min_hz = values == 0 ? hz : std::min(min_hz, hz);
  max_hz = values == 0 ? hz : std::max(max_hz, hz);
  ++values;
  CountTenSecondValue(hz, limits, bands);
}

void FrequencyBandRecorder::Summary::Add(const Summary& other) {
  if (other.values == 0) return;
  min_hz = values == 0 ? other.min_hz : std::min(min_hz, other.min_hz);
  max_hz = values == 0 ? other.max_hz : std::max(max_hz, other.max_hz);
  values += other.values;
  AddFrequencyBands(other.bands, bands);
}

void FrequencyBandRecorder::Summary::WriteTo(pqa::v1::Record& record) const {
  record.set_freq_min_hz(min_hz);
  record.set_freq_max_hz(max_hz);
  *record.mutable_frequency_bands() = bands;
}

void FrequencyBandRecorder::AddTenSecond(const FrequencyValue& value) {
  ten_minute_.push_back(value);
}

void FrequencyBandRecorder::CloseTenMinute(TimeNs start, pqa::v1::Record& record) {
  Summary summary;
  record.clear_freq_10s_hz();
  for (const FrequencyValue& v : ten_minute_) {
    const TimeNs slot = (v.start - start) / kTenSecondsNs;
    if (v.start < start || slot >= kTenSecondValuesPer10Min || !(v.frequency_hz > 0)) continue;
    if (record.freq_10s_hz_size() == 0)
      record.mutable_freq_10s_hz()->Resize(kTenSecondValuesPer10Min, 0);
    record.set_freq_10s_hz(static_cast<int>(slot), v.frequency_hz);
    summary.Add(v.frequency_hz, limits_);
  }
  ten_minute_.clear();
  summary.WriteTo(record);
  two_hour_.Add(summary);
}

void FrequencyBandRecorder::CloseTwoHour(pqa::v1::Record& record) {
  two_hour_.WriteTo(record);
  two_hour_ = Summary{};
}

}  // namespace pqa::measure
