// Every COMTRADE revision and data format, and CSV, carrying the same
// analytic waveform, give the same records: the reader, not the file
// format, must never change a measured value beyond the format's own
// quantisation.
#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "host/io/comtrade_config.h"
#include "tests/replay/replay_fixture.h"

namespace pqa::testing {
namespace {

using Timestamps = synth::RecordingFormatSpec::Timestamps;

synth::WaveformSpec Content() {
  synth::WaveformSpec spec;
  spec.sample_rate_hz = 6000;  // 100 per cycle at 60 Hz, fine for ASCII file sizes
  spec.duration_s = 20;
  spec.start = MondayMidnight() + 3 * kNsPerSecond;
  spec.frequency_hz = 59.9;
  spec.magnitude_pu = {1.0, 0.98, 1.01};
  spec.harmonics = {{3, 0.02, 0}, {5, 0.04, 30}, {11, 0.006, 0}};
  spec.variations = {{8.004, 0.3, 0.6, {true, false, false}}};
  return spec;
}

replay::ReplayOptions Options() {
  replay::ReplayOptions o;
  o.analyzer.intervals = {"150cycle"};
  o.analyzer.flicker = false;  // 20 s never settle a flickermeter
  return o;
}

struct FormatCase {
  std::string name;
  int revision;
  io::ComtradeFormat format;
  bool single_file;
  Timestamps timestamps;
};

// The reference: FLOAT32 carries the generator's values to 24 bits.
const ReplayResult& Reference(const TempDir& dir) {
  static const ReplayResult result = [&] {
    synth::RecordingFormatSpec f;
    f.format = io::ComtradeFormat::kFloat32;
    return SynthesiseAndReplay(dir, "reference.cfg", Content(), f, Options());
  }();
  return result;
}

// Quantisation bounds: the integer formats step by full scale / max code
// (about 1.5 x peak / 32767 = 0.008 V for BINARY at 127 V); uniform
// quantisation noise of step / sqrt(12) adds in quadrature to RMS (1e-9
// relative) and spreads over all 2048 bins of a window, so 1e-4 relative on
// RMS and 0.002 percentage points on each harmonic and on FD are far above
// what a correct reader can produce and far below any real reader bug
// (a wrong scale, a dropped or repeated frame, a time shift).
void ExpectSameRecords(const ReplayResult& got, const ReplayResult& want, const std::string& name) {
  ASSERT_EQ(got.records.size(), want.records.size()) << name;
  ASSERT_FALSE(want.records.empty());
  for (std::size_t i = 0; i < want.records.size(); ++i) {
    const pqa::v1::Record& a = got.records[i];
    const pqa::v1::Record& b = want.records[i];
    const std::string at = absl::StrCat(name, " record ", b.start());
    EXPECT_EQ(a.start(), b.start()) << at;
    EXPECT_EQ(a.complete(), b.complete()) << at;
    EXPECT_EQ(a.flagged(), b.flagged()) << at;
    EXPECT_EQ(a.windows(), b.windows()) << at;
    EXPECT_NEAR(a.freq_hz(), b.freq_hz(), 1e-4) << at;
    EXPECT_NEAR(a.fd_pct(), b.fd_pct(), 0.002) << at;
    ASSERT_EQ(a.phases_size(), b.phases_size()) << at;
    for (int p = 0; p < b.phases_size(); ++p) {
      EXPECT_NEAR(a.phases(p).rms_v(), b.phases(p).rms_v(), 1e-4 * b.phases(p).rms_v()) << at;
      for (int h = 0; h < b.phases(p).dit_pct_size(); ++h) {
        EXPECT_NEAR(a.phases(p).dit_pct(h), b.phases(p).dit_pct(h), 0.002)
            << at << " order " << h + 2;
      }
    }
  }
  ASSERT_EQ(got.events.size(), want.events.size()) << name;
}

class EveryFormat : public ::testing::TestWithParam<FormatCase> {};

TEST_P(EveryFormat, GivesTheSameRecordsAsTheFloatReference) {
  static TempDir dir;
  const FormatCase& c = GetParam();
  synth::RecordingFormatSpec f;
  f.revision = c.revision;
  f.format = c.format;
  f.single_file = c.single_file;
  f.timestamps = c.timestamps;
  const ReplayResult got =
      SynthesiseAndReplay(dir, c.name + (c.single_file ? ".cff" : ".cfg"), Content(), f, Options());
  ExpectSameRecords(got, Reference(dir), c.name);
  // The content itself: one 300 ms sag to 0.6 pu on phase A.
  ASSERT_EQ(got.events.size(), 1u) << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    Comtrade, EveryFormat,
    ::testing::Values(
        FormatCase{"r1991_ascii", 1991, io::ComtradeFormat::kAscii, false, Timestamps::kOn},
        FormatCase{"r1991_binary", 1991, io::ComtradeFormat::kBinary, false, Timestamps::kOn},
        FormatCase{"r1999_ascii", 1999, io::ComtradeFormat::kAscii, false, Timestamps::kOn},
        FormatCase{"r1999_binary", 1999, io::ComtradeFormat::kBinary, false, Timestamps::kOff},
        FormatCase{"r2013_binary32", 2013, io::ComtradeFormat::kBinary32, false, Timestamps::kOn},
        FormatCase{"r2013_float32_no_ts", 2013, io::ComtradeFormat::kFloat32, false,
                   Timestamps::kOff},
        FormatCase{"r2013_cff_binary", 2013, io::ComtradeFormat::kBinary, true, Timestamps::kOn},
        FormatCase{"r2013_cff_ascii", 2013, io::ComtradeFormat::kAscii, true, Timestamps::kOff}),
    [](const auto& test) { return test.param.name; });

TEST(Csv, GivesTheSameRecordsAsComtrade) {
  static TempDir dir;
  const std::string path = dir.Path("content.csv");
  WriteCsv(Content(), path);
  ExpectSameRecords(ReplayFile(path, Options()), Reference(dir), "csv");
}

}  // namespace
}  // namespace pqa::testing
