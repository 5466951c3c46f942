#include "host/push/recording_spool.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "host/analyzer/json_lines.h"
#include "host/vtcd/event_json.h"
#include "host/vtcd/region_map.h"

namespace pqa::push {

namespace fs = std::filesystem;

// Appends whole lines with one write(2) each and no user-space buffer, so
// that a record reaches the pusher as soon as the analyzer produced it.
class LineAppender {
 public:
  static absl::StatusOr<LineAppender> Open(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) {
      return absl::UnavailableError(
          absl::StrCat(path, ": cannot open the spool: ", std::strerror(errno)));
    }
    return LineAppender(path, fd);
  }
  LineAppender(LineAppender&& other) noexcept : path_(std::move(other.path_)), fd_(other.fd_) {
    other.fd_ = -1;
  }
  ~LineAppender() {
    if (fd_ >= 0) ::close(fd_);
  }
  absl::Status Append(const google::protobuf::Message& message) {
    const std::string line = analyzer::ToJsonLine(message) + "\n";
    if (::write(fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
      return absl::UnavailableError(
          absl::StrCat(path_, ": cannot append to the spool: ", std::strerror(errno)));
    }
    return absl::OkStatus();
  }
  // Before the spool is marked complete: a crash after the marker must not
  // lose lines the marker vouches for.
  absl::Status Sync() {
    if (::fsync(fd_) == 0) return absl::OkStatus();
    return absl::UnavailableError(absl::StrCat(path_, ": cannot sync the spool"));
  }

 private:
  LineAppender(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::string path_;
  int fd_;
};

namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::StatusOr<std::string> FileIdentity(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    return absl::NotFoundError(
        absl::StrCat(path, ": cannot open the recording: ", std::strerror(errno)));
  }
  return absl::StrCat(path, " size=", st.st_size, " mtime=", st.st_mtim.tv_sec, ".",
                      st.st_mtim.tv_nsec);
}

}  // namespace

absl::StatusOr<std::string> RecordingKey(const std::string& path, const std::string& options) {
  absl::StatusOr<std::string> key = FileIdentity(path);
  if (!key.ok()) return key.status();
  // COMTRADE keeps the samples beside the configuration.
  if (absl::EndsWithIgnoreCase(path, ".cfg")) {
    const std::string dat = path.substr(0, path.size() - 4) + ".dat";
    if (absl::StatusOr<std::string> d = FileIdentity(dat); d.ok()) absl::StrAppend(&*key, "\n", *d);
  }
  return absl::StrCat(*key, "\noptions:", options, "\n");
}

absl::StatusOr<std::unique_ptr<RecordingSpool>> RecordingSpool::Start(
    replay::ReplayOptions options, const std::string& dir, const std::string& key,
    const std::atomic<bool>* stop) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    return absl::UnavailableError(absl::StrCat(dir, ": cannot create the spool: ", ec.message()));
  std::unique_ptr<RecordingSpool> spool(new RecordingSpool(dir, key));
  const std::string marker = dir + "/" + kCompleteFile;
  if (fs::exists(marker) && Slurp(marker) == key) {
    spool->reused_ = true;
    spool->done_ = true;
    return spool;
  }
  // A spool of another recording, other options or an unfinished replay:
  // replay again from the start. Lines the service already holds are
  // acknowledged as duplicates, not stored twice.
  fs::remove(marker, ec);
  for (const std::string& file : {spool->records_path(), spool->events_path()}) {
    fs::remove(file, ec);
    fs::remove(file + ".pushed", ec);
    std::ofstream touch(file);  // the pusher opens both before the first line exists
    if (!touch) return absl::UnavailableError(absl::StrCat(file, ": cannot create the spool"));
  }
  spool->thread_ = std::thread(&RecordingSpool::RunReplay, spool.get(), std::move(options), stop);
  return spool;
}

RecordingSpool::RecordingSpool(std::string dir, std::string key)
    : dir_(std::move(dir)), key_(std::move(key)) {}

absl::StatusOr<std::unique_ptr<RecordingSpool>> RecordingSpool::OpenLive(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    return absl::UnavailableError(absl::StrCat(dir, ": cannot create the spool: ", ec.message()));
  std::unique_ptr<RecordingSpool> spool(new RecordingSpool(dir, ""));
  absl::StatusOr<LineAppender> records = LineAppender::Open(spool->records_path());
  if (!records.ok()) return records.status();
  absl::StatusOr<LineAppender> events = LineAppender::Open(spool->events_path());
  if (!events.ok()) return events.status();
  spool->live_records_ = std::make_unique<LineAppender>(*std::move(records));
  spool->live_events_ = std::make_unique<LineAppender>(*std::move(events));
  return spool;
}

absl::Status RecordingSpool::AppendRecord(const google::protobuf::Message& record) {
  ++records_;
  return live_records_->Append(record);
}

absl::Status RecordingSpool::AppendEvent(const google::protobuf::Message& event) {
  ++events_;
  return live_events_->Append(event);
}

RecordingSpool::~RecordingSpool() {
  if (thread_.joinable()) thread_.join();
}

absl::Status RecordingSpool::status() const {
  std::lock_guard<std::mutex> lock(mu_);
  return status_;
}

void RecordingSpool::RunReplay(replay::ReplayOptions options, const std::atomic<bool>* stop) {
  auto finish = [&](absl::Status status) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      status_ = std::move(status);
    }
    done_ = true;
  };
  absl::StatusOr<LineAppender> records = LineAppender::Open(records_path());
  if (!records.ok()) return finish(records.status());
  absl::StatusOr<LineAppender> events = LineAppender::Open(events_path());
  if (!events.ok()) return finish(events.status());
  const vtcd::RegionMap regions = vtcd::RegionMap::Default();
  // The channel selection always yields phases A, B, C in this order (as in `pqa replay`).
  const std::vector<std::string> phase_names = {"A", "B", "C"};
  auto interrupted = [&] { return stop != nullptr && stop->load(); };
  absl::StatusOr<replay::ReplaySummary> summary = replay::Replay(
      options,
      [&](const pqa::v1::Record& r) -> absl::Status {
        if (interrupted()) return absl::CancelledError("interrupted");
        ++records_;
        return records->Append(r);
      },
      [&](const vtcd::AggregatedEvent& e) -> absl::Status {
        if (interrupted()) return absl::CancelledError("interrupted");
        ++events_;
        return events->Append(vtcd::ToVtcdEventProto(e, &regions, phase_names));
      });
  if (!summary.ok()) return finish(summary.status());
  for (LineAppender* file : {&*records, &*events}) {
    if (absl::Status s = file->Sync(); !s.ok()) return finish(s);
  }
  std::ofstream marker(dir_ + "/" + kCompleteFile);
  marker << key_;
  marker.close();
  if (!marker)
    return finish(absl::UnavailableError(absl::StrCat(dir_, ": cannot mark the spool complete")));
  finish(absl::OkStatus());
}

}  // namespace pqa::push
