#include "host/service/ingest_service.h"

#include <chrono>
#include <deque>
#include <thread>
#include <type_traits>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "host/records/event_validation.h"
#include "host/records/record_validation.h"
#include "host/service/ingest_limits.h"
#include "host/service/metrics.h"
#include "host/service/registry_service.h"

namespace pqa::service {
namespace {

// Holds one slot of a counted resource for the life of a stream.
class Slot {
 public:
  Slot(std::atomic<int>& counter, int limit) : counter_(counter) {
    acquired_ = counter_.fetch_add(1) < limit;
  }
  ~Slot() { counter_.fetch_sub(1); }
  bool acquired() const { return acquired_; }

 private:
  std::atomic<int>& counter_;
  bool acquired_;
};

// Commits batches on its own thread while the stream goes on reading, so that
// receiving and parsing the next batch overlaps the database work and fsync
// of the previous one (without it the client stalls on flow control during
// every commit). Acknowledgements leave in batch order, each after its commit.
class Committer {
 public:
  using Stream = grpc::ServerReaderWriter<pqa::v1::IngestAck, pqa::v1::IngestItem>;
  Committer(storage::Store* store, Stream* stream, ServiceMetrics* metrics)
      : store_(store), stream_(stream), metrics_(metrics), thread_([this] { Run(); }) {}
  ~Committer() { (void)Finish(); }

  // Queues a batch (empty: acknowledge `last_sequence` only). Blocks while
  // another batch waits, so at most three are in memory (committing, waiting,
  // being read). Returns the error of an earlier commit, if any.
  grpc::Status Submit(std::vector<storage::IngestEntry> batch, std::uint64_t last_sequence) {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(
        +[](Committer* c)
             ABSL_EXCLUSIVE_LOCKS_REQUIRED(c->mu_) { return c->queue_.empty() || !c->error_.ok(); },
        this));
    if (!error_.ok()) return error_;
    queue_.push_back(Pending{std::move(batch), last_sequence});
    return grpc::Status::OK;
  }

  // Waits until every queued batch is committed and acknowledged.
  grpc::Status Finish() {
    {
      absl::MutexLock lock(&mu_);
      done_ = true;
    }
    if (thread_.joinable()) thread_.join();
    absl::MutexLock lock(&mu_);
    return error_;
  }

 private:
  struct Pending {
    std::vector<storage::IngestEntry> batch;
    std::uint64_t last_sequence = 0;
  };

  void Run() {
    for (;;) {
      Pending p;
      {
        absl::MutexLock lock(&mu_);
        mu_.Await(absl::Condition(
            +[](Committer* c)
                 ABSL_EXCLUSIVE_LOCKS_REQUIRED(c->mu_) { return !c->queue_.empty() || c->done_; },
            this));
        if (queue_.empty()) return;
        p = std::move(queue_.front());
        queue_.pop_front();
      }
      grpc::Status s = Commit(p);
      if (!s.ok()) {
        absl::MutexLock lock(&mu_);
        error_ = s;
        queue_.clear();
        return;
      }
    }
  }

