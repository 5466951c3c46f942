#include "host/measure/channel_buffer.h"

#include <array>

#include "host/measure/lane_vector.h"

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

using lanes::Load4;
using lanes::Store4;
using lanes::Vec4;
// Vec4 only inside the dispatched function below (lane_vector.h).
#pragma GCC diagnostic ignored "-Wpsabi"

// The common layout of a three-phase recording: VA, VB, VC in channels 0, 1,
// 2 of three. Four frames (12 values, three vectors) at a time, rearranged
// into one vector per channel: in the x86-64-v3 clone three loads, six
// lane shuffles and three stores instead of twelve moves each way.
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
__attribute__((target_clones("arch=x86-64-v3", "default")))
#endif
void DeinterleaveThree(const double* samples, std::size_t frames, double* a, double* b, double* c) {
  std::size_t i = 0;
  for (; i + 4 <= frames; i += 4) {
    const double* f = samples + 3 * i;
    const Vec4 v0 = Load4(f);      // a0 b0 c0 a1
    const Vec4 v1 = Load4(f + 4);  // b1 c1 a2 b2
    const Vec4 v2 = Load4(f + 8);  // c2 a3 b3 c3
    const Vec4 a012 = __builtin_shufflevector(v0, v1, 0, 3, 6, 6);
    const Vec4 b012 = __builtin_shufflevector(v0, v1, 1, 4, 7, 7);
    const Vec4 c01 = __builtin_shufflevector(v0, v1, 2, 5, 5, 5);
    Store4(a + i, __builtin_shufflevector(a012, v2, 0, 1, 2, 5));
    Store4(b + i, __builtin_shufflevector(b012, v2, 0, 1, 2, 6));
    Store4(c + i, __builtin_shufflevector(c01, v2, 0, 1, 4, 7));
  }
  for (; i < frames; ++i) {
    a[i] = samples[3 * i];
    b[i] = samples[3 * i + 1];
    c[i] = samples[3 * i + 2];
  }
}

// Two channels x, y of four frames from `even` = x0 y0 x2 y2 and `odd` =
// x1 y1 x3 y3, stored from frame i on.
inline __attribute__((always_inline)) void Split(const Vec4& even, const Vec4& odd, double* x,
                                                 double* y, std::size_t i) {
  Store4(x + i, __builtin_shufflevector(even, odd, 0, 4, 2, 6));
  Store4(y + i, __builtin_shufflevector(even, odd, 1, 5, 3, 7));
}

// VA, VB, VC, IA, IB, IC in channels 0..5 of six, the layout of a
// recording with currents: four frames (six vectors) at a time, each pair
// of channels gathered lane-wise from two frames' vectors and then split.
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
__attribute__((target_clones("arch=x86-64-v3", "default")))
#endif
void DeinterleaveSix(const double* samples, std::size_t frames, double* const* out) {
  std::size_t i = 0;
  for (; i + 4 <= frames; i += 4) {
    const double* f = samples + 6 * i;
    // Frames i, i + 1 in v0..v2 and i + 2, i + 3 in v3..v5, each
    // a b c d | e f a b | c d e f (channels 0..5 as a..f).
    const Vec4 v0 = Load4(f), v1 = Load4(f + 4), v2 = Load4(f + 8);
    const Vec4 v3 = Load4(f + 12), v4 = Load4(f + 16), v5 = Load4(f + 20);
    Split(__builtin_shufflevector(v0, v3, 0, 1, 4, 5), __builtin_shufflevector(v1, v4, 2, 3, 6, 7),
          out[0], out[1], i);
    Split(__builtin_shufflevector(v0, v3, 2, 3, 6, 7), __builtin_shufflevector(v2, v5, 0, 1, 4, 5),
          out[2], out[3], i);
    Split(__builtin_shufflevector(v1, v4, 0, 1, 4, 5), __builtin_shufflevector(v2, v5, 2, 3, 6, 7),
          out[4], out[5], i);
  }
  for (; i < frames; ++i) {
    for (std::size_t k = 0; k < 6; ++k) out[k][i] = samples[6 * i + k];
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
  if constexpr (kN == 3 || kN == 6) {
    bool in_order = channels == kN;
    for (std::size_t k = 0; k < kN; ++k) in_order = in_order && column[k] == k;
    if (in_order) {
      if constexpr (kN == 3) {
        DeinterleaveThree(samples, frames, out[0], out[1], out[2]);
      } else {
        DeinterleaveSix(samples, frames, out.data());
      }
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
