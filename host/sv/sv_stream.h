// The stream checker: turns the ASDUs of one sampled-values stream, in the
// order they arrived, into SampleBlocks that honour the SampleSource contract
// (host/io/sample_source.h), so the analyzer sees a live stream exactly as
// it sees a recording with gaps.
//
//   ASDU + receive time -> checks (smpCnt continuity and wrap, confRev,
//   smpSynch, quality) -> time of each sample -> blocks (V, A) -> analyzer
//
// Time. 9-2LE merging units count smpCnt from 0 at every second of their
// clock (0..rate-1) and wrap at the rate. When smpSynch says the unit is
// synchronised (1 PPS or PTP: smpSynch != 0), smpCnt 0 is the start of a
// UTC second, so a sample's time is that second plus smpCnt / rate; which
// second is taken once, when the stream (re)starts, from the local clock at
// reception (or from refrTm when the unit sends it), rounded to the nearest
// second, and then counted by the wraps. The error of the sample times is
// the merging unit's synchronisation error (9-2LE class: within 1 us of
// UTC), provided the local clock and the transit together are within
// 0.5 s of UTC. When the unit is not synchronised its smpCnt 0 falls
// anywhere in a second: the stream is anchored to the reception time of its
// first sample and then counted, so the times carry the network latency and
// the local clock's error at the anchor (milliseconds with NTP) plus the
// unit's free-running drift since (up to 100 ppm: 0.36 s a day); the spans
// measured so are reported (unsynchronised()) and the records they touch
// marked `time_unsynchronised`.
//
// Faults. Lost frames (a forward jump of smpCnt shorter than `max_lost_s`)
// are a gap in time; frames that arrive after their successors (a backward
// step shorter than that) are late and dropped; any other jump, a silence of
// `stop_after_s` on the receive clock (a stream that stopped and restarted;
// unless the sample that ends it is the next one in count and, anchored
// again, in time: frames held up on the way, reported as delayed),
// a change of smpSynch and a change of confRev restart the stream: it is
// anchored again, never before the sample that would have followed the
// last one, so that the engine sees a gap and ends its windows (where the new anchor falls
// right after the last sample, that first sample is dropped as the gap;
// after a confRev change, whose dataset may mean something else, always). Invalid or questionable
// voltage samples (and samples of a unit in test mode) are a gap, never numbers; an invalid current
// becomes NaN (the engine reads the voltages).
#ifndef PQA_HOST_SV_SV_STREAM_H_
#define PQA_HOST_SV_SV_STREAM_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "host/io/sample_source.h"
#include "host/sv/sv_frame.h"

namespace pqa::sv {

struct StreamConfig {
  double nominal_frequency_hz = 60;  // 50 or 60
  int samples_per_cycle = 0;         // 80 or 256; 0: from the frames (1 ASDU: 80, 8 ASDUs: 256)
  double stop_after_s = 0.5;         // receive-clock silence taken as a stop, seconds
  double max_lost_s = 0.25;          // longest smpCnt jump taken as lost frames, seconds
  std::size_t block_frames = 4096;   // largest block handed out, samples
};

struct StreamCounters {
  std::int64_t frames = 0;    // frames of this stream received (counted by the receiver)
  std::int64_t samples = 0;   // ASDUs received
  std::int64_t lost = 0;      // samples never received (smpCnt gaps)
  std::int64_t late = 0;      // ASDUs received after their successors (dropped)
  std::int64_t invalid = 0;   // samples dropped for their quality (or smpCnt out of range)
  std::int64_t restarts = 0;  // stops, jumps, restarts, smpSynch and confRev changes
  std::int64_t conf_rev_changes = 0;
};

// Something the operator should know, as it happened (stream time).
struct StreamNotice {
  TimeNs at = 0;        // time of the first sample it concerns (ns UTC)
  std::string kind;     // "start", "lost", "late", "restart", "conf_rev", "invalid", "synch"
  std::string message;  // one line
};

class StreamChecker {
 public:
  explicit StreamChecker(StreamConfig config);

  // One ASDU of a frame of `asdus_in_frame`, with the local clock at
  // reception (ns UTC, CLOCK_REALTIME).
  void Add(const SvAsdu& asdu, TimeNs received, std::size_t asdus_in_frame);
  // The blocks completed so far; with `flush`, the one being filled too.
  std::vector<io::SampleBlock> TakeBlocks(bool flush);
  std::vector<StreamNotice> TakeNotices();
  // Spans [start, end) of stream time measured unsynchronised, completed or
  // running (the running one ends at the latest sample).
  const std::vector<std::pair<TimeNs, TimeNs>>& unsynchronised() const { return unsynchronised_; }
  // Forgets the spans ending before `t` (memory stays bounded over days).
  void DropUnsynchronisedBefore(TimeNs t);

  const StreamCounters& counters() const { return counters_; }
  double sample_rate_hz() const { return rate_; }
  // 8 channels: IA, IB, IC, IN (A), VA, VB, VC, VN (V).
  static io::StreamInfo Info(const std::string& name, double nominal_frequency_hz);

 private:
  // Anchors the stream again; true when the anchored time is contiguous
  // with the previous sample (the caller then drops it: the gap).
  bool Restart(const SvAsdu& a, TimeNs received, const std::string& why);
  // The time a new anchor would give `a` (before the never-backwards rule).
  TimeNs AnchoredTime(const SvAsdu& a, TimeNs received) const;
  // Consumes a sample without measuring it (the gap after a restart).
  void SkipAsGap(const SvAsdu& a, TimeNs received);
  TimeNs SampleTime(std::uint16_t smp_cnt) const;
  void EndBlock();
  void Notice(TimeNs at, std::string kind, std::string message);

  StreamConfig config_;
  StreamCounters counters_;
  double rate_ = 0;  // samples per second, = samples per cycle x nominal frequency
  bool started_ = false;
  std::uint32_t conf_rev_ = 0;
  bool synchronised_ = false;
  TimeNs epoch_ = 0;            // time of smpCnt 0 of the second being counted
  std::int64_t seconds_ = 0;    // wraps since the epoch
  std::uint16_t expected_ = 0;  // smpCnt of the next sample
  std::uint16_t last_cnt_ = 0;  // smpCnt of the latest accepted sample
  bool in_invalid_ = false;
  bool in_late_ = false;  // inside a run of late samples (one notice a run)
  TimeNs last_received_ = 0;
  TimeNs next_time_ = 0;  // time the next contiguous sample would have
  bool have_last_ = false;
  io::SampleBlock block_;  // being filled
  std::vector<io::SampleBlock> done_;
  std::vector<StreamNotice> notices_;
  std::vector<std::pair<TimeNs, TimeNs>> unsynchronised_;
  bool in_unsynchronised_ = false;
};

}  // namespace pqa::sv

#endif  // PQA_HOST_SV_SV_STREAM_H_
