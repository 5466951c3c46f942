#include "host/storage/store.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "host/storage/migrations.h"
#include "host/storage/postgres_connection.h"
#include "host/storage/sqlite_connection.h"

namespace pqa::storage {
namespace {

// When a log entry is written: what retention goes by (not the record's own
// time: a backlog pushed today is today's news to subscribers).
std::int64_t LogTimeNs() { return absl::ToUnixNanos(absl::Now()); }

constexpr std::string_view kRecordKind = "record";
constexpr std::string_view kEventKind = "event";

std::int64_t ToInt(const std::optional<std::string>& column) {
  std::int64_t v = 0;
  if (column) (void)absl::SimpleAtoi(*column, &v);
  return v;
}

template <typename Message>
absl::StatusOr<Message> Decode(const std::optional<std::string>& column, std::string_view what) {
  Message m;
  if (!column || !m.ParseFromString(*column)) {
    return absl::DataLossError(absl::StrCat("stored ", std::string(what), " does not parse"));
  }
  return m;
}

// Runs `body` inside BEGIN/COMMIT, rolling back on any error.
template <typename T, typename Body>
absl::StatusOr<T> InTransaction(SqlConnection& db, Body body) {
  if (absl::Status s = db.ExecuteScript("BEGIN"); !s.ok()) return s;
  absl::StatusOr<T> result = body();
  if (!result.ok()) {
    (void)db.ExecuteScript("ROLLBACK");
    return result;
  }
  if (absl::Status s = db.ExecuteScript("COMMIT"); !s.ok()) {
    (void)db.ExecuteScript("ROLLBACK");
    return s;
  }
  return result;
}

template <typename Message>
absl::StatusOr<UpdatePayload> DecodeAs(const std::optional<std::string>& column,
                                       std::string_view what) {
  absl::StatusOr<Message> m = Decode<Message>(column, what);
  if (!m.ok()) return m.status();
  return UpdatePayload(*std::move(m));
}

absl::StatusOr<UpdatePayload> DecodeUpdate(std::string_view kind,
                                           const std::optional<std::string>& payload) {
  if (kind == kRecordKind) return DecodeAs<pqa::v1::Record>(payload, "record");
  if (kind == kEventKind) return DecodeAs<pqa::v1::VtcdEvent>(payload, "event");
  if (kind == kVoltageSetKind) return DecodeAs<pqa::v1::VoltageSet>(payload, "voltage set");
  if (kind == kDisturbanceSetKind) {
    return DecodeAs<pqa::v1::DisturbanceSet>(payload, "disturbance set");
  }
  if (kind == kViolationKind) return DecodeAs<pqa::v1::LimitViolation>(payload, "violation");
  if (kind == kSetsReopenedKind) return DecodeAs<pqa::v1::SetsReopened>(payload, "withdrawal");
  return absl::DataLossError(absl::StrCat("update log kind '", std::string(kind), "' unknown"));
}

}  // namespace

absl::StatusOr<ItemKey> RecordKey(const pqa::v1::Record& record) {
  absl::StatusOr<TimeNs> start = ParseRfc3339(record.start());
  if (!start.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("record.start: expected RFC 3339 UTC, got '", record.start(), "'"));
  }
  // Checked conversion: a duration of 1e300 s must not reach llround.
  absl::StatusOr<TimeNs> length = CheckedSecondsToNs(record.duration_s(), "record.duration_s");
  if (!(record.duration_s() > 0) || !length.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("record.duration_s: expected > 0 seconds, got ", record.duration_s()));
  }
  return ItemKey{*start, *length};
}

absl::StatusOr<ItemKey> EventKey(const pqa::v1::VtcdEvent& event) {
  absl::StatusOr<TimeNs> start = ParseRfc3339(event.start());
  if (!start.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("event.start: expected RFC 3339 UTC, got '", event.start(), "'"));
  }
  if (!(event.duration_ms() >= 0) ||
      !CheckedSecondsToNs(event.duration_ms() / 1e3, "event.duration_ms").ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("event.duration_ms: expected >= 0 ms, got ", event.duration_ms()));
  }
  // Item 71 resolution is 0.1 ms: keys compare at that resolution.
  constexpr TimeNs kTenthMsNs = 100'000;
  return ItemKey{*start, std::llround(event.duration_ms() * 10.0) * kTenthMsNs};
}

