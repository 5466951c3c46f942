#include "host/push/push_session.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/support/channel_arguments.h"
#include "host/push/service_connection.h"
#include "host/service/ingest_limits.h"
#include "pqa/v1/ingest.grpc.pb.h"

namespace pqa::push {
namespace {

// Codes after which resending cannot help: the request itself is wrong.
bool Permanent(grpc::StatusCode code) {
  return code == grpc::StatusCode::INVALID_ARGUMENT || code == grpc::StatusCode::NOT_FOUND ||
         code == grpc::StatusCode::PERMISSION_DENIED || code == grpc::StatusCode::UNAUTHENTICATED;
}

void LogLine(std::ostream& log, const std::string& event, const std::string& fields) {
  log << "{\"event\":\"" << event << "\"," << fields << "}" << std::endl;
}

std::string Quoted(const std::string& text) {
  return absl::StrCat("\"", absl::CEscape(text), "\"");
}

class PushSession {
 public:
  PushSession(const PushTarget& target, std::vector<PushInput>& inputs, const PushPolicy& policy,
              std::ostream& log)
      : target_(target),
        inputs_(inputs),
        policy_(policy),
        log_(log),
        window_(static_cast<std::size_t>(4 * target.batch)),
        lines_per_item_(
            static_cast<std::size_t>(std::min(target.batch, service::kMaxBacklogPerItem))),
        last_acked_(inputs.size()),
        warned_incomplete_(inputs.size(), false) {}

  absl::StatusOr<PushTotals> Run();

 private:
  // An item sent and not acknowledged yet, kept for resending: consecutive
  // lines of one input.
  struct Pending {
    int input;
    FilePosition end;       // position after its last line
    std::size_t lines = 0;  // lines it carries, >= 1
    pqa::v1::IngestItem item;
  };

  bool Stopping() const { return policy_.stop != nullptr && policy_.stop->load(); }
  bool InputsComplete() const { return !policy_.inputs_complete || policy_.inputs_complete(); }
  grpc::Status StreamOnce(bool* finished);
  void OnAck(const pqa::v1::IngestAck& ack);
  // Reads up to `max` new lines round robin over the inputs into pending_,
  // up to lines_per_item_ consecutive lines of an input an item; returns how
  // many items. Sets input_error_ on a bad line.
  std::size_t ReadItems(std::size_t max);
  // At the end of every input: rotation, truncation, incomplete last lines.
  void LookAtEnds(bool complete);

