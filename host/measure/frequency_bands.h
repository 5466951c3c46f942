// Frequency variation of an aggregated record (PRODIST Module 8 items 65-67
// on 60 Hz; EN 50160 4.2.1 on 50 Hz): the extremes of its 10 s frequency
// values and the seconds spent in each band, from the values of
// TenSecondFrequencyMeter (IEC 61000-4-30 5.1).
//
//   TenSecondFrequencyMeter -> 10 s values -> FrequencyBandRecorder
//       -> 10-minute record: freq_min_hz, freq_max_hz, frequency_bands, freq_10s_hz
//       -> 2-hour record:    freq_min_hz, freq_max_hz, frequency_bands (its twelve 10-minute parts)
//
// Resolution: the 10 s value is the power-frequency measurement of
// IEC 61000-4-30 5.1; nothing shorter is measured. Each 10 s value counts
// 10 s in every band that contains it (Record.frequency_bands). 150/180-cycle
// and single-window records last less than one 10 s interval and carry none
// of these fields (they stay 0).
//
// Band edges: a band written "59.9..60.1 Hz" contains its edges (item 65:
// "entre 59,9 Hz e 60,1 Hz"; item 66: "a faixa de 59,5 Hz a 60,5 Hz"); the
// item 67 thresholds are strict ("acima de 62 Hz", "abaixo de 58,5 Hz",
// "não pode exceder 66 Hz ou ser inferior a 56,5 Hz"). On 50 Hz the normal
// and recovery bands are EN 50160's 50 Hz +-1 % and +4/-6 % (both edges
// inside) and the item 67 fields stay 0: PRODIST does not apply there.
#ifndef PQA_HOST_MEASURE_FREQUENCY_BANDS_H_
#define PQA_HOST_MEASURE_FREQUENCY_BANDS_H_

#include <vector>

#include "host/common/time.h"
#include "host/measure/ten_second_frequency.h"
#include "pqa/v1/record.pb.h"

namespace pqa::measure {

// Seconds one 10 s value stands for in FrequencyBands.
inline constexpr double kFrequencyValueSeconds = 10;
// 10 s values in a 10-minute record (Record.freq_10s_hz entries).
inline constexpr int kTenSecondValuesPer10Min = 60;

// PRODIST Module 8 item 67 thresholds, hertz (60 Hz systems only).
inline constexpr double kItem67AboveHz = 62;         // b) at most 30 s above
inline constexpr double kItem67FarAboveHz = 63.5;    // b) at most 10 s above
inline constexpr double kItem67BelowHz = 58.5;       // c) at most 10 s below
inline constexpr double kItem67FarBelowHz = 57.5;    // c) at most 5 s below
inline constexpr double kItem67NeverAboveHz = 66;    // a) never above
inline constexpr double kItem67NeverBelowHz = 56.5;  // a) never below

// The bands of one nominal frequency (both edges inside each band).
struct FrequencyBandLimits {
  double nominal_hz = 60;
  // 60 Hz: item 65, 59.9..60.1 Hz; 50 Hz: EN 50160 4.2.1, 50 Hz +-1 %.
  double normal_low_hz = 59.9, normal_high_hz = 60.1;
  // 60 Hz: item 66, 59.5..60.5 Hz; 50 Hz: EN 50160 4.2.1, 50 Hz +4/-6 %.
  double recovery_low_hz = 59.5, recovery_high_hz = 60.5;
  bool item67 = true;  // the item 67 thresholds apply (60 Hz)
};

// `nominal_hz` 50 gives EN 50160's bands, anything else PRODIST's 60 Hz bands.
FrequencyBandLimits FrequencyBandsFor(double nominal_hz);

// Adds one 10 s value of `hz` hertz: kFrequencyValueSeconds to measured_s and
// to every band of `limits` that contains it.
void CountTenSecondValue(double hz, const FrequencyBandLimits& limits,
                         pqa::v1::FrequencyBands& bands);
// Adds every band of `from` to `to` (intervals made of shorter ones).
void AddFrequencyBands(const pqa::v1::FrequencyBands& from, pqa::v1::FrequencyBands& to);

// Collects the 10 s values of the 10-minute interval being aggregated and of
// the 2-hour interval it belongs to, and writes them into their records.
// The engine calls AddTenSecond for each value whose 10 s interval starts in
// the 10-minute interval, CloseTenMinute when that record is built, and
// CloseTwoHour when the 2-hour record is built (after the 2-hour interval's
// last CloseTenMinute; a 2-hour interval left by a gap closes before the
// next 10-minute record is closed).
class FrequencyBandRecorder {
 public:
  explicit FrequencyBandRecorder(double nominal_hz) : limits_(FrequencyBandsFor(nominal_hz)) {}

  void AddTenSecond(const FrequencyValue& value);
  // Fills the 10-minute `record` starting at `start` (UTC, on the 10-minute
  // grid) and carries its values into the 2-hour interval.
  void CloseTenMinute(TimeNs start, pqa::v1::Record& record);
  // Fills the 2-hour `record` and starts the next 2-hour interval.
  void CloseTwoHour(pqa::v1::Record& record);

 private:
  // Extremes and bands of a run of 10 s values.
  struct Summary {
    int values = 0;
    double min_hz = 0, max_hz = 0;
    pqa::v1::FrequencyBands bands;
    void Add(double hz, const FrequencyBandLimits& limits);
    void Add(const Summary& other);
    void WriteTo(pqa::v1::Record& record) const;
  };

  FrequencyBandLimits limits_;
  std::vector<FrequencyValue> ten_minute_;  // values of the open 10-minute interval
  Summary two_hour_;
};

}  // namespace pqa::measure

#endif  // PQA_HOST_MEASURE_FREQUENCY_BANDS_H_