  grpc::Status Commit(const Pending& p) {
    pqa::v1::IngestAck ack;
    ack.set_last_sequence(p.last_sequence);
    if (!p.batch.empty()) {
      const auto start = std::chrono::steady_clock::now();
      auto counts = store_->Ingest(p.batch);
      if (!counts.ok()) return ToGrpc(counts.status());
      if (metrics_ != nullptr) {
        metrics_->CountIngest(
            *counts,
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      }
      ack.set_stored(counts->stored);
      ack.set_duplicates(counts->duplicates);
    }
    if (!stream_->Write(ack)) return grpc::Status(grpc::StatusCode::CANCELLED, "client went away");
    return grpc::Status::OK;
  }

  storage::Store* store_;
  Stream* stream_;
  ServiceMetrics* metrics_;  // may be null
  absl::Mutex mu_;
  std::deque<Pending> queue_ ABSL_GUARDED_BY(mu_);
  bool done_ ABSL_GUARDED_BY(mu_) = false;
  grpc::Status error_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;  // last: starts after the members it uses
};

}  // namespace

grpc::Status IngestService::Push(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<pqa::v1::IngestAck, pqa::v1::IngestItem>* stream) {
  auto caller = ctx_->tokens->Authorize(*context, Role::kAnalyzer);
  if (!caller.ok()) return ToGrpc(caller.status());
  Slot slot(ctx_->ingest_streams, ctx_->limits.max_ingest_streams);
  if (!slot.acquired()) {
    return grpc::Status(
        grpc::StatusCode::RESOURCE_EXHAUSTED,
        absl::StrCat("more than ", ctx_->limits.max_ingest_streams, " concurrent ingest streams"));
  }
  // Points checked for this caller on this stream (looked up for every item).
  absl::flat_hash_set<std::string> allowed;
  std::vector<storage::IngestEntry> batch;
  std::uint64_t last_sequence = 0;

  Committer committer(ctx_->store, stream, ctx_->metrics);
  // A flush item is acknowledged even when it closes an empty batch.
  auto commit = [&](bool force) -> grpc::Status {
    if (batch.empty() && !force) return grpc::Status::OK;
    grpc::Status s = committer.Submit(std::move(batch), last_sequence);
    batch.clear();
    return s;
  };

  // Moves one record or event of `item` into the batch; `field` names it in errors.
  auto add = [&](const pqa::v1::IngestItem& item, auto&& payload,
                 const auto& field) -> grpc::Status {
    // records::Validate* is the one check of the program: what passes can
    // be stored, evaluated and reported; what fails stops the stream before
    // anything of the item is committed (the batch holding it is dropped).
    absl::Status valid;
    absl::StatusOr<storage::ItemKey> key;
    if constexpr (std::is_same_v<std::decay_t<decltype(payload)>, pqa::v1::Record>) {
      valid = records::ValidateRecord(payload).status();
      if (valid.ok()) key = storage::RecordKey(payload);
    } else {
      valid = records::ValidateEvent(payload).status();
      if (valid.ok()) key = storage::EventKey(payload);
    }
    if (!valid.ok()) {
      return grpc::Status(
          grpc::StatusCode::INVALID_ARGUMENT,
          absl::StrCat("item sequence ", item.sequence(), ": ", field(), ".", valid.message()));
    }
    if (!key.ok()) {
      // The key's message names "record.FIELD" or "event.FIELD"; the item's own name goes first.
      const absl::string_view message = key.status().message();
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          absl::StrCat("item sequence ", item.sequence(), ": ", field(),
                                       message.substr(message.find('.'))));
    }
    // The item is read afresh on every loop: its payloads are moved, not copied.
    batch.push_back(storage::IngestEntry{item.point_id(), std::move(payload), *key});
    return grpc::Status::OK;
  };

  pqa::v1::IngestItem item;
  while (!ctx_->draining.load() && stream->Read(&item)) {
    // Built only for an error message: the loop runs for every item.
    auto where = [&item] { return absl::StrCat("item sequence ", item.sequence(), ": "); };
    if (item.sequence() == 0 || item.sequence() <= last_sequence) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          absl::StrCat(where(), "sequence: expected > ", last_sequence));
    }
    const int backlog = item.records_size() + item.events_size();
    if (backlog > kMaxBacklogPerItem) {
      return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                          absl::StrCat(where(), "records and events: ", backlog,
                                       " in one item, at most ", kMaxBacklogPerItem));
    }
    if (item.payload_case() != pqa::v1::IngestItem::PAYLOAD_NOT_SET || backlog > 0) {
      if (!allowed.count(item.point_id())) {
        if (absl::Status s = ValidatePointId(item.point_id(), where() + "point_id"); !s.ok()) {
          return ToGrpc(s);
        }
        auto point = ctx_->store->GetPoint(item.point_id());
        if (!point.ok()) return ToGrpc(point.status());
        const auto& analyzers = point->analyzers();
        if (std::find(analyzers.begin(), analyzers.end(), caller->name) == analyzers.end()) {
          return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                              absl::StrCat("client '", caller->name, "' may not ingest for point '",
                                           item.point_id(), "'"));
        }
        allowed.insert(item.point_id());
      }
      grpc::Status s;
      if (item.has_record()) {
        s = add(item, std::move(*item.mutable_record()), [] { return "record"; });
      } else if (item.has_event()) {
        s = add(item, std::move(*item.mutable_event()), [] { return "event"; });
      }
      for (int i = 0; s.ok() && i < item.records_size(); ++i) {
        s = add(item, std::move(*item.mutable_records(i)),
                [i] { return absl::StrCat("records[", i, "]"); });
      }
      for (int i = 0; s.ok() && i < item.events_size(); ++i) {
        s = add(item, std::move(*item.mutable_events(i)),
                [i] { return absl::StrCat("events[", i, "]"); });
      }
      if (!s.ok()) return s;
    }
    last_sequence = item.sequence();
    if (item.flush() || static_cast<int>(batch.size()) >= ctx_->limits.ingest_batch) {
      if (grpc::Status s = commit(item.flush()); !s.ok()) return s;
    }
  }
  // End of stream (or draining): what was received is committed and acknowledged.
  if (grpc::Status s = commit(false); !s.ok()) return s;
  return committer.Finish();
}

}  // namespace pqa::service
