#include "host/measure/channel_buffer.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "gtest/gtest.h"
#include "host/io/binary_samples.h"

namespace pqa::measure {
namespace {

// value(frame, channel) of a made-up block: unique per frame and channel.
double Value(std::size_t frame, std::size_t channel) {
  return static_cast<double>(frame) + 0.001 * static_cast<double>(channel + 1);
}

std::vector<double> Block(std::size_t channels, std::size_t frames) {
  std::vector<double> samples(channels * frames);
  for (std::size_t f = 0; f < frames; ++f) {
    for (std::size_t c = 0; c < channels; ++c) samples[f * channels + c] = Value(f, c);
  }
  return samples;
}

// Appends two blocks (so the second lands behind what is there) and checks
// every buffer holds its column of both, in order.
void ExpectColumns(std::size_t channels, const std::vector<std::size_t>& columns) {
  std::vector<ChannelBuffer> buffers(columns.size());
  std::vector<ChannelCopy> copies;
  for (std::size_t k = 0; k < columns.size(); ++k) copies.push_back({columns[k], &buffers[k]});
  const std::vector<double> first = Block(channels, 5), second = Block(channels, 1536);
  AppendChannels(first.data(), channels, 5, copies);
  AppendChannels(second.data(), channels, 1536, copies);
  for (std::size_t k = 0; k < columns.size(); ++k) {
    SCOPED_TRACE(testing::Message() << channels << " channels, column " << columns[k]);
    ASSERT_EQ(buffers[k].size(), 5u + 1536u);
    for (std::size_t f = 0; f < 5; ++f) EXPECT_EQ(buffers[k][f], Value(f, columns[k]));
    for (std::size_t f = 0; f < 1536; ++f) EXPECT_EQ(buffers[k][5 + f], Value(f, columns[k]));
  }
}

// The two layouts copied four frames at a time (5 frames: one group and a
// tail; then 1,536 starting off the vector boundary).
TEST(AppendChannels, ThreePhasesOfAThreeChannelRecording) { ExpectColumns(3, {0, 1, 2}); }

TEST(AppendChannels, VoltagesAndCurrentsOfASixChannelRecording) {
  ExpectColumns(6, {0, 1, 2, 3, 4, 5});
}

TEST(AppendChannels, AnyColumnsInAnyOrder) {
  ExpectColumns(1, {0});
  ExpectColumns(3, {2, 0, 1});
  ExpectColumns(4, {1, 2, 3});
  ExpectColumns(6, {0, 1, 2, 3, 4, 5});
  ExpectColumns(8, {0, 1, 2, 4, 5, 6, 7});
}

TEST(AppendChannels, MoreColumnsThanTheEngineReads) {
  ExpectColumns(10, {9, 8, 7, 6, 5, 4, 3, 2, 1});
}

TEST(AppendChannels, NoFramesAppendsNothing) {
  ChannelBuffer b = {1.5};
  const ChannelCopy copies[] = {{0, &b}};
  AppendChannels(nullptr, 3, 0, copies);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0], 1.5);
}

// AppendScaledChannels against the reader's own scaling
// (io::ChannelScaling::Apply) followed by AppendChannels: the same doubles,
// bit for bit, whatever the layout. Random codes (the whole int16 range)
// and random a, b, factor, so that a fused multiply-add or another order
// of the operations would round differently in many of the values; frame
// counts that leave tails after groups of four, and a second block behind
// the first.
void ExpectScaledColumns(std::size_t channels, const std::vector<std::size_t>& columns) {
  std::mt19937_64 random(channels * 131 + columns.size());
  std::uniform_int_distribution<int> code(-32768, 32767);
  std::uniform_real_distribution<double> a(-3e-3, 3e-3), b(-1.0, 1.0), factor(0.5, 4000.0);
  std::vector<double> as(channels), bs(channels), factors(channels);
  for (std::size_t c = 0; c < channels; ++c) {
    as[c] = a(random);
    bs[c] = b(random);
    factors[c] = factor(random);
  }
  const io::ChannelScaling scaling(as, bs, factors);
  std::vector<ChannelBuffer> scaled(columns.size()), copied(columns.size());
  std::vector<ChannelCopy> to_scaled, to_copied;
  for (std::size_t k = 0; k < columns.size(); ++k) {
    to_scaled.push_back({columns[k], &scaled[k]});
    to_copied.push_back({columns[k], &copied[k]});
  }
  for (std::size_t frames : {7u, 1u, 4u, 1538u}) {
    std::vector<std::int16_t> codes(frames * channels);
    for (std::int16_t& x : codes) x = static_cast<std::int16_t>(code(random));
    std::vector<double> samples(frames * channels);
    scaling.Apply(codes.data(), frames, samples.data());
    AppendChannels(samples.data(), channels, frames, to_copied);
    AppendScaledChannels(codes.data(), channels, frames, scaling.a(), scaling.b(), scaling.factor(),
                         to_scaled);
  }
  for (std::size_t k = 0; k < columns.size(); ++k) {
    SCOPED_TRACE(testing::Message() << channels << " channels, column " << columns[k]);
    ASSERT_EQ(scaled[k].size(), copied[k].size());
    std::size_t differ = 0;
    for (std::size_t f = 0; f < scaled[k].size(); ++f) {
      differ += std::memcmp(&scaled[k][f], &copied[k][f], sizeof(double)) != 0 ? 1 : 0;
    }
    EXPECT_EQ(differ, 0u) << "of " << scaled[k].size() << " values";
  }
}

TEST(AppendScaledChannels, ThreePhasesGiveTheReadersDoublesBitForBit) {
  ExpectScaledColumns(3, {0, 1, 2});
}

TEST(AppendScaledChannels, VoltagesAndCurrentsGiveTheReadersDoublesBitForBit) {
  ExpectScaledColumns(6, {0, 1, 2, 3, 4, 5});
}

TEST(AppendScaledChannels, AnyColumnsInAnyOrderGiveTheReadersDoublesBitForBit) {
  ExpectScaledColumns(1, {0});
  ExpectScaledColumns(3, {2, 0, 1});
  ExpectScaledColumns(3, {0, 2});
  ExpectScaledColumns(4, {1, 2, 3});
  ExpectScaledColumns(6, {0, 1, 2, 3, 4});
  ExpectScaledColumns(7, {0, 1, 2, 3, 4, 5, 6});
  ExpectScaledColumns(10, {9, 8, 7, 6, 5, 4, 3, 2, 1});
}

TEST(AppendScaledChannels, NoFramesAppendsNothing) {
  ChannelBuffer b = {1.5};
  const ChannelCopy copies[] = {{0, &b}};
  const double one = 1, zero = 0;
  AppendScaledChannels(nullptr, 1, 0, &one, &zero, &one, copies);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0], 1.5);
}

}  // namespace
}  // namespace pqa::measure
