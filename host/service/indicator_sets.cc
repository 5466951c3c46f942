#include "host/service/indicator_sets.h"

#include <algorithm>
#include <limits>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "host/prodist/disturbance.h"
#include "host/prodist/reading_sets.h"
#include "host/prodist/steady_state.h"
#include "host/service/point_evaluation.h"

namespace pqa::service {
namespace {

using storage::SqlConnection;
using storage::SqlResult;
using storage::SqlValue;

constexpr TimeNs kBeginning = std::numeric_limits<TimeNs>::min() / 2;  // before any record
constexpr TimeNs kNoRecord = kBeginning;                               // frontier of no record

// The two set kinds of Module 8, by index: 0 steady-state voltage (items
// 26.2, 87), 1 harmonics/unbalance/flicker (items 81, 86).
constexpr int kKinds = 2;
constexpr const char* kKindName[kKinds] = {"voltage", "disturbance"};
constexpr prodist::SetKind kSetKind[kKinds] = {prodist::SetKind::kSteadyState,
                                               prodist::SetKind::kDisturbance};
constexpr int kDisturbance = 1;

std::int64_t ToInt(const std::optional<std::string>& column) {
  std::int64_t v = 0;
  if (column) (void)absl::SimpleAtoi(*column, &v);
  return v;
}

// Item 87 makes momentary expurgation optional for the steady-state set;
// item 86 expurgates every VTCD from the disturbance set.
bool Expurgates(int kind, const prodist::PointConfig& config) {
  return kind == kDisturbance || config.spec.expurgate_momentary;
}

// An eventual measurement (item 26.7) takes the first set only.
bool TakesMoreSets(const prodist::PointConfig& config, int sets) {
  return config.spec.mode != prodist::MeasurementMode::kEventual || sets < 1;
}

absl::Status LogViolation(SqlConnection& db, const std::string& point_id, const std::string& end,
                          const pqa::v1::Violation& violation) {
  pqa::v1::LimitViolation v;
  v.set_set_end(end);
  *v.mutable_violation() = violation;
  return storage::AppendUpdate(db, point_id, storage::kViolationKind, v);
}

pqa::v1::Violation MakeViolation(const char* indicator, double value, double limit) {
  pqa::v1::Violation v;
  v.set_indicator(indicator);
  v.set_value(value);
  v.set_limit(limit);
  return v;
}

// Stores one closed set and publishes it with its violations.
absl::Status StoreSet(SqlConnection& db, const std::string& point_id, int kind,
                      const prodist::ReadingSet& set, const google::protobuf::Message& payload,
                      const std::vector<pqa::v1::Violation>& violations) {
  absl::StatusOr<SqlResult> r = db.Execute(
      "INSERT INTO indicator_sets (point_id, kind, end_ns, start_ns, payload) "
      "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (point_id, kind, end_ns) "
      "DO UPDATE SET start_ns = excluded.start_ns, payload = excluded.payload",
      {point_id, std::string(kKindName[kind]), set.end, set.start,
       storage::Blob{payload.SerializeAsString()}});
  if (!r.ok()) return r.status();
  const std::string_view log_kind =
      kind == kDisturbance ? storage::kDisturbanceSetKind : storage::kVoltageSetKind;
  if (absl::Status s = storage::AppendUpdate(db, point_id, log_kind, payload); !s.ok()) return s;
  const std::string end = FormatRfc3339(set.end);
  for (const pqa::v1::Violation& v : violations) {
    if (absl::Status s = LogViolation(db, point_id, end, v); !s.ok()) return s;
  }
  return absl::OkStatus();
}

// The point's 10-minute records with start >= from_ns, in time order.
absl::StatusOr<std::vector<prodist::TimedRecord>> LoadRecords(SqlConnection& db,
                                                              const std::string& point_id,
                                                              TimeNs from_ns) {
  absl::StatusOr<SqlResult> r = db.Execute(
      "SELECT start_ns, payload FROM records WHERE point_id = $1 AND start_ns >= $2 "
      "AND length_ns = $3 ORDER BY start_ns",
      {point_id, from_ns, kTenMinutesNs});
  if (!r.ok()) return r.status();
  std::vector<prodist::TimedRecord> out(r->rows.size());
  for (std::size_t i = 0; i < r->rows.size(); ++i) {
    out[i].start = ToInt(r->rows[i][0]);
    if (!r->rows[i][1] || !out[i].record.ParseFromString(*r->rows[i][1])) {
      return absl::DataLossError(absl::StrCat("stored record of point '", point_id, "' at ",
                                              FormatRfc3339(out[i].start), " does not parse"));
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<const prodist::PointConfig*> IndicatorSets::Config(SqlConnection& db,
                                                                  const std::string& point_id,
                                                                  std::int64_t* revision) {
  if (*revision != 0) {
    auto it = configs_.find(point_id);
    if (it != configs_.end() && it->second.revision == *revision) return &it->second.config;
  }
  absl::StatusOr<SqlResult> r =
      db.Execute("SELECT revision, payload FROM points WHERE point_id = $1", {point_id});
  if (!r.ok()) return r.status();
  pqa::v1::MeasurementPoint point;
  if (r->rows.empty() || !r->rows[0][1] || !point.ParseFromString(*r->rows[0][1])) {
    return absl::NotFoundError(absl::StrCat("point '", point_id, "' is not registered"));
  }
  absl::StatusOr<prodist::PointConfig> config = ResolveRegisteredPoint(point);
  if (!config.ok()) return config.status();
  *revision = ToInt(r->rows[0][0]);
  CachedConfig& cached = configs_[point_id];
  cached = CachedConfig{*revision, *std::move(config)};
  return &cached.config;
}

absl::StatusOr<IndicatorSets::State> IndicatorSets::LoadState(SqlConnection& db,
                                                              const std::string& point_id,
                                                              int kind) {
  const auto key = std::make_pair(point_id, kind);
  if (auto it = dirty_.find(key); it != dirty_.end()) return it->second;
  const bool sqlite = db.dialect() == storage::SqlDialect::kSqlite;
  if (sqlite) {
    if (auto it = states_.find(key); it != states_.end()) return it->second;
  }
  // On PostgreSQL the row lock orders concurrent replicas ingesting for the
  // same point (read committed would otherwise lose a count).
  absl::StatusOr<SqlResult> r = db.Execute(
      absl::StrCat("SELECT revision, anchor_ns, frontier_ns, pending, sets, flicker FROM set_state "
                   "WHERE point_id = $1 AND kind = $2",
                   sqlite ? "" : " FOR UPDATE"),
      {point_id, std::string(kKindName[kind])});
  if (!r.ok()) return r.status();
  State st;
  if (!r->rows.empty()) {
    const storage::SqlRow& row = r->rows[0];
    st = State{true,
               ToInt(row[0]),
               ToInt(row[1]),
               ToInt(row[2]),
               static_cast<int>(ToInt(row[3])),
               static_cast<int>(ToInt(row[4])),
               ToInt(row[5]) != 0};
  }
  if (sqlite && st.exists) states_[key] = st;
  return st;
}

absl::StatusOr<IndicatorSets::State> IndicatorSets::Rebuild(SqlConnection& db,
                                                            const std::string& point_id, int kind,
                                                            State base, bool from_scratch,
                                                            const char* reason) {
  const prodist::PointConfig* config = nullptr;
  {
    std::int64_t revision = from_scratch ? 0 : base.revision;
    absl::StatusOr<const prodist::PointConfig*> c = Config(db, point_id, &revision);
    if (!c.ok()) return c.status();
    config = *c;
    base.revision = revision;
  }
  if (from_scratch) {
    // The re-closed sets are published as they close again below.
    if (absl::Status s =
            storage::WithdrawIndicatorSets(db, point_id, kKindName[kind], std::nullopt, reason);
        !s.ok()) {
      return s;
    }
    base.anchor_ns = kBeginning;
    base.sets = 0;
    base.frontier_ns = kNoRecord;
  }
  absl::StatusOr<std::vector<prodist::TimedRecord>> records =
      LoadRecords(db, point_id, base.anchor_ns);
  if (!records.ok()) return records.status();
  if (!records->empty()) base.frontier_ns = std::max(base.frontier_ns, records->back().start);
  // prodist::EvaluateCompliance decides over all records whether flicker was
  // measured; from the first record on, that is every record loaded here.
  if (from_scratch && kind == kDisturbance) base.flicker = prodist::FlickerMeasured(*records);
  base.exists = true;
  base.pending = 0;
  if (!TakesMoreSets(*config, base.sets)) return base;
  const int max_sets = config->spec.mode == prodist::MeasurementMode::kEventual ? 1 : 0;
  const prodist::ReadingSets built = prodist::BuildReadingSets(
      *records, kSetKind[kind], Expurgates(kind, *config), max_sets, prodist::kReadingsPerSet,
      /*require_flicker=*/kind != kDisturbance || base.flicker);
  prodist::DisturbanceLimits limits = prodist::LimitsFor(*config);
  if (!base.flicker) limits.pst95 = std::numeric_limits<double>::infinity();  // as the engine
  for (const prodist::ReadingSet& set : built.sets) {
    absl::Status s;
    if (kind == kDisturbance) {
      const pqa::v1::DisturbanceSet d =
          prodist::EvaluateDisturbanceSet(*records, set, limits, config->zone);
      s = StoreSet(db, point_id, kind, set, d, {d.violations().begin(), d.violations().end()});
    } else {
      const pqa::v1::VoltageSet v = prodist::EvaluateVoltageSet(*records, set, *config);
      std::vector<pqa::v1::Violation> violations;
      if (v.drp_violation()) {
        violations.push_back(MakeViolation("DRP", v.drp_pct(), prodist::kDrpLimitPct));
      }
      if (v.drc_violation()) {
        violations.push_back(MakeViolation("DRC", v.drc_pct(), prodist::kDrcLimitPct));
      }
      s = StoreSet(db, point_id, kind, set, v, violations);
    }
    if (!s.ok()) return s;
    // The next set starts after this set's last reading (item 26.2:
    // consecutive, non-overlapping sets).
    base.anchor_ns = set.end - kTenMinutesNs + 1;
    ++base.sets;
  }
  base.pending = TakesMoreSets(*config, base.sets) ? built.pending_valid : 0;
  return base;
}

absl::StatusOr<IndicatorSets::State> IndicatorSets::EnsureState(SqlConnection& db,
                                                                const std::string& point_id,
                                                                int kind) {
  absl::StatusOr<State> st = LoadState(db, point_id, kind);
  if (!st.ok() || st->exists) return st;
  st = Rebuild(db, point_id, kind, State{}, /*from_scratch=*/true, "configuration changed");
  if (st.ok()) dirty_[{point_id, kind}] = *st;
  return st;
}

absl::Status IndicatorSets::UpdatePoint(SqlConnection& db, const std::string& point_id,
                                        const std::vector<New10Min>& news) {
  TimeNs earliest = news.front().start, latest = news.front().start;
  bool any_flicker = false;
  for (const New10Min& n : news) {
    earliest = std::min(earliest, n.start);
    latest = std::max(latest, n.start);
    any_flicker = any_flicker || n.record->flicker_complete();
  }
  {
    absl::StatusOr<State> first = LoadState(db, point_id, 0);
    if (!first.ok()) return first.status();
    std::int64_t revision = first->exists ? first->revision : 0;
    absl::StatusOr<const prodist::PointConfig*> config = Config(db, point_id, &revision);
    if (absl::IsFailedPrecondition(config.status())) {
      // A configuration the engine cannot resolve must not keep the records
      // out: they are stored, and the sets wait for a corrected one
      // (UpdatePoint); GetSets reports the configuration error meanwhile.
      return absl::OkStatus();
    }
    if (!config.ok()) return config.status();
  }
  for (int kind = 0; kind < kKinds; ++kind) {
    absl::StatusOr<State> loaded = LoadState(db, point_id, kind);
    if (!loaded.ok()) return loaded.status();
    State st = *loaded;
    absl::StatusOr<State> next;
    if (!st.exists || (kind == kDisturbance && !st.flicker && any_flicker)) {
      // No state yet, or the first record with a complete Pst: the
      // disturbance-set condition changes for every earlier record too.
      next = Rebuild(db, point_id, kind, st, /*from_scratch=*/true,
                     st.exists ? "first complete Pst" : "no sets kept yet");
    } else if (earliest < st.anchor_ns) {
      // A late record inside or before a closed set: reopen from the first
      // set it affects (the one ending after it); earlier sets keep their
      // readings because sets are counted from the first record on.
      absl::StatusOr<SqlResult> tail = db.Execute(
          "SELECT MIN(end_ns) FROM indicator_sets WHERE point_id = $1 AND kind = $2 "
          "AND end_ns > $3",
          {point_id, std::string(kKindName[kind]), earliest});
      if (!tail.ok()) return tail.status();
      const bool found = !tail->rows.empty() && tail->rows[0][0].has_value();
      if (!found) {
        next = Rebuild(db, point_id, kind, st, /*from_scratch=*/true, "late record");
      } else {
        if (absl::Status s = storage::WithdrawIndicatorSets(db, point_id, kKindName[kind],
                                                            ToInt(tail->rows[0][0]), "late record");
            !s.ok()) {
          return s;
        }
        absl::StatusOr<SqlResult> kept = db.Execute(
            "SELECT COUNT(*), MAX(end_ns) FROM indicator_sets WHERE point_id = $1 AND kind = $2",
            {point_id, std::string(kKindName[kind])});
        if (!kept.ok()) return kept.status();
        st.sets = kept->rows.empty() ? 0 : static_cast<int>(ToInt(kept->rows[0][0]));
        st.anchor_ns = st.sets > 0 ? ToInt(kept->rows[0][1]) - kTenMinutesNs + 1 : kBeginning;
        st.frontier_ns = std::max(st.frontier_ns, latest);
        next = Rebuild(db, point_id, kind, st, /*from_scratch=*/false);
      }
    } else {
      // The common case: readings added to the set being filled; its records
      // are read back only when it reaches 1,008 valid readings.
      std::int64_t revision = st.revision;
      absl::StatusOr<const prodist::PointConfig*> config = Config(db, point_id, &revision);
      if (!config.ok()) return config.status();
      st.frontier_ns = std::max(st.frontier_ns, latest);
      if (TakesMoreSets(**config, st.sets)) {
        for (const New10Min& n : news) {
          st.pending +=
              prodist::IsValidReading(*n.record, kSetKind[kind], Expurgates(kind, **config),
                                      kind != kDisturbance || st.flicker);
        }
      }
      next = st.pending >= prodist::kReadingsPerSet
                 ? Rebuild(db, point_id, kind, st, /*from_scratch=*/false)
                 : absl::StatusOr<State>(st);
    }
    if (!next.ok()) return next.status();
    dirty_[{point_id, kind}] = *next;
  }
  return absl::OkStatus();
}

absl::Status IndicatorSets::SaveStates(SqlConnection& db) {
  // Multi-row upserts, 100 states (800 parameters) per statement.
  constexpr std::size_t kRows = 100;
  constexpr int kColumns = 8;
  auto it = dirty_.begin();
  while (it != dirty_.end()) {
    std::string sql =
        "INSERT INTO set_state (point_id, kind, revision, anchor_ns, frontier_ns, pending, sets, "
        "flicker) VALUES ";
    std::vector<SqlValue> params;
    for (std::size_t n = 0; n < kRows && it != dirty_.end(); ++n, ++it) {
      const State& st = it->second;
      absl::StrAppend(&sql, n ? "," : "", "(");
      for (int c = 1; c <= kColumns; ++c) {
        absl::StrAppend(&sql, c > 1 ? "," : "", "$", params.size() + c);
      }
      absl::StrAppend(&sql, ")");
      params.insert(params.end(),
                    {it->first.first, std::string(kKindName[it->first.second]), st.revision,
                     st.anchor_ns, st.frontier_ns, std::int64_t{st.pending}, std::int64_t{st.sets},
                     std::int64_t{st.flicker}});
    }
    absl::StrAppend(&sql,
                    " ON CONFLICT (point_id, kind) DO UPDATE SET revision = excluded.revision, "
                    "anchor_ns = excluded.anchor_ns, frontier_ns = excluded.frontier_ns, "
                    "pending = excluded.pending, sets = excluded.sets, flicker = excluded.flicker");
    if (absl::StatusOr<SqlResult> r = db.Execute(sql, params); !r.ok()) return r.status();
  }
  // Committed with the batch (or forgotten by AfterRollback).
  if (db.dialect() == storage::SqlDialect::kSqlite) {
    for (auto& [key, st] : dirty_) states_[key] = st;
  }
  dirty_.clear();
  return absl::OkStatus();
}

absl::Status IndicatorSets::AfterStore(SqlConnection& db,
                                       const std::vector<const storage::IngestEntry*>& stored) {
  absl::MutexLock lock(&mu_);
  dirty_.clear();
  std::map<std::string, std::vector<New10Min>> by_point;
  for (const storage::IngestEntry* entry : stored) {
    const auto* record = std::get_if<pqa::v1::Record>(&entry->payload);
    if (record == nullptr) continue;  // events reach the sets through the records' VTCD flags
    absl::StatusOr<storage::ItemKey> key = entry->key ? *entry->key : storage::RecordKey(*record);
    if (!key.ok()) return key.status();
    if (key->length_ns != kTenMinutesNs) continue;  // sets take 10-minute readings only
    by_point[entry->point_id].push_back(New10Min{key->start_ns, record});
  }
  for (const auto& [point_id, news] : by_point) {
    if (absl::Status s = UpdatePoint(db, point_id, news); !s.ok()) return s;
  }
  return SaveStates(db);
}

void IndicatorSets::AfterRollback() {
  absl::MutexLock lock(&mu_);
  dirty_.clear();
  states_.clear();
}

void IndicatorSets::PointChanged(const std::string& point_id) {
  absl::MutexLock lock(&mu_);
  for (int kind = 0; kind < kKinds; ++kind) states_.erase({point_id, kind});
  configs_.erase(point_id);
}

absl::StatusOr<PointSets> IndicatorSets::Read(storage::Store& store, const std::string& point_id,
                                              TimeNs from_ns, TimeNs to_ns) {
  PointSets out;
  absl::Status s = store.RunInTransaction([&](SqlConnection& db) -> absl::Status {
    absl::MutexLock lock(&mu_);
    dirty_.clear();
    for (int kind = 0; kind < kKinds; ++kind) {
      absl::StatusOr<State> st = EnsureState(db, point_id, kind);
      if (!st.ok()) return st.status();
      if (kind != kDisturbance) {
        out.pending_readings = st->pending;
        out.has_records = st->frontier_ns != kNoRecord;
      }
      absl::StatusOr<SqlResult> r = db.Execute(
          "SELECT payload FROM indicator_sets WHERE point_id = $1 AND kind = $2 "
          "AND end_ns > $3 AND end_ns <= $4 ORDER BY end_ns",
          {point_id, std::string(kKindName[kind]), from_ns, to_ns});
      if (!r.ok()) return r.status();
      for (const storage::SqlRow& row : r->rows) {
        bool parsed = false;
        if (kind == kDisturbance) {
          parsed = row[0] && out.disturbance.emplace_back().ParseFromString(*row[0]);
        } else {
          parsed = row[0] && out.voltage.emplace_back().ParseFromString(*row[0]);
        }
        if (!parsed) {
          return absl::DataLossError(
              absl::StrCat("stored set of point '", point_id, "' does not parse"));
        }
      }
    }
    return SaveStates(db);
  });
  if (!s.ok()) {
    AfterRollback();
    return s;
  }
  return out;
}

}  // namespace pqa::service
