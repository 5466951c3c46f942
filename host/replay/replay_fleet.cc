#include "host/replay/replay_fleet.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "host/cli/progress.h"
#include "host/common/clocks.h"

namespace pqa::replay {
namespace {

namespace fs = std::filesystem;

bool NamesDirectory(const std::string& value) {
  if (value.empty() || value == "-") return false;
  if (value.back() == '/') return true;
  std::error_code ec;
  return fs::is_directory(value, ec);
}

// Every output file of a recording, with the option that names it.
std::vector<std::pair<std::string, std::string>> NamedOutputs(const ReplayOutputPaths& p) {
  std::vector<std::pair<std::string, std::string>> named = {{"--records", p.records},
                                                            {"--events", p.events},
                                                            {"--phase-events", p.phase_events},
                                                            {"--event-curves", p.event_curves}};
  std::erase_if(named, [](const auto& n) { return n.second.empty() || n.second == "-"; });
  return named;
}

}  // namespace

absl::StatusOr<std::string> FleetOutputPath(const std::string& option, const std::string& value,
                                            const std::string& input, const std::string& kind,
                                            bool several_inputs) {
  const fs::path in(input);
  const std::string stem = in.stem().string();
  const std::string dir = in.has_parent_path() ? in.parent_path().string() : ".";
  if (value.find("{stem}") != std::string::npos || value.find("{dir}") != std::string::npos) {
    return absl::StrReplaceAll(value, {{"{stem}", stem}, {"{dir}", dir}});
  }
  if (NamesDirectory(value)) return (fs::path(value) / (stem + "." + kind + ".jsonl")).string();
  if (several_inputs) {
    const std::string what = value == "-" ? "stdout cannot hold several recordings' " + kind
                                          : "'" + value + "' is one file";
    return absl::InvalidArgumentError(
        absl::StrCat(option, " ", value, ": ", what, "; with several recordings name a directory (",
                     option, " out/ writes out/STEM.", kind, ".jsonl) or a pattern with {stem} (",
                     option, " out/{stem}-", kind, ".jsonl)"));
  }
  return value;
}

absl::StatusOr<std::vector<FleetRecording>> PlanFleet(const std::vector<std::string>& inputs,
                                                      const ReplayOptions& options,
                                                      const FleetOutputOptions& outputs) {
  const bool several = inputs.size() > 1;
  // With several inputs and no --records, each recording's records go beside it.
  const std::string records =
      several && !outputs.records_given ? "{dir}/{stem}.records.jsonl" : outputs.records;
  std::vector<FleetRecording> plan;
  std::map<std::string, std::string> writer_of;  // output file -> the input writing it
  std::vector<fs::path> directories;
  for (const std::string& input : inputs) {
    FleetRecording r;
    r.options = options;
    r.options.input = input;
    struct Slot {
      const char* option;
      const char* kind;
      const std::string& value;
      std::string& path;
    };
    for (const Slot& s :
         {Slot{"--records", "records", records, r.outputs.records},
          Slot{"--events", "events", outputs.events, r.outputs.events},
          Slot{"--phase-events", "phase-events", outputs.phase_events, r.outputs.phase_events},
          Slot{"--event-curves", "event-curves", outputs.event_curves, r.outputs.event_curves}}) {
      if (s.value.empty()) {
        s.path.clear();
        continue;
      }
      absl::StatusOr<std::string> path = FleetOutputPath(s.option, s.value, input, s.kind, several);
      if (!path.ok()) return path.status();
      s.path = *path;
      // A pattern or a directory may name directories still to be made.
      if (s.path != s.value && fs::path(s.path).has_parent_path()) {
        directories.push_back(fs::path(s.path).parent_path());
      }
    }
    for (const auto& [option, path] : NamedOutputs(r.outputs)) {
      auto [it, fresh] = writer_of.emplace(path, input);
      if (!fresh) {
        // site/* names each recording twice, by its .cfg and by its .dat.
        const bool one_recording =
            fs::path(it->second).replace_extension() == fs::path(input).replace_extension();
        return absl::InvalidArgumentError(absl::StrCat(
            option, ": ", it->second, " and ", input, " would both write ", path,
            it->second == input ? " (two outputs name one file)"
            : one_recording     ? " (one recording named twice: name its .cfg only, e.g. "
                                  "site/*.cfg)"
                                : " (same file name: put {dir} in the pattern, or replay them "
                                  "in separate runs)"));
      }
    }
    plan.push_back(std::move(r));
  }
  for (const fs::path& d : directories) {
    std::error_code ec;
    fs::create_directories(d, ec);
    if (ec) {
      return absl::FailedPreconditionError(
          absl::StrCat("cannot create the output directory ", d.string(), ": ", ec.message()));
    }
  }
  return plan;
}

FleetSummary RunFleet(const std::vector<FleetRecording>& recordings, int jobs,
                      const vtcd::RegionMap& regions, std::ostream& out, std::ostream& err,
                      bool progress, bool quiet) {
  const std::size_t n = recordings.size();
  const auto wall_start = std::chrono::steady_clock::now();
  const double cpu_start = ProcessCpuSeconds();
  std::mutex mu;  // guards everything below and `err`
  FleetSummary summary;
  cli::ProgressLine line("replay", err, progress && !quiet);
  std::vector<double> done_s(n, 0), total_s(n, 0);
  std::size_t finished = 0, running = 0;
  std::vector<std::string> failed;
  std::atomic<std::size_t> next{0};

  // One line for the whole fleet: files done and running, and the signal
  // done out of the lengths of the recordings started so far.
  auto draw = [&] {
    double done = 0, total = 0;
    for (std::size_t i = 0; i < n; ++i) {
      done += done_s[i];
      total += total_s[i];
    }
    line.SetLabel(absl::StrCat("replay: ", finished, " of ", n, " recordings done, ", running,
                               " running; signal"));
    line.Update(done, next.load() >= n ? total : 0);
  };
  auto replay_one = [&](std::size_t i) {
    const FleetRecording& r = recordings[i];
    {
      std::lock_guard<std::mutex> lock(mu);
      ++running;
    }
    absl::StatusOr<ReplaySummary> result =
        ReplayToOutputs(r.options, r.outputs, regions, out, [&, i](double done, double total) {
          std::lock_guard<std::mutex> lock(mu);
          done_s[i] = done;
          total_s[i] = total;
          draw();
        });
    std::lock_guard<std::mutex> lock(mu);
    --running;
    ++finished;
    line.Done();
    const std::string tag = absl::StrCat("pqa replay: [", finished, "/", n, "] ");
    if (!result.ok()) {
      ++summary.failed;
      failed.push_back(r.options.input);
      err << tag << "FAILED " << r.options.input << ": " << result.status().message() << "\n";
    } else {
      ++summary.ok;
      summary.signal_s += result->signal_s;
      done_s[i] = total_s[i] = result->signal_s;
      for (const std::string& w : result->warnings) {
        err << tag << r.options.input << ": warning: " << w << "\n";
      }
      if (!quiet) {
        char figures[160];
        std::snprintf(figures, sizeof figures,
                      ": %s of signal at %g Hz nominal, %lld records, %lld events, %.0fx real "
                      "time",
                      cli::HumanDuration(result->signal_s).c_str(), result->nominal_frequency_hz,
                      result->records, result->events, result->times_real_time());
        err << tag << "ok " << r.options.input << figures << " -> " << r.outputs.records << "\n";
        if (!result->not_measured.empty()) {
          err << tag << r.options.input << ": " << result->not_measured << "\n";
        }
      }
    }
    err << std::flush;
  };

  const std::size_t workers = std::min<std::size_t>(static_cast<std::size_t>(std::max(jobs, 1)), n);
  auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < n;) replay_one(i);
  };
  std::vector<std::thread> threads;
  for (std::size_t w = 1; w < workers; ++w) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();
  line.Done();

  summary.wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  const double cpu_s = ProcessCpuSeconds() - cpu_start;
  if (!quiet || summary.failed > 0) {
    std::string failures;
    if (summary.failed > 0) {
      failures = " (";
      for (std::size_t k = 0; k < failed.size(); ++k) {
        absl::StrAppend(&failures, k ? ", " : "", failed[k]);
      }
      failures += ")";
    }
    char figures[200];
    std::snprintf(figures, sizeof figures,
                  "; %s of signal (%.2f h) in %s wall on %zu job%s: %.0fx real time (%.0fx per "
                  "processor second)",
                  cli::HumanDuration(summary.signal_s).c_str(), summary.signal_s / 3600,
                  cli::HumanDuration(summary.wall_s).c_str(), workers, workers == 1 ? "" : "s",
                  summary.times_real_time(), cpu_s > 0 ? summary.signal_s / cpu_s : 0.0);
    err << "pqa replay: " << n << " recordings: " << summary.ok << " ok, " << summary.failed
        << " failed" << failures << figures << "\n";
  }
  return summary;
}

}  // namespace pqa::replay
