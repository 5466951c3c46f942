// Time aggregation of the current and power quantities of the 10/12-cycle
// windows (IEC 61000-4-30 4.5, IEEE 1459, PRODIST Module 8 item 38), the part
// of an interval's record that comes from the currents:
//
//   WindowResult -> PowerAggregator::AddWindow  (150/180 cycles, 10 min, window)
//   PowerValues  -> PowerAggregator::AddInterval (2 h from twelve 10 min)
//   PowerValues  -> WritePhasePower / WriteRecordPower -> Record fields
//
// How each field aggregates (the proto states the same per field):
// - RMS of the input values (like the voltages): i_rms_a, the current
//   subgroups (so i_fund_a, dit_i_pct and thd_i_pct come from aggregated
//   magnitudes, as DIT and DTT do, aggregation.h), in_rms_a;
// - arithmetic mean of the input values: P, Q1, S and the fundamental
//   active power P1; PF = P / S and DPF = P1 / sqrt(P1^2 + Q1^2) of those
//   means, and the record totals are sums over the phases of the means;
// - sums: the four-quadrant energies, each window's total P and Q1 times the
//   part of its duration inside its 10-minute interval. The window in
//   progress at a 10-minute tick ends after it and the next sequence starts
//   at the tick (IEC 61000-4-30 4.5.3): only the part before the tick
//   counts, so the overlap is not counted twice;
// - 15-minute demand on the clock: each window's P and Q1 times the part of
//   its (clipped) duration inside each quarter hour, divided by the seconds
//   measured in it: the mean over what was measured, `complete` when that is
//   the whole quarter hour.
#ifndef PQA_HOST_MEASURE_POWER_AGGREGATION_H_
#define PQA_HOST_MEASURE_POWER_AGGREGATION_H_

#include <array>
#include <vector>

#include "host/common/time.h"
#include "host/measure/harmonics.h"
#include "host/measure/window_result.h"
#include "pqa/v1/record.pb.h"

namespace pqa::measure {

inline constexpr TimeNs kQuarterHourNs = 15 * kNsPerMinute;

// The current and power values of one interval (part of AggregatedValues).
struct PowerValues {
  struct Phase {
    double i_rms_a = 0;                // aggregated RMS current, amperes
    SubgroupMagnitudes i_subgroups{};  // aggregated current subgroups, amperes
    double p_w = 0;                    // mean active power P, watts
    double q_var = 0;                  // mean fundamental reactive power Q1, var
    double s_va = 0;                   // mean apparent power S, volt-amperes
    double p1_w = 0;                   // mean fundamental active power P1, watts
  };
  // Energy and measured time of one clock quarter hour (or of the part of it
  // the interval holds).
  struct QuarterHour {
    TimeNs start = 0;        // on the 15-minute UTC grid
    double p_ws = 0;         // total P times seconds, joules
    double q_vars = 0;       // total Q1 times seconds, var-seconds
    TimeNs measured_ns = 0;  // duration of the windows inside it
  };
  std::array<bool, kPhases> current_present{};
  std::array<Phase, kPhases> phases;
  double in_rms_a = 0;  // aggregated neutral current RMS, amperes
  double ea_imp_wh = 0, ea_exp_wh = 0, er_ind_varh = 0, er_cap_varh = 0;
  std::vector<QuarterHour> quarters;  // in time order
};

class PowerAggregator {
 public:
  void AddWindow(const WindowResult& window);
  // One finished interval counts as one input value (2 hours from 10 minutes).
  void AddInterval(const PowerValues& interval);
  PowerValues Result() const;

 private:
  struct PhaseSums {
    double i_rms_sq = 0;
    std::array<double, kMaxHarmonicOrder + 1> i_subgroup_sq{};
    double p = 0, q = 0, s = 0, p1 = 0;
  };
  void AddEnergy(TimeNs from, TimeNs to, double p_w, double q_var);

  int inputs_ = 0;
  std::array<bool, kPhases> present_{};
  std::array<PhaseSums, kPhases> phases_;
  double in_sq_ = 0;
  PowerValues energy_;  // only the energy and quarter-hour fields
};

// Phase p's current and power fields; dit_i_pct holds orders
// 2..`max_harmonic_order` and thd_i_pct covers 2..min(40, max_harmonic_order).
void WritePhasePower(const PowerValues& values, int p, int max_harmonic_order,
                     pqa::v1::PhaseRecord& out);

// The record's totals, the item-38 power factor, the energies, in_rms_a and
// the demands of the quarter hours wholly inside [start, end).
void WriteRecordPower(const PowerValues& values, TimeNs start, TimeNs end, pqa::v1::Record& out);

}  // namespace pqa::measure

#endif  // PQA_HOST_MEASURE_POWER_AGGREGATION_H_
