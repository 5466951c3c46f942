// Issue 20: recordings that are not what they claim. Each case failed
// before the checked time conversions and the checked file opening.
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/io/comtrade_reader.h"
#include "host/io/csv_reader.h"

namespace pqa::io {
namespace {

using ::testing::HasSubstr;

std::string TempPath(const std::string& name) {
  return absl::StrCat(::testing::TempDir(), "/pqa_hostile_", getpid(), "_", name);
}

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// A 1999 ASCII recording: 1 analog channel, 1 kHz, 2 samples, dated `date`.
std::string Cfg(const std::string& date) {
  return absl::StrCat("STN,DEV,1999\r\n1,1A,0D\r\n1,VA,A,,V,1,0,0,-99999,99998,1,1,P\r\n60\r\n",
                      "1\r\n1000,2\r\n", date, ",00:00:00.000000\r\n", date,
                      ",00:00:00.000000\r\nASCII\r\n1\r\n");
}
const char kDat[] = "1,0,100\r\n2,1000,101\r\n";

std::string OpenError(const std::string& path) {
  auto r = ComtradeReader::Open(path);
  return r.ok() ? "OK" : std::string(r.status().message());
}

TEST(HostileComtrade, DatesOutsideTheRangeOrTheCalendarAreRefused) {
  struct Case {
    const char* date;
    const char* expected;
  };
  // 9999 replayed as 1815; 31/02/2025 was read as 3 March.
  for (const Case& c : {Case{"01/01/9999", "year 9999 is outside the time range"},
                        Case{"01/01/1600", "year 1600 is outside the time range"},
                        Case{"31/02/2025", "2025-02-31 is not a calendar day"},
                        Case{"29/02/2025", "2025-02-29 is not a calendar day"}}) {
    const std::string base = TempPath(absl::StrReplaceAll(c.date, {{"/", "_"}}));
    WriteText(base + ".cfg", Cfg(c.date));
    WriteText(base + ".dat", kDat);
    const std::string error = OpenError(base + ".cfg");
    EXPECT_THAT(error, HasSubstr(".cfg:7: first sample date/time")) << c.date;
    EXPECT_THAT(error, HasSubstr(c.expected)) << c.date;
  }
  // Found by fuzzing (tests/fuzz/corpus/comtrade_cfg/regression-digits-overflow):
  // a long run of digits or garbage in a date overflowed an int.
  for (const char* date : {"03/03/99999999999", "03/03/\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01"}) {
    const std::string base = TempPath("digits");
    WriteText(base + ".cfg", Cfg(date));
    WriteText(base + ".dat", kDat);
    EXPECT_THAT(OpenError(base + ".cfg"), HasSubstr("expected dd/mm/yyyy")) << date;
  }
  const std::string leap = TempPath("leap");
  WriteText(leap + ".cfg", Cfg("29/02/2024"));
  WriteText(leap + ".dat", kDat);
  auto r = ComtradeReader::Open(leap + ".cfg");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)->info().start, FromCivilDay(2024, 2, 29));
}

TEST(HostileComtrade, TimestampsThatLeaveTheRangeAreRefused) {
  // timemult 1e300: the first timestamp times it would overflow the clock.
  const std::string base = TempPath("timemult");
  WriteText(base + ".cfg",
            absl::StrReplaceAll(Cfg("03/03/2025"), {{"ASCII\r\n1\r\n", "ASCII\r\n1e300\r\n"}}));
  WriteText(base + ".dat", "1,5,100\r\n2,1005,101\r\n");
  EXPECT_THAT(OpenError(base + ".cfg"),
              HasSubstr("timemult.cfg: timemult x largest timestamp: inf s is not a finite time "
                        "offset within the 1970-2200 range"));
}

