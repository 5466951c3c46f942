#include "host/sv/sv_frame.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace pqa::sv {
namespace {

SvAsdu Asdu(std::uint16_t smp_cnt) {
  SvAsdu a;
  a.sv_id = "MU01";
  a.smp_cnt = smp_cnt;
  a.conf_rev = 1;
  a.smp_synch = 2;
  for (int c = 0; c < kDatasetChannels; ++c) {
    a.values[c] = (c - 4) * 100000 - 7;
    a.quality[c] = c == 3 || c == 7 ? quality::kDerived : quality::kGood;
  }
  return a;
}

TEST(SvFrame, OneAsduFrameHasThe92LeLayoutByteForByte) {
  SvFrame f;
  f.source = {0x02, 0, 0, 0, 0, 0x01};
  f.app_id = 0x4000;
  f.asdus = {Asdu(0x0102)};
  absl::StatusOr<std::vector<std::uint8_t>> bytes = EncodeSvFrame(f);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  // Lengths worked out by hand from IEC 61850-9-2 8.2/8.5 and X.690: ASDU
  // body = svID 2+4, smpCnt 2+2, confRev 2+4, smpSynch 2+1, seqData 2+64 = 85.
  const std::vector<std::uint8_t> head = {
      0x01, 0x0C, 0xCD, 0x04, 0x00, 0x00,  // destination
      0x02, 0x00, 0x00, 0x00, 0x00, 0x01,  // source
      0x88, 0xBA,                          // EtherType
      0x40, 0x00,                          // APPID
      0x00, 0x66,                          // Length = 8 + 94
      0x00, 0x00, 0x00, 0x00,              // Reserved 1, 2
      0x60, 0x5C,                          // savPdu, 92 bytes
      0x80, 0x01, 0x01,                    // noASDU = 1
      0xA2, 0x57,                          // seqASDU, 87 bytes
      0x30, 0x55,                          // ASDU, 85 bytes
      0x80, 0x04, 'M',  'U',  '0',  '1',   // svID
      0x82, 0x02, 0x01, 0x02,              // smpCnt
      0x83, 0x04, 0x00, 0x00, 0x00, 0x01,  // confRev
      0x85, 0x01, 0x02,                    // smpSynch = global
      0x87, 0x40,                          // seqData, 64 bytes
      0xFF, 0xF9, 0xE5, 0x79,              // IA = -400007 counts
      0x00, 0x00, 0x00, 0x00,              // its quality: good
  };
  ASSERT_EQ(bytes->size(), 116u);
  EXPECT_THAT(std::vector<std::uint8_t>(bytes->begin(), bytes->begin() + head.size()),
              ::testing::ElementsAreArray(head));
  // VN (last value) is derived: bit 13 of its quality.
  EXPECT_THAT(std::vector<std::uint8_t>(bytes->end() - 4, bytes->end()),
              ::testing::ElementsAre(0x00, 0x00, 0x20, 0x00));
}

TEST(SvFrame, EightAsdusUseLongFormLengthsAndRoundTrip) {
  SvFrame f;
  f.app_id = 0x7FFF;
  f.vlan_tci = 4 << 13 | 12;
  f.simulated = true;
  for (int i = 0; i < 8; ++i) f.asdus.push_back(Asdu(static_cast<std::uint16_t>(15352 + i)));
  f.asdus[3].refr_tm = UtcTime::FromTime(1741000000123456789);
  f.asdus[5].dat_set = "MU01LD0/LLN0$PhsMeas1";
  f.asdus[6].smp_rate = 256;
  absl::StatusOr<std::vector<std::uint8_t>> bytes = EncodeSvFrame(f);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ((*bytes)[12], 0x81);  // 802.1Q
  EXPECT_EQ((*bytes)[16], 0x88);
  EXPECT_EQ((*bytes)[22], 0x80);  // simulation bit of Reserved 1
  absl::StatusOr<SvFrame> back = DecodeSvFrame(*bytes);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->app_id, 0x7FFF);
  EXPECT_EQ(back->vlan_tci, f.vlan_tci);
  EXPECT_TRUE(back->simulated);
  ASSERT_EQ(back->asdus.size(), 8u);
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(back->asdus[i].smp_cnt, 15352 + i);
    EXPECT_EQ(back->asdus[i].values, f.asdus[i].values);
    EXPECT_EQ(back->asdus[i].quality, f.asdus[i].quality);
  }
  ASSERT_TRUE(back->asdus[3].refr_tm.has_value());
  // UtcTime keeps 2^-24 s (60 ns).
  EXPECT_NEAR(static_cast<double>(back->asdus[3].refr_tm->ToTime()), 1741000000123456789.0, 60);
  EXPECT_EQ(back->asdus[5].dat_set, "MU01LD0/LLN0$PhsMeas1");
  EXPECT_EQ(back->asdus[6].smp_rate, 256);
  EXPECT_EQ(PeekAppId(*bytes), 0x7FFF);
}

