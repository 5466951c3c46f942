#include "host/storage/sqlite_connection.h"

#include <sqlite3.h>

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace pqa::storage {
namespace {

class SqliteConnection final : public SqlConnection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override { sqlite3_close_v2(db_); }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  SqlDialect dialect() const override { return SqlDialect::kSqlite; }

  absl::StatusOr<SqlResult> Execute(std::string_view sql,
                                    const std::vector<SqlValue>& params) override {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) !=
        SQLITE_OK) {
      return Error("prepare");
    }
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> guard(stmt, sqlite3_finalize);
    for (std::size_t i = 0; i < params.size(); ++i) {
      // "$k" names the k-th parameter, as in PostgreSQL.
      const std::string name = absl::StrCat("$", i + 1);
      const int index = sqlite3_bind_parameter_index(stmt, name.c_str());
      if (index == 0) continue;  // parameter not used by this statement
      int rc = SQLITE_OK;
      if (const auto* n = std::get_if<std::int64_t>(&params[i])) {
        rc = sqlite3_bind_int64(stmt, index, *n);
      } else if (const auto* s = std::get_if<std::string>(&params[i])) {
        rc = sqlite3_bind_text(stmt, index, s->data(), static_cast<int>(s->size()),
                               SQLITE_TRANSIENT);
      } else {
        const Blob& b = std::get<Blob>(params[i]);
        rc = sqlite3_bind_blob(stmt, index, b.bytes.data(), static_cast<int>(b.bytes.size()),
                               SQLITE_TRANSIENT);
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
  if (absl::Status s = connection->ExecuteScript(
          "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
      !s.ok()) {
    return s;
  }
  return std::unique_ptr<SqlConnection>(std::move(connection));
}

}  // namespace pqa::storage
