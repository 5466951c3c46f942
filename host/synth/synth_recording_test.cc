#include "host/synth/synth_recording.h"

#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/io/comtrade_reader.h"
#include "host/io/comtrade_writer.h"

namespace pqa::synth {
namespace {

using ::testing::HasSubstr;

std::string TempPath(const std::string& name) {
  return absl::StrCat(::testing::TempDir(), "/pqa_synth_", name);
}

TEST(WriteComtrade, LongRecordingRaisesTimemultInsteadOfOverflowing) {
  // 75 minutes: microsecond timestamps would pass 2^32 after 71.6 minutes.
  // A low rate keeps the file small; the timestamps are what is tested.
  WaveformSpec spec;
  spec.sample_rate_hz = 200;
  spec.frequency_hz = 60;
  spec.duration_s = 75 * 60;
  RecordingFormatSpec format;
  format.revision = 1999;
  format.format = io::ComtradeFormat::kBinary;
  const std::string path = TempPath("long.cfg");
  ASSERT_TRUE(WriteComtrade(spec, format, path).ok());
  std::ifstream in(path, std::ios::binary);
  const std::string cfg((std::istreambuf_iterator<char>(in)), {});
  EXPECT_THAT(cfg, HasSubstr("BINARY\r\n2\r\n"));  // timemult 2: 2-microsecond units
  auto reader = io::ComtradeReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status();
  io::SampleBlock block;
  TimeNs end = 0;
  while (true) {
    auto more = (*reader)->Next(block, 1 << 16);
    ASSERT_TRUE(more.ok()) << more.status();
    if (!*more) break;
    end = block.start + static_cast<TimeNs>(block.frames * 1e9 / block.sample_rate_hz);
  }
  EXPECT_EQ(end - spec.start, 75 * 60 * kNsPerSecond);
  EXPECT_TRUE((*reader)->info().warnings.empty());  // the timestamps agree with the rate
}

TEST(ComtradeWriter, AnErrorLeavesNoPartialRecordingBehind) {
  const std::string path = TempPath("partial.cfg");
  const std::string dat = TempPath("partial.dat");
  {
    io::ComtradeWriterOptions o;
    o.format = io::ComtradeFormat::kBinary;
    o.sample_rate_hz = 1000;
    o.channels.push_back({"VA", "A", "V", 1, 1, 'P', 10});
    auto w = io::ComtradeWriter::Create(path, o);
    ASSERT_TRUE(w.ok()) << w.status();
    const double good[3] = {1, 2, 3};
    ASSERT_TRUE((*w)->Append(good, 3).ok());
    EXPECT_TRUE(std::filesystem::exists(dat + ".part"));  // written under a temporary name
    const double bad = 11;                                // beyond the full scale
    EXPECT_FALSE((*w)->Append(&bad, 1).ok());
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(dat));
  EXPECT_FALSE(std::filesystem::exists(dat + ".part"));
  EXPECT_FALSE(std::filesystem::exists(path + ".part"));
}

}  // namespace
}  // namespace pqa::synth
