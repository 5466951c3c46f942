#include <cmath>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/io/channel_labels.h"
#include "host/io/channel_selection.h"
#include "host/io/csv_reader.h"
#include "host/io/open_recording.h"

namespace pqa::io {
namespace {

using ::testing::HasSubstr;

std::string CsvFile(const std::string& name, const std::string& text) {
  const std::string path = absl::StrCat(::testing::TempDir(), "/pqa_io_", name, ".csv");
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

constexpr TimeNs kStart = 1740960000LL * kNsPerSecond;  // 2025-03-03T00:00:00Z

std::vector<SampleBlock> ReadAll(SampleSource& s) {
  std::vector<SampleBlock> blocks;
  while (true) {
    SampleBlock b;
    auto more = s.Next(b, 100);
    EXPECT_TRUE(more.ok()) << more.status();
    if (!more.ok() || !*more) return blocks;
    blocks.push_back(std::move(b));
  }
}

absl::Status CsvStatus(const std::string& name, const std::string& text) {
  auto r = CsvReader::Open(CsvFile(name, text));
  if (!r.ok()) return r.status();
  SampleBlock b;
  while (true) {
    auto more = (*r)->Next(b, 100);
    if (!more.ok()) return more.status();
    if (!*more) return absl::OkStatus();
  }
}

TEST(CsvReader, DeclaredRateAndUnitsGiveVoltsAtRowTimes) {
  auto r = OpenRecording(CsvFile("rate",
                                 "# start=2025-03-03T00:00:00Z\n# sample_rate_hz=1000\n"
                                 "# nominal_frequency_hz=50\nVA[kV],VB,IC[A]\n"
                                 "1.5,2,3\n1.6,2,3\n"));
  ASSERT_TRUE(r.ok()) << r.status();
  const StreamInfo& info = (*r)->info();
  EXPECT_EQ(info.start, kStart);
  EXPECT_EQ(info.nominal_frequency_hz, 50);
  ASSERT_EQ(info.channels.size(), 3u);
  EXPECT_EQ(info.channels[0].phase, "A");
  EXPECT_EQ(info.channels[1].quantity, Quantity::kVoltage);
  EXPECT_EQ(info.channels[2].quantity, Quantity::kCurrent);
  EXPECT_EQ(info.channels[2].phase, "C");
  const auto blocks = ReadAll(**r);
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].frames, 2u);
  EXPECT_DOUBLE_EQ(blocks[0].value(1, 0), 1600);  // 1.6 kV
  EXPECT_EQ(blocks[0].sample_rate_hz, 1000);
}

TEST(CsvReader, TimeColumnGivesRateAndStart) {
  auto r = CsvReader::Open(CsvFile("time",
                                   "# start=2025-03-03T00:00:00Z\ntime_s,VA,VB,VC\n"
                                   "0.5,1,2,3\n0.50025,1,2,3\n0.5005,1,2,3\n"));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)->info().start, kStart + 500'000'000);
  const auto blocks = ReadAll(**r);
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_NEAR(blocks[0].sample_rate_hz, 4000, 1e-6);
}

TEST(CsvReader, EmptyFieldMakesAGap) {
  auto r = CsvReader::Open(CsvFile("gap", "# sample_rate_hz=100\nVA,VB,VC\n1,2,3\n1,,3\n1,2,3\n"));
  ASSERT_TRUE(r.ok());
  const auto blocks = ReadAll(**r);
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].frames, 1u);
  EXPECT_EQ(blocks[1].start, 20'000'000);  // third row, 2 / 100 Hz after the epoch
}

TEST(CsvReader, MalformedRowsGiveErrorsNamingTheLine) {
  EXPECT_THAT(CsvStatus("cols", "# sample_rate_hz=100\nVA,VB\n1,2\n1,2,3\n").message(),
              HasSubstr(".csv:4: expected 2 comma-separated fields"));
  EXPECT_THAT(CsvStatus("nan", "# sample_rate_hz=100\nVA,VB\n1,nan\n").message(),
              HasSubstr(".csv:3: VB: expected a finite number, found 'nan'"));
  EXPECT_THAT(CsvStatus("back", "time_s,VA\n0,1\n0.001,1\n0.0005,1\n").message(),
              HasSubstr(".csv:4: time_s: time 0.0005 runs backwards"));
  EXPECT_THAT(
      CsvStatus("jump", "# sample_rate_hz=1000\ntime_s,VA\n0,1\n0.001,1\n0.003,1\n").message(),
      HasSubstr(".csv:5: time_s: time 0.003 jumps"));
  EXPECT_THAT(CsvStatus("grid", "time_s,VA\n0,1\n0.001,1\n0.0026,1\n0.003,1\n").message(),
              HasSubstr(".csv:4: time_s: time 0.0026 is off the uniform grid"));
  EXPECT_THAT(CsvStatus("norate", "VA,VB\n1,2\n").message(), HasSubstr("sample rate is unknown"));
  EXPECT_THAT(CsvStatus("key", "# sample_rate=100\nVA\n1\n").message(),
              HasSubstr(".csv:1: metadata: unknown key 'sample_rate'"));
}

