// PinstChain's linear part (decimator, compensator, Butterworth, high-pass,
// weighting at fo ~ 400 Hz) against the standard's analog blocks: the same
// gain, relative to the 8.8 Hz scaling point, across the flicker band.
#include "host/flicker/pinst_chain.h"

#include <cmath>
#include <cstddef>
#include <limits>
#include <numbers>
#include <vector>

#include "gtest/gtest.h"
#include "host/flicker/weighting_filter.h"

namespace pqa::flicker {
namespace {

// IEC 61000-4-15 block 3 in analog form: 0.05 Hz first-order high-pass,
// sixth-order Butterworth at 35/42 Hz, lamp-eye weighting.
double AnalogGain(const FlickerConfig& config, double f) {
  const double fc = DemodulationCutoffHz(config.supply_hz);
  const double high_pass = f / std::hypot(f, 0.05);
  return high_pass * AnalogWeightingGain(ResolveLamp(config), f) /
         std::sqrt(1 + std::pow(f / fc, 12));
}

TEST(PinstChain, LinearPartFollowsTheAnalogBlocksAcrossTheFlickerBand) {
  for (const double rate : {2000.0, 3200.0, 10417.3, 15360.0, 25600.0}) {
    for (const double supply : {50.0, 60.0}) {
      FlickerConfig config;
      config.sample_rate_hz = rate;
      config.supply_hz = supply;
      const PinstChain chain(config);
      EXPECT_NEAR(chain.internal_rate_hz(), 400, 45) << rate;
      const double ref = chain.LinearGain(8.8) / AnalogGain(config, 8.8);
      // 0.05 % of gain (0.1 % of Pinst, 1/50 of class F1's 5 %) up to the
      // top of the standard's tables (33.3 Hz at 50 Hz, 40 Hz at 60 Hz).
      const double top = supply == 50 ? 33.5 : 40;
      for (double f = 0.5; f <= top; f += 0.5) {
        EXPECT_NEAR(chain.LinearGain(f) / AnalogGain(config, f) / ref, 1.0, 5e-4)
            << f << " Hz, fs " << rate << ", supply " << supply;
      }
    }
  }
}

// RunTogether() is Push() on each chain, side by side (from the start, and
// from chains past their warm-up's expanding means): every Pinst and the
// input that completed it the same bit for bit, whatever the layout of the
// channels in the frames (adjacent ones are loaded at once, with lanes past
// the chains reading the channels after them; others, and one chain on a
// bare channel, are gathered), the number of chains and where the blocks
// end.
TEST(PinstChain, RunTogetherGivesEachChainsPushValuesInEveryChannelLayout) {
  struct Layout {
    std::size_t stride;
    std::vector<std::size_t> offsets;
  };
  const std::vector<Layout> layouts = {{3, {0, 1, 2}},    {5, {1, 2, 3}}, {5, {3, 1, 2}},
                                       {4, {0, 1, 2, 3}}, {2, {0, 1}},    {3, {2}},
                                       {1, {0}}};
  for (const double rate : {2000.0, 15360.0}) {
    FlickerConfig config;
    config.sample_rate_hz = rate;
    config.supply_hz = 50;
    for (const Layout& layout : layouts) {
      for (const bool aged : {false, true}) {
        SCOPED_TRACE(testing::Message()
                     << rate << " S/s, stride " << layout.stride << ", " << layout.offsets.size()
                     << " chains from offset " << layout.offsets[0] << (aged ? ", aged" : ""));
        // Five seconds of 230 V at 50 Hz, each channel with its own amplitude
        // and 8.8 Hz modulation depth, so that no two lanes agree.
        const std::size_t n = static_cast<std::size_t>(5 * rate);
        std::vector<double> frames(n * layout.stride);
        for (std::size_t k = 0; k < n; ++k) {
          const double t = static_cast<double>(k) / rate;
          for (std::size_t ch = 0; ch < layout.stride; ++ch) {
            const double depth = 0.002 * static_cast<double>(ch + 1);
            frames[k * layout.stride + ch] = (320 + 3 * static_cast<double>(ch)) *
                                             std::sin(2 * std::numbers::pi * 50 * t + ch) *
                                             (1 + depth * std::sin(2 * std::numbers::pi * 8.8 * t));
          }
        }
        const std::size_t count = layout.offsets.size();
        std::vector<PinstChain> alone(count, PinstChain(config));
        if (aged) {
          // Past the expanding means (61 s of the same channel, steady):
          // RunTogether's steady path from the first output on.
          for (std::size_t c = 0; c < count; ++c) {
            for (std::size_t k = 0; k < static_cast<std::size_t>(61 * rate); ++k) {
              double pinst;
              alone[c].Push(frames[(k % n) * layout.stride + layout.offsets[c]], &pinst);
            }
          }
        }
        std::vector<PinstChain> together = alone;
        std::vector<PinstChain*> chains;
        for (PinstChain& c : together) chains.push_back(&c);
        std::vector<std::vector<std::pair<std::size_t, double>>> expected(count), got(count);
        for (std::size_t c = 0; c < count; ++c) {
          for (std::size_t k = 0; k < n; ++k) {
            double pinst;
            if (alone[c].Push(frames[k * layout.stride + layout.offsets[c]], &pinst)) {
              expected[c].push_back({k, pinst});
            }
          }
        }
        std::vector<std::size_t> at;
        std::vector<double> pinst;
        for (std::size_t done = 0, block = 1; done < n; block = block * 13 % 4099 + 1) {
          const std::size_t size = std::min(block, n - done);
          std::vector<const double*> x;
          for (std::size_t offset : layout.offsets)
            x.push_back(&frames[done * layout.stride + offset]);
          at.clear();
          pinst.clear();
          ASSERT_TRUE(PinstChain::CanRunTogether(chains.data(), count));
          ASSERT_EQ(PinstChain::RunTogether(chains.data(), count, x.data(), size, layout.stride, at,
                                            pinst),
                    size);
          ASSERT_EQ(pinst.size(), at.size() * count);
          for (std::size_t o = 0; o < at.size(); ++o) {
            for (std::size_t c = 0; c < count; ++c)
              got[c].push_back({done + at[o], pinst[o * count + c]});
          }
          done += size;
        }
        for (std::size_t c = 0; c < count; ++c) {
          ASSERT_GT(expected[c].size(), static_cast<std::size_t>(5 * 360));
          ASSERT_EQ(got[c].size(), expected[c].size()) << "chain " << c;
          for (std::size_t o = 0; o < got[c].size(); ++o) {
            ASSERT_EQ(got[c][o].first, expected[c][o].first) << "chain " << c << ", output " << o;
            ASSERT_EQ(got[c][o].second, expected[c][o].second) << "chain " << c << ", output " << o;
          }
        }
        // Settled by the end: real values, not the warm-up's zeros.
        EXPECT_GT(got[0].back().second, 0.0);
      }
    }
  }
}

// A non-finite sample in one phase, of fresh and of steady chains:
// RunTogether stops right after the output it poisons (in the middle of one
// of its chunks),
// with each chain's Push() values up to there, the poisoned one NaN, and
// the other chains where their Push() left them.
TEST(PinstChain, RunTogetherStopsAfterTheOutputANonFiniteSamplePoisons) {
  FlickerConfig config;
  config.sample_rate_hz = 2000;
  config.supply_hz = 60;
  const std::size_t n = 4000;
  std::vector<double> clean(3 * n);
  for (std::size_t k = 0; k < 3 * n; ++k) {
    clean[k] = 170 * std::sin(2 * std::numbers::pi * 60 * static_cast<double>(k / 3) / 2000 +
                              static_cast<double>(k % 3));
  }
  for (const bool aged : {false, true}) {
    SCOPED_TRACE(aged ? "aged" : "fresh");
    std::vector<double> frames = clean;
    std::vector<PinstChain> alone(3, PinstChain(config));
    for (std::size_t r = 0; aged && r < 31; ++r) {  // 62 s: past the expanding means
      for (std::size_t c = 0; c < 3; ++c) {
        for (std::size_t k = 0; k < n; ++k) {
          double pinst;
          alone[c].Push(frames[3 * k + c], &pinst);
        }
      }
    }
    const std::size_t bad = 1234;  // within the fourth chunk of 64 outputs
    frames[3 * bad + 1] = std::numeric_limits<double>::quiet_NaN();
    std::vector<PinstChain> together = alone;
    std::vector<PinstChain*> chains = {&together[0], &together[1], &together[2]};
    const std::vector<const double*> x = {&frames[0], &frames[1], &frames[2]};
    std::vector<std::size_t> at;
    std::vector<double> pinst;
    const std::size_t used = PinstChain::RunTogether(chains.data(), 3, x.data(), n, 3, at, pinst);
    // The output that takes sample `bad` is the first whose w is NaN.
    ASSERT_GT(used, bad);
    ASSERT_LT(used, bad + 5 * 5);
    ASSERT_EQ(pinst.size(), 3 * at.size());
    std::size_t o = 0;
    for (std::size_t k = 0; k < used; ++k) {
      double expected[3];
      bool completed = false;
      for (std::size_t c = 0; c < 3; ++c)
        completed = alone[c].Push(frames[3 * k + c], &expected[c]);
      if (!completed) continue;
      ASSERT_LT(o, at.size());
      ASSERT_EQ(at[o], k);
      for (std::size_t c = 0; c < 3; ++c) {
        if (std::isnan(expected[c])) {
          EXPECT_TRUE(std::isnan(pinst[3 * o + c])) << "output " << o;
        } else {
          ASSERT_EQ(pinst[3 * o + c], expected[c]) << "chain " << c << ", output " << o;
        }
      }
      ++o;
    }
    ASSERT_EQ(o, at.size());
    EXPECT_TRUE(std::isnan(pinst[3 * (o - 1) + 1]));
    EXPECT_FALSE(std::isnan(pinst[3 * (o - 2) + 1]));
    // The healthy chains go on from where RunTogether left them as Push() would.
    for (const std::size_t c : {std::size_t{0}, std::size_t{2}}) {
      for (std::size_t k = used; k < n; ++k) {
        double a, b;
        const bool done_alone = alone[c].Push(frames[3 * k + c], &a);
        ASSERT_EQ(together[c].Push(frames[3 * k + c], &b), done_alone);
        if (done_alone) {
          ASSERT_EQ(a, b) << "chain " << c << ", sample " << k;
        }
      }
    }
  }
}

}  // namespace
}  // namespace pqa::flicker
