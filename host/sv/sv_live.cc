#include "host/sv/sv_live.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "host/common/clocks.h"
#include "host/common/status_macros.h"

namespace pqa::sv {
namespace {

// Unsynchronised spans are kept this long past the latest sample: the
// longest record (2 hours) is released well within it.
constexpr TimeNs kUnsynchronisedMemoryNs = 4 * 3600 * kNsPerSecond;

}  // namespace

struct LiveAnalyzer::Stream {
  Stream(LiveStreamSpec s, const StreamConfig& config) : spec(std::move(s)), checker(config) {}
  LiveStreamSpec spec;
  StreamChecker checker;  // receive thread only
  TimeNs last_frame = 0;  // receive thread: local clock at the latest frame
  bool flushed = true;    // receive thread: nothing held in the checker's open block
  bool overrunning = false;

  mutable std::mutex mu;
  std::condition_variable ready;
  std::deque<io::SampleBlock> queue;  // guarded by mu
  std::size_t queued = 0;             // samples in queue, guarded by mu
  bool ended = false;                 // guarded by mu: no block will come any more
  std::vector<std::pair<TimeNs, TimeNs>> unsynchronised;  // guarded by mu
  StreamCounters counters;                                // guarded by mu (copy)
  std::int64_t overrun = 0;                               // guarded by mu
  std::int64_t frames = 0;                                // guarded by mu

  std::atomic<std::int64_t> records{0};
  std::atomic<std::int64_t> events{0};
  std::atomic<bool> failed{false};
  absl::Status result;  // written by the analysis thread before it ends
  std::thread thread;
};

namespace {

// The hook between the live stream and the replay library: a SampleSource
// that has no end until the stream is stopped.
class LiveSource : public io::SampleSource {
 public:
  LiveSource(LiveAnalyzer::Stream& stream, io::StreamInfo info)
      : stream_(stream), info_(std::move(info)) {}
  const io::StreamInfo& info() const override { return info_; }
  absl::StatusOr<bool> Next(io::SampleBlock& block, std::size_t max_frames) override {
    std::unique_lock<std::mutex> lock(stream_.mu);
    stream_.ready.wait(lock, [&] { return !stream_.queue.empty() || stream_.ended; });
    if (stream_.queue.empty()) return false;
    io::SampleBlock& front = stream_.queue.front();
    if (front.frames <= max_frames) {
      block = std::move(front);
      stream_.queue.pop_front();
    } else {
      // Hand out the head; the rest stays, starting where the head ends.
      block.start = front.start;
      block.sample_rate_hz = front.sample_rate_hz;
      block.channels = front.channels;
      block.frames = max_frames;
      block.samples.assign(
          front.samples.begin(),
          front.samples.begin() + static_cast<std::ptrdiff_t>(max_frames * front.channels));
      front.samples.erase(
          front.samples.begin(),
          front.samples.begin() + static_cast<std::ptrdiff_t>(max_frames * front.channels));
      front.frames -= max_frames;
      front.start +=
          static_cast<TimeNs>(static_cast<double>(max_frames) * 1e9 / front.sample_rate_hz + 0.5);
    }
    stream_.queued -= block.frames;
    return true;
  }
  // The checker already enforces quality on the voltages; an invalid
  // current arrives as NaN, which the engine reads only when the user named
  // the currents (--currents).
  absl::Status SetRequiredChannels(const std::vector<std::size_t>&) override {
    return absl::OkStatus();
  }

 private:
  LiveAnalyzer::Stream& stream_;
  io::StreamInfo info_;
};

}  // namespace

LiveAnalyzer::LiveAnalyzer(LiveOptions options, SvSocket socket, std::ostream& log)
    : options_(std::move(options)), socket_(std::move(socket)), log_(log) {}

LiveAnalyzer::~LiveAnalyzer() {
  for (auto& s : streams_) {
    {
      std::lock_guard<std::mutex> lock(s->mu);
      s->ended = true;
    }
    s->ready.notify_all();
    if (s->thread.joinable()) s->thread.join();
  }
}

absl::StatusOr<std::unique_ptr<LiveAnalyzer>> LiveAnalyzer::Create(LiveOptions options,
                                                                   std::ostream& log) {
  if (options.streams.empty()) {
    return absl::InvalidArgumentError("no stream to follow: give --app-id or --sv-id");
  }
  for (const LiveStreamSpec& s : options.streams) {
    if (s.app_id.has_value() == s.sv_id.has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat("stream ", s.label, ": follow it by APPID or by svID, not both"));
    }
  }
  if (!(options.queue_s > 0 && options.queue_s <= 3600)) {
    return absl::InvalidArgumentError("--queue: expected 0 < seconds <= 3600");
  }
  if (options.replay.nominal_frequency_hz != 0) {
    options.stream.nominal_frequency_hz = options.replay.nominal_frequency_hz;
  }
  options.replay.nominal_frequency_hz = options.stream.nominal_frequency_hz;
  PQA_ASSIGN_OR_RETURN(SvSocket socket,
                       SvSocket::Open(options.interface, options.receive_buffer_bytes));
  std::unique_ptr<LiveAnalyzer> live(new LiveAnalyzer(std::move(options), std::move(socket), log));
  for (LiveStreamSpec& spec : live->options_.streams) {
    live->streams_.push_back(std::make_unique<Stream>(spec, live->options_.stream));
  }
  return live;
}