absl::Status LockUpdateLog(SqlConnection& db) {
  if (db.dialect() != SqlDialect::kPostgres) return absl::OkStatus();
  // Any fixed key: one lock for the whole log. 0x70716131 is "pqa1".
  return db.Execute("SELECT pg_advisory_xact_lock(1886413105)").status();
}

absl::Status AppendUpdate(SqlConnection& db, const std::string& point_id, std::string_view kind,
                          const google::protobuf::Message& payload) {
  if (absl::Status s = LockUpdateLog(db); !s.ok()) return s;
  return db
      .Execute("INSERT INTO updates (point_id, kind, payload, logged_ns) VALUES ($1, $2, $3, $4)",
               {point_id, std::string(kind), Blob{payload.SerializeAsString()}, LogTimeNs()})
      .status();
}

absl::Status WithdrawIndicatorSets(SqlConnection& db, const std::string& point_id,
                                   std::string_view set_kind, std::optional<TimeNs> from_end_ns,
                                   std::string_view reason) {
  std::string sql = "DELETE FROM indicator_sets WHERE point_id = $1 AND end_ns >= $2";
  const TimeNs from = from_end_ns ? *from_end_ns : std::numeric_limits<TimeNs>::min();
  if (!set_kind.empty()) sql += " AND kind = $3";
  absl::StatusOr<SqlResult> cut = set_kind.empty()
                                      ? db.Execute(sql, {point_id, from})
                                      : db.Execute(sql, {point_id, from, std::string(set_kind)});
  if (!cut.ok()) return cut.status();
  if (cut->affected == 0) return absl::OkStatus();
  pqa::v1::SetsReopened withdrawn;
  withdrawn.set_kind(std::string(set_kind));
  if (from_end_ns) withdrawn.set_from_set_end(FormatRfc3339(*from_end_ns));
  withdrawn.set_reason(std::string(reason));
  return AppendUpdate(db, point_id, kSetsReopenedKind, withdrawn);
}

absl::StatusOr<std::unique_ptr<Store>> Store::Open(const std::string& spec) {
  absl::StatusOr<std::unique_ptr<SqlConnection>> db;
  if (absl::StartsWith(spec, "sqlite:")) {
    db = OpenSqlite(spec.substr(7));
  } else if (absl::StartsWith(spec, "postgresql://") || absl::StartsWith(spec, "postgres://")) {
    db = OpenPostgres(spec);
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("--db: expected sqlite:PATH or postgresql://..., got '", spec, "'"));
  }
  if (!db.ok()) return db.status();
  return Create(*std::move(db));
}

absl::StatusOr<std::unique_ptr<Store>> Store::Create(std::unique_ptr<SqlConnection> db) {
  if (absl::Status s = Migrate(*db); !s.ok()) return s;
  return std::unique_ptr<Store>(new Store(std::move(db)));
}

absl::StatusOr<pqa::v1::MeasurementPoint> Store::CreatePoint(pqa::v1::MeasurementPoint point,
                                                             TimeNs now) {
  absl::MutexLock lock(&mu_);
  point.set_created(FormatRfc3339(now));
  point.set_updated(FormatRfc3339(now));
  point.set_revision(1);
  point.mutable_config()->set_id(point.point_id());
  absl::StatusOr<SqlResult> r = db_->Execute(
      "INSERT INTO points (point_id, revision, payload) VALUES ($1, 1, $2) "
      "ON CONFLICT (point_id) DO NOTHING",
      {point.point_id(), Blob{point.SerializeAsString()}});
  if (!r.ok()) return r.status();
  if (r->affected == 0) {
    return absl::AlreadyExistsError(absl::StrCat("point '", point.point_id(), "' already exists"));
  }
  return point;
}

absl::StatusOr<pqa::v1::MeasurementPoint> Store::GetPoint(const std::string& point_id) {
  absl::MutexLock lock(&mu_);
  return GetPointLocked(point_id);
}

absl::StatusOr<pqa::v1::MeasurementPoint> Store::GetPointLocked(const std::string& point_id) {
  absl::StatusOr<SqlResult> r =
      db_->Execute("SELECT payload FROM points WHERE point_id = $1", {point_id});
  if (!r.ok()) return r.status();
  if (r->rows.empty()) {
    return absl::NotFoundError(absl::StrCat("point '", point_id, "' is not registered"));
  }
  return Decode<pqa::v1::MeasurementPoint>(r->rows[0][0], "point");
}

