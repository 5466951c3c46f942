// Bulk decoding of COMTRADE binary records (BINARY int16, BINARY32 int32,
// FLOAT32), the reader's hot path (ComtradeReader::ReadCleanRun, a few
// thousand records at a time):
//
//   records (8-byte sample number and timestamp, analog values, digital
//   words) -> GatherAnalogValues: the analog values, contiguous ->
//   FirstUnclean: where the run must stop (a missing-value marker, a
//   non-finite FLOAT32) -> GatherRecordHeaders, ConsecutiveNumbers: where a
//   record is lost or out of order -> TimestampStepsAgree: the timestamps
//   follow the declared rate -> ChannelScaling::Apply: volts or amperes
//
// Each step is one loop over many records: the gathers are plain copies,
// the tests and the scaling are vectorised (AVX2 where the CPU has it,
// chosen at load time). A record-by-record loop over the channels cost 37
// instructions per value; this costs about 11.5 at three channels. The
// values are bit-identical to the record-by-record (a * x + b) * factor:
// same operations in the same order, no fused multiply-add.
#ifndef PQA_HOST_IO_BINARY_SAMPLES_H_
#define PQA_HOST_IO_BINARY_SAMPLES_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pqa::io {

// Copies the analog values of `count` records, `record_bytes` apart from
// `records` (values from byte 8 of each record), into `values`, `channels`
// per record. Reads and writes nothing outside the records and the
// `count * channels` values. Sample: std::int16_t, std::int32_t, float,
// little-endian like every host this targets.
template <typename Sample>
void GatherAnalogValues(const unsigned char* records, std::size_t record_bytes, std::size_t count,
                        std::size_t channels, Sample* values);

// Index of the first of `n` values that cannot become a number: the
// C37.111 missing-value marker (0x8000 in BINARY, 0x80000000 in BINARY32),
// or a NaN or infinite FLOAT32 value; n when there is none.
template <typename Sample>
std::size_t FirstUnclean(const Sample* values, std::size_t n);

// Splits the 8-byte headers of `count` records, `record_bytes` apart, into
// their sample numbers and timestamps (C37.111: two little-endian 32-bit
// unsigned fields).
void GatherRecordHeaders(const unsigned char* records, std::size_t record_bytes, std::size_t count,
                         std::uint32_t* numbers, std::uint32_t* timestamps);

// How many of numbers[0..n) follow each other from `expected` on (binary
// sample numbers wrap at 2^32): the index of the first that does not, or n.
std::size_t ConsecutiveNumbers(const std::uint32_t* numbers, std::size_t n, std::uint32_t expected);

// True when every step between consecutive 32-bit timestamps ts[j - 1],
// ts[j] (j = 1..n-1, `tick_ns` per unit) agrees with the declared rate
// (TimestampAudit::Observe's test: within 1 % of the expected step plus a
// tick) and every ts[j], j >= 1, is a timestamp (not 0, not 0xFFFFFFFF).
// Sample ts[j] is at start_ns + (x0 + j) * period_ns, x0 a whole number
// below 2^53: the same doubles as the record-by-record test, so a false
// here only sends the records to that test, never changes its decisions.
// Steps inside a band of whole ticks that this test accepts whatever the
// rounding of its doubles (a recorder's usual steps) are passed on integer
// tests alone; any other run is tested in doubles.
bool TimestampStepsAgree(const std::uint32_t* ts, int n, double x0, double start_ns,
                         double period_ns, double tick_ns);

// Per channel c: value = (a[c] * x + b[c]) * factor[c] (C37.111 a and b,
// then the unit and primary/secondary factor), for frame-major values.
class ChannelScaling {
 public:
  ChannelScaling() = default;
  ChannelScaling(const std::vector<double>& a, const std::vector<double>& b,
                 const std::vector<double>& factor);

  std::size_t channels() const { return channels_; }
  // Channel c's a, b and factor at [c], c < channels().
  const double* a() const { return a_.data(); }
  const double* b() const { return b_.data(); }
  const double* factor() const { return factor_.data(); }
  // Scales `frames * channels()` raw values into `out`.
  template <typename Sample>
  void Apply(const Sample* raw, std::size_t frames, double* out) const;

 private:
  std::size_t channels_ = 0;
  // a, b and factor repeated for kTileFrames frames: one flat loop then
  // covers a tile without the channel index modulo channels.
  std::vector<double> a_, b_, factor_;
};

}  // namespace pqa::io

#endif  // PQA_HOST_IO_BINARY_SAMPLES_H_