void LiveAnalyzer::Log(const std::string& event, const std::string& label,
                       const std::string& message) {
  log_ << absl::StrFormat("{\"event\":\"%s\",\"stream\":\"%s\",\"message\":\"%s\"}\n", event, label,
                          absl::StrReplaceAll(message, {{"\\", "\\\\"}, {"\"", "\\\""}}));
  log_.flush();
}

std::size_t LiveAnalyzer::backlog() const {
  std::size_t n = 0;
  for (const auto& s : streams_) {
    std::lock_guard<std::mutex> lock(s->mu);
    n += s->queued;
  }
  return n;
}

LiveStatus LiveAnalyzer::status() const {
  LiveStatus st;
  for (const auto& s : streams_) {
    LiveStreamStatus one;
    one.label = s->spec.label;
    {
      std::lock_guard<std::mutex> lock(s->mu);
      one.counters = s->counters;
      one.counters.frames = s->frames;
      one.overrun = s->overrun;
      one.queued = s->queued;
    }
    one.records = s->records.load();
    one.events = s->events.load();
    st.streams.push_back(one);
  }
  st.other_frames = other_frames_.load();
  st.malformed = malformed_.load();
  st.kernel_drops = kernel_drops_.load();
  const double wall = ClockSeconds(CLOCK_MONOTONIC) - started_wall_;
  st.load = wall > 0 ? (ProcessCpuSeconds() - started_cpu_) / wall : 0;
  return st;
}

std::string LiveAnalyzer::StatusLine() const {
  const LiveStatus st = status();
  std::vector<std::string> parts;
  for (const LiveStreamStatus& s : st.streams) {
    parts.push_back(absl::StrFormat(
        "%s: %d frames, %d lost, %d late, %d invalid, %d restarts, %d overrun, %d records", s.label,
        s.counters.frames, s.counters.lost, s.counters.late, s.counters.invalid,
        s.counters.restarts, s.overrun, s.records));
  }
  return absl::StrFormat(
      "pqa analyze: %s: %s; %d other, %d malformed, %d dropped by the kernel; "
      "load %.1f %% of a core",
      options_.interface, absl::StrJoin(parts, "; "), st.other_frames, st.malformed,
      st.kernel_drops, st.load * 100);
}

void LiveAnalyzer::Receive(const std::atomic<bool>& stop) {
  std::vector<ReceivedFrame> batch;
  bool by_sv_id = false;
  for (const auto& s : streams_) by_sv_id |= s->spec.sv_id.has_value();
  const TimeNs stop_after = static_cast<TimeNs>(options_.stream.stop_after_s * 1e9);
  double next_status = ClockSeconds(CLOCK_MONOTONIC) + options_.status_every_s;
  double next_drops = ClockSeconds(CLOCK_MONOTONIC) + 1;

  auto enqueue = [&](Stream& s, std::vector<io::SampleBlock> blocks) {
    std::vector<StreamNotice> notices = s.checker.TakeNotices();
    for (const StreamNotice& n : notices) {
      Log(n.kind, s.spec.label, absl::StrCat(FormatRfc3339(n.at, 6), ": ", n.message));
    }
    const double cap = options_.queue_s * std::max(s.checker.sample_rate_hz(), 1.0);
    TimeNs latest = 0;
    {
      std::lock_guard<std::mutex> lock(s.mu);
      for (io::SampleBlock& b : blocks) {
        latest = b.start;
        if (static_cast<double>(s.queued + b.frames) > cap) {
          s.overrun += static_cast<std::int64_t>(b.frames);
          if (!s.overrunning) {
            s.overrunning = true;
            // Logged below, outside the lock.
          }
          continue;
        }
        s.overrunning = false;
        s.queued += b.frames;
        s.queue.push_back(std::move(b));
      }
      s.counters = s.checker.counters();
      if (latest != 0) s.checker.DropUnsynchronisedBefore(latest - kUnsynchronisedMemoryNs);
      s.unsynchronised = s.checker.unsynchronised();
    }
    s.ready.notify_all();
  };

  while (!stop.load()) {
    bool failed = false;
    for (const auto& s : streams_) failed |= s->failed.load();
    if (failed) break;
    if (absl::Status st = socket_.Receive(batch, 64, 50); !st.ok()) {
      Log("error", options_.interface, std::string(st.message()));
      break;
    }
    for (ReceivedFrame& f : batch) {
      Stream* target = nullptr;
      const std::optional<std::uint16_t> app_id = PeekAppId(f.bytes);
      if (!by_sv_id) {
        for (const auto& s : streams_) {
          if (s->spec.app_id == app_id) target = s.get();
        }
        if (target == nullptr) {
          ++other_frames_;
          continue;
        }
      }
      absl::StatusOr<SvFrame> frame = DecodeSvFrame(f.bytes);
      if (!frame.ok()) {
        if (++malformed_ <= 10 || malformed_ % 10000 == 0) {
          Log("malformed", target ? target->spec.label : options_.interface,
              absl::StrCat(std::string(frame.status().message()), " (", malformed_.load(),
                           " malformed so far)"));
        }
        continue;
      }
      if (target == nullptr) {
        for (const auto& s : streams_) {
          if ((s->spec.app_id && s->spec.app_id == frame->app_id) ||
              (s->spec.sv_id && *s->spec.sv_id == frame->asdus.front().sv_id)) {
            target = s.get();
          }
        }
        if (target == nullptr) {
          ++other_frames_;
          continue;
        }
      }
      Stream& s = *target;
      const bool was_overrunning = s.overrunning;
      for (const SvAsdu& a : frame->asdus) s.checker.Add(a, f.received, frame->asdus.size());
      s.last_frame = RealTimeNs();
      s.flushed = false;
      enqueue(s, s.checker.TakeBlocks(false));
      {
        std::lock_guard<std::mutex> lock(s.mu);
        ++s.frames;
      }
      if (s.overrunning && !was_overrunning) {
        Log("overrun", s.spec.label,
            absl::StrCat("the analyzer is ", options_.queue_s,
                         " s behind: samples dropped (a gap) until it catches up"));
      }
    }
    const TimeNs now = RealTimeNs();
    for (const auto& s : streams_) {
      // A silent stream: hand out what the checker holds so that the
      // analysis is up to date while the stream is away.
      if (!s->flushed && now - s->last_frame > stop_after) {
        enqueue(*s, s->checker.TakeBlocks(true));
        s->flushed = true;
      }
    }
    const double t = ClockSeconds(CLOCK_MONOTONIC);
    if (t >= next_drops) {
      kernel_drops_ += socket_.TakeKernelDrops();
      next_drops = t + 1;
    }
    if (options_.status_every_s > 0 && t >= next_status) {
      log_ << StatusLine() << "\n";
      log_.flush();
      next_status = t + options_.status_every_s;
    }
  }
  kernel_drops_ += socket_.TakeKernelDrops();
  for (const auto& s : streams_) {
    enqueue(*s, s->checker.TakeBlocks(true));
    {
      std::lock_guard<std::mutex> lock(s->mu);
      s->ended = true;
    }
    s->ready.notify_all();
  }
}

