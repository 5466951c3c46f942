#include "host/service/ingest_service.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
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
  std::set<std::string> allowed;  // points checked for this caller on this stream
  std::vector<storage::IngestEntry> batch;
  std::uint64_t last_sequence = 0;

  auto commit = [&](bool force) -> grpc::Status {
    if (batch.empty() && !force) return grpc::Status::OK;
    auto counts = ctx_->store->Ingest(batch);
    if (!counts.ok()) return ToGrpc(counts.status());
    pqa::v1::IngestAck ack;
    ack.set_last_sequence(last_sequence);
    ack.set_stored(counts->stored);
    ack.set_duplicates(counts->duplicates);
    batch.clear();
    if (!stream->Write(ack)) return grpc::Status(grpc::StatusCode::CANCELLED, "client went away");
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
    if (item.payload_case() != pqa::v1::IngestItem::PAYLOAD_NOT_SET) {
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
      storage::IngestEntry entry{item.point_id(), pqa::v1::Record(), std::nullopt};
      absl::StatusOr<storage::ItemKey> key;
      // The item is read afresh on every loop: its payload is moved, not copied.
      if (item.has_record()) {
        key = storage::RecordKey(item.record());
        entry.payload = std::move(*item.mutable_record());
      } else {
        key = storage::EventKey(item.event());
        entry.payload = std::move(*item.mutable_event());
      }
      if (!key.ok()) {
        return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                            absl::StrCat(where(), key.status().message()));
      }
      entry.key = *key;
      batch.push_back(std::move(entry));
    }
    last_sequence = item.sequence();
    if (item.flush() || static_cast<int>(batch.size()) >= ctx_->limits.ingest_batch) {
      if (grpc::Status s = commit(item.flush()); !s.ok()) return s;
    }
  }
  // End of stream (or draining): what was received is committed and acknowledged.
  return commit(false);
}

}  // namespace pqa::service
