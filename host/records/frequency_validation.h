// The frequency-variation fields of an aggregated record (Record fields
// 28-31, PRODIST Module 8 items 65-67), checked as part of ValidateRecord
// (internal to host/records; record_validation.h documents the whole check).
#ifndef PQA_HOST_RECORDS_FREQUENCY_VALIDATION_H_
#define PQA_HOST_RECORDS_FREQUENCY_VALIDATION_H_

#include "absl/status/status.h"
#include "pqa/v1/record.pb.h"

namespace pqa::records::internal {

// Lowest and highest plausible 10 s frequency, hertz: far beyond any excursion
// a 50 or 60 Hz system survives (PRODIST item 67 a: never below 56.5 or
// above 66 Hz; EN 50160: 47..52 Hz), near enough to refuse a value in
// another unit (mHz, kHz, rad/s: 314 or 377).
inline constexpr double kLowestFrequencyHz = 30;
inline constexpr double kHighestFrequencyHz = 90;

// Checks, naming the first field that fails:
// - freq_min_hz, freq_max_hz: both 0 (no 10 s value) or both in
//   kLowestFrequencyHz..kHighestFrequencyHz with min <= max;
// - frequency_bands: every value finite and >= 0; measured_s at most
//   `duration_s` (+1 ms) and a multiple of 10 s (one per 10 s value); each
//   band at most measured_s; nested bands no larger than the band holding
//   them (normal within recovery, above 66 within above 63.5 within above 62,
//   below 56.5 within below 57.5 within below 58.5);
// - freq_10s_hz: empty, or on a 10-minute record exactly 60 values, each 0
//   (not measured) or plausible and within freq_min_hz..freq_max_hz, their
//   count times 10 s equal to frequency_bands.measured_s.
absl::Status CheckFrequencyVariation(const v1::Record& record, bool ten_minute);

}  // namespace pqa::records::internal

#endif  // PQA_HOST_RECORDS_FREQUENCY_VALIDATION_H_
