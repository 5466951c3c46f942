#include "host/analyzer/analyzer.h"

#include "absl/strings/str_cat.h"
#include "host/common/status_macros.h"

namespace pqa::analyzer {

absl::Status AnalyzerConfig::Validate() const {
  for (const std::string& kind : intervals) {
    if (kind != "150cycle" && kind != "10min" && kind != "2h") {
      return absl::InvalidArgumentError(
          absl::StrCat("interval '", kind, "' is not one of 150cycle, 10min, 2h"));
    }
  }
  return engine.Validate();
}

Analyzer::Analyzer(AnalyzerConfig config, RecordSink records)
    : config_(std::move(config)), records_(std::move(records)) {}

absl::StatusOr<std::unique_ptr<Analyzer>> Analyzer::Create(const AnalyzerConfig& config,
                                                           RecordSink records) {
  PQA_RETURN_IF_ERROR(config.Validate());
  std::unique_ptr<Analyzer> a(new Analyzer(config, std::move(records)));
  measure::EngineConfig engine = config.engine;
  // Flicker needs 10-minute records and Plt the 2-hour ones even when only
  // another kind is printed, so the engine always aggregates them.
  engine.emit_150_cycle = config.intervals.count("150cycle") > 0;
  engine.emit_10_min = true;
  engine.emit_2_hour = true;
  Analyzer* self = a.get();
  PQA_ASSIGN_OR_RETURN(a->engine_,
                       measure::MeasurementEngine::Create(
                           engine, [self](const pqa::v1::Record& r) { self->held_.push_back(r); }));
  return a;
}

absl::Status Analyzer::Process(const io::SampleBlock& block) {
  PQA_RETURN_IF_ERROR(engine_->Process(block));
  return Release();
}

absl::Status Analyzer::Finish() {
  PQA_RETURN_IF_ERROR(engine_->Finish());
  return Release();
}

absl::Status Analyzer::Release() {
  while (!held_.empty()) {
    pqa::v1::Record r = std::move(held_.front());
    held_.pop_front();
    if (config_.intervals.count(r.interval())) PQA_RETURN_IF_ERROR(records_(r));
  }
  return absl::OkStatus();
}

}  // namespace pqa::analyzer
