#include "hls_stream.h"

#include "gtest/gtest.h"

namespace {

TEST(HlsStreamShim, KeepsFifoOrder) {
  hls::stream<int> s("order");
  for (int i = 0; i < 5; ++i) s << i;
  EXPECT_EQ(s.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    int v = -1;
    s >> v;
    EXPECT_EQ(v, i);
  }
  EXPECT_TRUE(s.empty());
}

TEST(HlsStreamShim, NonBlockingCallsHonourDepth) {
  hls::stream<float, 2> s("bounded");
  EXPECT_TRUE(s.write_nb(1.0f));
  EXPECT_TRUE(s.write_nb(2.0f));
  EXPECT_TRUE(s.full());
  EXPECT_FALSE(s.write_nb(3.0f));
  float v = 0;
  EXPECT_TRUE(s.read_nb(v));
  EXPECT_EQ(v, 1.0f);
  EXPECT_TRUE(s.read_nb(v));
  EXPECT_FALSE(s.read_nb(v));
}

TEST(HlsStreamShimDeathTest, BlockingReadOfEmptyStreamAborts) {
  hls::stream<int> s("starved");
  EXPECT_DEATH(s.read(), "starved");
}

}  // namespace