absl::StatusOr<std::vector<pqa::v1::MeasurementPoint>> Store::ListPoints(
    const std::string& after_id, int limit) {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<SqlResult> r =
      db_->Execute("SELECT payload FROM points WHERE point_id > $1 ORDER BY point_id LIMIT $2",
                   {after_id, std::int64_t{limit}});
  if (!r.ok()) return r.status();
  std::vector<pqa::v1::MeasurementPoint> points;
  for (const SqlRow& row : r->rows) {
    absl::StatusOr<pqa::v1::MeasurementPoint> p =
        Decode<pqa::v1::MeasurementPoint>(row[0], "point");
    if (!p.ok()) return p.status();
    points.push_back(*std::move(p));
  }
  return points;
}

absl::StatusOr<pqa::v1::MeasurementPoint> Store::UpdatePoint(pqa::v1::MeasurementPoint point,
                                                             std::int64_t expected_revision,
                                                             TimeNs now) {
  absl::MutexLock lock(&mu_);
  if (hook_ != nullptr) hook_->PointChanged(point.point_id());
  return InTransaction<pqa::v1::MeasurementPoint>(
      *db_, [&]() -> absl::StatusOr<pqa::v1::MeasurementPoint> {
        absl::StatusOr<pqa::v1::MeasurementPoint> old = GetPointLocked(point.point_id());
        if (!old.ok()) return old.status();
        if (expected_revision != 0 && expected_revision != old->revision()) {
          return absl::FailedPreconditionError(
              absl::StrCat("point '", point.point_id(), "' is at revision ", old->revision(),
                           ", not the expected ", expected_revision));
        }
        point.set_created(old->created());
        point.set_updated(FormatRfc3339(now));
        point.set_revision(old->revision() + 1);
        point.mutable_config()->set_id(point.point_id());
        // The revision guard makes a concurrent update from another replica fail
        // instead of being lost.
        absl::StatusOr<SqlResult> r = db_->Execute(
            "UPDATE points SET revision = $1, payload = $2 WHERE point_id = $3 AND revision = $4",
            {point.revision(), Blob{point.SerializeAsString()}, point.point_id(), old->revision()});
        if (!r.ok()) return r.status();
        if (r->affected != 1) {
          return absl::FailedPreconditionError(
              absl::StrCat("point '", point.point_id(), "' changed during the update"));
        }
        // The sets depend on the configuration (bands, limits, mode): drop
        // them; the set keeper rebuilds them from the records when next asked.
        if (absl::Status s = WithdrawIndicatorSets(*db_, point.point_id(), "", std::nullopt,
                                                   "configuration changed");
            !s.ok()) {
          return s;
        }
        if (auto d = db_->Execute("DELETE FROM set_state WHERE point_id = $1", {point.point_id()});
            !d.ok()) {
          return d.status();
        }
        return point;
      });
}

absl::Status Store::DeletePoint(const std::string& point_id, std::int64_t expected_revision) {
  absl::MutexLock lock(&mu_);
  if (hook_ != nullptr) hook_->PointChanged(point_id);
  absl::StatusOr<bool> deleted = InTransaction<bool>(*db_, [&]() -> absl::StatusOr<bool> {
    absl::StatusOr<pqa::v1::MeasurementPoint> old = GetPointLocked(point_id);
    if (!old.ok()) return old.status();
    if (expected_revision != 0 && expected_revision != old->revision()) {
      return absl::FailedPreconditionError(absl::StrCat("point '", point_id, "' is at revision ",
                                                        old->revision(), ", not the expected ",
                                                        expected_revision));
    }
    for (const char* table : {"records", "events"}) {
      absl::StatusOr<SqlResult> r = db_->Execute(
          absl::StrCat("SELECT 1 FROM ", table, " WHERE point_id = $1 LIMIT 1"), {point_id});
      if (!r.ok()) return r.status();
      if (!r->rows.empty()) {
        return absl::FailedPreconditionError(
            absl::StrCat("point '", point_id, "' holds ", table,
                         "; a point with data is not removed (stop its analyzers with "
                         "`pqa point update --analyzer ''` instead)"));
      }
    }
    for (const char* table : {"set_state", "indicator_sets", "points"}) {
      absl::StatusOr<SqlResult> r =
          db_->Execute(absl::StrCat("DELETE FROM ", table, " WHERE point_id = $1"), {point_id});
      if (!r.ok()) return r.status();
    }
    return true;
  });
  return deleted.status();
}

absl::StatusOr<std::int64_t> Store::CountPoints() {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<SqlResult> r = db_->Execute("SELECT COUNT(*) FROM points");
  if (!r.ok()) return r.status();
  std::int64_t n = 0;
  if (r->rows.empty() || !r->rows[0][0] || !absl::SimpleAtoi(*r->rows[0][0], &n)) {
    return absl::InternalError("COUNT(*) FROM points: no number");
  }
  return n;
}

