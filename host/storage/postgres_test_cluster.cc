#include "host/storage/postgres_test_cluster.h"

#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "host/storage/postgres_connection.h"

namespace pqa::storage {
namespace {

constexpr const char* kBin = "/usr/lib/postgresql/15/bin";

// A loopback port the kernel reports free right now (a tiny race with other
// processes is acceptable for tests).
int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

int Run(const std::string& command) { return std::system(command.c_str()); }

}  // namespace

absl::StatusOr<std::unique_ptr<PostgresTestCluster>> PostgresTestCluster::Start() {
  if (!std::filesystem::exists(absl::StrCat(kBin, "/initdb"))) {
    return absl::UnavailableError(absl::StrCat("PostgreSQL server binaries not found in ", kBin));
  }
  std::string run_as;
  char tmpl[] = "/tmp/pqa_pg_XXXXXX";
  if (mkdtemp(tmpl) == nullptr) return absl::UnavailableError("mkdtemp failed");
  const std::string dir = tmpl;
  if (geteuid() == 0) {
    const passwd* pw = getpwnam("postgres");
    if (pw == nullptr) {
      return absl::UnavailableError("running as root and no 'postgres' user for initdb");
    }
    if (chown(dir.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      return absl::UnavailableError(absl::StrCat("chown ", dir, " failed"));
    }
    run_as = "runuser -u postgres -- ";
  }
  const int port = FreePort();
  // Destroys the directory if anything below fails.
  auto cluster = std::unique_ptr<PostgresTestCluster>(new PostgresTestCluster(dir, port, run_as));
  const std::string data = dir + "/data";
  if (Run(absl::StrCat(run_as, kBin, "/initdb -D ", data, " -A trust -U pqa --no-sync -E UTF8 > ",
                       dir, "/initdb.log 2>&1")) != 0) {
    return absl::UnavailableError(absl::StrCat("initdb failed, see ", dir, "/initdb.log"));
  }
  // fsync off: the cluster lives for one test binary; durability of the
  // service is a property of the code path (commit before ack), not of the disk.
  if (Run(absl::StrCat(run_as, kBin, "/pg_ctl -D ", data, " -l ", dir,
                       "/server.log -w -t 30 -o \"-p ", port, " -k ", dir,
                       " -c listen_addresses=127.0.0.1 -c fsync=off\" start > /dev/null")) != 0) {
    return absl::UnavailableError(absl::StrCat("pg_ctl start failed, see ", dir, "/server.log"));
  }
  return cluster;
}

PostgresTestCluster::~PostgresTestCluster() {
  Run(absl::StrCat(run_as_, kBin, "/pg_ctl -D ", dir_,
                   "/data -m immediate -w stop > /dev/null 2>&1"));
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

absl::StatusOr<std::string> PostgresTestCluster::CreateDatabase(const std::string& name) {
  const std::string base = absl::StrCat("postgresql://pqa@127.0.0.1:", port_, "/");
  absl::StatusOr<std::unique_ptr<SqlConnection>> admin = OpenPostgres(base + "postgres");
  if (!admin.ok()) return admin.status();
  if (absl::Status s = (*admin)->ExecuteScript(absl::StrCat("CREATE DATABASE ", name)); !s.ok()) {
    return s;
  }
  return base + name;
}

absl::StatusOr<PostgresTestCluster*> SharedPostgresTestCluster() {
  // A static object (not leaked) so that its destructor stops the server at exit.
  static absl::StatusOr<std::unique_ptr<PostgresTestCluster>> cluster =
      PostgresTestCluster::Start();
  if (!cluster.ok()) return cluster.status();
  return cluster->get();
}

}  // namespace pqa::storage