TEST(HostileComtrade, ADirectoryOrADeviceIsNotARegularFile) {
  // A .dat that is a directory was "truncated data: 9223372036854775807 bytes".
  const std::string dir = TempPath("dir");
  WriteText(dir + ".cfg", absl::StrReplaceAll(Cfg("03/03/2025"), {{"ASCII", "BINARY"}}));
  std::filesystem::create_directories(dir + ".dat");
  EXPECT_THAT(OpenError(dir + ".cfg"), HasSubstr(".dat: not a regular file (a directory)"));
  // /dev/zero as a .cfg grew memory without bound.
  const std::string zero = TempPath("zero");
  std::filesystem::remove(zero + ".cfg");
  std::filesystem::create_symlink("/dev/zero", zero + ".cfg");
  WriteText(zero + ".dat", kDat);
  EXPECT_THAT(OpenError(zero + ".cfg"),
              HasSubstr("zero.cfg: not a regular file (a character device)"));
  // A FIFO is refused without blocking on open.
  const std::string fifo = TempPath("fifo");
  std::filesystem::remove(fifo + ".cfg");
  ASSERT_EQ(mkfifo((fifo + ".cfg").c_str(), 0600), 0);
  WriteText(fifo + ".dat", kDat);
  EXPECT_THAT(OpenError(fifo + ".cfg"), HasSubstr("not a regular file (a FIFO)"));
  std::filesystem::remove(fifo + ".cfg");
}

long MaxRssKb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

TEST(HostileComtrade, AHugeLineIsRefusedInBoundedMemory) {
  // A 2 GB ASCII .dat without a line break took 4 GB of memory to refuse.
  // Sparse: no disk is used; the reader stops after kMaxInputLineBytes.
  const std::string base = TempPath("huge");
  WriteText(base + ".cfg", Cfg("03/03/2025"));
  WriteText(base + ".dat", "");
  std::filesystem::resize_file(base + ".dat", std::uintmax_t{2} << 30);
  const long before = MaxRssKb();
  EXPECT_THAT(OpenError(base + ".cfg"), HasSubstr(".dat:1: line longer than 1048576 bytes"));
  EXPECT_LT(MaxRssKb() - before, 64 * 1024) << "kB of peak memory grew";
  std::filesystem::remove(base + ".dat");
  // A .cfg of two million empty lines is a data file, not a configuration.
  const std::string many = TempPath("many");
  WriteText(many + ".cfg", std::string(2'000'200, '\n'));
  WriteText(many + ".dat", kDat);
  EXPECT_THAT(OpenError(many + ".cfg"), HasSubstr("not a COMTRADE .cfg"));
}

std::string CsvError(const std::string& name, const std::string& text) {
  const std::string path = TempPath(name + ".csv");
  WriteText(path, text);
  auto r = CsvReader::Open(path);
  if (!r.ok()) return std::string(r.status().message());
  SampleBlock b;
  for (;;) {
    auto more = (*r)->Next(b, 100);
    if (!more.ok()) return std::string(more.status().message());
    if (!*more) return "OK";
  }
}

TEST(HostileCsv, StartsOutsideTheRangeAreRefusedNotSaturated) {
  // A CSV start in 9999 or 1600 became 2262-04-11.
  for (const char* start : {"9999-01-01T00:00:00Z", "1600-01-01T00:00:00Z"}) {
    EXPECT_THAT(CsvError("start", absl::StrCat("# start=", start,
                                               "\n# sample_rate_hz=100\nVA,VB,VC\n1,2,3\n")),
                HasSubstr("outside the time range"))
        << start;
  }
  EXPECT_THAT(CsvError("feb31", "# start=2025-02-31T00:00:00Z\n# sample_rate_hz=100\nVA\n1\n"),
              HasSubstr("start"));
  // A first time_s of 1e300 s would overflow the start.
  EXPECT_THAT(CsvError("time", "# start=2025-03-03T00:00:00Z\ntime_s,VA\n1e300,1\n2e300,1\n"),
              HasSubstr("first time_s"));
  // A rate of 1e-300 Hz put the second row beyond the clock (signed overflow).
  EXPECT_THAT(CsvError("rate", "# start=2025-03-03T00:00:00Z\n# sample_rate_hz=1e-300\nVA\n1\n2\n"),
              HasSubstr(":5: time: row 1 at 1e-300 Hz lies beyond the supported time range"));
}

TEST(HostileCsv, ADirectoryAndAHugeLineAreRefused) {
  const std::string dir = TempPath("csvdir.csv");
  std::filesystem::create_directories(dir);
  auto r = CsvReader::Open(dir);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("not a regular file (a directory)"));
  EXPECT_THAT(CsvError("long", "# sample_rate_hz=100\nVA\n" + std::string(2 << 20, '1') + "\n"),
              HasSubstr(":3: line longer than"));
}

}  // namespace
}  // namespace pqa::io
