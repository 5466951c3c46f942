#include "host/sv/sv_stream.h"

#include <cmath>

#include "gtest/gtest.h"

namespace pqa::sv {
namespace {

constexpr int kRate = 4800;                           // 80 samples per cycle at 60 Hz
constexpr TimeNs kPeriod = kNsPerSecond / kRate + 1;  // for "about one period" checks

// 2025-03-03T00:00:00Z
constexpr TimeNs kMidnight = 1740960000LL * kNsPerSecond;

SvAsdu Sample(int smp_cnt, std::uint8_t synch = 2) {
  SvAsdu a;
  a.sv_id = "MU01";
  a.smp_cnt = static_cast<std::uint16_t>(smp_cnt);
  a.conf_rev = 1;
  a.smp_synch = synch;
  for (int c = 0; c < kDatasetChannels; ++c) a.values[c] = 1000 * (c + 1);
  return a;
}

// Feeds samples `first`..`first + n - 1` (stream index, smpCnt = index mod
// rate) as a synchronised unit sends them, received `latency` after their
// true time; the stream's second 0 is kMidnight.
void Feed(StreamChecker& c, std::int64_t first, std::int64_t n, TimeNs latency = 300000,
          std::uint8_t synch = 2) {
  for (std::int64_t i = first; i < first + n; ++i) {
    const TimeNs t = kMidnight + static_cast<TimeNs>(std::llround(i * 1e9 / kRate));
    c.Add(Sample(static_cast<int>(i % kRate), synch), t + latency, 1);
  }
}

StreamChecker Checker() {
  StreamConfig config;
  config.nominal_frequency_hz = 60;
  return StreamChecker(config);
}

TimeNs End(const io::SampleBlock& b) {
  return b.start + static_cast<TimeNs>(std::llround(b.frames * 1e9 / b.sample_rate_hz));
}

// Blocks follow each other without a gap (the SampleSource contract).
void ExpectContiguous(const std::vector<io::SampleBlock>& blocks) {
  for (std::size_t i = 1; i < blocks.size(); ++i) {
    EXPECT_NEAR(static_cast<double>(blocks[i].start), static_cast<double>(End(blocks[i - 1])), 1)
        << i;
  }
}

std::int64_t Frames(const std::vector<io::SampleBlock>& blocks) {
  std::int64_t n = 0;
  for (const auto& b : blocks) n += static_cast<std::int64_t>(b.frames);
  return n;
}

TEST(StreamChecker, SynchronisedSmpCntIsAnchoredToTheUtcSecondAndCountedAcrossWraps) {
  StreamChecker c = Checker();
  // Start in the middle of a second, 0.4 s of latency and clock error: the
  // whole second still comes out right.
  Feed(c, 4700, 3 * kRate, 400 * 1000 * 1000);
  std::vector<io::SampleBlock> blocks = c.TakeBlocks(true);
  ASSERT_FALSE(blocks.empty());
  EXPECT_EQ(blocks.front().start, kMidnight + std::llround(4700 * 1e9 / kRate));
  EXPECT_EQ(blocks.front().sample_rate_hz, kRate);
  EXPECT_EQ(blocks.front().channels, 8u);
  EXPECT_EQ(Frames(blocks), 3 * kRate);
  ExpectContiguous(blocks);
  // smpCnt wrapped three times; time went on.
  EXPECT_EQ(End(blocks.back()), kMidnight + std::llround((4700 + 3 * kRate) * 1e9 / kRate));
  EXPECT_EQ(c.counters().restarts, 0);
  EXPECT_EQ(c.counters().lost, 0);
  EXPECT_TRUE(c.unsynchronised().empty());
  // 9-2LE scaling: VA (entry 4) = 5000 counts = 50 V; IA = 1000 mA.
  EXPECT_DOUBLE_EQ(blocks.front().value(0, 4), 50.0);
  EXPECT_DOUBLE_EQ(blocks.front().value(0, 0), 1.0);
}

TEST(StreamChecker, RefrTmGivesTheSecondWhenTheUnitSendsIt) {
  StreamChecker c = Checker();
  SvAsdu a = Sample(2400);
  const TimeNs recorded = kMidnight - 86400 * kNsPerSecond + kNsPerSecond / 2;  // a day before
  a.refr_tm = UtcTime::FromTime(recorded);
  c.Add(a, kMidnight + 123, 1);
  std::vector<io::SampleBlock> blocks = c.TakeBlocks(true);
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].start, recorded);
}

