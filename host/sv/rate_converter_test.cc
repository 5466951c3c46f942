#include "host/sv/rate_converter.h"

#include <cmath>

#include "gtest/gtest.h"
#include "host/synth/synth_source.h"

namespace pqa::sv {
namespace {

constexpr TimeNs kMidnight = 1740960000LL * kNsPerSecond;  // 2025-03-03T00:00:00Z

synth::WaveformSpec Spec(double rate, double duration_s, TimeNs start = kMidnight) {
  synth::WaveformSpec spec;
  spec.sample_rate_hz = rate;
  spec.duration_s = duration_s;
  spec.start = start;
  spec.frequency_hz = 60;
  spec.magnitude_pu = {1.0, 0.97, 1.02};
  // Up to the 25th (1,500 Hz): inside 40 % of 4,800 samples/s.
  spec.harmonics = {{5, 0.05, 30}, {11, 0.02, 0}, {25, 0.01, 0}};
  return spec;
}

// Two recordings back to back with a hole between them.
class TwoParts : public io::SampleSource {
 public:
  TwoParts(synth::WaveformSpec a, synth::WaveformSpec b) : a_(a), b_(b) {}
  const io::StreamInfo& info() const override { return a_.info(); }
  absl::StatusOr<bool> Next(io::SampleBlock& block, std::size_t max) override {
    absl::StatusOr<bool> got = a_.Next(block, max);
    if (!got.ok() || *got) return got;
    return b_.Next(block, max);
  }

 private:
  synth::SynthSource a_, b_;
};

TEST(ResampledSource, SamplesAtTheNewRateEqualTheWaveformSampledThere) {
  synth::SynthSource recorded(Spec(7680, 3));  // 128 samples per cycle, a relay's rate
  ResampledSource resampled(recorded, 4800);
  synth::SynthSource direct(Spec(4800, 3));  // the same waveform sampled at 4,800/s
  io::SampleBlock all;
  ASSERT_TRUE(*direct.Next(all, 4800 * 3));
  io::SampleBlock b;
  std::size_t outputs = 0;
  double worst = 0;
  TimeNs expected_start = 0;  // contiguous blocks (the SampleSource contract)
  while (*resampled.Next(b, 1000)) {
    EXPECT_EQ(b.sample_rate_hz, 4800);
    if (expected_start != 0) {
      EXPECT_LE(std::abs(b.start - expected_start), 1);
    }
    const double k0 = static_cast<double>(b.start - kMidnight) * 4800 / 1e9;
    ASSERT_NEAR(k0, std::round(k0), 1e-5);  // on the 9-2LE grid of the second (to the ns)
    for (std::size_t m = 0; m < b.frames; ++m) {
      const std::size_t k = static_cast<std::size_t>(std::llround(k0)) + m;
      for (std::size_t c = 0; c < 3; ++c) {
        worst = std::max(worst, std::abs(b.value(m, c) - all.value(k, c)));
      }
    }
    outputs += b.frames;
    expected_start = b.start + static_cast<TimeNs>(std::llround(b.frames * 1e9 / 4800));
  }
  // Everything but the kernel's reach at both ends.
  EXPECT_GT(outputs, 4800u * 3 - 100);
  // Far below the 10 mV of a 9-2LE count.
  EXPECT_LT(worst, 0.002) << "volts";
}

TEST(ResampledSource, AGapStaysAGapAndTheGridResumesAfterIt) {
  TwoParts recorded(Spec(7680, 2), Spec(7680, 2, kMidnight + 5 * kNsPerSecond));
  ResampledSource resampled(recorded, 4800);
  io::SampleBlock b;
  std::vector<std::pair<TimeNs, TimeNs>> spans;
  while (*resampled.Next(b, 100000)) {
    const TimeNs end = b.start + static_cast<TimeNs>(std::llround(b.frames * 1e9 / 4800));
    if (!spans.empty() && std::abs(static_cast<double>(b.start - spans.back().second)) < 2) {
      spans.back().second = end;
    } else {
      spans.emplace_back(b.start, end);
    }
  }
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_LE(spans[0].second, kMidnight + 2 * kNsPerSecond);
  EXPECT_GE(spans[1].first, kMidnight + 5 * kNsPerSecond);
  // The kernel's reach: milliseconds, not more.
  EXPECT_GT(spans[0].second, kMidnight + 2 * kNsPerSecond - 20 * 1000 * 1000);
  EXPECT_LT(spans[1].first, kMidnight + 5 * kNsPerSecond + 20 * 1000 * 1000);
}

TEST(ResampledSource, TheRecordedRateComesThroughUnchanged) {
  synth::SynthSource recorded(Spec(4800, 1));
  ResampledSource resampled(recorded, 4800);
  synth::SynthSource direct(Spec(4800, 1));
  io::SampleBlock all, b;
  ASSERT_TRUE(*direct.Next(all, 4800));
  ASSERT_TRUE(*resampled.Next(b, 4800));
  const std::size_t k0 =
      static_cast<std::size_t>(std::llround(static_cast<double>(b.start - kMidnight) * 4800 / 1e9));
  for (std::size_t m = 0; m < b.frames; ++m) {
    EXPECT_NEAR(b.value(m, 0), all.value(k0 + m, 0), 1e-6) << m;
  }
}

}  // namespace
}  // namespace pqa::sv
