// The 1,008-reading sets of every point (PRODIST Module 8 items 26.2, 81),
// maintained as records arrive instead of recomputed per query.
//
// Per point and set kind, a running state (table set_state) says where the
// set being filled starts (anchor), how many valid readings it holds so far
// and how many sets have closed; closed sets are rows of indicator_sets with
// their indicators. Ingest only counts valid readings; when a set fills up,
// its records (one week) are read back once and evaluated by the PRODIST
// engine's own functions (BuildReadingSets, EvaluateVoltageSet,
// EvaluateDisturbanceSet), so the stored sets equal what EvaluateCompliance
// gives over the point's whole history. A late record that falls inside or
// before a closed set reopens the sets from the first one it affects; the
// first record with flicker_complete (which changes the disturbance-set
// condition, see prodist::FlickerMeasured) and a configuration change rebuild
// the point's sets from its first record.
//
// Every closed (or re-closed) set is published on the update log, followed by
// one LimitViolation per indicator over its limit: DRP/DRC (item 28) for the
// steady-state set, the Violation list (tables 2-4) for the disturbance set.
// Sets that are reopened are first withdrawn on the log (SetsReopened: kind,
// end of the first withdrawn set, reason).
#ifndef PQA_HOST_SERVICE_INDICATOR_SETS_H_
#define PQA_HOST_SERVICE_INDICATOR_SETS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "host/common/time.h"
#include "host/prodist/point_config.h"
#include "host/storage/store.h"
#include "pqa/v1/compliance.pb.h"

namespace pqa::service {

// The closed sets of a point that end in a period, and the fill of the next one.
struct PointSets {
  std::vector<pqa::v1::VoltageSet> voltage;
  std::vector<pqa::v1::DisturbanceSet> disturbance;
  int pending_readings = 0;  // valid steady-state readings towards the next set, 0..1007
  bool has_records = false;  // the point has at least one 10-minute record
};

class IndicatorSets final : public storage::IngestHook {
 public:
  absl::Status AfterStore(storage::SqlConnection& db,
                          const std::vector<const storage::IngestEntry*>& stored) override;
  void AfterRollback() override;
  void PointChanged(const std::string& point_id) override;

  // Sets of `point_id` whose last reading ends in the period, i.e. with
  // from_ns < set end <= to_ns (ns since epoch UTC), in time order. Builds the
  // point's sets first when they are not maintained yet (first query after a
  // configuration change or an upgrade from schema version 1).
  absl::StatusOr<PointSets> Read(storage::Store& store, const std::string& point_id, TimeNs from_ns,
                                 TimeNs to_ns);

  // The running state of one point and kind (a row of set_state).
  struct State {
    bool exists = false;
    std::int64_t revision = 0;  // point revision the sets were built for, >= 1
    TimeNs anchor_ns = 0;       // records with start >= anchor feed the set being filled
    TimeNs frontier_ns = 0;     // latest 10-minute record start seen (kNoRecord: none)
    int pending = 0;            // valid readings in the set being filled, 0..1007
    int sets = 0;               // closed sets, >= 0
    bool flicker = false;       // disturbance sets built with the flicker_complete condition
  };

 private:
  struct New10Min {
    TimeNs start = 0;
    const pqa::v1::Record* record = nullptr;
  };
  absl::Status UpdatePoint(storage::SqlConnection& db, const std::string& point_id,
                           const std::vector<New10Min>& news) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::StatusOr<State> EnsureState(storage::SqlConnection& db, const std::string& point_id,
                                    int kind) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::StatusOr<State> LoadState(storage::SqlConnection& db, const std::string& point_id, int kind)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::StatusOr<const prodist::PointConfig*> Config(storage::SqlConnection& db,
                                                     const std::string& point_id,
                                                     std::int64_t* revision)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Closes the sets that the records from base.anchor_ns on fill; from
  // scratch, the point's sets of `kind` are withdrawn first (`reason` goes to
  // subscribers when there were any).
  absl::StatusOr<State> Rebuild(storage::SqlConnection& db, const std::string& point_id, int kind,
                                State base, bool from_scratch, const char* reason = "")
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status SaveStates(storage::SqlConnection& db) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  struct CachedConfig {
    std::int64_t revision = 0;
    prodist::PointConfig config;
  };
  absl::Mutex mu_;
  std::map<std::string, CachedConfig> configs_ ABSL_GUARDED_BY(mu_);
  // SQLite only (one process owns the file): states as last committed, so
  // that ingest does not read them back per batch. PostgreSQL replicas share
  // the rows, so there they are read (locked) per batch.
  std::map<std::pair<std::string, int>, State> states_ ABSL_GUARDED_BY(mu_);
  // States changed by the current transaction, written at its end.
  std::map<std::pair<std::string, int>, State> dirty_ ABSL_GUARDED_BY(mu_);
};

}  // namespace pqa::service

#endif  // PQA_HOST_SERVICE_INDICATOR_SETS_H_
