// Durable storage of the service: the point registry, records and VTCD events
// (idempotent on (point, interval start, interval length)) and the update log
// that subscriptions resume from. Thread-safe; one connection serialised by a
// mutex (replicas scale by running more processes on one PostgreSQL).
#ifndef PQA_HOST_STORAGE_STORE_H_
#define PQA_HOST_STORAGE_STORE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "host/common/time.h"
#include "host/storage/sql_connection.h"
#include "pqa/v1/event.pb.h"
#include "pqa/v1/record.pb.h"
#include "pqa/v1/registry.pb.h"

namespace pqa::storage {

// One item to store, with the point it belongs to.
struct IngestEntry {
  std::string point_id;  // registered point, 1..128 characters
  std::variant<pqa::v1::Record, pqa::v1::VtcdEvent> payload;
};

struct IngestCounts {
  int stored = 0;      // entries that were new, 0..batch size
  int duplicates = 0;  // entries already stored (same key), 0..batch size
};

// An entry of the update log, in commit order.
struct UpdateEntry {
  std::int64_t seq = 0;  // log position, >= 1, strictly increasing
  std::string point_id;
  std::variant<pqa::v1::Record, pqa::v1::VtcdEvent> payload;
};

// Idempotency key of a record: interval start and nominal length, ns.
// INVALID_ARGUMENT names the field when start is not RFC 3339 or duration_s <= 0.
struct ItemKey {
  TimeNs start_ns = 0;
  TimeNs length_ns = 0;  // > 0 for records, >= 0 for events (0.1 ms resolution)
};
absl::StatusOr<ItemKey> RecordKey(const pqa::v1::Record& record);
absl::StatusOr<ItemKey> EventKey(const pqa::v1::VtcdEvent& event);

class Store {
 public:
  // `spec` is "sqlite:PATH" or a "postgresql://" URI. Runs the migrations.
  static absl::StatusOr<std::unique_ptr<Store>> Open(const std::string& spec);
  static absl::StatusOr<std::unique_ptr<Store>> Create(std::unique_ptr<SqlConnection> db);

  // Registry. created/updated/revision are set here. ALREADY_EXISTS, NOT_FOUND,
  // FAILED_PRECONDITION (revision mismatch) as the API documents.
  absl::StatusOr<pqa::v1::MeasurementPoint> CreatePoint(pqa::v1::MeasurementPoint point,
                                                        TimeNs now);
  absl::StatusOr<pqa::v1::MeasurementPoint> GetPoint(const std::string& point_id);
  // Points with point_id > after_id in id order, at most `limit` (1..).
  absl::StatusOr<std::vector<pqa::v1::MeasurementPoint>> ListPoints(const std::string& after_id,
                                                                    int limit);
  absl::StatusOr<pqa::v1::MeasurementPoint> UpdatePoint(pqa::v1::MeasurementPoint point,
                                                        std::int64_t expected_revision, TimeNs now);

  // Stores a batch in one transaction: when this returns OK every entry is
  // committed (durable); duplicates are counted and not stored again, and do
  // not enter the update log. On error nothing of the batch is stored.
  absl::StatusOr<IngestCounts> Ingest(const std::vector<IngestEntry>& batch);

  // Records of a point with start in [from_ns, to_ns) and the given length
  // (0: any), ordered by start, at most `limit`.
  absl::StatusOr<std::vector<pqa::v1::Record>> ListRecords(const std::string& point_id,
                                                           TimeNs from_ns, TimeNs to_ns,
                                                           TimeNs length_ns, int limit);
  absl::StatusOr<std::vector<pqa::v1::VtcdEvent>> ListEvents(const std::string& point_id,
                                                             TimeNs from_ns, TimeNs to_ns,
                                                             int limit);
  // Log entries after `after_seq` for the points, in order, at most `limit`.
  absl::StatusOr<std::vector<UpdateEntry>> ReadUpdates(const std::vector<std::string>& point_ids,
                                                       std::int64_t after_seq, int limit);
  // Highest log position so far (0 for an empty log).
  absl::StatusOr<std::int64_t> LastUpdateSeq();

 private:
  explicit Store(std::unique_ptr<SqlConnection> db) : db_(std::move(db)) {}
  absl::StatusOr<pqa::v1::MeasurementPoint> GetPointLocked(const std::string& point_id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::StatusOr<IngestCounts> IngestLocked(const std::vector<IngestEntry>& batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  absl::Mutex mu_;
  std::unique_ptr<SqlConnection> db_ ABSL_GUARDED_BY(mu_);
};

}  // namespace pqa::storage

#endif  // PQA_HOST_STORAGE_STORE_H_
