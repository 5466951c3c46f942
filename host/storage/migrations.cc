#include "host/storage/migrations.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace pqa::storage {

const std::vector<Migration>& Migrations() {
  // Payloads are serialized pqa.v1 messages; the key columns are what the
  // queries filter on. Times are int64 ns since the epoch, UTC (host/common/time.h).
  static const std::vector<Migration> kMigrations = {
      {1, R"sql(
CREATE TABLE points (
  point_id TEXT PRIMARY KEY,
  revision BIGINT NOT NULL,
  payload ${BLOB} NOT NULL
);
CREATE TABLE records (
  point_id TEXT NOT NULL,
  start_ns BIGINT NOT NULL,
  length_ns BIGINT NOT NULL,
  payload ${BLOB} NOT NULL,
  PRIMARY KEY (point_id, start_ns, length_ns)
);
CREATE TABLE events (
  point_id TEXT NOT NULL,
  start_ns BIGINT NOT NULL,
  length_ns BIGINT NOT NULL,
  payload ${BLOB} NOT NULL,
  PRIMARY KEY (point_id, start_ns, length_ns)
);
CREATE TABLE updates (
  seq ${SERIAL},
  point_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  payload ${BLOB} NOT NULL
);
CREATE INDEX updates_by_point ON updates (point_id, seq);
)sql"},
      // Version 2: the update log refers to the stored record/event by key
      // instead of holding a second copy of its payload (payload '' then), and
      // the indicator sets are kept as rows updated by ingest: the closed sets
      // (serialized VoltageSet/DisturbanceSet) and per point and kind the
      // running state of the set being filled (host/service/indicator_sets.h).
      // The per-point index of the log goes: with records of a thousand
      // points interleaved, every batch dirtied one of its pages per point
      // (a fifth of the ingest time); subscriptions read the log by position.
      {2, R"sql(
DROP INDEX updates_by_point;
ALTER TABLE updates ADD COLUMN start_ns BIGINT;
ALTER TABLE updates ADD COLUMN length_ns BIGINT;
CREATE TABLE indicator_sets (
  point_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  end_ns BIGINT NOT NULL,
  start_ns BIGINT NOT NULL,
  payload ${BLOB} NOT NULL,
  PRIMARY KEY (point_id, kind, end_ns)
);
CREATE TABLE set_state (
  point_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  revision BIGINT NOT NULL,
  anchor_ns BIGINT NOT NULL,
  frontier_ns BIGINT NOT NULL,
  pending BIGINT NOT NULL,
  sets BIGINT NOT NULL,
  flicker BIGINT NOT NULL,
  PRIMARY KEY (point_id, kind)
);
)sql"},
      // Version 3: retention of the update log. Every entry records when it
      // was logged (ns since epoch UTC; NULL for entries from before), and
      // one row holds the highest position removed by pruning, so that a
      // cursor older than that is refused (OUT_OF_RANGE) instead of
      // silently skipping what was removed.
      {3, R"sql(
ALTER TABLE updates ADD COLUMN logged_ns BIGINT;
CREATE TABLE update_log_state (pruned_through BIGINT NOT NULL);
INSERT INTO update_log_state (pruned_through) VALUES (0);
)sql"},
  };
  return kMigrations;
}

std::string ForDialect(std::string_view sql, SqlDialect dialect) {
  const bool sqlite = dialect == SqlDialect::kSqlite;
  return absl::StrReplaceAll(
      absl::string_view(sql.data(), sql.size()),
      {{"${BLOB}", sqlite ? "BLOB" : "BYTEA"},
       // AUTOINCREMENT keeps SQLite from reusing sequence numbers, which
       // subscription cursors rely on.
       {"${SERIAL}", sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"}});
}

absl::StatusOr<int> SchemaVersion(SqlConnection& db) {
  if (absl::Status s =
          db.ExecuteScript("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)");
      !s.ok()) {
    return s;
  }
  absl::StatusOr<SqlResult> r = db.Execute("SELECT MAX(version) FROM schema_version");
  if (!r.ok()) return r.status();
  if (r->rows.empty() || !r->rows[0][0]) return 0;
  int version = 0;
  if (!absl::SimpleAtoi(*r->rows[0][0], &version)) {
    return absl::InternalError(absl::StrCat("schema_version holds '", *r->rows[0][0], "'"));
  }
  return version;
}

absl::Status Migrate(SqlConnection& db) {
  absl::StatusOr<int> current = SchemaVersion(db);
  if (!current.ok()) return current.status();
  for (const Migration& m : Migrations()) {
    if (m.version <= *current) continue;
    const std::string script =
        absl::StrCat("BEGIN;", ForDialect(m.sql, db.dialect()),
                     "INSERT INTO schema_version (version) VALUES (", m.version, ");COMMIT;");
    if (absl::Status s = db.ExecuteScript(script); !s.ok()) {
      (void)db.ExecuteScript("ROLLBACK");
      return absl::Status(s.code(), absl::StrCat("migration ", m.version, ": ", s.message()));
    }
  }
  return absl::OkStatus();
}

}  // namespace pqa::storage
