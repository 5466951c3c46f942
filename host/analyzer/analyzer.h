// One analyzer channel set: the blocks of one recording (or one live front
// end) go to the class A measurement engine, the flickermeter and the event
// detector; their outputs meet here, so that each aggregated record carries
// its Pst/Plt and its event flags before anyone sees it.
#ifndef PQA_HOST_ANALYZER_ANALYZER_H_
#define PQA_HOST_ANALYZER_ANALYZER_H_

#include <deque>
#include <functional>
#include <memory>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "host/io/sample_source.h"
#include "host/measure/measurement_engine.h"
#include "pqa/v1/record.pb.h"

namespace pqa::analyzer {

struct AnalyzerConfig {
  measure::EngineConfig engine;  // nominal frequency and voltage, channel indices
  // Record kinds handed out: any of "150cycle", "10min", "2h".
  std::set<std::string> intervals = {"10min"};
  absl::Status Validate() const;
};

using RecordSink = std::function<absl::Status(const pqa::v1::Record&)>;

class Analyzer {
 public:
  static absl::StatusOr<std::unique_ptr<Analyzer>> Create(const AnalyzerConfig& config,
                                                          RecordSink records);
  absl::Status Process(const io::SampleBlock& block);
  // End of input: closes open intervals and hands out everything still held.
  absl::Status Finish();

 private:
  explicit Analyzer(AnalyzerConfig config, RecordSink records);
  absl::Status Release();

  AnalyzerConfig config_;
  RecordSink records_;
  std::unique_ptr<measure::MeasurementEngine> engine_;
  std::deque<pqa::v1::Record> held_;  // closed records waiting for their flags
};

}  // namespace pqa::analyzer

#endif  // PQA_HOST_ANALYZER_ANALYZER_H_
