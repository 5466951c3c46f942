// The field corpus (issue 16): COMTRADE files with the traits real relays,
// recorders and simulators give them, written by the project's own writer
// and then edited byte by byte the way those devices write (wrapped 16-bit
// and nanosecond timestamps, Ctrl-Z padding, digital channels numbered after
// the analogs with holes, rev_year 2001 and a non-standard year, 80 one-cycle
// rate segments, a 960 S/s 1991 ASCII relay record with names like
// "VA(kV)" and two buses, Windows-1251 names, a 100 kS/s FLOAT32 simulator
// file with twelve current channels). Each replays with --interval window
// and gives the analytic RMS of every window within 0.1 % at class A rates
// (from 64 samples per cycle: the engine's resampler passes order 50) and
// within 0.5 % below them.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <functional>
#include <numbers>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/io/comtrade_writer.h"
#include "tests/replay/replay_fixture.h"

namespace pqa::testing {
namespace {

using ::testing::HasSubstr;

constexpr double kF = 60;  // Hz, the supply

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

struct Channel {
  std::string id, phase, unit;
  double rms;        // in `unit`
  double angle_deg;  // at t = 0
};

io::ComtradeWriterOptions Layout(int revision, io::ComtradeFormat format, double rate_hz) {
  io::ComtradeWriterOptions o;
  o.revision = revision;
  o.format = format;
  o.sample_rate_hz = rate_hz;
  return o;
}

// Three-phase voltages (phases A, B, C at 0, -120, +120 degrees).
std::vector<Channel> Voltages(const std::string& a, const std::string& b, const std::string& c,
                              const std::string& unit, double rms, const std::string& ph = "") {
  return {{a, ph.empty() ? "" : "A", unit, rms, 0},
          {b, ph.empty() ? "" : "B", unit, rms, -120},
          {c, ph.empty() ? "" : "C", unit, rms, 120}};
}

// Writes `channels` (pure 60 Hz sinusoids) for `duration_s` at `rates`
// (one rate segment per entry of `segment_samples`, or one segment).
void WriteRecording(const std::string& cfg_path, io::ComtradeWriterOptions o,
                    const std::vector<Channel>& channels, double duration_s,
                    const std::vector<double>& rates = {},
                    const std::vector<int>& segment_samples = {}) {
  for (const Channel& ch : channels) {
    io::ComtradeChannelSpec spec;
    spec.id = ch.id;
    spec.phase = ch.phase;
    spec.unit = ch.unit;
    spec.full_scale = 1.6 * ch.rms * std::numbers::sqrt2;
    o.channels.push_back(spec);
  }
  o.start = MondayMidnight();
  o.nominal_frequency_hz = kF;
  auto writer = io::ComtradeWriter::Create(cfg_path, o);
  ASSERT_TRUE(writer.ok()) << writer.status();
  std::vector<double> frame(channels.size());
  double t = 0;
  auto append = [&](double rate, int samples) {
    for (int k = 0; k < samples; ++k, t += 1 / rate) {
      for (std::size_t c = 0; c < channels.size(); ++c) {
        frame[c] = channels[c].rms * std::numbers::sqrt2 *
                   std::sin(2 * std::numbers::pi * kF * t +
                            channels[c].angle_deg * std::numbers::pi / 180);
      }
      ASSERT_TRUE((*writer)->Append(frame.data(), 1).ok());
    }
  };
  if (segment_samples.empty()) {
    append(o.sample_rate_hz, static_cast<int>(std::llround(duration_s * o.sample_rate_hz)));
  } else {
    for (std::size_t s = 0; s < segment_samples.size(); ++s) {
      if (s > 0) {
        ASSERT_TRUE((*writer)->ChangeRate(rates[s]).ok());
      }
      append(rates[s], segment_samples[s]);
    }
  }
  ASSERT_TRUE((*writer)->Close().ok());
}

// Rewrites the timestamp of every binary record: ts(k) for record k (0-based).
void RewriteTimestamps(const std::string& dat_path, std::size_t record_bytes,
                       const std::function<std::uint32_t(std::int64_t)>& ts) {
  std::string bytes = ReadBytes(dat_path);
  ASSERT_EQ(bytes.size() % record_bytes, 0u);
  for (std::size_t k = 0; k * record_bytes < bytes.size(); ++k) {
    const std::uint32_t v = ts(static_cast<std::int64_t>(k));
    std::memcpy(&bytes[k * record_bytes + 4], &v, 4);
  }
  WriteBytes(dat_path, bytes);
}

replay::ReplayOptions WindowOptions(double nominal_v) {
  replay::ReplayOptions o;
  o.analyzer.intervals = {"window"};
  o.analyzer.flicker = false;  // a few hundred milliseconds never settle a flickermeter
  o.analyzer.engine.nominal_voltage_v = nominal_v;
  o.analyzer.threads = 1;
  return o;
}

// Every window record gives `rms_v` (volts) on each phase within `tolerance`.
void ExpectWindowsAt(const ReplayResult& r, double rms_v, double tolerance, int min_windows,
                     const std::string& what) {
  std::string starts;
  for (const pqa::v1::Record& rec : r.records) absl::StrAppend(&starts, " ", rec.start());
  ASSERT_GE(static_cast<int>(r.records.size()), min_windows) << what << ":" << starts;
  for (const pqa::v1::Record& rec : r.records) {
    EXPECT_EQ(rec.interval(), "window") << what;
    EXPECT_EQ(rec.windows(), 1) << what;
    ASSERT_EQ(rec.phases_size(), 3) << what;
    for (const pqa::v1::PhaseRecord& p : rec.phases()) {
      EXPECT_NEAR(p.rms_v() / rms_v, 1.0, tolerance)
          << what << " " << rec.start() << " " << p.phase();
      EXPECT_NEAR(p.fund_v() / rms_v, 1.0, tolerance)
          << what << " " << rec.start() << " " << p.phase();
    }
    EXPECT_LT(rec.fd_pct(), 100 * tolerance) << what;
  }
}

constexpr double kClassA = 0.001;
constexpr double kBelowClassA = 0.005;

TEST(FieldCorpus, Wrapped16BitMicrosecondTimestamps) {
  TempDir dir;
  const std::string cfg = dir.Path("wrap16.cfg");
  io::ComtradeWriterOptions o = Layout(1999, io::ComtradeFormat::kBinary, 7680);  // 128 per cycle
  WriteRecording(cfg, o, Voltages("VA", "VB", "VC", "V", 127, "ph"), 0.6);
  // A 16-bit microsecond counter wraps every 65.5 ms: nine times here.
  RewriteTimestamps(dir.Path("wrap16.dat"), 8 + 3 * 2, [](std::int64_t k) {
    return static_cast<std::uint32_t>(std::llround(k * 1e6 / 7680)) & 0xFFFF;
  });
  const ReplayResult r = ReplayFile(cfg, WindowOptions(127));
  ExpectWindowsAt(r, 127, kClassA, 2, "wrap16");
  EXPECT_TRUE(r.summary.warnings.empty()) << r.summary.warnings[0];
  EXPECT_EQ(r.summary.max_harmonic_order, 50);
}

TEST(FieldCorpus, NanosecondTimestampsPast32Bits) {
  TempDir dir;
  const std::string cfg = dir.Path("ns.cfg");
  io::ComtradeWriterOptions o = Layout(2013, io::ComtradeFormat::kBinary32, 3840);
  WriteRecording(cfg, o, Voltages("UA", "UB", "UC", "kV", 7.967), 5);
  // Nine fraction digits in the cfg times: the timestamps count nanoseconds
  // (C37.111-2013), and pass 2^32 after 4.3 s.
  WriteBytes(cfg, absl::StrReplaceAll(ReadBytes(cfg), {{":00.000000\r\n", ":00.000000000\r\n"}}));
  RewriteTimestamps(dir.Path("ns.dat"), 8 + 3 * 4, [](std::int64_t k) {
    return static_cast<std::uint32_t>(std::llround(k * 1e9 / 3840) & 0xFFFFFFFFll);
  });
  const ReplayResult r = ReplayFile(cfg, WindowOptions(7967));
  ExpectWindowsAt(r, 7967, kClassA, 20, "ns");
  EXPECT_TRUE(r.summary.warnings.empty()) << r.summary.warnings[0];
}

TEST(FieldCorpus, CtrlZPaddingAfterTheLastRecordAndLine) {
  TempDir dir;
  for (io::ComtradeFormat format : {io::ComtradeFormat::kAscii, io::ComtradeFormat::kBinary}) {
    const std::string name = format == io::ComtradeFormat::kAscii ? "pad_ascii" : "pad_binary";
    const std::string cfg = dir.Path(name + ".cfg");
    io::ComtradeWriterOptions o = Layout(1999, format, 3840);
    WriteRecording(cfg, o, Voltages("Va", "Vb", "Vc", "V", 127), 0.5);
    WriteBytes(cfg, ReadBytes(cfg) + "\x1a");
    // DOS tools pad to a block: Ctrl-Z then NULs (never a whole record).
    WriteBytes(dir.Path(name + ".dat"),
               ReadBytes(dir.Path(name + ".dat")) + "\x1a" + std::string(5, '\0'));
    const ReplayResult r = ReplayFile(cfg, WindowOptions(127));
    ExpectWindowsAt(r, 127, kClassA, 2, name);
  }
}

TEST(FieldCorpus, DigitalChannelsNumberedAfterTheAnalogsWithHoles) {
  TempDir dir;
  const std::string cfg = dir.Path("digital.cfg");
  io::ComtradeWriterOptions o = Layout(1999, io::ComtradeFormat::kAscii, 4800);
  WriteRecording(cfg, o, Voltages("VA", "VB", "VC", "V", 127, "ph"), 0.5);
  // Analog channel 3 disabled (a hole), digital channels 5 and 6 after the analogs.
  std::string text = absl::StrReplaceAll(
      ReadBytes(cfg), {{"3,3A,0D\r\n", "5,3A,2D\r\n"}, {"\r\n3,VC,C,", "\r\n4,VC,C,"}});
  text = absl::StrReplaceAll(text, {{",P\r\n60\r\n", ",P\r\n5,TRIP,,,0\r\n6,52A,,,1\r\n60\r\n"}});
  WriteBytes(cfg, text);
  WriteBytes(dir.Path("digital.dat"),
             absl::StrReplaceAll(ReadBytes(dir.Path("digital.dat")), {{"\r\n", ",0,1\r\n"}}));
  replay::ReplayOptions options = WindowOptions(127);
  options.channels = {"1", "2", "4"};  // the recorder's numbers
  const ReplayResult r = ReplayFile(cfg, options);
  ExpectWindowsAt(r, 127, kClassA, 2, "digital");
  EXPECT_THAT(r.summary.channels, HasSubstr("voltages 1 VA, 2 VB, 4 VC"));
}

TEST(FieldCorpus, RevisionYear2001AndANonStandardYear) {
  TempDir dir;
  const std::string cfg = dir.Path("rev.cfg");
  io::ComtradeWriterOptions o = Layout(1999, io::ComtradeFormat::kBinary, 3840);
  WriteRecording(cfg, o, Voltages("VA", "VB", "VC", "V", 127, "ph"), 0.5);
  const std::string original = ReadBytes(cfg);
  WriteBytes(cfg, absl::StrReplaceAll(original, {{",1999\r\n", ",2001\r\n"}}));
  ReplayResult r = ReplayFile(cfg, WindowOptions(127));
  ExpectWindowsAt(r, 127, kClassA, 2, "2001");
  EXPECT_TRUE(r.summary.warnings.empty());  // IEC 60255-24:2001 is the 1999 layout
  for (const std::string year : {"1997", ""}) {
    WriteBytes(cfg,
               absl::StrReplaceAll(original, {{",1999\r\n", absl::StrCat(",", year, "\r\n")}}));
    r = ReplayFile(cfg, WindowOptions(127));
    ExpectWindowsAt(r, 127, kClassA, 2, absl::StrCat("year '", year, "'"));
    ASSERT_EQ(r.summary.warnings.size(), 1u);
    EXPECT_THAT(r.summary.warnings[0],
                HasSubstr(absl::StrCat("rev_year '", year,
                                       "' is not 1991, 1999 or 2013: read as the 1999 layout")));
  }
}

TEST(FieldCorpus, EightyOneCycleRateSegmentsOfAFrequencyTrackingRecorder) {
  TempDir dir;
  const std::string cfg = dir.Path("tracking.cfg");
  io::ComtradeWriterOptions o = Layout(2013, io::ComtradeFormat::kBinary, 3840);
  std::vector<double> rates;
  std::vector<int> samples;
  for (int s = 0; s < 80; ++s) {  // 64 samples per cycle of a frequency that wanders
    rates.push_back(64 * (kF + 0.3 * std::sin(s * 0.4)));
    samples.push_back(64);
  }
  WriteRecording(cfg, o, Voltages("VA", "VB", "VC", "V", 127, "ph"), 0, rates, samples);
  const ReplayResult r = ReplayFile(cfg, WindowOptions(127));
  // 80 cycles of about 16.7 ms: six whole 12-cycle windows.
  ExpectWindowsAt(r, 127, kClassA, 6, "tracking");
  ASSERT_EQ(r.summary.warnings.size(), 1u);
  EXPECT_THAT(r.summary.warnings[0], HasSubstr("80 rate segments"));
}

TEST(FieldCorpus, RelayRateDropAfterTheTriggerKeepsEveryWindow) {
  // 0.2 s before the trigger at 7,680 S/s, then 0.6 s at 1,920 S/s: one
  // time base, windows across the change, harmonics as far as 1,920 allows.
  TempDir dir;
  const std::string cfg = dir.Path("trigger.cfg");
  io::ComtradeWriterOptions o = Layout(1999, io::ComtradeFormat::kBinary, 7680);
  WriteRecording(cfg, o, Voltages("VA", "VB", "VC", "kV", 7.967, "ph"), 0, {7680, 1920},
                 {1536, 1152});
  const ReplayResult r = ReplayFile(cfg, WindowOptions(7967));
  ExpectWindowsAt(r, 7967, kBelowClassA, 3, "trigger");
  EXPECT_EQ(r.summary.max_harmonic_order, 12);  // 32 samples per cycle
  for (const pqa::v1::Record& rec : r.records) EXPECT_EQ(rec.max_harmonic_order(), 12);
  ASSERT_EQ(r.summary.warnings.size(), 1u);
  EXPECT_THAT(r.summary.warnings[0], HasSubstr("the 1920 Hz part holds nothing above 960 Hz"));
}

TEST(FieldCorpus, Relay960SamplesPerSecond1991AsciiWithTwoBuses) {
  TempDir dir;
  const std::string cfg = dir.Path("relay.cfg");
  io::ComtradeWriterOptions o = Layout(1991, io::ComtradeFormat::kAscii, 960);  // 16 per cycle
  std::vector<Channel> ch = Voltages("VA(kV)", "VB(kV)", "VC(kV)", "", 7.967);
  ch.push_back({"VAB(kV)", "", "", 13.8, 30});  // line-to-line: never a phase voltage
  for (Channel c : Voltages("VA2(kV)", "VB2(kV)", "VC2(kV)", "", 7.0)) ch.push_back(c);  // bus 2
  ch.push_back({"IA(A)", "", "", 400, -20});
  ch.push_back({"IB(A)", "", "", 400, -140});
  WriteRecording(cfg, o, ch, 0.6);
  const ReplayResult r = ReplayFile(cfg, WindowOptions(7967));
  ExpectWindowsAt(r, 7967, kBelowClassA, 2, "relay");
  EXPECT_THAT(
      r.summary.channels,
      HasSubstr("voltages 1 VA(kV), 2 VB(kV), 3 VC(kV) (first of 2 three-phase voltage sets"));
  EXPECT_EQ(r.summary.max_harmonic_order, 6);
  EXPECT_THAT(r.summary.not_measured, HasSubstr("harmonics above order 6"));
  for (const pqa::v1::Record& rec : r.records) {
    EXPECT_EQ(rec.max_harmonic_order(), 6);
    EXPECT_EQ(rec.phases(0).dit_pct_size(), 5);  // orders 2..6
  }
}

TEST(FieldCorpus, Windows1251Names) {
  TempDir dir;
  const std::string cfg = dir.Path("cp1251.cfg");
  io::ComtradeWriterOptions o =
      Layout(1999, io::ComtradeFormat::kBinary, 1200);  // 20 per cycle, a Russian DFR's lower rate
  o.station_name = "\xCF\xD1 110 \xEA\xC2";             // "ПС 110 кВ"
  // "Напр. фаза A" and so on: the phase field says which.
  WriteRecording(
      cfg, o,
      Voltages("\xCD\xE0\xEF\xF0 \xF4\xE0\xE7\xE0 1", "\xCD\xE0\xEF\xF0 \xF4\xE0\xE7\xE0 2",
               "\xCD\xE0\xEF\xF0 \xF4\xE0\xE7\xE0 3", "kV", 63.5, "ph"),
      0.6);
  const ReplayResult r = ReplayFile(cfg, WindowOptions(63500));
  ExpectWindowsAt(r, 63500, kBelowClassA, 2, "cp1251");
  // Printed escaped, never as broken UTF-8.
  EXPECT_THAT(r.summary.channels, HasSubstr("1 \\xCD\\xE0\\xEF\\xF0 \\xF4\\xE0\\xE7\\xE0 1"));
}

TEST(FieldCorpus, Simulator100kSamplesPerSecondFloat32WithTwelveCurrents) {
  TempDir dir;
  const std::string cfg = dir.Path("emt.cfg");
  io::ComtradeWriterOptions o = Layout(2013, io::ComtradeFormat::kFloat32, 100000);
  std::vector<Channel> ch = Voltages("VA", "VB", "VC", "V", 127);
  for (int set = 1; set <= 4; ++set) {
    for (const char* p : {"A", "B", "C"}) {
      ch.push_back({absl::StrCat("I", p, set), "", "A", 100.0 * set,
                    p[0] == 'A'   ? -30.0
                    : p[0] == 'B' ? -150.0
                                  : 90.0});
    }
  }
  WriteRecording(cfg, o, ch, 0.5);
  const ReplayResult r = ReplayFile(cfg, WindowOptions(127));
  ExpectWindowsAt(r, 127, kClassA, 2, "emt");
  EXPECT_THAT(r.summary.channels, HasSubstr("currents 4 IA1, 5 IB1, 6 IC1"));
  EXPECT_TRUE(r.summary.not_measured.empty()) << r.summary.not_measured;
}

TEST(FieldCorpus, EightSamplesPerCycleIsTheLowestRateMeasured) {
  TempDir dir;
  const std::string cfg = dir.Path("eight.cfg");
  io::ComtradeWriterOptions o = Layout(1999, io::ComtradeFormat::kBinary, 480);
  WriteRecording(cfg, o, Voltages("VA", "VB", "VC", "V", 127, "ph"), 0.8);
  const ReplayResult r = ReplayFile(cfg, WindowOptions(127));
  ExpectWindowsAt(r, 127, kBelowClassA, 2, "eight");
  EXPECT_EQ(r.summary.max_harmonic_order, 3);
  for (const pqa::v1::Record& rec : r.records) EXPECT_NEAR(rec.freq_hz(), kF, 0.01);
}

TEST(FieldCorpus, LevelFarFromTheNominalVoltageIsWarnedOnce) {
  TempDir dir;
  const std::string cfg = dir.Path("level.cfg");
  io::ComtradeWriterOptions o = Layout(1999, io::ComtradeFormat::kBinary, 3840);
  WriteRecording(cfg, o, Voltages("VA", "VB", "VC", "kV", 7.967, "ph"), 0.6);
  const ReplayResult r = ReplayFile(cfg, WindowOptions(127));  // the default, for a 13.8 kV feeder
  ASSERT_EQ(r.summary.warnings.size(), 1u);
  EXPECT_THAT(r.summary.warnings[0], HasSubstr("62.7 pu of --nominal-voltage 127 V"));
  EXPECT_THAT(r.summary.warnings[0], HasSubstr("give --nominal-voltage 7967"));
}

// A 127 V, 60 Hz recording at 3840 S/s of `duration_s` whose .cfg has
// `field` written as `mislabelled`, replayed window by window.
ReplayResult ReplayMislabelled(const std::string& field, const std::string& mislabelled,
                               double duration_s) {
  TempDir dir;
  const std::string cfg = dir.Path("mislabelled.cfg");
  io::ComtradeWriterOptions o = Layout(1999, io::ComtradeFormat::kBinary, 3840);
  WriteRecording(cfg, o, Voltages("VA", "VB", "VC", "V", 127, "ph"), duration_s);
  const std::string text = ReadBytes(cfg);
  const std::string edited = absl::StrReplaceAll(text, {{field, mislabelled}});
  EXPECT_NE(edited, text) << field;
  WriteBytes(cfg, edited);
  return ReplayFile(cfg, WindowOptions(127));
}

// A 60 Hz recording whose .cfg says 50 Hz (the line frequency after the
// channels): the replay runs 10-cycle windows for a 50 Hz supply, measures
// 60 Hz, and says once which option to give.
TEST(FieldCorpus, FrequencyFarFromTheNominalIsWarnedOnce) {
  const ReplayResult r = ReplayMislabelled(",P\r\n60\r\n", ",P\r\n50\r\n", 1.0);
  EXPECT_EQ(r.summary.nominal_frequency_hz, 50);
  ASSERT_FALSE(r.records.empty());
  for (const pqa::v1::Record& rec : r.records) EXPECT_NEAR(rec.freq_hz(), kF, 0.01);
  ASSERT_EQ(r.summary.warnings.size(), 1u);
  EXPECT_THAT(r.summary.warnings[0],
              HasSubstr("the measured frequency is 60 Hz, outside 50 Hz +-15 %"));
  EXPECT_THAT(r.summary.warnings[0], HasSubstr("give --nominal-frequency 60"));
}

// A .cfg whose sample rate is half the true one puts the 60 Hz supply at
// 30 Hz, where no window finds its cycles: the windows free-run at 60 Hz
// and read a fundamental of almost nothing. One warning says so (after the
// reader's own about the timestamps), not the level check's advice to give
// a nominal voltage of that nothing.
TEST(FieldCorpus, CyclesNotFoundAreWarnedInsteadOfTheLevel) {
  const ReplayResult r = ReplayMislabelled("\r\n3840,", "\r\n1920,", 2.0);
  ASSERT_FALSE(r.records.empty());
  ASSERT_EQ(r.summary.warnings.size(), 2u);
  EXPECT_THAT(r.summary.warnings[0],
              HasSubstr("timestamps disagree with the declared sample rate"));
  EXPECT_THAT(r.summary.warnings[1], HasSubstr("the windows did not find the supply's cycles"));
  EXPECT_THAT(r.summary.warnings[1], HasSubstr("check the recording's sample rate"));
}

TEST(FieldCorpus, EventsAreCountedWithoutAnEventSink) {
  // A sag to 0.4 pu on phase A in a 0.6 s record at 960 S/s (16 per cycle):
  // Urms(1/2) finds it, and the summary counts it although nobody asked
  // for the events themselves.
  TempDir dir;
  synth::WaveformSpec spec;
  spec.sample_rate_hz = 960;
  spec.duration_s = 0.6;
  spec.start = MondayMidnight();
  spec.frequency_hz = kF;
  spec.nominal_voltage_v = 7967;
  spec.variations = {{0.25, 0.2, 0.4, {true, false, false}}};
  synth::RecordingFormatSpec format;
  format.revision = 1991;
  format.format = io::ComtradeFormat::kAscii;
  const std::string cfg = dir.Path("sag.cfg");
  ASSERT_TRUE(synth::WriteComtrade(spec, format, cfg).ok());
  replay::ReplayOptions options = WindowOptions(7967);
  options.input = cfg;
  auto summary = replay::Replay(options, [](const pqa::v1::Record&) { return absl::OkStatus(); });
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->events, 1);
  ASSERT_EQ(summary->phase_events.size(), 1u);
}

TEST(FieldCorpus, ShorterThanOneWindowSaysItsLength) {
  TempDir dir;
  const std::string cfg = dir.Path("short.cfg");
  io::ComtradeWriterOptions o = Layout(1999, io::ComtradeFormat::kBinary, 3840);
  WriteRecording(cfg, o, Voltages("VA", "VB", "VC", "V", 127, "ph"), 0.15);
  replay::ReplayOptions options = WindowOptions(127);
  options.input = cfg;
  auto summary = replay::Replay(options, [](const pqa::v1::Record&) { return absl::OkStatus(); });
  ASSERT_FALSE(summary.ok());
  EXPECT_THAT(
      std::string(summary.status().message()),
      HasSubstr("the recording is 0.15 s long, shorter than one 12-cycle window (0.2 s at 60 Hz)"));
}

}  // namespace
}  // namespace pqa::testing
