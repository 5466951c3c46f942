#include "tests/replay/replay_fixture.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <random>

#include "absl/strings/str_cat.h"
#include "host/common/time.h"

namespace pqa::testing {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "pqa-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
  dir_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

ReplayResult ReplayFile(const std::string& path, const replay::ReplayOptions& options) {
  ReplayResult result;
  replay::ReplayOptions o = options;
  o.input = path;
  absl::StatusOr<replay::ReplaySummary> summary = replay::Replay(
      o,
      [&](const pqa::v1::Record& r) {
        result.records.push_back(r);
        return absl::OkStatus();
      },
      [&](const vtcd::AggregatedEvent& e) {
        result.events.push_back(e);
        return absl::OkStatus();
      });
  EXPECT_TRUE(summary.ok()) << summary.status().ToString();
  if (summary.ok()) result.summary = *summary;
  return result;
}

ReplayResult SynthesiseAndReplay(const TempDir& dir, const std::string& name,
                                 const synth::WaveformSpec& spec,
                                 const synth::RecordingFormatSpec& format,
                                 const replay::ReplayOptions& options) {
  const std::string path = dir.Path(name);
  const absl::Status written = synth::WriteComtrade(spec, format, path);
  EXPECT_TRUE(written.ok()) << written.ToString();
  if (!written.ok()) return {};
  return ReplayFile(path, options);
}

Agreement ExpectRecordsAgree(const std::vector<pqa::v1::Record>& reference,
                             const std::vector<pqa::v1::Record>& other, double nominal_v,
                             bool skip_flagged) {
  Agreement agreed;
  EXPECT_EQ(reference.size(), other.size());
  for (std::size_t i = 0; i < std::min(reference.size(), other.size()); ++i) {
    const pqa::v1::Record& a = reference[i];
    const pqa::v1::Record& b = other[i];
    const std::string at = absl::StrCat(a.interval(), " ", a.start());
    EXPECT_EQ(a.start(), b.start()) << at;
    EXPECT_EQ(a.complete(), b.complete()) << at;
    if (skip_flagged && (a.flagged() || b.flagged())) continue;
    EXPECT_EQ(a.flagged(), b.flagged()) << at;
    ++agreed.records;
    EXPECT_NEAR(a.freq_hz(), b.freq_hz(), 0.010 / 50) << at;
    EXPECT_NEAR(a.fd_pct(), b.fd_pct(), 0.15 / 50) << at;
    EXPECT_EQ(a.phases_size(), b.phases_size()) << at;
    for (int p = 0; p < std::min(a.phases_size(), b.phases_size()); ++p) {
      const pqa::v1::PhaseRecord& x = a.phases(p);
      const pqa::v1::PhaseRecord& y = b.phases(p);
      EXPECT_NEAR(x.rms_v(), y.rms_v(), 0.001 * nominal_v / 50) << at;
      // Class I below 1 % of nominal: 0.05 % of nominal, here in % of the
      // fundamental; a fiftieth of it.
      for (int h = 0; h < std::min(x.dit_pct_size(), y.dit_pct_size()); ++h) {
        EXPECT_NEAR(x.dit_pct(h), y.dit_pct(h), 0.05 * nominal_v / x.fund_v() / 50)
            << at << " order " << h + 2;
      }
      if (a.interval() == "10min" && a.flicker_complete()) {
        EXPECT_NEAR(x.pst(), y.pst(), 0.01 * x.pst()) << at;
        ++agreed.pst;
      }
    }
  }
  return agreed;
}

TimeNs MondayMidnight() { return *ParseRfc3339("2025-03-03T00:00:00Z"); }

void WriteCsv(const synth::WaveformSpec& spec, const std::string& path) {
  std::ofstream out(path);
  out << "# written by the replay tests from an analytic waveform\n";
  out << "# start=" << FormatRfc3339(spec.start, 6) << "\n";
  out << "# sample_rate_hz=" << spec.sample_rate_hz << "\n";
  out << "time_s,VA[V],VB[V],VC[V]\n";
  synth::WaveformGenerator generator(spec);
  std::vector<double> block(4096 * 3);
  std::size_t n, frame = 0;
  char line[160];
  while ((n = generator.Generate(block.data(), 4096)) > 0) {
    for (std::size_t i = 0; i < n; ++i, ++frame) {
      std::snprintf(line, sizeof line, "%.9f,%.6f,%.6f,%.6f\n",
                    static_cast<double>(frame) / spec.sample_rate_hz, block[3 * i],
                    block[3 * i + 1], block[3 * i + 2]);
      out << line;
    }
  }
}

}  // namespace pqa::testing
