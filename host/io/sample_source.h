// The contract between recording readers (COMTRADE, CSV, live front ends)
// and the measurement engine: blocks of uniformly sampled, already scaled
// values in engineering units, with the instant of the first sample.
#ifndef PQA_HOST_IO_SAMPLE_SOURCE_H_
#define PQA_HOST_IO_SAMPLE_SOURCE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "host/common/time.h"

namespace pqa::io {

enum class Quantity { kVoltage, kCurrent, kOther };

struct ChannelInfo {
  std::string name;  // channel id as recorded ("VA", "Ia", "UL1"...), bytes in any encoding
  // "A", "B", "C", "N"; for a line-to-line channel the recorded pair in its
  // order ("AB", "CB"); "" when the recording does not say.
  std::string phase;
  Quantity quantity = Quantity::kOther;
  std::string unit;  // "V", "kV", "A"... as recorded; samples are delivered in V or A
  int number = 0;    // the recording's channel number (COMTRADE An, CSV column 1..n)
  // The circuit the channel monitors (COMTRADE ccbm, "Line 2"), or "":
  // channels of one three-phase set share it. (Its `{}` lets brace lists that
  // end at `number` leave it out without a missing-initializer warning.)
  std::string circuit{};
};

struct StreamInfo {
  std::string source_name;  // file path, for error messages
  std::vector<ChannelInfo> channels;
  double nominal_frequency_hz = 0;  // line frequency declared by the recording, 0 if unknown
  TimeNs start = 0;                 // instant of the first sample
  // Recorded time span, seconds, when the header declares it (COMTRADE
  // sample counts and rates); 0 when unknown until the end (CSV). For
  // progress reports only.
  double duration_s = 0;
  // What the reader accepted although the format is stricter, and what it
  // noticed about the data (a mislabelled sample rate), one line each; a
  // reader may add to it while it reads.
  std::vector<std::string> warnings;
};

// The BINARY COMTRADE int16 codes a block's samples were scaled from, where
// the reader kept them: sample = (a[c] * code + b[c]) * factor[c] for block
// column c (io::ChannelScaling, the same doubles bit for bit). A consumer on
// another core (the measurement engine with replay --threads 2) reads these
// 2 bytes a value instead of the samples' 8: on a two-core machine moving a
// block between the cores cost more than decoding it twice.
struct SampleCodes {
  // Frame-major like the samples; frames first .. block frames - 1 hold
  // codes (the ones before `first` only samples).
  std::vector<std::int16_t> values;
  std::size_t first = 0;
  std::vector<double> a, b, factor;  // per block column; empty: the block has no codes

  // The codes cover frames first .. frames - 1 of `channels` columns.
  bool Cover(std::size_t frames, std::size_t channels) const {
    return !a.empty() && a.size() == channels && b.size() == channels &&
           factor.size() == channels && first <= frames && values.size() >= frames * channels;
  }
  // No codes (any change to the samples makes them wrong); the storage
  // stays for the block's next use.
  void Drop() {
    first = 0;
    a.clear();
    b.clear();
    factor.clear();
  }
};

// `frames` samples of every channel at one constant rate. Values are
// frame-major: value(frame, channel) = samples[frame * channels + channel],
// in volts or amperes (primary values unless the reader was asked otherwise).
struct SampleBlock {
  TimeNs start = 0;           // instant of frame 0
  double sample_rate_hz = 0;  // > 0
  // The rate the content was recorded at when a reader resampled it up
  // (several COMTRADE rate segments on one time base): nothing above half of
  // it is in the signal, so harmonics are resolved only to what it allows.
  // 0: sample_rate_hz.
  double content_rate_hz = 0;
  std::size_t channels = 0;
  std::size_t frames = 0;
  std::vector<double> samples;
  // Optional (BINARY COMTRADE): the codes behind `samples`. A reader that
  // sets them clears them on every block that has none; the others never
  // touch them (a block object is filled by one source); whatever changes
  // the samples afterwards drops them (io::AdjustBlock).
  SampleCodes codes;

  double value(std::size_t frame, std::size_t channel) const {
    return samples[frame * channels + channel];
  }
};

// A recording read block by block, so that a week of samples never has to
// fit in memory. A reader never hands out samples it could not vouch for:
// NaN or infinite values, timestamps that jump or run backwards, truncated
// files are errors naming the file, the line or record and the field.
//
// Missing values (COMTRADE 0x8000 / 0x80000000 markers, empty ASCII or CSV
// fields, NaN in FLOAT32) are never replaced by a made-up number: the frame
// that holds one in a required channel is dropped and the next block starts
// later, so `block.start` of the next block jumps past the hole (a gap). The
// engine marks the intervals that overlap a gap incomplete and loses nothing
// else. A new block also starts at every change of sample rate. Blocks that
// follow each other without a gap satisfy
//   next.start == previous.start + previous.frames / previous.sample_rate_hz
// (to the nanosecond rounding of TimeNs).
// By default every channel is required; after SetRequiredChannels() only the
// listed channels are, and a missing value in another channel is delivered as
// a quiet NaN (the engine must not read channels it did not select).
class SampleSource {
 public:
  virtual ~SampleSource() = default;
  virtual const StreamInfo& info() const = 0;
  // Fills `block` with up to `max_frames` frames. Returns false at the end of
  // the recording (block untouched), true when the block holds data.
  virtual absl::StatusOr<bool> Next(SampleBlock& block, std::size_t max_frames) = 0;
  // Restricts the missing-value rule above to `channels` (indices into
  // info().channels). Call before the first Next(). Sources that never see
  // missing values keep this default.
  virtual absl::Status SetRequiredChannels(const std::vector<std::size_t>& channels) {
    return absl::OkStatus();
  }
};

}  // namespace pqa::io

#endif  // PQA_HOST_IO_SAMPLE_SOURCE_H_