absl::Status LiveAnalyzer::Run(const std::atomic<bool>& stop) {
  started_wall_ = ClockSeconds(CLOCK_MONOTONIC);
  started_cpu_ = ProcessCpuSeconds();
  for (const auto& owned : streams_) {
    Stream* s = owned.get();
    s->thread = std::thread([this, s] {
      LiveSource source(*s, StreamChecker::Info(absl::StrCat("sampled values ", s->spec.label),
                                                options_.stream.nominal_frequency_hz));
      replay::ReplayOptions o = options_.replay;
      o.frames_per_block = 1 << 20;
      // An invalid current arrives as NaN (above): currents are measured
      // only when named (--currents IA,IB,IC[,IN]).
      if (o.currents.empty()) o.currents = {"none"};
      analyzer::RecordSink records = [s](const pqa::v1::Record& r) -> absl::Status {
        pqa::v1::Record out = r;
        absl::StatusOr<TimeNs> start = ParseRfc3339(r.start());
        if (start.ok()) {
          const TimeNs end = *start + static_cast<TimeNs>(r.duration_s() * 1e9 + 0.5);
          std::lock_guard<std::mutex> lock(s->mu);
          for (const auto& [a, b] : s->unsynchronised) {
            if (a < end && b > *start) out.set_time_unsynchronised(true);
          }
        }
        ++s->records;
        return s->spec.records ? s->spec.records(out) : absl::OkStatus();
      };
      analyzer::EventSink events;
      if (s->spec.events) {
        events = [s](const vtcd::AggregatedEvent& e) {
          ++s->events;
          return s->spec.events(e);
        };
      }
      absl::StatusOr<replay::ReplaySummary> summary =
          replay::ReplaySource(source, o, records, events);
      absl::Status st = summary.status();
      {
        std::lock_guard<std::mutex> lock(s->mu);
        // Stopped before the first sample: nothing to report, not an error.
        if (!st.ok() && s->counters.samples == 0 && s->ended) st = absl::OkStatus();
      }
      s->result = st;
      if (!st.ok()) s->failed = true;
      // Keep the queue from growing if the analysis ended early.
      std::lock_guard<std::mutex> lock(s->mu);
      s->queue.clear();
      s->queued = 0;
    });
  }
  Receive(stop);
  absl::Status first;
  for (const auto& s : streams_) {
    s->thread.join();
    if (!s->result.ok() && first.ok()) {
      first = absl::Status(s->result.code(),
                           absl::StrCat("stream ", s->spec.label, ": ", s->result.message()));
    }
  }
  if (options_.status_every_s > 0) log_ << StatusLine() << "\n";
  return first;
}

}  // namespace pqa::sv