StreamInfo Info(std::vector<ChannelInfo> channels) {
  StreamInfo info;
  info.source_name = "rec.cfg";
  info.channels = std::move(channels);
  return info;
}

TEST(SelectChannels, PicksVoltagesAndCurrentsByPhaseSpelling) {
  const StreamInfo info = Info({{"IL1", "A", Quantity::kCurrent, "A"},
                                {"UL1", "A", Quantity::kVoltage, "kV"},
                                {"UL2", "B", Quantity::kVoltage, "kV"},
                                {"UL3", "C", Quantity::kVoltage, "kV"},
                                {"IL2", "B", Quantity::kCurrent, "A"},
                                {"IL3", "C", Quantity::kCurrent, "A"}});
  auto map = SelectChannels(info, ChannelRequest{});
  ASSERT_TRUE(map.ok()) << map.status();
  EXPECT_EQ(map->voltage, (std::array<int, 3>{1, 2, 3}));
  EXPECT_EQ(map->current, (std::array<int, 3>{0, 4, 5}));
}

TEST(SelectChannels, InfersPhaseFromIdAndAllowsNoCurrents) {
  auto map = SelectChannels(Info({{"Vc", "", Quantity::kVoltage, "V"},
                                  {"Vb", "", Quantity::kVoltage, "V"},
                                  {"Va", "", Quantity::kVoltage, "V"}}),
                            ChannelRequest{});
  ASSERT_TRUE(map.ok()) << map.status();
  EXPECT_EQ(map->voltage, (std::array<int, 3>{2, 1, 0}));
  EXPECT_EQ(map->current_channels(), 0);
}

TEST(SelectChannels, AmbiguityAndAbsenceListTheChannels) {
  const StreamInfo two_a = Info({{"VA_BUS", "A", Quantity::kVoltage, "V"},
                                 {"VA_LINE", "A", Quantity::kVoltage, "V"},
                                 {"VB", "B", Quantity::kVoltage, "V"},
                                 {"VC", "C", Quantity::kVoltage, "V"}});
  auto map = SelectChannels(two_a, ChannelRequest{});
  EXPECT_THAT(map.status().message(), HasSubstr("no complete three-phase voltage set"));
  EXPECT_THAT(map.status().message(), HasSubstr("VA_LINE (phase A, unit V)"));
  auto chosen = SelectChannels(two_a, {"va_line", "vb", "VC"});
  ASSERT_TRUE(chosen.ok()) << chosen.status();
  EXPECT_EQ(chosen->voltage, (std::array<int, 3>{1, 2, 3}));
  EXPECT_THAT(SelectChannels(two_a, {"VX", "VB", "VC"}).status().message(),
              HasSubstr("channel 'VX' not found (neither an id nor a channel number); available: "
                        "0 VA_BUS"));
  EXPECT_THAT(SelectChannels(Info({{"X1", "", Quantity::kOther, "pu"}}), ChannelRequest{})
                  .status()
                  .message(),
              HasSubstr("nothing to measure"));
}

