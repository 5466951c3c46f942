#include "host/measure/channel_buffer.h"

#include <array>
#include <cstring>

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
// 2 of three. Four frames (12 values, three vectors v0 = a0 b0 c0 a1, v1 =
// b1 c1 a2 b2, v2 = c2 a3 b3 c3) rearranged into one vector per channel,
// stored from frame i on: in the x86-64-v3 clone six lane shuffles and
// three stores instead of twelve moves each way.
inline __attribute__((always_inline)) void SplitThree(const Vec4& v0, const Vec4& v1,
                                                      const Vec4& v2, double* a, double* b,
                                                      double* c, std::size_t i) {
  const Vec4 a012 = __builtin_shufflevector(v0, v1, 0, 3, 6, 6);
  const Vec4 b012 = __builtin_shufflevector(v0, v1, 1, 4, 7, 7);
  const Vec4 c01 = __builtin_shufflevector(v0, v1, 2, 5, 5, 5);
  Store4(a + i, __builtin_shufflevector(a012, v2, 0, 1, 2, 5));
  Store4(b + i, __builtin_shufflevector(b012, v2, 0, 1, 2, 6));
  Store4(c + i, __builtin_shufflevector(c01, v2, 0, 1, 4, 7));
}

// Two channels x, y of four frames from `even` = x0 y0 x2 y2 and `odd` =
// x1 y1 x3 y3, stored from frame i on.
inline __attribute__((always_inline)) void Split(const Vec4& even, const Vec4& odd, double* x,
                                                 double* y, std::size_t i) {
  Store4(x + i, __builtin_shufflevector(even, odd, 0, 4, 2, 6));
  Store4(y + i, __builtin_shufflevector(even, odd, 1, 5, 3, 7));
}

// VA, VB, VC, IA, IB, IC in channels 0..5 of six, the layout of a
// recording with currents: four frames in v0..v5 (frames i, i + 1 in
// v0..v2 and i + 2, i + 3 in v3..v5, each a b c d | e f a b | c d e f,
// channels 0..5 as a..f), each pair of channels gathered lane-wise from two
// frames' vectors and then split.
inline __attribute__((always_inline)) void SplitSix(const Vec4& v0, const Vec4& v1, const Vec4& v2,
                                                    const Vec4& v3, const Vec4& v4, const Vec4& v5,
                                                    double* const* out, std::size_t i) {
  Split(__builtin_shufflevector(v0, v3, 0, 1, 4, 5), __builtin_shufflevector(v1, v4, 2, 3, 6, 7),
        out[0], out[1], i);
  Split(__builtin_shufflevector(v0, v3, 2, 3, 6, 7), __builtin_shufflevector(v2, v5, 0, 1, 4, 5),
        out[2], out[3], i);
  Split(__builtin_shufflevector(v1, v4, 0, 1, 4, 5), __builtin_shufflevector(v2, v5, 2, 3, 6, 7),
        out[4], out[5], i);
}

#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
__attribute__((target_clones("arch=x86-64-v3", "default")))
#endif
void DeinterleaveThree(const double* samples, std::size_t frames, double* a, double* b, double* c) {
  std::size_t i = 0;
  for (; i + 4 <= frames; i += 4) {
    const double* f = samples + 3 * i;
    SplitThree(Load4(f), Load4(f + 4), Load4(f + 8), a, b, c, i);
  }
  for (; i < frames; ++i) {
    a[i] = samples[3 * i];
    b[i] = samples[3 * i + 1];
    c[i] = samples[3 * i + 2];
  }
}

#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
__attribute__((target_clones("arch=x86-64-v3", "default")))
#endif
void DeinterleaveSix(const double* samples, std::size_t frames, double* const* out) {
  std::size_t i = 0;
  for (; i + 4 <= frames; i += 4) {
    const double* f = samples + 6 * i;
    SplitSix(Load4(f), Load4(f + 4), Load4(f + 8), Load4(f + 12), Load4(f + 16), Load4(f + 20), out,
             i);
  }
  for (; i < frames; ++i) {
    for (std::size_t k = 0; k < 6; ++k) out[k][i] = samples[6 * i + k];
  }
}

// The scaling of one block column (AppendScaledChannels).
struct Scaling {
  double a = 1, b = 0, factor = 1;
  // io::ChannelScaling::Apply's expression, in its order.
  double operator()(std::int16_t code) const {
    return (a * static_cast<double>(code) + b) * factor;
  }
};

