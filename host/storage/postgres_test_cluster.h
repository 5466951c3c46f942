// Test-only: a throw-away PostgreSQL cluster on loopback, started with
// Debian's server binaries (initdb + pg_ctl) in a temporary directory. When
// the tests run as root (CI containers), initdb refuses to run, so the cluster
// is created and run as the `postgres` system user via runuser.
#ifndef PQA_HOST_STORAGE_POSTGRES_TEST_CLUSTER_H_
#define PQA_HOST_STORAGE_POSTGRES_TEST_CLUSTER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace pqa::storage {

class PostgresTestCluster {
 public:
  // Starts the cluster (a few seconds). UNAVAILABLE when the server binaries
  // are missing or the server does not come up; the message says why.
  static absl::StatusOr<std::unique_ptr<PostgresTestCluster>> Start();
  ~PostgresTestCluster();  // stops the server (immediate mode) and deletes the directory

  // Creates an empty database and returns its URI
  // ("postgresql://pqa@127.0.0.1:PORT/NAME").
  absl::StatusOr<std::string> CreateDatabase(const std::string& name);
  int port() const { return port_; }

 private:
  PostgresTestCluster(std::string dir, int port, std::string run_as)
      : dir_(std::move(dir)), port_(port), run_as_(std::move(run_as)) {}
  std::string dir_;
  int port_;
  std::string run_as_;  // "runuser -u postgres -- " when running as root, else ""
};

// One cluster per test binary, started on first use and stopped at exit; the
// error of the first start is returned again on every call.
absl::StatusOr<PostgresTestCluster*> SharedPostgresTestCluster();

}  // namespace pqa::storage

#endif  // PQA_HOST_STORAGE_POSTGRES_TEST_CLUSTER_H_
