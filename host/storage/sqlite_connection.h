// SQLite back end: a file database in WAL mode, zero set-up.
#ifndef PQA_HOST_STORAGE_SQLITE_CONNECTION_H_
#define PQA_HOST_STORAGE_SQLITE_CONNECTION_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "host/storage/sql_connection.h"

namespace pqa::storage {

// Opens (creating if needed) the database file at `path`. WAL journal with
// synchronous=FULL: a committed transaction survives a process kill and a
// power loss, which is what an ingest acknowledgement promises.
absl::StatusOr<std::unique_ptr<SqlConnection>> OpenSqlite(const std::string& path);

}  // namespace pqa::storage

#endif  // PQA_HOST_STORAGE_SQLITE_CONNECTION_H_
