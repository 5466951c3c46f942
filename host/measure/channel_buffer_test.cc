#include "host/measure/channel_buffer.h"

#include <cstddef>
#include <vector>

#include "gtest/gtest.h"

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

}  // namespace
}  // namespace pqa::measure
