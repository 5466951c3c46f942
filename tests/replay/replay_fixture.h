// Test support for the end-to-end tests: synthesise a recording with
// analytically known content into a temporary directory, replay it through
// the real path (file -> reader -> analyzer -> records/events), and hand the
// results back.
#ifndef PQA_TESTS_REPLAY_REPLAY_FIXTURE_H_
#define PQA_TESTS_REPLAY_REPLAY_FIXTURE_H_

#include <filesystem>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "host/replay/replay.h"
#include "host/synth/synth_recording.h"
#include "host/synth/waveform.h"
#include "host/vtcd/vtcd_event.h"
#include "pqa/v1/record.pb.h"

namespace pqa::testing {

// A directory that disappears with the test.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

 private:
  std::filesystem::path dir_;
};

struct ReplayResult {
  std::vector<pqa::v1::Record> records;
  std::vector<vtcd::AggregatedEvent> events;
  replay::ReplaySummary summary;
};

// Replays `path`; fails the test (and returns what it has) on an error.
ReplayResult ReplayFile(const std::string& path, const replay::ReplayOptions& options);

// Writes `spec` to `dir` as `name` (.cfg or .cff) in `format`, then replays it.
ReplayResult SynthesiseAndReplay(const TempDir& dir, const std::string& name,
                                 const synth::WaveformSpec& spec,
                                 const synth::RecordingFormatSpec& format,
                                 const replay::ReplayOptions& options);

// The acceptance of the kernel backends against a reference (issue 6): the
// same records (starts, completeness), each value within a fiftieth of its
// class A / class I tolerance at `nominal_v` (RMS volts), Pst of complete
// 10-minute records within 1 %. With `skip_flagged`, records either side
// flagged are left out (their flags follow each path's event edges);
// otherwise the flags must match.
struct Agreement {
  int records = 0;  // records whose values were compared
  int pst = 0;      // phase Pst values compared
};
Agreement ExpectRecordsAgree(const std::vector<pqa::v1::Record>& reference,
                             const std::vector<pqa::v1::Record>& other, double nominal_v,
                             bool skip_flagged = false);

// 2025-03-03T00:00:00Z: a Monday, on a 2-hour boundary.
TimeNs MondayMidnight();

// Writes `spec` as pqa CSV (header `time_s,VA[V],VB[V],VC[V]`).
void WriteCsv(const synth::WaveformSpec& spec, const std::string& path);

}  // namespace pqa::testing

#endif  // PQA_TESTS_REPLAY_REPLAY_FIXTURE_H_
