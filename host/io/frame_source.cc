#include "host/io/frame_source.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_format.h"
#include "host/common/status_macros.h"

namespace pqa::io {

absl::Status FrameSource::SetRequiredChannels(const std::vector<std::size_t>& channels) {
  for (std::size_t c : channels) {
    if (c >= info().channels.size()) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: required channel index %d out of range (the recording has %d)",
                          info().source_name, c, info().channels.size()));
    }
  }
  all_required_ = false;
  required_ = channels;
  return absl::OkStatus();
}

bool FrameSource::MissesRequired(const DecodedFrame& frame) const {
  if (all_required_) {
    for (double v : frame.values) {
      if (std::isnan(v)) return true;
    }
    return false;
  }
  for (std::size_t c : required_) {
    if (std::isnan(frame.values[c])) return true;
  }
  return false;
}

absl::StatusOr<bool> FrameSource::Next(SampleBlock& block, std::size_t max_frames) {
  if (max_frames == 0) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: Next() needs max_frames > 0", info().source_name));
  }
  const std::size_t channels = info().channels.size();
  std::size_t frames = 0;
  std::int64_t last_index = 0;
  int segment = 0;
  // The caller's block keeps its storage from one call to the next (replay
  // alternates two blocks), and the vector is grown, which zero-fills, only
  // when the block is full and continues (a frame that continues it, or a
  // bulk read that may): room is never cleared and refilled for every block
  // (a thirtieth of a replay's instructions went to that memset), nor
  // prepared far beyond the frames a short block (a rate segment of one
  // cycle, a gap) has: at most one doubling ahead of them. Nothing is
  // written before the first frame is accepted, so the block is untouched
  // at the end of the recording.
  std::vector<double>& samples = block.samples;
  const auto room = [&] {  // frames the vector holds
    return std::min(max_frames, channels == 0 ? max_frames : samples.size() / channels);
  };
  // Twice the frames so far (at least 1,024), up to max_frames.
  const auto grow = [&] {
    samples.resize(std::min(max_frames, std::max<std::size_t>(2 * frames, 1024)) * channels);
  };
  bool dropped = false;  // a frame was just dropped: the reader is past last_index + 1
  // Frame 0 comes from ReadFrame (no codes); the block has codes when every
  // later frame came from ReadRun with its codes (one reader, one scaling).
  const ChannelScaling* codes_scaling = nullptr;
  bool codes_whole = true;
  while (frames < max_frames) {
    // A block that continues in bulk grows here, not through the frame
    // path below: a frame from there has no codes, so a block whose storage
    // grew that way lost them (a replay's first two blocks, one per buffer).
    const bool continues = !have_pending_ && frames > 0 && !dropped;
    if (continues && frames == room()) grow();
    if (continues && frames < room()) {
      // Continue the block in bulk where the reader can.
      run_codes_ = &block.codes.values;
      run_codes_at_ = frames * channels;
      run_codes_scaling_ = nullptr;
      absl::StatusOr<std::size_t> read =
          ReadRun(samples.data() + frames * channels, room() - frames);
      run_codes_ = nullptr;
      PQA_RETURN_IF_ERROR(read.status());
      const std::size_t run = *read;
      if (run > 0) {
        codes_whole = codes_whole && run_codes_scaling_ != nullptr;
        codes_scaling = run_codes_scaling_;
      }
      frames += run;
      last_index += static_cast<std::int64_t>(run);
      if (run > 0) continue;
    }
    if (!have_pending_) {
      PQA_ASSIGN_OR_RETURN(const bool got, ReadFrame(pending_));
      if (!got) break;
      have_pending_ = true;
    }
    // A missing value is never replaced: the frame is dropped, and the index
    // check below starts a new block after the hole.
    if (MissesRequired(pending_)) {
      have_pending_ = false;
      dropped = true;
      continue;
    }
    if (frames > 0 && (pending_.segment != segment || pending_.index != last_index + 1)) break;
    if (frames == 0) {
      block.start = pending_.time;
      block.sample_rate_hz = pending_.sample_rate_hz;
      segment = pending_.segment;
    }
    if (frames > 0) codes_whole = false;
    if (frames == room()) grow();
    std::copy(pending_.values.begin(), pending_.values.end(), samples.begin() + frames * channels);
    last_index = pending_.index;
    dropped = false;  // the reader is right after this frame again
    ++frames;
    have_pending_ = false;
  }
  if (frames == 0) return false;
  block.channels = channels;
  block.frames = frames;
  SampleCodes& codes = block.codes;
  if (codes_whole && codes_scaling != nullptr && codes_scaling->channels() == channels) {
    codes.first = 1;
    codes.a.assign(codes_scaling->a(), codes_scaling->a() + channels);
    codes.b.assign(codes_scaling->b(), codes_scaling->b() + channels);
    codes.factor.assign(codes_scaling->factor(), codes_scaling->factor() + channels);
  } else {
    codes.Drop();
  }
  samples.resize(frames * channels);  // shrinks without freeing: capacity stays for the next
  return true;
}

}  // namespace pqa::io
