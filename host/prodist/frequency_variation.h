// Frequency variation of one point (PRODIST Module 8 items 65-67 on 60 Hz;
// EN 50160 4.2.1 on 50 Hz) from the records' 10 s frequency values: the time
// in each band, the extremes, the share in the normal band and every breach.
//
//   10-minute records -> TenSecondSeries (freq_10s_hz, in time order)
//                     -> FrequencyViolations (runs beyond a rule's band)
//   records' frequency_bands summed  ------------------> FrequencySection
//
// How a breach is measured, at the 10 s resolution the records carry
// (IEC 61000-4-30 5.1: the 10 s value is the power-frequency measurement;
// nothing shorter is measured, so nothing shorter is claimed):
// - A run is a sequence of 10 s values beyond a rule's limit whose 10 s
//   intervals follow each other without a gap. Consecutive records join; a
//   missing 10 s value (0 in freq_10s_hz, or no record) ends the run, so a
//   run is never stretched across time that was not measured.
// - The run's duration is 10 s times its number of values: a value beyond
//   the limit stands for its whole 10 s interval (Record.frequency_bands
//   counts it the same way).
// - A rule allowing T seconds beyond its limit is breached by a run whose
//   duration exceeds T; a rule allowing nothing ("never") by any run.
//   So, item 67: above 62 Hz at least 4 consecutive values (40 s > 30 s),
//   above 63.5 Hz at least 2 (20 s > 10 s), below 58.5 Hz at least 2
//   (20 s > 10 s), below 57.5 Hz at least 1 (10 s > 5 s), above 66 Hz or
//   below 56.5 Hz at least 1. Item 66 ("retorne, no intervalo de tempo de
//   30 segundos após a transgressão, para a faixa de 59,5 Hz a 60,5 Hz"):
//   a run outside 59.5..60.5 Hz of at least 4 values (back inside only
//   after more than 30 s). A 25 s dip to 58.6 Hz touches at most three
//   10 s values outside 59.5..60.5 Hz and none below 58.5 Hz: no breach.
// - A run still beyond the limit where the data end counts with what was
//   measured (a breach only if that already exceeds T).
// - Limits: bands contain their edges (59.5..60.5 Hz, EN 50160's 47..52 Hz);
//   item 67 thresholds are strict (62.0 Hz is not above 62 Hz).
// - 50 Hz (EN 50160 4.2.1): +4/-6 % (47..52 Hz) holds 100 % of the time, so
//   every run outside it is a breach ("EN 50160 +4/-6%", allowed 0 s);
//   +-1 % (49.5..50.5 Hz) holds for 99.5 % of a year: reported as
//   normal_pct, not as breaches (the share needs a year to be judged).
// Each breach is one FrequencyViolation: the rule, the start of the run's
// first 10 s value (UTC and the point's local time), its duration, the
// furthest value in the run and what the rule allows.
#ifndef PQA_HOST_PRODIST_FREQUENCY_VARIATION_H_
#define PQA_HOST_PRODIST_FREQUENCY_VARIATION_H_

#include <vector>

#include "absl/time/time.h"
#include "host/common/time.h"
#include "host/prodist/records_jsonl.h"
#include "pqa/v1/compliance.pb.h"

namespace pqa::prodist {

// FrequencyViolation.rule values, in the order of compliance.proto (and of
// the violations of one start): items 66 and 67 on 60 Hz, EN 50160 on 50 Hz.
inline constexpr int kFrequencyRuleCount = 8;
inline constexpr const char* kFrequencyRules[kFrequencyRuleCount] = {
    "item 66",         "item 67 >62Hz", "item 67 >63.5Hz", "item 67 <58.5Hz",
    "item 67 <57.5Hz", "item 67 >66Hz", "item 67 <56.5Hz", "EN 50160 +4/-6%"};

// One 10 s frequency value.
struct TenSecondFrequency {
  TimeNs start = 0;  // UTC start of its 10 s interval
  double hz = 0;     // > 0
};

// The measured 10 s values of `records` (sorted by start, as ReadRecordsJsonl
// returns them), in time order; entries 0 (not measured) are left out.
std::vector<TenSecondFrequency> TenSecondSeries(const std::vector<TimedRecord>& records);

// 60 or 50: the nominal frequency the records were measured at, from their
// mean frequencies (freq_hz below 55 Hz: 50 Hz); 60 when none has one.
double NominalFrequencyOf(const std::vector<TimedRecord>& records);

// The breaches of items 66 and 67 (60 Hz) or of EN 50160 +4/-6 % (50 Hz) in
// `series` (time order), by start, ties in the rule order of compliance.proto.
std::vector<v1::FrequencyViolation> FrequencyViolations(
    const std::vector<TenSecondFrequency>& series, double nominal_hz, const absl::TimeZone& zone);

// The whole section over `records`: bands summed from their frequency_bands,
// min/max from their 10 s values (or, for records without them, from
// freq_min_hz/freq_max_hz at the record's start), normal share, violations.
v1::FrequencySection EvaluateFrequency(const std::vector<TimedRecord>& records,
                                       const absl::TimeZone& zone);

}  // namespace pqa::prodist

#endif  // PQA_HOST_PRODIST_FREQUENCY_VARIATION_H_