// Four consecutive codes from p, scaled lane by lane with the columns'
// a, b and factor in the lanes: the same operations as Scaling.
// Widened to 32 bits first: GCC converts int16 lanes straight to double one
// scalar at a time, but int16 -> int32 -> double in two vector instructions
// (vpmovsxwd, vcvtdq2pd).
typedef short Codes4 __attribute__((vector_size(8)));
typedef int Ints4 __attribute__((vector_size(16)));
inline __attribute__((always_inline)) Vec4 Scaled4(const std::int16_t* p, const Vec4* abf) {
  Codes4 codes;
  std::memcpy(&codes, p, sizeof codes);
  const Vec4 x = __builtin_convertvector(__builtin_convertvector(codes, Ints4), Vec4);
  return (abf[0] * x + abf[1]) * abf[2];
}

// a, b, factor of the columns of values n .. n + 3 of a group of
// frame-major values, `channels` per frame: group[3 * m + 0..2] for vector
// m of the group.
template <std::size_t kVectors>
std::array<Vec4, 3 * kVectors> LaneScalings(const std::array<Scaling, 6>& column,
                                            std::size_t channels) {
  std::array<Vec4, 3 * kVectors> lanes{};
  for (std::size_t m = 0; m < kVectors; ++m) {
    for (int j = 0; j < 4; ++j) {
      const Scaling& s = column[(4 * m + static_cast<std::size_t>(j)) % channels];
      lanes[3 * m][j] = s.a;
      lanes[3 * m + 1][j] = s.b;
      lanes[3 * m + 2][j] = s.factor;
    }
  }
  return lanes;
}

// DeinterleaveThree and DeinterleaveSix from codes: each group of four
// frames scaled in three or six vectors, then split as they are. No fused
// multiply-add (Scaling's rounding, lane by lane).
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
__attribute__((target_clones("arch=x86-64-v3", "default"), optimize("fp-contract=off")))
#endif
void DecodeThree(const std::int16_t* codes, std::size_t frames,
                 const std::array<Scaling, 6>& column, double* a, double* b, double* c) {
  const std::array<Vec4, 9> lanes = LaneScalings<3>(column, 3);
  std::size_t i = 0;
  for (; i + 4 <= frames; i += 4) {
    const std::int16_t* f = codes + 3 * i;
    SplitThree(Scaled4(f, &lanes[0]), Scaled4(f + 4, &lanes[3]), Scaled4(f + 8, &lanes[6]), a, b, c,
               i);
  }
  for (; i < frames; ++i) {
    a[i] = column[0](codes[3 * i]);
    b[i] = column[1](codes[3 * i + 1]);
    c[i] = column[2](codes[3 * i + 2]);
  }
}

#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
__attribute__((target_clones("arch=x86-64-v3", "default"), optimize("fp-contract=off")))
#endif
void DecodeSix(const std::int16_t* codes, std::size_t frames, const std::array<Scaling, 6>& column,
               double* const* out) {
  const std::array<Vec4, 18> lanes = LaneScalings<6>(column, 6);
  std::size_t i = 0;
  for (; i + 4 <= frames; i += 4) {
    const std::int16_t* f = codes + 6 * i;
    SplitSix(Scaled4(f, &lanes[0]), Scaled4(f + 4, &lanes[3]), Scaled4(f + 8, &lanes[6]),
             Scaled4(f + 12, &lanes[9]), Scaled4(f + 16, &lanes[12]), Scaled4(f + 20, &lanes[15]),
             out, i);
  }
  for (; i < frames; ++i) {
    for (std::size_t k = 0; k < 6; ++k) out[k][i] = column[k](codes[6 * i + k]);
  }
}

// Any other layout, value by value.
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("fp-contract=off")))
#endif
void DecodeColumn(const std::int16_t* codes, std::size_t channels, std::size_t frames,
                  std::size_t column, const Scaling& scaling, double* out) {
  for (std::size_t i = 0; i < frames; ++i) out[i] = scaling(codes[i * channels + column]);
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

void AppendScaledChannels(const std::int16_t* codes, std::size_t channels, std::size_t frames,
                          const double* a, const double* b, const double* factor,
                          std::span<const ChannelCopy> copies) {
  std::array<double*, 6> out{};
  std::array<Scaling, 6> column{};
  bool in_order = (channels == 3 || channels == 6) && copies.size() == channels;
  for (std::size_t k = 0; k < copies.size(); ++k) {
    ChannelBuffer& buffer = *copies[k].buffer;
    buffer.resize(buffer.size() + frames);
    in_order = in_order && copies[k].channel == k;
    if (in_order) {
      out[k] = buffer.data() + buffer.size() - frames;
      column[k] = Scaling{a[k], b[k], factor[k]};
    }
  }
  if (in_order && channels == 3) return DecodeThree(codes, frames, column, out[0], out[1], out[2]);
  if (in_order && channels == 6) return DecodeSix(codes, frames, column, out.data());
  for (const ChannelCopy& copy : copies) {
    const std::size_t c = copy.channel;
    DecodeColumn(codes, channels, frames, c, Scaling{a[c], b[c], factor[c]},
                 copy.buffer->data() + copy.buffer->size() - frames);
  }
}

}  // namespace pqa::measure
