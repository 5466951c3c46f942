// Time aggregation of window values (IEC 61000-4-30 4.5): every aggregated
// value is the square root of the arithmetic mean of the squared input
// values - for RMS voltage, harmonic subgroups and unbalance alike.
//
// Design choice: DIT_h and the DTT family of an interval are derived from the
// *aggregated subgroup magnitudes* (each Ysg,h aggregated on its own, then
// the percentages taken against the aggregated Ysg,1), not by averaging the
// per-window percentages. IEC 61000-4-30 5.8 aggregates harmonic magnitudes
// and IEC 61000-4-7 defines the distortion ratios from magnitudes, so this is
// the reading of the standard; when V1 is steady the two readings agree to
// within the fluctuation of V1.
#ifndef PQA_HOST_MEASURE_AGGREGATION_H_
#define PQA_HOST_MEASURE_AGGREGATION_H_

#include <array>
#include <string>

#include "host/common/time.h"
#include "host/measure/harmonics.h"
#include "host/measure/power_aggregation.h"
#include "host/measure/window_result.h"
#include "pqa/v1/record.pb.h"

namespace pqa::measure {

// The result of one aggregation interval, before it becomes a record; also
// the input of the next level (twelve 10-minute values make a 2-hour value).
struct AggregatedValues {
  struct Phase {
    double rms_v = 0;                // aggregated RMS, volts
    double rms_min_v = 0;            // lowest window RMS in the interval, volts
    double rms_max_v = 0;            // highest window RMS in the interval, volts
    SubgroupMagnitudes subgroups{};  // aggregated subgroup magnitudes, volts
  };
  int inputs = 0;   // values aggregated (windows, or 10-minute values for 2 hours)
  int windows = 0;  // 10/12-cycle windows behind them
  std::array<bool, kPhases> present{};
  std::array<Phase, kPhases> phases;
  double fd_pct = 0;  // aggregated FD, %
  double u0_pct = 0;  // aggregated u0, %
  // Frequency: mean of the 10-second values when the interval holds any
  // (IEC 61000-4-30 5.1), else cycles / seconds of its windows.
  double freq_hz = 0;
  int frequency_values = 0;  // 10-second values behind freq_hz (0: taken from the windows)
  double cycles = 0;         // fundamental cycles of the windows
  double seconds = 0;        // duration of the windows, seconds
  int max_harmonic_order = kMaxHarmonicOrder;  // lowest of the windows' (the orders all measured)
  PowerValues power;  // currents, power, energy, demand (power_aggregation.h)
};

class RmsAggregator {
 public:
  void AddWindow(const WindowResult& window);
  // One finished interval counts as one input value (2 hours from 10 minutes).
  void AddInterval(const AggregatedValues& interval);
  // A 10-second frequency value, hertz.
  void AddFrequency(double hz);

  int inputs() const { return inputs_; }
  int windows() const { return windows_; }
  AggregatedValues Result() const;
  void Reset() { *this = RmsAggregator(); }

 private:
  struct PhaseSums {
    double rms_sq = 0;
    double rms_min = 0, rms_max = 0;
    std::array<double, kMaxHarmonicOrder + 1> subgroup_sq{};
  };
  // Subgroups 0..orders (those above are 0, not measured).
  void AddPhase(int p, double rms, double rms_min, double rms_max, const SubgroupMagnitudes& sg,
                int orders);

  int inputs_ = 0;
  int windows_ = 0;
  std::array<bool, kPhases> present_{};
  std::array<PhaseSums, kPhases> phases_;
  double fd_sq_ = 0, u0_sq_ = 0;
  double freq_sum_ = 0;
  int freq_count_ = 0;
  double cycles_ = 0, seconds_ = 0;
  int max_order_ = kMaxHarmonicOrder;
  PowerAggregator power_;
};

// Names of the aggregation intervals as written in Record.interval.
inline constexpr char kInterval150Cycle[] = "150cycle";
inline constexpr char kInterval10Min[] = "10min";
inline constexpr char kInterval2Hour[] = "2h";
inline constexpr char kIntervalWindow[] = "window";

// Builds the record: `start` UTC, formatted with `fraction_digits` (0..9)
// digits after the second; `duration_s` nominal length, seconds; `interval`
// one of the names above. Flicker, VTCD and flag fields stay at their defaults.
// DIT and the DTT family cover the orders measured (max_harmonic_order). A
// phase with a current but no voltage (a recording of currents only) carries
// only its current fields.
pqa::v1::Record ToRecord(const AggregatedValues& values, TimeNs start, double duration_s,
                         const std::string& interval, bool complete, int fraction_digits);

}  // namespace pqa::measure

#endif  // PQA_HOST_MEASURE_AGGREGATION_H_
