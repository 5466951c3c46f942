// `pqa push --recording`: runs the analyzer on a recording (the replay
// library, as `pqa replay` does) on a background thread and appends each
// record and event to spool files as it is produced. The pusher tails the
// spool, so the spool is the on-disk buffer while the service is
// unreachable. A finished replay leaves a marker naming the recording and
// the options; a later `pqa push` with the same recording and options
// pushes the rest of the spool without replaying again.
#ifndef PQA_HOST_PUSH_RECORDING_SPOOL_H_
#define PQA_HOST_PUSH_RECORDING_SPOOL_H_

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "host/replay/replay.h"

namespace pqa::push {

class LineAppender;  // recording_spool.cc

class RecordingSpool {
 public:
  // Files in the spool directory.
  static constexpr const char* kRecordsFile = "records.jsonl";
  static constexpr const char* kEventsFile = "events.jsonl";
  static constexpr const char* kCompleteFile = "complete";

  // Creates `dir` if needed. When its marker matches `key` (the recording's
  // identity and the options) the spool is reused as it is; otherwise the
  // spool files and their cursors (FILE.pushed) are cleared and the replay
  // starts. `stop`, if set, aborts the replay when it becomes true.
  static absl::StatusOr<std::unique_ptr<RecordingSpool>> Start(replay::ReplayOptions options,
                                                               const std::string& dir,
                                                               const std::string& key,
                                                               const std::atomic<bool>* stop);
  ~RecordingSpool();  // waits for the replay

  // A spool without an end, for a live analyzer (`pqa analyze --push`):
  // creates `dir` if needed and keeps its files as they are, so that a
  // restart appends after what is there and the pusher resumes at the
  // cursors; never marked complete. The caller appends each line as it is
  // produced (one write(2) a line, as the replay's spool does).
  static absl::StatusOr<std::unique_ptr<RecordingSpool>> OpenLive(const std::string& dir);
  absl::Status AppendRecord(const google::protobuf::Message& record);
  absl::Status AppendEvent(const google::protobuf::Message& event);

  std::string records_path() const { return dir_ + "/" + kRecordsFile; }
  std::string events_path() const { return dir_ + "/" + kEventsFile; }
  bool reused() const { return reused_; }  // the spool was complete before this run
  bool done() const { return done_.load(); }
  // After done(): the replay's outcome (the recording's errors name file, line, field).
  absl::Status status() const;
  long long records() const { return records_; }  // lines appended by this run
  long long events() const { return events_; }

 private:
  RecordingSpool(std::string dir, std::string key);
  void RunReplay(replay::ReplayOptions options, const std::atomic<bool>* stop);

  std::string dir_;
  std::string key_;
  bool reused_ = false;
  std::atomic<bool> done_{false};
  mutable std::mutex mu_;
  absl::Status status_;  // guarded by mu_
  std::atomic<long long> records_{0};
  std::atomic<long long> events_{0};
  std::thread thread_;
  std::unique_ptr<LineAppender> live_records_;  // OpenLive only
  std::unique_ptr<LineAppender> live_events_;
};

// The key of a recording for RecordingSpool::Start: its path, size and
// modification time, and `options` (the command line's replay options).
absl::StatusOr<std::string> RecordingKey(const std::string& path, const std::string& options);

}  // namespace pqa::push

#endif  // PQA_HOST_PUSH_RECORDING_SPOOL_H_
