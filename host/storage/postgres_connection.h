// PostgreSQL back end (libpq), for shared deployments where several stateless
// service replicas use one database.
#ifndef PQA_HOST_STORAGE_POSTGRES_CONNECTION_H_
#define PQA_HOST_STORAGE_POSTGRES_CONNECTION_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "host/storage/sql_connection.h"

namespace pqa::storage {

// Connects with a libpq connection URI ("postgresql://user@host:port/db").
// UNAVAILABLE when the server cannot be reached.
absl::StatusOr<std::unique_ptr<SqlConnection>> OpenPostgres(const std::string& uri);

}  // namespace pqa::storage

#endif  // PQA_HOST_STORAGE_POSTGRES_CONNECTION_H_
