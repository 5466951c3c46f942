// The schema migrations, one list for SQLite and PostgreSQL.
#ifndef PQA_HOST_STORAGE_MIGRATIONS_H_
#define PQA_HOST_STORAGE_MIGRATIONS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "host/storage/sql_connection.h"

namespace pqa::storage {

struct Migration {
  int version;           // schema version reached after this step, 1..
  std::string_view sql;  // statements; ${BLOB} and ${SERIAL} name the dialect's types
};

// All steps in order. Append only: a released step never changes.
const std::vector<Migration>& Migrations();

// Replaces the type placeholders for the dialect.
std::string ForDialect(std::string_view sql, SqlDialect dialect);

// Applies the steps newer than the database's version, each in its own
// transaction together with the version bump. Idempotent.
absl::Status Migrate(SqlConnection& db);

// Schema version of the database, 0 for an empty one.
absl::StatusOr<int> SchemaVersion(SqlConnection& db);

}  // namespace pqa::storage

#endif  // PQA_HOST_STORAGE_MIGRATIONS_H_