// Names as relays, recorders and simulators write them (issue 16).
TEST(ChannelNames, RecognisesTheFieldSpellings) {
  struct Case {
    const char* id;
    Quantity quantity;
    const char* phase;
    bool line_to_line;
  };
  for (const Case& c : std::vector<Case>{{"VA(kV)", Quantity::kVoltage, "A", false},
                                         {"Va-g", Quantity::kVoltage, "A", false},
                                         {"UA", Quantity::kVoltage, "A", false},
                                         {"Ub1", Quantity::kVoltage, "B", false},
                                         {"L3", Quantity::kOther, "C", false},
                                         {"V2", Quantity::kVoltage, "B", false},
                                         {"F5-VC", Quantity::kVoltage, "C", false},
                                         {"Van", Quantity::kVoltage, "A", false},
                                         {"IR", Quantity::kCurrent, "A", false},
                                         {"UL2", Quantity::kVoltage, "B", false},
                                         {"IN", Quantity::kCurrent, "N", false},
                                         {"Vab", Quantity::kVoltage, "", true},
                                         {"UL12", Quantity::kVoltage, "", true},
                                         {"VCA(kV)", Quantity::kVoltage, "", true}}) {
    const ChannelName n = ParseChannelName(c.id);
    EXPECT_EQ(n.quantity, c.quantity) << c.id;
    EXPECT_EQ(n.phase, c.phase) << c.id;
    EXPECT_EQ(n.line_to_line, c.line_to_line) << c.id;
  }
  EXPECT_EQ(ParseChannelName("VA(kV)").unit, "kV");
  EXPECT_EQ(ParseChannelName("Ua1").set_key, ParseChannelName("Uc1").set_key);
  EXPECT_NE(ParseChannelName("Ua1").set_key, ParseChannelName("Ua2").set_key);
  EXPECT_EQ(EscapedText("VA \xCD\xE0"), "VA \\xCD\\xE0");    // Windows-1251 bytes
  EXPECT_EQ(EscapedText("Tens\xC3\xA3o"), "Tens\xC3\xA3o");  // valid UTF-8 passes
}

TEST(SelectChannels, FirstCompleteSetOfSeveralAndNumbers) {
  StreamInfo info = Info({{"Ua2", "", Quantity::kVoltage, "kV"},
                          {"Ua1", "", Quantity::kVoltage, "kV"},
                          {"Ub1", "", Quantity::kVoltage, "kV"},
                          {"Uab1", "", Quantity::kVoltage, "kV"},
                          {"Uc1", "", Quantity::kVoltage, "kV"},
                          {"Ub2", "", Quantity::kVoltage, "kV"},
                          {"Uc2", "", Quantity::kVoltage, "kV"},
                          {"IA", "", Quantity::kCurrent, "A"},
                          {"IA", "", Quantity::kCurrent, "A"},
                          {"IB", "", Quantity::kCurrent, "A"}});
  for (std::size_t i = 0; i < info.channels.size(); ++i)
    info.channels[i].number = 11 + 2 * static_cast<int>(i);
  auto map = SelectChannels(info, ChannelRequest{});
  ASSERT_TRUE(map.ok()) << map.status();
  // Both sets are complete: the one whose first channel comes first (bus 2
  // here) is taken, and the description says there was another.
  EXPECT_EQ(map->voltage, (std::array<int, 3>{0, 5, 6}));
  EXPECT_EQ(map->current_channels(), 0);  // ambiguous, incomplete currents never stop a run
  EXPECT_THAT(map->description, HasSubstr("voltages 11 Ua2, 21 Ub2, 23 Uc2 (first of 2"));
  auto by_number = SelectChannels(info, {"13", "15", "19"});
  ASSERT_TRUE(by_number.ok()) << by_number.status();
  EXPECT_EQ(by_number->voltage, (std::array<int, 3>{1, 2, 4}));
}

TEST(CsvReader, SpreadsheetExportWithSemicolonsDecimalCommasQuotesAndBom) {
  const std::string path =
      CsvFile("sheet",
              "\xEF\xBB\xBF# sample_rate_hz=1000\n\"VA[V]\";\"VB[V]\";\"VC[V]\"\n"
              "179,6;-89,8;-89,8\n\"1,5\";2;-3,25\n");
  auto r = OpenRecording(path);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ((*r)->info().channels.size(), 3u);
  EXPECT_EQ((*r)->info().channels[0].name, "VA");
  SampleBlock b;
  auto more = (*r)->Next(b, 10);
  ASSERT_TRUE(more.ok() && *more) << more.status();
  ASSERT_EQ(b.frames, 2u);
  EXPECT_DOUBLE_EQ(b.value(0, 0), 179.6);
  EXPECT_DOUBLE_EQ(b.value(1, 0), 1.5);
  EXPECT_DOUBLE_EQ(b.value(1, 2), -3.25);
  EXPECT_THAT(CsvStatus("sheet_dash",
                        "# sample_rate_hz=1000\nVA;VB;VC\n1,5;\xE2\x80\x93"
                        "2;3\n")
                  .message(),
              HasSubstr(".csv:3: VB: expected a number"));
}

TEST(OpenRecording, RefusesUnknownExtensionAndFormat) {
  EXPECT_THAT(OpenRecording("rec.txt").status().message(), HasSubstr("--format"));
  EXPECT_FALSE(ParseRecordingFormat("xml").ok());
  EXPECT_EQ(*ParseRecordingFormat("csv"), RecordingFormat::kCsv);
}

}  // namespace
}  // namespace pqa::io