TEST(StreamChecker, LostFramesAreAGapOfExactlyTheMissingSamples) {
  StreamChecker c = Checker();
  Feed(c, 0, 1000);
  Feed(c, 1010, 1000);  // ten frames lost
  std::vector<io::SampleBlock> blocks = c.TakeBlocks(true);
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(c.counters().lost, 10);
  EXPECT_EQ(c.counters().restarts, 0);
  EXPECT_EQ(blocks[1].start, kMidnight + std::llround(1010 * 1e9 / kRate));
  EXPECT_EQ(blocks[0].frames + blocks[1].frames, 2000u);
}

TEST(StreamChecker, AFrameArrivingAfterItsSuccessorIsLateAndDropped) {
  StreamChecker c = Checker();
  Feed(c, 0, 10);
  Feed(c, 11, 1);
  Feed(c, 10, 1);  // late
  Feed(c, 12, 10);
  std::vector<io::SampleBlock> blocks = c.TakeBlocks(true);
  EXPECT_EQ(c.counters().late, 1);
  EXPECT_EQ(c.counters().lost, 1);
  EXPECT_EQ(Frames(blocks), 21);
}

TEST(StreamChecker, AStreamStoppedForFiveSecondsRestartsAtTheRightTime) {
  StreamChecker c = Checker();
  Feed(c, 0, kRate);
  // Five whole seconds later smpCnt is where it was: only the receive clock
  // tells the stop.
  Feed(c, 6 * kRate, kRate);
  std::vector<io::SampleBlock> blocks = c.TakeBlocks(true);
  EXPECT_EQ(c.counters().restarts, 1);
  EXPECT_EQ(c.counters().lost, 0);
  ASSERT_GE(blocks.size(), 2u);
  const io::SampleBlock* resumed = nullptr;
  for (const auto& b : blocks) {
    if (b.start >= kMidnight + 2 * kNsPerSecond) {
      resumed = &b;
      break;
    }
  }
  ASSERT_NE(resumed, nullptr);
  EXPECT_EQ(resumed->start, kMidnight + 6 * kNsPerSecond);
  EXPECT_EQ(Frames(blocks), 2 * kRate);
}

TEST(StreamChecker, FramesHeldUpOnTheWayAreNotAStop) {
  StreamChecker c = Checker();
  // refrTm dates every sample: after 0.8 s of silence the next frame is the
  // next sample in count and in time.
  for (int i = 0; i < 2 * kRate; ++i) {
    SvAsdu a = Sample(i % kRate);
    const TimeNs t = kMidnight + std::llround(i * 1e9 / kRate);
    a.refr_tm = UtcTime::FromTime(t);
    const TimeNs received = t + (i >= kRate ? 800 * 1000 * 1000 : 0);
    c.Add(a, received, 1);
  }
  std::vector<io::SampleBlock> blocks = c.TakeBlocks(true);
  EXPECT_EQ(c.counters().restarts, 0);
  EXPECT_EQ(Frames(blocks), 2 * kRate);
  ExpectContiguous(blocks);
  bool delayed = false;
  for (const StreamNotice& n : c.TakeNotices()) delayed |= n.kind == "delayed";
  EXPECT_TRUE(delayed);
}

TEST(StreamChecker, ConfRevChangeRestartsWithAOneSampleGap) {
  StreamChecker c = Checker();
  Feed(c, 0, 100);
  for (int i = 100; i < 200; ++i) {
    SvAsdu a = Sample(i);
    a.conf_rev = 2;
    c.Add(a, kMidnight + std::llround(i * 1e9 / kRate) + 300000, 1);
  }
  std::vector<io::SampleBlock> blocks = c.TakeBlocks(true);
  EXPECT_EQ(c.counters().conf_rev_changes, 1);
  EXPECT_EQ(c.counters().restarts, 1);
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].frames, 100u);
  EXPECT_EQ(blocks[1].frames, 99u);  // the first sample of the new configuration is the gap
  EXPECT_GT(blocks[1].start, End(blocks[0]));
  std::vector<StreamNotice> notices = c.TakeNotices();
  ASSERT_EQ(notices.size(), 2u);
  EXPECT_EQ(notices[1].kind, "conf_rev");
}

