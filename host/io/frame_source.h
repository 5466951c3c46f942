// Shared block assembly for the recording readers: a reader decodes one frame
// at a time, this base class turns frames into SampleBlocks that honour the
// SampleSource contract (one rate per block, a new block after a dropped
// frame or a rate change).
#ifndef PQA_HOST_IO_FRAME_SOURCE_H_
#define PQA_HOST_IO_FRAME_SOURCE_H_

#include <cstdint>
#include <vector>

#include "host/io/binary_samples.h"
#include "host/io/sample_source.h"

namespace pqa::io {

// One frame as a reader decoded it.
struct DecodedFrame {
  std::int64_t index = 0;      // 0-based position in the recording, dropped frames included
  int segment = 0;             // rate segment (COMTRADE nrates line), 0-based
  TimeNs time = 0;             // instant of this frame
  double sample_rate_hz = 0;   // rate of the segment, > 0
  std::vector<double> values;  // V or A per channel; NaN marks a missing value
};

class FrameSource : public SampleSource {
 public:
  absl::StatusOr<bool> Next(SampleBlock& block, std::size_t max_frames) final;
  absl::Status SetRequiredChannels(const std::vector<std::size_t>& channels) override;

 protected:
  // Decodes the next frame; false at the end of the recording.
  virtual absl::StatusOr<bool> ReadFrame(DecodedFrame& frame) = 0;
  // Optional fast path: decodes up to `max_frames` frames that follow the
  // last one read in the same rate segment with consecutive indices and no
  // missing value, straight into `out` (frame-major); stops before anything
  // else, which ReadFrame then handles. Returns how many it wrote.
  virtual absl::StatusOr<std::size_t> ReadRun(double* out, std::size_t max_frames) { return 0; }

  // For ReadRun: where the raw int16 codes of the frames it writes go (the
  // block's codes from value run_codes_at_ on, frame-major; grown by the
  // ReadRun that writes them, so a format without codes allocates nothing),
  // or null. A ReadRun that wrote them for every frame it returned sets
  // run_codes_scaling_ to their scaling; the block then carries them
  // (SampleBlock::codes).
  std::vector<std::int16_t>* run_codes_ = nullptr;
  std::size_t run_codes_at_ = 0;
  const ChannelScaling* run_codes_scaling_ = nullptr;

 private:
  bool MissesRequired(const DecodedFrame& frame) const;

  DecodedFrame pending_;
  bool have_pending_ = false;
  bool all_required_ = true;
  std::vector<std::size_t> required_;
};

}  // namespace pqa::io

#endif  // PQA_HOST_IO_FRAME_SOURCE_H_
