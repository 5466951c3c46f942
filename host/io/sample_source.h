// The contract between recording readers (COMTRADE, CSV, live front ends)
// and the measurement engine: blocks of uniformly sampled, already scaled
// values in engineering units, with the instant of the first sample.
#ifndef PQA_HOST_IO_SAMPLE_SOURCE_H_
#define PQA_HOST_IO_SAMPLE_SOURCE_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "host/common/time.h"

namespace pqa::io {

enum class Quantity { kVoltage, kCurrent, kOther };

struct ChannelInfo {
  std::string name;   // channel id as recorded ("VA", "Ia", "UL1"...)
  std::string phase;  // "A", "B", "C", "N" or "" when the recording does not say
  Quantity quantity = Quantity::kOther;
  std::string unit;   // "V", "kV", "A"... as recorded; samples are delivered in V or A
};

struct StreamInfo {
  std::string source_name;  // file path, for error messages
  std::vector<ChannelInfo> channels;
  double nominal_frequency_hz = 0;  // line frequency declared by the recording, 0 if unknown
  TimeNs start = 0;                 // instant of the first sample
};

// `frames` samples of every channel at one constant rate. Values are
// frame-major: value(frame, channel) = samples[frame * channels + channel],
// in volts or amperes (primary values unless the reader was asked otherwise).
struct SampleBlock {
  TimeNs start = 0;            // instant of frame 0
  double sample_rate_hz = 0;   // > 0
  std::size_t channels = 0;
  std::size_t frames = 0;
  std::vector<double> samples;

  double value(std::size_t frame, std::size_t channel) const {
    return samples[frame * channels + channel];
  }
};

// A recording read block by block, so that a week of samples never has to
// fit in memory. Successive blocks are contiguous in time unless the reader
// reports an error: a reader never hands out samples it could not vouch for
// (NaN, infinities, timestamps that jump or run backwards are errors naming
// the file and the record).
class SampleSource {
 public:
  virtual ~SampleSource() = default;
  virtual const StreamInfo& info() const = 0;
  // Fills `block` with up to `max_frames` frames. Returns false at the end of
  // the recording (block untouched), true when the block holds data.
  virtual absl::StatusOr<bool> Next(SampleBlock& block, std::size_t max_frames) = 0;
};

}  // namespace pqa::io

#endif  // PQA_HOST_IO_SAMPLE_SOURCE_H_