  const PushTarget& target_;
  std::vector<PushInput>& inputs_;
  const PushPolicy& policy_;
  std::ostream& log_;
  const std::size_t window_;          // most lines sent and not yet acknowledged
  const std::size_t lines_per_item_;  // 1..service::kMaxBacklogPerItem

  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<Pending> pending_;    // guarded by mu_, in sequence order
  std::size_t pending_lines_ = 0;  // guarded by mu_: lines of pending_
  PushTotals totals_;              // acknowledged/stored/duplicates guarded by mu_
  absl::Status cursor_error_;      // guarded by mu_
  std::uint64_t next_sequence_ = 1;
  std::size_t first_input_ = 0;  // where ReadItems starts its round robin
  std::vector<std::optional<FilePosition>> last_acked_;
  absl::Status input_error_;
  absl::Status connect_error_;           // permanent: the TLS handshake failed
  std::vector<bool> warned_incomplete_;  // by input: its incomplete last line was reported
};

void PushSession::OnAck(const pqa::v1::IngestAck& ack) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<bool> moved(inputs_.size(), false);
  while (!pending_.empty() && pending_.front().item.sequence() <= ack.last_sequence()) {
    last_acked_[pending_.front().input] = pending_.front().end;
    moved[pending_.front().input] = true;
    totals_.acknowledged += static_cast<std::int64_t>(pending_.front().lines);
    pending_lines_ -= pending_.front().lines;
    pending_.pop_front();
  }
  totals_.stored += ack.stored();
  totals_.duplicates += ack.duplicates();
  for (std::size_t i = 0; i < inputs_.size(); ++i) {
    if (!moved[i]) continue;
    if (absl::Status s = WriteCursor(inputs_[i].cursor_path, *last_acked_[i]); !s.ok()) {
      cursor_error_ = s;
    }
  }
  changed_.notify_all();
}

std::size_t PushSession::ReadItems(std::size_t max) {
  std::size_t lines = 0, items = 0;
  bool any = true;
  while (lines < max && any) {
    any = false;
    // Each pass starts after the input that began the last one: with a batch
    // of lines filled by a single item, starting at the first input every
    // time would leave the others waiting until it is exhausted.
    const std::size_t start = first_input_;
    first_input_ = (start + 1) % inputs_.size();
    for (std::size_t k = 0; k < inputs_.size() && lines < max; ++k) {
      const std::size_t i = (start + k) % inputs_.size();
      LineTail& tail = *inputs_[i].tail;
      Pending p{static_cast<int>(i), tail.position(), 0, {}};
      while (lines < max && p.lines < lines_per_item_) {
        absl::StatusOr<std::optional<std::string>> line = tail.NextLine();
        if (!line.ok()) {
          input_error_ = line.status();
          break;
        }
        if (!line->has_value()) break;
        any = true;
        if (absl::StripAsciiWhitespace(**line).empty()) continue;
        const std::string where = absl::StrCat(tail.path(), ":", tail.position().lines);
        if (absl::Status s = ParseItemLine(inputs_[i].kind, **line, where, &p.item); !s.ok()) {
          input_error_ = s;
          break;
        }
        p.end = tail.position();
        ++p.lines;
        ++lines;
        ++totals_.sent[static_cast<int>(inputs_[i].kind)];
      }
      // The lines before a bad one still go: they are sound and the service keeps them.
      if (p.lines > 0) {
        p.item.set_point_id(target_.point_id);
        p.item.set_sequence(next_sequence_++);
        std::lock_guard<std::mutex> lock(mu_);
        pending_lines_ += p.lines;
        pending_.push_back(std::move(p));
        ++items;
      }
      if (!input_error_.ok()) return items;
    }
  }
  return items;
}

void PushSession::LookAtEnds(bool complete) {
  std::vector<bool> busy(inputs_.size(), false);
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const Pending& p : pending_) busy[p.input] = true;
  }
  for (std::size_t i = 0; i < inputs_.size(); ++i) {
    LineTail& tail = *inputs_[i].tail;
    if (complete) {
      if (tail.pending_bytes() > 0 && !warned_incomplete_[i]) {
        LogNotice(log_, "incomplete_line", tail.path(),
                  absl::StrCat(tail.path(), ":", tail.position().lines + 1,
                               ": the last line has no newline yet (", tail.pending_bytes(),
                               " bytes); left for the next push"));
        warned_incomplete_[i] = true;
      }
      continue;
    }
    if (busy[i]) continue;  // switch files only once the old one is all acknowledged
    absl::StatusOr<std::string> notice = tail.Reopen();
    if (!notice.ok()) {
      input_error_ = notice.status();
      return;
    }
    if (notice->empty()) continue;
    LogNotice(log_, "reopened", tail.path(), *notice);
    // The new file's start is the acknowledged position now: nothing of it is pushed yet.
    if (absl::Status s = WriteCursor(inputs_[i].cursor_path, tail.position()); !s.ok()) {
      input_error_ = s;
    }
  }
}

