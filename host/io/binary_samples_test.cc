#include "host/io/binary_samples.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <utility>
#include <vector>

namespace pqa::io {
namespace {

// `count` records of `channels` values and `digital_words` 16-bit digital
// words: sample number k + 1, timestamp 1000 k, value (k, c) = Value(k, c).
template <typename Sample>
std::vector<unsigned char> Records(std::size_t count, std::size_t channels,
                                   std::size_t digital_words, std::size_t* record_bytes) {
  *record_bytes = 8 + channels * sizeof(Sample) + 2 * digital_words;
  std::vector<unsigned char> bytes(count * *record_bytes, 0xA5);  // digital words: 0xA5A5
  for (std::size_t k = 0; k < count; ++k) {
    unsigned char* r = bytes.data() + k * *record_bytes;
    const auto n = static_cast<std::uint32_t>(k + 1), ts = static_cast<std::uint32_t>(1000 * k);
    std::memcpy(r, &n, 4);
    std::memcpy(r + 4, &ts, 4);
    for (std::size_t c = 0; c < channels; ++c) {
      const auto v = static_cast<Sample>(static_cast<int>(k * 31 + c * 7) % 2001 - 1000);
      std::memcpy(r + 8 + c * sizeof(Sample), &v, sizeof v);
    }
  }
  return bytes;
}

template <typename Sample>
void ExpectGathered(std::size_t count, std::size_t channels, std::size_t digital_words) {
  std::size_t record_bytes = 0;
  const std::vector<unsigned char> bytes =
      Records<Sample>(count, channels, digital_words, &record_bytes);
  // A guard value after the run: the gather must not write past it.
  std::vector<Sample> values(count * channels + 8, static_cast<Sample>(77));
  GatherAnalogValues(bytes.data(), record_bytes, count, channels, values.data());
  for (std::size_t k = 0; k < count; ++k) {
    for (std::size_t c = 0; c < channels; ++c) {
      Sample expected;
      std::memcpy(&expected, bytes.data() + k * record_bytes + 8 + c * sizeof(Sample),
                  sizeof expected);
      ASSERT_EQ(values[k * channels + c], expected)
          << "record " << k << " channel " << c << " of " << channels;
    }
  }
  for (std::size_t i = count * channels; i < values.size(); ++i) {
    ASSERT_EQ(values[i], static_cast<Sample>(77)) << "written past the run, " << channels;
  }
}

TEST(GatherAnalogValues, CopiesEveryChannelOfEveryRecordAndNothingElse) {
  for (std::size_t channels = 1; channels <= 20; ++channels) {
    for (std::size_t count : {1, 2, 3, 5, 64}) {
      ExpectGathered<std::int16_t>(count, channels, 0);
      ExpectGathered<std::int16_t>(count, channels, 1);
      ExpectGathered<std::int32_t>(count, channels, 0);
      ExpectGathered<float>(count, channels, 2);
    }
  }
}

TEST(FirstUnclean, FindsTheFirstMissingValueMarker) {
  for (std::size_t at : {0, 1, 255, 256, 257, 700, 999}) {
    std::vector<std::int16_t> x16(1000, 5);
    std::vector<std::int32_t> x32(1000, -5);
    x16[at] = std::numeric_limits<std::int16_t>::min();  // 0x8000
    x32[at] = std::numeric_limits<std::int32_t>::min();  // 0x80000000
    if (at + 3 < 1000) x16[at + 3] = std::numeric_limits<std::int16_t>::min();
    EXPECT_EQ(FirstUnclean(x16.data(), x16.size()), at);
    EXPECT_EQ(FirstUnclean(x32.data(), x32.size()), at);
  }
  // -32767 is the lowest value, not the marker.
  std::vector<std::int16_t> lowest(300, -32767);
  EXPECT_EQ(FirstUnclean(lowest.data(), lowest.size()), 300u);
  EXPECT_EQ(FirstUnclean(lowest.data(), 0), 0u);
}

TEST(FirstUnclean, FindsNaNAndInfinityInFloat32) {
  for (float bad : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                    -std::numeric_limits<float>::infinity()}) {
    std::vector<float> x(600, 1.5f);
    x[599] = std::numeric_limits<float>::max();  // finite
    EXPECT_EQ(FirstUnclean(x.data(), x.size()), 600u);
    x[300] = bad;
    EXPECT_EQ(FirstUnclean(x.data(), x.size()), 300u);
  }
}

TEST(GatherRecordHeaders, SplitsSampleNumbersAndTimestamps) {
  std::size_t record_bytes = 0;
  const std::vector<unsigned char> bytes = Records<std::int16_t>(70, 3, 1, &record_bytes);
  std::vector<std::uint32_t> numbers(70), timestamps(70);
  GatherRecordHeaders(bytes.data(), record_bytes, 70, numbers.data(), timestamps.data());
  for (std::uint32_t k = 0; k < 70; ++k) {
    EXPECT_EQ(numbers[k], k + 1);
    EXPECT_EQ(timestamps[k], 1000 * k);
  }
}

TEST(ConsecutiveNumbers, StopsAtTheFirstLostOrRepeatedRecordAndWrapsAt2To32) {
  std::vector<std::uint32_t> n(1000);
  for (std::size_t k = 0; k < n.size(); ++k) n[k] = static_cast<std::uint32_t>(k + 1);
  EXPECT_EQ(ConsecutiveNumbers(n.data(), n.size(), 1), 1000u);
  EXPECT_EQ(ConsecutiveNumbers(n.data(), n.size(), 2), 0u);
  for (std::size_t at : {1, 255, 256, 600, 999}) {
    std::vector<std::uint32_t> lost = n;
    for (std::size_t k = at; k < lost.size(); ++k) ++lost[k];  // record at + 1 lost
    EXPECT_EQ(ConsecutiveNumbers(lost.data(), lost.size(), 1), at);
    std::vector<std::uint32_t> repeated = n;
    repeated[at] = repeated[at - 1];
    EXPECT_EQ(ConsecutiveNumbers(repeated.data(), repeated.size(), 1), at);
  }
  // 4294967295 is followed by 0.
  std::vector<std::uint32_t> wrapping(600);
  for (std::size_t k = 0; k < wrapping.size(); ++k) {
    wrapping[k] = static_cast<std::uint32_t>(0xFFFFFF00u + k);
  }
  EXPECT_EQ(ConsecutiveNumbers(wrapping.data(), wrapping.size(), 0xFFFFFF00u), 600u);
}

// 15,360 S/s with microsecond timestamps: steps of 65 and 66 us, each
// within 1 % of 65.1 us plus a tick (TimestampAudit's test).
std::vector<std::uint32_t> MicrosecondTimestamps(std::size_t n, std::uint32_t first) {
  std::vector<std::uint32_t> ts(n);
  for (std::size_t k = 0; k < n; ++k) {
    ts[k] = first + static_cast<std::uint32_t>(std::llround(static_cast<double>(k) * 1e6 / 15360));
  }
  return ts;
}

TEST(TimestampStepsAgree, AcceptsTheDeclaredRateAndRefusesAnythingElse) {
  const double period_ns = 1e9 / 15360, tick_ns = 1000;
  std::vector<std::uint32_t> ts = MicrosecondTimestamps(257, 1000);
  const int n = static_cast<int>(ts.size());
  EXPECT_TRUE(TimestampStepsAgree(ts.data(), n, 0, 0, period_ns, tick_ns));
  // Later in a long recording, in a later rate segment.
  EXPECT_TRUE(TimestampStepsAgree(ts.data(), n, 5e9, 1.5e12, period_ns, tick_ns));
  // Twice the rate: every step off.
  EXPECT_FALSE(TimestampStepsAgree(ts.data(), n, 0, 0, period_ns / 2, tick_ns));
  // One step 3 us (4.6 %) late.
  std::vector<std::uint32_t> late = ts;
  for (std::size_t k = 200; k < late.size(); ++k) late[k] += 3;
  EXPECT_FALSE(TimestampStepsAgree(late.data(), n, 0, 0, period_ns, tick_ns));
  // No timestamp (0 after the first sample, 0xFFFFFFFF) leaves the decision to the audit.
  for (std::uint32_t none : {0u, 0xFFFFFFFFu}) {
    std::vector<std::uint32_t> absent = ts;
    absent[100] = none;
    EXPECT_FALSE(TimestampStepsAgree(absent.data(), n, 0, 0, period_ns, tick_ns));
  }
  // A 32-bit counter that wraps: the audit's record-by-record test unwraps it.
  std::vector<std::uint32_t> wrapping = MicrosecondTimestamps(257, 0xFFFFF000u);
  EXPECT_FALSE(TimestampStepsAgree(wrapping.data(), n, 0, 0, period_ns, tick_ns));
  // Just below the wrap, the highest timestamps still convert exactly.
  std::vector<std::uint32_t> high = MicrosecondTimestamps(60, 0xFFFFF000u);
  EXPECT_TRUE(TimestampStepsAgree(high.data(), 60, 0, 0, period_ns, tick_ns));
}

// The rule TimestampStepsAgree() states, step by step in doubles (the
// record-by-record audit's arithmetic), written out here as the reference.
bool StepsAgreeByTheRule(const std::vector<std::uint32_t>& ts, double x0, double start_ns,
                         double period_ns, double tick_ns) {
  for (std::size_t j = 1; j < ts.size(); ++j) {
    const double x = x0 + static_cast<double>(j);
    volatile double later = start_ns + x * period_ns;  // rounded as the reader rounds them
    volatile double earlier = start_ns + (x - 1) * period_ns;
    const double expected = later - earlier;
    const double step = (static_cast<double>(ts[j]) - static_cast<double>(ts[j - 1])) * tick_ns;
    if (!(std::fabs(step - expected) <= 0.01 * expected + tick_ns)) return false;
    if (ts[j] == 0 || ts[j] == 0xFFFFFFFFu) return false;
  }
  return true;
}

// Steps of every whole number of ticks around the edges of what the rule
// accepts, at recorders' rates and ticks, early and late in a recording
// (where the expected step's doubles round coarsely): the answer is always
// the rule's, also where the integer band (every step in it accepted
// without doubles) decides alone.
TEST(TimestampStepsAgree, DecidesEveryStepAsTheRuleDoes) {
  std::mt19937_64 rng(2112);
  int accepted = 0, refused = 0;
  for (const double rate : {15360.0, 12800.0, 4000.0, 1e6 / 3, 2000.0}) {
    for (const double tick_ns : {1.0, 1000.0, 40.0}) {
      for (const auto& [x0, start_ns] :
           {std::pair{0.0, 0.0}, std::pair{5e9, 1.5e12}, std::pair{1e12, 1.7e18}}) {
        const double period_ns = 1e9 / rate;
        // Steps (in ticks) from 5 % below to 5 % above the period, and a tick beyond.
        const double nominal = period_ns / tick_ns;
        const auto lowest = static_cast<std::int64_t>(std::floor(0.95 * nominal - 1));
        const auto highest = static_cast<std::int64_t>(std::ceil(1.05 * nominal + 1));
        for (std::int64_t odd = std::max<std::int64_t>(lowest, 0); odd <= highest; ++odd) {
          // A run of nominal steps with one step of `odd` ticks somewhere
          // in it; every other run's 32-bit counter wraps in the middle.
          std::vector<std::uint32_t> ts(64);
          const bool wraps = odd % 2 == 0;
          double t = wraps ? 0x1p32 - 30 * nominal : 1000;
          const std::size_t at = 1 + rng() % 63;
          for (std::size_t k = 0; k < ts.size(); ++k) {
            if (k == at) t += static_cast<double>(odd) - nominal;
            ts[k] = static_cast<std::uint32_t>(static_cast<std::uint64_t>(std::llround(t)));
            t += nominal;
          }
          const bool rule = StepsAgreeByTheRule(ts, x0, start_ns, period_ns, tick_ns);
          ASSERT_EQ(TimestampStepsAgree(ts.data(), static_cast<int>(ts.size()), x0, start_ns,
                                        period_ns, tick_ns),
                    rule)
              << rate << " S/s, tick " << tick_ns << " ns, x0 " << x0 << ", start " << start_ns
              << " ns, step " << odd << " ticks at " << at;
          ++(rule ? accepted : refused);
        }
      }
    }
  }
  // Both answers occur, many times each.
  EXPECT_GT(accepted, 1000);
  EXPECT_GT(refused, 1000);
}

// C37.111: value = a * x + b, then the unit and ratio factor; the reader's
// record-by-record path computes exactly this, rounded after each step.
template <typename Sample>
void ExpectScaledAsRecordByRecord(std::size_t channels, std::size_t frames) {
  std::mt19937_64 rng(channels * 1000 + frames);
  std::uniform_real_distribution<double> coefficient(-3, 3);
  std::vector<double> a(channels), b(channels), factor(channels);
  for (std::size_t c = 0; c < channels; ++c) {
    a[c] = coefficient(rng) * 1e-3;
    b[c] = coefficient(rng);
    factor[c] = c % 3 == 0 ? 1000 : coefficient(rng);
  }
  std::vector<Sample> raw(frames * channels);
  for (Sample& x : raw) x = static_cast<Sample>(coefficient(rng) * 10000);
  std::vector<double> out(frames * channels);
  ChannelScaling(a, b, factor).Apply(raw.data(), frames, out.data());
  for (std::size_t k = 0; k < frames; ++k) {
    for (std::size_t c = 0; c < channels; ++c) {
      volatile double ax = a[c] * static_cast<double>(raw[k * channels + c]);  // no contraction
      volatile double axb = ax + b[c];
      const double expected = axb * factor[c];
      ASSERT_EQ(std::memcmp(&out[k * channels + c], &expected, sizeof expected), 0)
          << "frame " << k << " channel " << c << ": " << out[k * channels + c]
          << " != " << expected;
    }
  }
}

TEST(ChannelScaling, GivesTheRecordByRecordDoublesBitForBit) {
  for (std::size_t channels : {1, 2, 3, 4, 6, 7, 13}) {
    for (std::size_t frames : {1, 31, 32, 33, 1000}) {
      ExpectScaledAsRecordByRecord<std::int16_t>(channels, frames);
      ExpectScaledAsRecordByRecord<std::int32_t>(channels, frames);
      ExpectScaledAsRecordByRecord<float>(channels, frames);
    }
  }
}

}  // namespace
}  // namespace pqa::io