TEST(SvFrame, EveryTruncationAndCorruptionIsAnErrorNamingTheField) {
  SvFrame f;
  f.asdus = {Asdu(7), Asdu(8)};
  const std::vector<std::uint8_t> bytes = *EncodeSvFrame(f);
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    std::vector<std::uint8_t> cut(bytes.begin(), bytes.begin() + n);
    absl::StatusOr<SvFrame> d = DecodeSvFrame(cut);
    EXPECT_FALSE(d.ok()) << n;
  }
  // Padding after the APDU (a short frame padded by the card) is fine.
  std::vector<std::uint8_t> padded = bytes;
  padded.resize(bytes.size() + 20, 0);
  EXPECT_TRUE(DecodeSvFrame(padded).ok());

  std::vector<std::uint8_t> bad = bytes;
  bad[25] = 0x81;  // noASDU tag (after the savPdu's 0x60 0x81 0xB4)
  EXPECT_THAT(std::string(DecodeSvFrame(bad).status().message()), ::testing::HasSubstr("noASDU"));
  bad = bytes;
  bad[27] = 3;  // noASDU says 3, the frame holds 2
  EXPECT_THAT(std::string(DecodeSvFrame(bad).status().message()),
              ::testing::HasSubstr("says 3, the frame holds 2"));
  bad = bytes;
  bad[16] = 0x7F;  // Length beyond the frame
  EXPECT_THAT(std::string(DecodeSvFrame(bad).status().message()), ::testing::HasSubstr("Length"));
  bad = bytes;
  bad[12] = 0x08;
  bad[13] = 0x00;  // IPv4
  EXPECT_EQ(DecodeSvFrame(bad).status().code(), absl::StatusCode::kNotFound);
  EXPECT_FALSE(PeekAppId(bad).has_value());
}

TEST(SvFrame, ScalingIs1MilliampereAnd10MillivoltsPerCount) {
  EXPECT_EQ(ValueToCounts(4, 179.606), 17961);    // VA
  EXPECT_EQ(ValueToCounts(6, -179.604), -17960);  // VC
  EXPECT_EQ(ValueToCounts(0, 1.2346), 1235);      // IA: 1234.6 mA
  EXPECT_DOUBLE_EQ(CountsToValue(4, 17961), 179.61);
  EXPECT_DOUBLE_EQ(CountsToValue(1, -250), -0.25);
  EXPECT_EQ(ValueToCounts(4, 1e12), 2147483647);
  EXPECT_EQ(ValueToCounts(4, -1e12), -2147483647 - 1);
}

TEST(SvFrame, EncoderRefusesWhatTheStandardDoesNotAllow) {
  SvFrame f;
  EXPECT_FALSE(EncodeSvFrame(f).ok());  // no ASDU
  f.asdus = {Asdu(0)};
  f.asdus[0].sv_id = "";
  EXPECT_FALSE(EncodeSvFrame(f).ok());
  f.asdus[0].sv_id = std::string(130, 'x');
  EXPECT_FALSE(EncodeSvFrame(f).ok());
}

}  // namespace
}  // namespace pqa::sv