grpc::Status PushSession::StreamOnce(bool* finished) {
  grpc::ChannelArguments args;
  // Keeps NAT and firewall state of substation links alive while --follow
  // waits for the next record (the service accepts a ping every 20 s).
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 30000);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 10000);
  args.SetInt(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
  auto channel = grpc::CreateCustomChannel(target_.server, target_.credentials, args);
  if (absl::Status s =
          WaitForService(*channel, target_.server, target_.trust, std::chrono::seconds(2));
      !s.ok()) {
    // A TLS verification failure is no outage: resending cannot help.
    if (absl::IsFailedPrecondition(s)) connect_error_ = s;
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, std::string(s.message()));
  }
  auto stub = pqa::v1::Ingest::NewStub(channel);
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + target_.token);
  auto stream = stub->Push(&context);
  std::atomic<bool> broken{false};
  // Acks are read on their own thread so that flow control never blocks the
  // writer behind unread acknowledgements.
  std::thread reader([&] {
    pqa::v1::IngestAck ack;
    while (stream->Read(&ack)) {
      OnAck(ack);
      std::lock_guard<std::mutex> lock(mu_);
      if (!cursor_error_.ok()) context.TryCancel();
    }
    broken = true;
    std::lock_guard<std::mutex> lock(mu_);
    changed_.notify_all();
  });
  // Writes copies of the last n items of pending_ (the reader pops from the front
  // only, so these are the ones to write), with a flush every batch of lines
  // and at the end so that the service commits and acknowledges promptly.
  auto write_last = [&](std::size_t n) {
    std::vector<pqa::v1::IngestItem> items;
    std::vector<std::size_t> lines;
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (std::size_t i = pending_.size() - std::min(n, pending_.size()); i < pending_.size();
           ++i) {
        items.push_back(pending_[i].item);
        lines.push_back(pending_[i].lines);
      }
    }
    std::size_t unflushed = 0;
    for (std::size_t k = 0; k < items.size(); ++k) {
      unflushed += lines[k];
      const bool flush =
          unflushed >= static_cast<std::size_t>(target_.batch) || k + 1 == items.size();
      items[k].set_flush(flush);
      if (flush) unflushed = 0;
      if (!stream->Write(items[k])) return false;
    }
    return true;
  };
  // Resend what the last stream left unacknowledged, in order (fewer items than lines).
  bool ok = write_last(window_ + 1);
  while (ok && !broken && !Stopping() && input_error_.ok()) {
    std::size_t room;
    {
      std::unique_lock<std::mutex> lock(mu_);
      changed_.wait_for(lock, policy_.poll, [&] {
        return pending_lines_ < window_ || broken || (policy_.stop && policy_.stop->load());
      });
      if (!cursor_error_.ok()) break;
      room = pending_lines_ < window_ ? window_ - pending_lines_ : 0;
    }
    if (room == 0) continue;
    // Read before looking at completeness would miss a line appended in
    // between; so completeness is taken first.
    const bool complete = InputsComplete();
    const std::size_t read = ReadItems(std::min<std::size_t>(room, target_.batch));
    if (read > 0) {
      ok = write_last(read);
      continue;
    }
    if (!input_error_.ok()) break;
    LookAtEnds(complete);
    std::unique_lock<std::mutex> lock(mu_);
    if (complete && pending_.empty()) {
      *finished = true;
      break;
    }
    changed_.wait_for(lock, policy_.poll);
  }
  // The service commits and acknowledges what it received when the stream ends.
  stream->WritesDone();
  reader.join();
  return stream->Finish();
}

absl::StatusOr<PushTotals> PushSession::Run() {
  auto backoff = std::chrono::milliseconds(100);
  auto unreachable_since = std::chrono::steady_clock::now();
  for (;;) {
    const std::int64_t before = totals_.acknowledged;
    bool finished = false;
    grpc::Status status = StreamOnce(&finished);
    if (!input_error_.ok()) return input_error_;
    if (!cursor_error_.ok()) return cursor_error_;  // the reader thread has ended
    if (!connect_error_.ok()) return connect_error_;
    if (finished) return totals_;
    if (Stopping()) {
      totals_.interrupted = true;
      return totals_;
    }
    if (Permanent(status.error_code())) {
      return absl::FailedPreconditionError(
          absl::StrCat("the service refused the push (", status.error_message(), ")"));
    }
    if (policy_.producer_error) {
      if (absl::Status s = policy_.producer_error(); !s.ok()) return s;
    }
    if (totals_.acknowledged > before) {  // progress: the service is there, reset the budget
      backoff = std::chrono::milliseconds(100);
      unreachable_since = std::chrono::steady_clock::now();
    }
    const double waited =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - unreachable_since).count();
    if (policy_.retry_for_s >= 0 && waited > policy_.retry_for_s) {
      return absl::UnavailableError(
          absl::StrCat("service unavailable for ", static_cast<int>(waited), " s (",
                       status.error_message(), "); ", totals_.acknowledged,
                       " items acknowledged, the rest stays on disk for the "
                       "next push"));
    }
    LogLine(log_, "retry",
            absl::StrCat("\"acknowledged\":", totals_.acknowledged,
                         ",\"reason\":", Quoted(status.error_message())));
    for (auto slept = std::chrono::milliseconds(0); slept < backoff && !Stopping();
         slept += std::chrono::milliseconds(20)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
  }
}

}  // namespace

void LogNotice(std::ostream& log, const std::string& event, const std::string& file,
               const std::string& message) {
  LogLine(log, event, absl::StrCat("\"file\":", Quoted(file), ",\"message\":", Quoted(message)));
}

absl::StatusOr<PushTotals> PushInputs(const PushTarget& target, std::vector<PushInput>& inputs,
                                      const PushPolicy& policy, std::ostream& log) {
  PushSession session(target, inputs, policy, log);
  return session.Run();
}

}  // namespace pqa::push