TEST(StreamChecker, InvalidOrQuestionableVoltagesAreAGapInvalidCurrentsAreNaN) {
  StreamChecker c = Checker();
  for (int i = 0; i < 300; ++i) {
    SvAsdu a = Sample(i);
    if (i >= 100 && i < 148) a.quality[5] = quality::kInvalid;       // VB
    if (i >= 200 && i < 210) a.quality[6] = quality::kQuestionable;  // VC
    if (i >= 250 && i < 260) a.quality[4] = quality::kTest;          // a unit in test mode
    a.quality[1] = quality::kInvalid | quality::kFailure;            // IB
    c.Add(a, kMidnight + std::llround(i * 1e9 / kRate) + 300000, 1);
  }
  std::vector<io::SampleBlock> blocks = c.TakeBlocks(true);
  EXPECT_EQ(c.counters().invalid, 48 + 10 + 10);
  ASSERT_EQ(blocks.size(), 4u);
  EXPECT_EQ(blocks[1].start, kMidnight + std::llround(148 * 1e9 / kRate));
  EXPECT_EQ(Frames(blocks), 300 - 68);
  EXPECT_TRUE(std::isnan(blocks[0].value(0, 1)));
  EXPECT_FALSE(std::isnan(blocks[0].value(0, 5)));
  EXPECT_EQ(c.counters().restarts, 0);
}

TEST(StreamChecker, UnsynchronisedStreamIsDatedByTheLocalClockAndReported) {
  StreamChecker c = Checker();
  const TimeNs latency = 1234567;
  Feed(c, 1000, kRate, latency, 0);
  std::vector<io::SampleBlock> blocks = c.TakeBlocks(true);
  ASSERT_FALSE(blocks.empty());
  // Not rounded to a second: the reception time of the first sample.
  EXPECT_EQ(blocks[0].start, kMidnight + std::llround(1000 * 1e9 / kRate) + latency);
  ASSERT_EQ(c.unsynchronised().size(), 1u);
  EXPECT_EQ(c.unsynchronised()[0].first, blocks[0].start);
  EXPECT_NEAR(static_cast<double>(c.unsynchronised()[0].second),
              static_cast<double>(End(blocks.back())), 2);
  // Synchronisation comes back: a restart, and no new unsynchronised span.
  Feed(c, 1000 + kRate, 100, 300000, 2);
  EXPECT_EQ(c.counters().restarts, 1);
  EXPECT_EQ(c.unsynchronised().size(), 1u);
  c.DropUnsynchronisedBefore(kMidnight + 10 * kNsPerSecond);
  EXPECT_EQ(c.unsynchronised().size(), 1u);  // the latest span is kept
}

TEST(StreamChecker, SmpCntOutOfRangeOrJumpingIsNeverMeasured) {
  StreamChecker c = Checker();
  Feed(c, 0, 100);
  c.Add(Sample(kRate + 5), kMidnight + std::llround(100 * 1e9 / kRate), 1);  // beyond 0..4799
  EXPECT_EQ(c.counters().invalid, 1);
  Feed(c, 100, 100);
  Feed(c, 3000, 100);  // jumps 0.58 s ahead: a restart, not 2800 lost samples
  std::vector<io::SampleBlock> blocks = c.TakeBlocks(true);
  EXPECT_EQ(c.counters().restarts, 1);
  EXPECT_EQ(c.counters().lost, 0);
  EXPECT_EQ(Frames(blocks), 300);
  for (std::size_t i = 1; i < blocks.size(); ++i) EXPECT_GE(blocks[i].start, End(blocks[i - 1]));
}

TEST(StreamChecker, EightAsdusAFrameMean256SamplesPerCycle) {
  StreamChecker c = Checker();
  c.Add(Sample(0), kMidnight, 8);
  EXPECT_EQ(c.sample_rate_hz(), 256 * 60);
  (void)kPeriod;
}

}  // namespace
}  // namespace pqa::sv
