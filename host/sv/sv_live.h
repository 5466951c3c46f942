// `pqa analyze`: continuous analysis of live sampled values. One receive
// thread reads the interface, decodes each frame, hands it to the stream it
// belongs to (by APPID or svID) and runs that stream's checker; the blocks
// wait in a bounded queue; one analysis thread per stream runs the replay
// library (host/replay, the code behind `pqa replay`) on a SampleSource
// without an end that takes from the queue, so records, events and flags
// are those of a replay of the same samples.
//
//   SvSocket -> DecodeSvFrame -> stream (APPID/svID) -> StreamChecker ->
//   bounded block queue -> LiveSource -> replay::ReplaySource -> sinks
//
// The queue holds at most `queue_s` seconds of samples per stream (memory
// stays bounded however long it runs); what does not fit is dropped and
// becomes a gap (counted as overrun). `stop` (SIGTERM) ends the sources
// once the queues are empty: the analyzer closes the open intervals as
// incomplete and hands out everything it measured.
#ifndef PQA_HOST_SV_SV_LIVE_H_
#define PQA_HOST_SV_SV_LIVE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "host/replay/replay.h"
#include "host/sv/sv_socket.h"
#include "host/sv/sv_stream.h"

namespace pqa::sv {

struct LiveStreamSpec {
  std::optional<std::uint16_t> app_id;  // the stream's APPID, or
  std::optional<std::string> sv_id;     // its svID (one of the two)
  std::string label;                    // for messages and file names ("4000", "MU01")
  analyzer::RecordSink records;         // called on the stream's analysis thread
  analyzer::EventSink events;           // may be empty
};

struct LiveOptions {
  std::string interface;
  std::vector<LiveStreamSpec> streams;  // 1 or more
  // Analyzer settings as for `pqa replay` (input and format unused).
  replay::ReplayOptions replay;
  StreamConfig stream;         // nominal_frequency_hz is taken from `replay` when that is set
  double queue_s = 60;         // samples waiting per stream, seconds of signal
  double status_every_s = 10;  // status line period on `log`, seconds (0: none)
  int receive_buffer_bytes = 32 << 20;
};

struct LiveStreamStatus {
  std::string label;
  StreamCounters counters;
  std::int64_t overrun = 0;  // samples dropped because the queue was full
  std::int64_t records = 0;
  std::int64_t events = 0;
  std::size_t queued = 0;  // samples waiting now
};

struct LiveStatus {
  std::vector<LiveStreamStatus> streams;
  std::int64_t other_frames = 0;  // sampled values of streams not followed
  std::int64_t malformed = 0;     // frames that did not decode
  std::int64_t kernel_drops = 0;  // frames the kernel dropped (receive buffer full)
  double load = 0;                // processor time / wall time of this process (1 = one core)
};

class LiveAnalyzer {
 public:
  // Opens the socket (errors name the interface and what to do).
  static absl::StatusOr<std::unique_ptr<LiveAnalyzer>> Create(LiveOptions options,
                                                              std::ostream& log);
  ~LiveAnalyzer();
  // Runs until `stop`; then drains, finishes every analyzer and returns.
  // Errors: a stream's analyzer failing (the message names the stream).
  absl::Status Run(const std::atomic<bool>& stop);
  LiveStatus status() const;
  // Samples waiting in all queues (tests pace a publisher on it).
  std::size_t backlog() const;
  std::string StatusLine() const;

  struct Stream;  // one followed stream (sv_live.cc)

 private:
  LiveAnalyzer(LiveOptions options, SvSocket socket, std::ostream& log);
  void Receive(const std::atomic<bool>& stop);
  void Log(const std::string& event, const std::string& label, const std::string& message);

  LiveOptions options_;
  SvSocket socket_;
  std::ostream& log_;
  std::vector<std::unique_ptr<Stream>> streams_;
  std::atomic<std::int64_t> other_frames_{0};
  std::atomic<std::int64_t> malformed_{0};
  std::atomic<std::int64_t> kernel_drops_{0};
  std::atomic<bool> receiving_done_{false};
  double started_wall_ = 0;
  double started_cpu_ = 0;
};

}  // namespace pqa::sv

#endif  // PQA_HOST_SV_SV_LIVE_H_
