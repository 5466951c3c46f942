// The engine's per-channel sample buffers and the de-interleaving copy that
// fills them: frame-major blocks (io::SampleBlock: value(frame, channel) at
// samples[frame * channels + channel]) in, one contiguous array per channel
// out, the layout the resampler, the transform and the window RMS read.
//
//   block.samples --AppendChannels--> ChannelBuffer per voltage, current, IN
//   block.codes --AppendScaledChannels--^  (BINARY COMTRADE int16 codes and
//                                          their scaling: the same doubles)
//
// A ChannelBuffer grows without writing zeros into its new elements: every
// one of them is written by AppendChannels straight after, and the zero-fill
// cost as much as the copy itself.
#ifndef PQA_HOST_MEASURE_CHANNEL_BUFFER_H_
#define PQA_HOST_MEASURE_CHANNEL_BUFFER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

namespace pqa::measure {

// std::allocator whose value-less construct() default-initialises (leaves a
// double as it is) instead of value-initialising (zeroing) it.
template <typename T>
struct DefaultInitAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  DefaultInitAllocator() = default;
  template <typename U>
  DefaultInitAllocator(const DefaultInitAllocator<U>&) noexcept {}

  template <typename U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

// Samples of one channel, volts or amperes.
using ChannelBuffer = std::vector<double, DefaultInitAllocator<double>>;

// One channel to copy: block column `channel` onto the end of `*buffer`.
struct ChannelCopy {
  std::size_t channel = 0;
  ChannelBuffer* buffer = nullptr;
};

// Appends `frames` frames of `channels` interleaved values (frame-major) to
// the buffers, each its column. Every column < channels.
void AppendChannels(const double* samples, std::size_t channels, std::size_t frames,
                    std::span<const ChannelCopy> copies);

// The same from the raw codes the samples were scaled from: frames of
// `channels` int16 codes (frame-major), column c appended as
// (a[c] * code + b[c]) * factor[c], the expression and order of
// io::ChannelScaling::Apply (no fused multiply-add), so the buffers hold
// the doubles AppendChannels would have appended from the scaled block, bit
// for bit. A block handed to another core is a quarter of the bytes this
// way (io::SampleBlock::codes).
void AppendScaledChannels(const std::int16_t* codes, std::size_t channels, std::size_t frames,
                          const double* a, const double* b, const double* factor,
                          std::span<const ChannelCopy> copies);

}  // namespace pqa::measure

#endif  // PQA_HOST_MEASURE_CHANNEL_BUFFER_H_
