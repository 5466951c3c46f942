// The one check of an aggregated record (pqa.v1.Record) wherever it enters:
// `pqa window`, `pqa report`, `pqa push` and the service's ingest all call
// ValidateRecord before using or storing anything of it, so a record refused
// by one is refused by all with the same words. Readers add the place
// ("file:line: " or "records[3]."), this file names the field
// ("phases[1].rms_v: ...").
//
// Data flow: JSON Lines or gRPC -> proto -> ValidateRecord -> PRODIST rules
// or store. Nothing downstream re-checks; everything downstream may assume
// finite, non-negative readings, at most one of each phase, a known interval
// on its grid and a start inside the supported time range
// (host/common/time.h).
#ifndef PQA_HOST_RECORDS_RECORD_VALIDATION_H_
#define PQA_HOST_RECORDS_RECORD_VALIDATION_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "host/common/time.h"
#include "pqa/v1/record.pb.h"

namespace pqa::records {

// The IEC 61000-4-30 4.5 aggregation intervals a record may hold.
enum class RecordInterval {
  kWindow,    // "window": one 10/12-cycle window (0.2 s nominal), no fixed grid (fault records)
  k150Cycle,  // "150cycle": 150 cycles at 50 Hz, 180 at 60 Hz (3 s nominal), no fixed grid
  k10Min,     // "10min": 600 s, starts on the 10-minute UTC grid (4.6)
  k2h,        // "2h": 7200 s, starts on the 2-hour UTC grid
};

// What a sound record is, as the rest of the program uses it.
struct RecordFacts {
  TimeNs start = 0;  // ns since epoch UTC, inside the supported range
  TimeNs end = 0;    // start + nominal duration, inside the supported range
  RecordInterval interval = RecordInterval::k10Min;
};

// Number of DIT_h values of a phase: orders 2..50 (IEC 61000-4-7), or
// orders 2..max_harmonic_order where the sample rate allowed fewer.
inline constexpr int kDitValues = 49;

// Checks, in this order, and names the first field that fails:
// - start: RFC 3339, a calendar date, inside the supported range;
// - interval: "window", "150cycle", "10min", "2h", or empty with duration_s
//   3, 600 or 7200 (older writers); duration_s finite and equal to the interval's
//   nominal length; a 10-minute or 2-hour start on its UTC grid; the end
//   inside the supported range;
// - windows >= 0; freq_hz, fd_pct, u0_pct finite and >= 0;
// - vtcd_types: PRODIST table 5 classes (IMT, AMT, EMT, ITT, ATT, ETT) or
//   LONG_INTERRUPTION, LONG_SAG, LONG_SWELL;
// - phases: at most three, each named "A", "B" or "C" and at most once; every
//   value finite and >= 0 (RMS volts, % distortions, Pst/Plt);
// - max_harmonic_order 0 (written before the field) or 1..50, and dit_pct
//   empty or one value per measured order 2..max_harmonic_order (49 when 0);
// - currents, power, energies, demand, connection (power_validation.h).
// Errors are INVALID_ARGUMENT (OUT_OF_RANGE for times) with the field first.
absl::StatusOr<RecordFacts> ValidateRecord(const v1::Record& record);

// The PRODIST evaluation (`pqa window`, `pqa report`, the service's sets)
// compares the three phases of a three-phase point: a 10-minute record that
// is complete must carry A, B and C. Call after ValidateRecord.
absl::Status CheckThreePhases(const v1::Record& record);

}  // namespace pqa::records

#endif  // PQA_HOST_RECORDS_RECORD_VALIDATION_H_
