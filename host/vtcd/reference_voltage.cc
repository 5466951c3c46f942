#include "host/vtcd/reference_voltage.h"

#include <cmath>

namespace pqa::vtcd {

ReferenceVoltage::ReferenceVoltage(ReferenceKind kind, double declared_v, int cycles_per_window)
    : kind_(kind), value_v_(declared_v), cycles_per_window_(cycles_per_window) {}

void ReferenceVoltage::AddToWindow(double urms_v, bool hold) {
  window_held_ = window_held_ || hold;
  if (half_cycles_++ % 2 == 0) sum_squares_ += urms_v * urms_v;
  if (half_cycles_ < 2 * cycles_per_window_) return;
  const double window_rms = std::sqrt(sum_squares_ / cycles_per_window_);
  const bool held = window_held_;
  half_cycles_ = 0;
  sum_squares_ = 0.0;
  window_held_ = false;
  AddWindowRms(window_rms, held);
}

void ReferenceVoltage::AddWindowRms(double window_rms_v, bool hold) {
  if (kind_ != ReferenceKind::kSliding || hold) return;
  // IEC 61000-4-30 5.4.4 / PRODIST item 88 a.
  value_v_ = 0.9967 * value_v_ + 0.0033 * window_rms_v;
}

}  // namespace pqa::vtcd
