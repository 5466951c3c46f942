#include "host/replay/replay.h"

#include <time.h>

#include <chrono>

#include "absl/strings/str_cat.h"
#include "host/common/status_macros.h"
#include "host/io/channel_selection.h"

namespace pqa::replay {
namespace {

double ProcessCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

absl::Status Located(const std::string& source, const absl::Status& st) {
  // Reader errors already name the file they found at fault (the .dat of a
  // .cfg, for instance): keep those as they are.
  const std::string message(st.message());
  const std::string stem = source.substr(0, source.find_last_of('.'));
  if (message.find(stem) != std::string::npos) return st;
  return absl::Status(st.code(), absl::StrCat(source, ": ", message));
}

}  // namespace

absl::StatusOr<ReplaySummary> ReplaySource(io::SampleSource& source, const ReplayOptions& options,
                                           analyzer::RecordSink records, analyzer::EventSink events,
                                           ProgressFn progress) {
  const io::StreamInfo& info = source.info();
  ReplaySummary summary;
  summary.source = info.source_name;
  if (options.frames_per_block == 0) {
    return absl::InvalidArgumentError("frames_per_block must be > 0");
  }
  auto map = io::SelectChannels(info, options.channels);
  if (!map.ok()) return Located(info.source_name, map.status());
  PQA_RETURN_IF_ERROR(source.SetRequiredChannels(io::UsedChannels(*map)));

  analyzer::AnalyzerConfig config = options.analyzer;
  for (int p = 0; p < 3; ++p) config.engine.phase_channels[p] = static_cast<int>(map->voltage[p]);
  double f = options.nominal_frequency_hz;
  if (f == 0)
    f = info.nominal_frequency_hz == 50 || info.nominal_frequency_hz == 60
            ? info.nominal_frequency_hz
            : 60;
  config.engine.nominal_frequency_hz = f;
  summary.nominal_frequency_hz = f;

  long long record_count = 0, event_count = 0;
  auto counted_records = [&](const pqa::v1::Record& r) {
    ++record_count;
    return records ? records(r) : absl::OkStatus();
  };
  analyzer::EventSink counted_events;
  if (events) {
    counted_events = [&](const vtcd::AggregatedEvent& e) {
      ++event_count;
      return events(e);
    };
  }
  PQA_ASSIGN_OR_RETURN(std::unique_ptr<analyzer::Analyzer> analyzer,
                       analyzer::Analyzer::Create(config, counted_records, counted_events));
  if (options.pinst_observer) analyzer->set_pinst_observer(options.pinst_observer);
  const auto wall_start = std::chrono::steady_clock::now();
  const double cpu_start = ProcessCpuSeconds();
  io::SampleBlock block;
  TimeNs first = 0, end = 0;
  double rate_hz = 0;  // of the latest block
  bool any = false;
  while (true) {
    absl::StatusOr<bool> got = source.Next(block, options.frames_per_block);
    if (!got.ok()) return Located(info.source_name, got.status());
    if (!*got) break;
    if (!any) first = block.start;
    any = true;
    rate_hz = block.sample_rate_hz;
    if (auto st = analyzer->Process(block); !st.ok()) return Located(info.source_name, st);
    end = block.start +
          static_cast<TimeNs>(static_cast<double>(block.frames) * 1e9 / block.sample_rate_hz);
    if (progress) progress(static_cast<double>(end - first) / 1e9, info.duration_s);
  }
  if (auto st = analyzer->Finish(); !st.ok()) return Located(info.source_name, st);
  summary.wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  summary.cpu_s = ProcessCpuSeconds() - cpu_start;
  summary.signal_s = static_cast<double>(end - first) / 1e9;
  summary.records = record_count;
  summary.events = event_count;
  summary.phase_events = analyzer->phase_events();
  summary.phase_names = analyzer->phase_names();
  if (config.backend_report && any) {
    summary.backend_report = config.backend_report(rate_hz, f);
  }
  if (!any) {
    return absl::InvalidArgumentError(
        absl::StrCat(info.source_name, ": the recording holds no samples"));
  }
  return summary;
}

absl::StatusOr<ReplaySummary> Replay(const ReplayOptions& options, analyzer::RecordSink records,
                                     analyzer::EventSink events, ProgressFn progress) {
  PQA_ASSIGN_OR_RETURN(std::unique_ptr<io::SampleSource> source,
                       io::OpenRecording(options.input, options.format));
  return ReplaySource(*source, options, std::move(records), std::move(events), std::move(progress));
}

}  // namespace pqa::replay
