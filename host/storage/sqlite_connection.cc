#include "host/storage/sqlite_connection.h"

#include <sqlite3.h>

#include <memory>
#include <unordered_map>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace pqa::storage {
namespace {

class SqliteConnection final : public SqlConnection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    ClearCache();
    sqlite3_close_v2(db_);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  SqlDialect dialect() const override { return SqlDialect::kSqlite; }

  absl::StatusOr<SqlResult> Execute(std::string_view sql,
                                    const std::vector<SqlValue>& params) override {
    absl::StatusOr<Prepared*> prepared = Prepare(sql);
    if (!prepared.ok()) return prepared.status();
    sqlite3_stmt* stmt = (*prepared)->stmt;
    // Reset on every exit so that the cached statement releases its read
    // snapshot and bound copies before the next use.
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{stmt};
    const std::vector<int>& index_of = (*prepared)->index_of;
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int index = i < index_of.size() ? index_of[i] : 0;
      if (index == 0) continue;  // parameter not used by this statement
      int rc = SQLITE_OK;
      if (const auto* n = std::get_if<std::int64_t>(&params[i])) {
        rc = sqlite3_bind_int64(stmt, index, *n);
      } else if (const auto* s = std::get_if<std::string>(&params[i])) {
        // The parameters outlive the statement's execution: no copy needed.
        rc = sqlite3_bind_text(stmt, index, s->data(), static_cast<int>(s->size()), SQLITE_STATIC);
      } else {
        const Blob& b = std::get<Blob>(params[i]);
        rc = sqlite3_bind_blob(stmt, index, b.bytes.data(), static_cast<int>(b.bytes.size()),
                               SQLITE_STATIC);
      }
      if (rc != SQLITE_OK) return Error("bind");
    }
    SqlResult result;
    for (;;) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return Error("step");
      const int columns = sqlite3_column_count(stmt);
      SqlRow row(columns);
      for (int c = 0; c < columns; ++c) {
        if (sqlite3_column_type(stmt, c) == SQLITE_NULL) continue;
        const void* data = sqlite3_column_blob(stmt, c);
        const int size = sqlite3_column_bytes(stmt, c);
        row[c] = std::string(static_cast<const char*>(data), size);
      }
      result.rows.push_back(std::move(row));
    }
    result.affected = sqlite3_changes(db_);
    return result;
  }

  absl::Status ExecuteScript(std::string_view sql) override {
    const std::string text(sql);
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
      return Error("exec");
    }
    return absl::OkStatus();
  }

 private:
  // A compiled statement and, for parameter k (0-based), its SQLite index
  // (0 when the statement does not use $k+1).
  struct Prepared {
    sqlite3_stmt* stmt = nullptr;
    std::vector<int> index_of;
  };
  // Statements stay compiled across calls: parsing and planning cost as much
  // as executing the store's small INSERTs and SELECTs.
  static constexpr std::size_t kMaxCachedStatements = 256;

  absl::StatusOr<Prepared*> Prepare(std::string_view sql) {
    const std::string key(sql);
    if (auto it = cache_.find(key); it != cache_.end()) return &it->second;
    if (cache_.size() >= kMaxCachedStatements) ClearCache();
    Prepared p;
    if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &p.stmt, nullptr) != SQLITE_OK) {
      return Error("prepare");
    }
    const int count = sqlite3_bind_parameter_count(p.stmt);
    for (int index = 1; index <= count; ++index) {
      // "$k" names the k-th parameter, as in PostgreSQL.
      const char* name = sqlite3_bind_parameter_name(p.stmt, index);
      int k = 0;
      if (name == nullptr || name[0] != '$' || !absl::SimpleAtoi(name + 1, &k) || k < 1) continue;
      if (p.index_of.size() < static_cast<std::size_t>(k)) p.index_of.resize(k, 0);
      p.index_of[k - 1] = index;
    }
    return &cache_.emplace(key, std::move(p)).first->second;
  }

  void ClearCache() {
    for (auto& [sql, p] : cache_) sqlite3_finalize(p.stmt);
    cache_.clear();
  }

  absl::Status Error(std::string_view step) const {
    const int code = sqlite3_errcode(db_);
    const std::string message =
        absl::StrCat("sqlite ", std::string(step), ": ", sqlite3_errmsg(db_));
    // A locked or unreadable database is a transient condition for callers.
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED || code == SQLITE_IOERR ||
        code == SQLITE_CANTOPEN || code == SQLITE_FULL) {
      return absl::UnavailableError(message);
    }
    return absl::InternalError(message);
  }

  sqlite3* db_;
  std::unordered_map<std::string, Prepared> cache_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<SqlConnection>> OpenSqlite(const std::string& path) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message =
        absl::StrCat("cannot open SQLite database '", path, "': ", db ? sqlite3_errmsg(db) : "");
    sqlite3_close_v2(db);
    return absl::UnavailableError(message);
  }
  auto connection = std::make_unique<SqliteConnection>(db);
  sqlite3_busy_timeout(db, 5000);  // ms: wait for another process's write lock
  // synchronous=FULL: the WAL is synced at every commit, so an acknowledged
  // batch survives power loss (NORMAL would only sync at checkpoints). The
  // rest trades memory for I/O without touching durability: a 128 MiB page
  // cache and memory-mapped reads keep the index pages of thousands of points
  // resident (records of many points arrive interleaved), and checkpoints
  // every 64 MiB of WAL copy a hot page once instead of after every batch.
  if (absl::Status s = connection->ExecuteScript(
          "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
          "PRAGMA cache_size=-131072; PRAGMA mmap_size=1073741824; "
          "PRAGMA wal_autocheckpoint=16384;");
      !s.ok()) {
    return s;
  }
  return std::unique_ptr<SqlConnection>(std::move(connection));
}

}  // namespace pqa::storage