absl::StatusOr<IngestCounts> Store::Ingest(const std::vector<IngestEntry>& batch) {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<IngestCounts> counts =
      InTransaction<IngestCounts>(*db_, [&] { return IngestLocked(batch); });
  if (!counts.ok() && hook_ != nullptr) hook_->AfterRollback();
  return counts;
}

absl::StatusOr<IngestCounts> Store::IngestLocked(const std::vector<IngestEntry>& batch) {
  // One row per entry, serialized once; the table is chosen by the payload.
  std::vector<IngestRow> rows;
  rows.reserve(batch.size());
  for (const IngestEntry& entry : batch) {
    const auto* record = std::get_if<pqa::v1::Record>(&entry.payload);
    absl::StatusOr<ItemKey> key = entry.key ? *entry.key
                                  : record  ? RecordKey(*record)
                                            : EventKey(std::get<pqa::v1::VtcdEvent>(entry.payload));
    if (!key.ok()) return key.status();
    rows.push_back(
        IngestRow{&entry, *key,
                  record ? record->SerializeAsString()
                         : std::get<pqa::v1::VtcdEvent>(entry.payload).SerializeAsString()});
  }
  for (const bool records : {true, false}) {
    std::vector<IngestRow*> table_rows;
    for (IngestRow& row : rows) {
      if (std::holds_alternative<pqa::v1::Record>(row.entry->payload) == records) {
        table_rows.push_back(&row);
      }
    }
    if (absl::Status s = InsertRows(records ? "records" : "events", table_rows); !s.ok()) return s;
  }
  // The log refers to the new rows by key, in batch order.
  std::vector<const IngestEntry*> stored;
  std::vector<SqlValue> params;
  IngestCounts counts;
  auto flush_log = [&]() -> absl::Status {
    if (params.empty()) return absl::OkStatus();
    if (absl::Status s = LockUpdateLog(*db_); !s.ok()) return s;
    std::string sql =
        "INSERT INTO updates (point_id, kind, start_ns, length_ns, payload, logged_ns) VALUES ";
    const std::size_t logged = params.size() + 1;  // one parameter shared by every row
    for (std::size_t k = 0; k < params.size(); k += 4) {
      absl::StrAppend(&sql, k ? "," : "", "($", k + 1, ",$", k + 2, ",$", k + 3, ",$", k + 4,
                      ",'',$", logged, ")");
    }
    params.push_back(LogTimeNs());
    absl::StatusOr<SqlResult> r = db_->Execute(sql, params);
    params.clear();
    return r.status();
  };
  for (const IngestRow& row : rows) {
    if (!row.stored) {
      ++counts.duplicates;
      continue;
    }
    ++counts.stored;
    stored.push_back(row.entry);
    const bool record = std::holds_alternative<pqa::v1::Record>(row.entry->payload);
    if (!record) ++counts.stored_events;
    params.insert(params.end(),
                  {row.entry->point_id, std::string(record ? kRecordKind : kEventKind),
                   row.key.start_ns, row.key.length_ns});
    if (params.size() >= 4 * kRowsPerInsert) {
      if (absl::Status s = flush_log(); !s.ok()) return s;
    }
  }
  if (absl::Status s = flush_log(); !s.ok()) return s;
  if (hook_ != nullptr && !stored.empty()) {
    if (absl::Status s = hook_->AfterStore(*db_, stored); !s.ok()) return s;
  }
  return counts;
}

