#include "host/measure/channel_buffer.h"

#include <array>

namespace pqa::measure {
namespace {

// One pass over the frames for kN columns known at compile time: each frame
// is read once, the columns and destinations stay in registers, and the
// loop carries no per-channel bookkeeping.
template <std::size_t kN>
void Deinterleave(const double* samples, std::size_t channels, std::size_t frames,
                  const std::array<std::size_t, kN>& column, const std::array<double*, kN>& out) {
  for (std::size_t i = 0; i < frames; ++i) {
    const double* frame = samples + i * channels;
    for (std::size_t k = 0; k < kN; ++k) out[k][i] = frame[column[k]];
  }
}

// The common layout of a three-phase recording: VA, VB, VC in channels 0, 1,
// 2 of three. The same copy with the stride and columns as constants.
void DeinterleaveThree(const double* samples, std::size_t frames, double* a, double* b, double* c) {
  for (std::size_t i = 0; i < frames; ++i) {
    a[i] = samples[3 * i];
    b[i] = samples[3 * i + 1];
    c[i] = samples[3 * i + 2];
  }
}

template <std::size_t kN>
void AppendN(const double* samples, std::size_t channels, std::size_t frames,
             std::span<const ChannelCopy> copies) {
  std::array<std::size_t, kN> column;
  std::array<double*, kN> out;
  for (std::size_t k = 0; k < kN; ++k) {
    column[k] = copies[k].channel;
    out[k] = copies[k].buffer->data() + copies[k].buffer->size() - frames;
  }
  if constexpr (kN == 3) {
    if (channels == 3 && column[0] == 0 && column[1] == 1 && column[2] == 2) {
      DeinterleaveThree(samples, frames, out[0], out[1], out[2]);
      return;
    }
  }
  Deinterleave<kN>(samples, channels, frames, column, out);
}

}  // namespace

void AppendChannels(const double* samples, std::size_t channels, std::size_t frames,
                    std::span<const ChannelCopy> copies) {
  for (const ChannelCopy& c : copies) c.buffer->resize(c.buffer->size() + frames);
  switch (copies.size()) {
    case 0:
      return;
    case 1:
      return AppendN<1>(samples, channels, frames, copies);
    case 2:
      return AppendN<2>(samples, channels, frames, copies);
    case 3:
      return AppendN<3>(samples, channels, frames, copies);
    case 4:
      return AppendN<4>(samples, channels, frames, copies);
    case 5:
      return AppendN<5>(samples, channels, frames, copies);
    case 6:
      return AppendN<6>(samples, channels, frames, copies);
    case 7:
      return AppendN<7>(samples, channels, frames, copies);
    default:
      // More columns than the engine reads (3 voltages, 3 currents, IN):
      // seven at a time.
      AppendN<7>(samples, channels, frames, copies.first(7));
      for (std::size_t k = 7; k < copies.size(); ++k)
        AppendN<1>(samples, channels, frames, copies.subspan(k, 1));
  }
}

}  // namespace pqa::measure
