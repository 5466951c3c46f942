// Durable storage of the service: the point registry, records and VTCD events
// (idempotent on (point, interval start, interval length)) and the update log
// that subscriptions resume from (records and events by key, closed sets and
// violations by value). Thread-safe; one connection serialised by a
// mutex (replicas scale by running more processes on one PostgreSQL).
#ifndef PQA_HOST_STORAGE_STORE_H_
#define PQA_HOST_STORAGE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
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
#include "pqa/v1/subscription.pb.h"

namespace pqa::storage {

// Idempotency key of a record: interval start and nominal length, ns.
// INVALID_ARGUMENT names the field when start is not RFC 3339 or duration_s <= 0.
struct ItemKey {
  TimeNs start_ns = 0;
  TimeNs length_ns = 0;  // > 0 for records, >= 0 for events (0.1 ms resolution)
};
absl::StatusOr<ItemKey> RecordKey(const pqa::v1::Record& record);
absl::StatusOr<ItemKey> EventKey(const pqa::v1::VtcdEvent& event);

// One item to store, with the point it belongs to.
struct IngestEntry {
  std::string point_id;  // registered point, 1..128 characters
  std::variant<pqa::v1::Record, pqa::v1::VtcdEvent> payload;
  // The payload's key when the caller has already validated it (saves parsing
  // the start time again); std::nullopt: the store computes it.
  std::optional<ItemKey> key;
};

struct IngestCounts {
  int stored = 0;         // entries that were new, 0..batch size
  int duplicates = 0;     // entries already stored (same key), 0..batch size
  int stored_events = 0;  // of `stored`, VTCD events (the rest are records)
};

// What the update log carries: new records and events, and the indicator
// sets closed by them with their limit violations.
using UpdatePayload =
    std::variant<pqa::v1::Record, pqa::v1::VtcdEvent, pqa::v1::VoltageSet, pqa::v1::DisturbanceSet,
                 pqa::v1::LimitViolation, pqa::v1::SetsReopened>;

// Update-log kinds as stored in updates.kind.
inline constexpr std::string_view kVoltageSetKind = "voltage_set";
inline constexpr std::string_view kDisturbanceSetKind = "disturbance_set";
inline constexpr std::string_view kViolationKind = "violation";
inline constexpr std::string_view kSetsReopenedKind = "sets_reopened";

// An entry of the update log, in commit order.
struct UpdateEntry {
  std::int64_t seq = 0;  // log position, >= 1, strictly increasing
  std::string point_id;
  UpdatePayload payload;
};

// Every transaction that appends to the update log calls this first (any
// number of times). On PostgreSQL it takes a transaction-scoped advisory lock
// held until commit, so that log positions (BIGSERIAL) are allocated and
// committed in the same order on every replica and a subscriber reading up to
// the highest visible position never passes one that commits later. SQLite
// has a single writer: no-op.
absl::Status LockUpdateLog(SqlConnection& db);

// Appends `payload` (a set, violation or withdrawal; `kind` one of the kinds
// above) to the update log of `point_id`, inside the caller's transaction.
absl::Status AppendUpdate(SqlConnection& db, const std::string& point_id, std::string_view kind,
                          const google::protobuf::Message& payload);

// Deletes the point's indicator sets of `set_kind` ("voltage", "disturbance";
// "" every kind) that end at or after `from_end_ns` (nullopt: all of them)
// and, when there were any, appends a SetsReopened with `reason` so that
// subscribers holding them learn they no longer hold. Inside the caller's
// transaction.
absl::Status WithdrawIndicatorSets(SqlConnection& db, const std::string& point_id,
                                   std::string_view set_kind, std::optional<TimeNs> from_end_ns,
                                   std::string_view reason);

// Keeps data derived from the records (the indicator sets) in step with
// them: called inside the transaction of every ingest batch, so that derived
// rows commit or roll back together with the records.
class IngestHook {
 public:
  virtual ~IngestHook() = default;
  // `stored`: the entries of the batch that were new, in batch order. An
  // error rolls the whole batch back.
  virtual absl::Status AfterStore(SqlConnection& db,
                                  const std::vector<const IngestEntry*>& stored) = 0;
  // The transaction in which AfterStore ran was rolled back: forget anything
  // cached from it.
  virtual void AfterRollback() {}
  // The point's configuration changed (UpdatePoint dropped its derived rows):
  // forget anything cached for it.
  virtual void PointChanged(const std::string& point_id) { (void)point_id; }
};

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
  // Removes a point that holds no record and no event (FAILED_PRECONDITION
  // otherwise: data is never dropped with its registry entry), with its set
  // state. NOT_FOUND for an unknown point; `expected_revision` as UpdatePoint.
  absl::Status DeletePoint(const std::string& point_id, std::int64_t expected_revision);
  // Registered points, >= 0.
  absl::StatusOr<std::int64_t> CountPoints();

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
  // Log entries after `after_seq` for the points (1..1000), in order, at
  // most `limit`. `scanned_to` (optional) receives the log position up to
  // which the read was complete (>= after_seq): a reader may continue after
  // it without scanning other points' entries again.
  absl::StatusOr<std::vector<UpdateEntry>> ReadUpdates(const std::vector<std::string>& point_ids,
                                                       std::int64_t after_seq, int limit,
                                                       std::int64_t* scanned_to = nullptr);
  // Highest log position so far (0 for an empty log).
  absl::StatusOr<std::int64_t> LastUpdateSeq();
  // Removes the oldest log entries, those logged before `logged_before_ns`
  // (ns since epoch UTC), at most `max_entries` (>= 1) per call, in log
  // order and up to the first entry to keep. Returns how many went. Reading
  // after a position that was removed is OUT_OF_RANGE from then on.
  absl::StatusOr<std::int64_t> PruneUpdates(TimeNs logged_before_ns, int max_entries);

  // Installs the hook run inside every ingest transaction (not owned; must
  // outlive the store; nullptr removes it).
  void SetIngestHook(IngestHook* hook);
  // Runs `body` on the connection inside one transaction (rolled back when it
  // returns an error), serialised with every other store operation. For the
  // derived tables kept by an IngestHook.
  absl::Status RunInTransaction(const std::function<absl::Status(SqlConnection&)>& body);

 private:
  // An entry of an ingest batch on its way into its table.
  struct IngestRow {
    const IngestEntry* entry;
    ItemKey key;
    std::string bytes;    // serialized payload, moved into the INSERT
    bool stored = false;  // new (not a duplicate of a stored key)
  };
  static constexpr std::size_t kRowsPerInsert = 100;  // rows per multi-row INSERT (4 params each)

  // Where the update log stands: its last position (pruned or not) and the
  // highest one removed by PruneUpdates (0: none).
  struct LogBounds {
    std::int64_t last = 0;
    std::int64_t pruned_through = 0;
  };

  explicit Store(std::unique_ptr<SqlConnection> db) : db_(std::move(db)) {}
  absl::StatusOr<LogBounds> LogBoundsLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::StatusOr<pqa::v1::MeasurementPoint> GetPointLocked(const std::string& point_id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::StatusOr<IngestCounts> IngestLocked(const std::vector<IngestEntry>& batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status InsertRows(std::string_view table, const std::vector<IngestRow*>& rows)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  absl::Mutex mu_;
  std::unique_ptr<SqlConnection> db_ ABSL_GUARDED_BY(mu_);
  IngestHook* hook_ ABSL_GUARDED_BY(mu_) = nullptr;
};

}  // namespace pqa::storage

#endif  // PQA_HOST_STORAGE_STORE_H_
