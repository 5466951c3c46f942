// A minimal SQL connection shared by the SQLite and PostgreSQL back ends, so
// that the store's queries and the schema migrations are written once.
#ifndef PQA_HOST_STORAGE_SQL_CONNECTION_H_
#define PQA_HOST_STORAGE_SQL_CONNECTION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"

namespace pqa::storage {

// Binary column value (serialized protobuf): BLOB in SQLite, BYTEA in PostgreSQL.
struct Blob {
  std::string bytes;
};

// A bound parameter: 64-bit integer, UTF-8 text or binary.
using SqlValue = std::variant<std::int64_t, std::string, Blob>;

// One result row; a column is std::nullopt for SQL NULL, otherwise its text
// (integers in decimal) or its raw bytes for binary columns.
using SqlRow = std::vector<std::optional<std::string>>;

struct SqlResult {
  std::vector<SqlRow> rows;
  std::int64_t affected = 0;  // rows inserted/updated/deleted by the statement (>= 0)
};

// SQL dialects differ only in the column types named in migrations.
enum class SqlDialect { kSqlite, kPostgres };

// Not thread-safe: the store serialises access.
class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  virtual SqlDialect dialect() const = 0;
  // Runs one statement. Parameters are written $1, $2, ... in the SQL text
  // (both SQLite and PostgreSQL accept that spelling). Errors: UNAVAILABLE
  // when the database cannot be reached, INTERNAL for SQL errors; the message
  // carries the database's own text.
  virtual absl::StatusOr<SqlResult> Execute(std::string_view sql,
                                            const std::vector<SqlValue>& params = {}) = 0;
  // Runs several parameterless statements separated by ';' (migrations).
  virtual absl::Status ExecuteScript(std::string_view sql) = 0;
};

}  // namespace pqa::storage

#endif  // PQA_HOST_STORAGE_SQL_CONNECTION_H_