absl::Status Store::InsertRows(std::string_view table, const std::vector<IngestRow*>& rows) {
  // Multi-row INSERTs: one statement per kRowsPerInsert rows. RETURNING names
  // the rows that were new; the others were already stored (same key).
  for (std::size_t first = 0; first < rows.size(); first += kRowsPerInsert) {
    const std::size_t n = std::min(kRowsPerInsert, rows.size() - first);
    std::string sql = absl::StrCat("INSERT INTO ", std::string(table),
                                   " (point_id, start_ns, length_ns, payload) VALUES ");
    std::vector<SqlValue> params;
    params.reserve(4 * n);
    // Position of a key in this chunk; a key twice in one chunk is stored once.
    absl::flat_hash_map<std::tuple<std::string_view, TimeNs, TimeNs>, IngestRow*> by_key;
    for (std::size_t i = 0; i < n; ++i) {
      IngestRow& row = *rows[first + i];
      const std::size_t k = 4 * i;
      absl::StrAppend(&sql, i ? "," : "", "($", k + 1, ",$", k + 2, ",$", k + 3, ",$", k + 4, ")");
      params.insert(params.end(), {row.entry->point_id, row.key.start_ns, row.key.length_ns,
                                   Blob{std::move(row.bytes)}});
      by_key.emplace(std::make_tuple(std::string_view(row.entry->point_id), row.key.start_ns,
                                     row.key.length_ns),
                     &row);
    }
    absl::StrAppend(&sql,
                    " ON CONFLICT (point_id, start_ns, length_ns) DO NOTHING "
                    "RETURNING point_id, start_ns, length_ns");
    absl::StatusOr<SqlResult> r = db_->Execute(sql, params);
    if (!r.ok()) return r.status();
    for (const SqlRow& returned : r->rows) {
      if (!returned[0]) continue;
      auto it = by_key.find(
          std::make_tuple(std::string_view(*returned[0]), ToInt(returned[1]), ToInt(returned[2])));
      if (it != by_key.end()) it->second->stored = true;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<pqa::v1::Record>> Store::ListRecords(const std::string& point_id,
                                                                TimeNs from_ns, TimeNs to_ns,
                                                                TimeNs length_ns, int limit) {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<SqlResult> r = db_->Execute(
      "SELECT payload FROM records WHERE point_id = $1 AND start_ns >= $2 AND start_ns < $3 "
      "AND ($4 = 0 OR length_ns = $4) ORDER BY start_ns, length_ns LIMIT $5",
      {point_id, from_ns, to_ns, length_ns, std::int64_t{limit}});
  if (!r.ok()) return r.status();
  std::vector<pqa::v1::Record> records;
  records.reserve(r->rows.size());
  for (const SqlRow& row : r->rows) {
    absl::StatusOr<pqa::v1::Record> rec = Decode<pqa::v1::Record>(row[0], "record");
    if (!rec.ok()) return rec.status();
    records.push_back(*std::move(rec));
  }
  return records;
}

absl::StatusOr<std::vector<pqa::v1::VtcdEvent>> Store::ListEvents(const std::string& point_id,
                                                                  TimeNs from_ns, TimeNs to_ns,
                                                                  int limit) {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<SqlResult> r = db_->Execute(
      "SELECT payload FROM events WHERE point_id = $1 AND start_ns >= $2 AND start_ns < $3 "
      "ORDER BY start_ns, length_ns LIMIT $4",
      {point_id, from_ns, to_ns, std::int64_t{limit}});
  if (!r.ok()) return r.status();
  std::vector<pqa::v1::VtcdEvent> events;
  for (const SqlRow& row : r->rows) {
    absl::StatusOr<pqa::v1::VtcdEvent> e = Decode<pqa::v1::VtcdEvent>(row[0], "event");
    if (!e.ok()) return e.status();
    events.push_back(*std::move(e));
  }
  return events;
}

absl::StatusOr<Store::LogBounds> Store::LogBoundsLocked() {
  absl::StatusOr<SqlResult> r = db_->Execute(
      "SELECT (SELECT MAX(seq) FROM updates), (SELECT MAX(pruned_through) FROM update_log_state)");
  if (!r.ok()) return r.status();
  LogBounds bounds;
  if (!r->rows.empty()) {
    bounds.pruned_through = ToInt(r->rows[0][1]);
    // Positions are never reused: after pruning everything, the last
    // position is the last one pruned.
    bounds.last = std::max(ToInt(r->rows[0][0]), bounds.pruned_through);
  }
  return bounds;
}

absl::StatusOr<std::vector<UpdateEntry>> Store::ReadUpdates(
    const std::vector<std::string>& point_ids, std::int64_t after_seq, int limit,
    std::int64_t* scanned_to) {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<LogBounds> bounds = LogBoundsLocked();
  if (!bounds.ok()) return bounds.status();
  if (after_seq < bounds->pruned_through) {
    return absl::OutOfRangeError(absl::StrCat(
        "resume_cursor ", after_seq, " is older than the retained update log (entries up to ",
        bounds->pruned_through,
        " were removed by pqa serve --log-retention): read the current state with ListRecords, "
        "ListEvents and GetSets, then subscribe with an empty cursor"));
  }
  const std::int64_t last = std::max(after_seq, bounds->last);
  // A range scan of the log by position, filtered by point. Records and
  // events are logged by key (schema version 2) and read from their tables;
  // older entries and sets carry their payload.
  std::string sql =
      "SELECT u.seq, u.point_id, u.kind, COALESCE(r.payload, e.payload, u.payload) FROM updates u "
      "LEFT JOIN records r ON u.kind = 'record' AND r.point_id = u.point_id "
      "AND r.start_ns = u.start_ns AND r.length_ns = u.length_ns "
      "LEFT JOIN events e ON u.kind = 'event' AND e.point_id = u.point_id "
      "AND e.start_ns = u.start_ns AND e.length_ns = u.length_ns "
      "WHERE u.seq > $1 AND u.seq <= $2 AND u.point_id IN (";
  std::vector<SqlValue> params = {after_seq, last, std::int64_t{limit}};
  for (std::size_t i = 0; i < point_ids.size(); ++i) {
    absl::StrAppend(&sql, i ? "," : "", "$", i + 4);
    params.push_back(point_ids[i]);
  }
  absl::StrAppend(&sql, ") ORDER BY u.seq LIMIT $3");
  absl::StatusOr<SqlResult> r = db_->Execute(sql, params);
  if (!r.ok()) return r.status();
  std::vector<UpdateEntry> entries;
  entries.reserve(r->rows.size());
  for (const SqlRow& row : r->rows) {
    UpdateEntry entry;
    entry.seq = ToInt(row[0]);
    entry.point_id = row[1].value_or("");
    absl::StatusOr<UpdatePayload> payload = DecodeUpdate(row[2].value_or(""), row[3]);
    if (!payload.ok()) return payload.status();
    entry.payload = *std::move(payload);
    entries.push_back(std::move(entry));
  }
  if (scanned_to != nullptr) {
    *scanned_to =
        static_cast<int>(entries.size()) < limit || entries.empty() ? last : entries.back().seq;
  }
  return entries;
}

void Store::SetIngestHook(IngestHook* hook) {
  absl::MutexLock lock(&mu_);
  hook_ = hook;
}

absl::Status Store::RunInTransaction(const std::function<absl::Status(SqlConnection&)>& body) {
  absl::MutexLock lock(&mu_);
  return InTransaction<bool>(*db_,
                             [&]() -> absl::StatusOr<bool> {
                               if (absl::Status s = body(*db_); !s.ok()) return s;
                               return true;
                             })
      .status();
}

absl::StatusOr<std::int64_t> Store::LastUpdateSeq() {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<LogBounds> bounds = LogBoundsLocked();
  if (!bounds.ok()) return bounds.status();
  return bounds->last;
}

absl::StatusOr<std::int64_t> Store::PruneUpdates(TimeNs logged_before_ns, int max_entries) {
  absl::MutexLock lock(&mu_);
  return InTransaction<std::int64_t>(*db_, [&]() -> absl::StatusOr<std::int64_t> {
    // Under the log lock no entry is being appended (PostgreSQL replicas), so
    // the entries below the boundary are all committed and none can follow.
    if (absl::Status s = LockUpdateLog(*db_); !s.ok()) return s;
    absl::StatusOr<LogBounds> bounds = LogBoundsLocked();
    if (!bounds.ok()) return bounds.status();
    // Pruning stops at the first entry young enough to keep, even if older
    // ones follow it (a clock step back): a cursor then never skips an entry.
    // The scan covers this call's slice only, so that a long backlog of old
    // entries costs one pass over it, not one per slice.
    const std::int64_t slice_end = std::min(bounds->last, bounds->pruned_through + max_entries);
    absl::StatusOr<SqlResult> young = db_->Execute(
        "SELECT seq FROM updates WHERE seq > $1 AND seq <= $2 AND logged_ns >= $3 "
        "ORDER BY seq LIMIT 1",
        {bounds->pruned_through, slice_end, logged_before_ns});
    if (!young.ok()) return young.status();
    const std::int64_t through = young->rows.empty() ? slice_end : ToInt(young->rows[0][0]) - 1;
    if (through <= bounds->pruned_through) return std::int64_t{0};
    absl::StatusOr<SqlResult> removed = db_->Execute(
        "DELETE FROM updates WHERE seq > $1 AND seq <= $2", {bounds->pruned_through, through});
    if (!removed.ok()) return removed.status();
    absl::StatusOr<SqlResult> moved =
        db_->Execute("UPDATE update_log_state SET pruned_through = $1", {through});
    if (!moved.ok()) return moved.status();
    return removed->affected;
  });
}

}  // namespace pqa::storage
