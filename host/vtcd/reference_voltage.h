// The reference voltage against which Urms(1/2) is compared (IEC 61000-4-30
// 5.4.4; PRODIST Module 8 item 88 a): the declared voltage, or the sliding
// reference Vsr(n) = 0.9967 Vsr(n-1) + 0.0033 V12rms.
#ifndef PQA_HOST_VTCD_REFERENCE_VOLTAGE_H_
#define PQA_HOST_VTCD_REFERENCE_VOLTAGE_H_

namespace pqa::vtcd {

enum class ReferenceKind {
  kDeclared,  // fixed: the declared (nominal or contracted) voltage
  kSliding,   // first-order filter over the 10/12-cycle RMS, time constant about 1 min
};

class ReferenceVoltage {
 public:
  // declared_v: RMS volts (> 0), the fixed reference and the sliding one's
  // initial value. cycles_per_window: 12 at 60 Hz, 10 at 50 Hz.
  ReferenceVoltage(ReferenceKind kind, double declared_v, int cycles_per_window);

  double value_v() const { return value_v_; }  // current reference, RMS volts

  // Builds V12rms from the caller's own Urms(1/2) stream: every second value
  // covers the next non-overlapping cycle, and the mean of the squares of
  // cycles_per_window of them is the square of the window's RMS. `hold`: the
  // value belongs to an event; a window that contains one is discarded so an
  // event cannot drag its own reference (documented choice, see the report).
  // Inline: called for every value of every phase, and the declared
  // reference ignores them.
  void AddUrmsHalf(double urms_v, bool hold) {
    if (kind_ == ReferenceKind::kSliding) AddToWindow(urms_v, hold);
  }

  // Alternatively, the caller's own 10/12-cycle RMS (volts), e.g. from the
  // measurement windows. Ignored while `hold`.
  void AddWindowRms(double window_rms_v, bool hold);

 private:
  void AddToWindow(double urms_v, bool hold);  // AddUrmsHalf() of the sliding reference

  ReferenceKind kind_;
  double value_v_;
  int cycles_per_window_;
  int half_cycles_ = 0;       // Urms(1/2) values seen in the current window
  double sum_squares_ = 0.0;  // of the non-overlapping one-cycle values
  bool window_held_ = false;  // the current window contains an event
};

}  // namespace pqa::vtcd

#endif  // PQA_HOST_VTCD_REFERENCE_VOLTAGE_H_
