#include "host/storage/postgres_connection.h"

#include <libpq-fe.h>

#include <cstring>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace pqa::storage {
namespace {

// pg_type OIDs of the integer columns, converted from network byte order.
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt4Oid = 23;
constexpr Oid kByteaOid = 17;

std::int64_t BigEndian(const char* p, int size) {
  std::uint64_t v = 0;
  for (int i = 0; i < size; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  if (size == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
  return static_cast<std::int64_t>(v);
}

class PostgresConnection final : public SqlConnection {
 public:
  explicit PostgresConnection(PGconn* conn) : conn_(conn) {}
  ~PostgresConnection() override { PQfinish(conn_); }
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  SqlDialect dialect() const override { return SqlDialect::kPostgres; }

  absl::StatusOr<SqlResult> Execute(std::string_view sql,
                                    const std::vector<SqlValue>& params) override {
    if (absl::Status s = EnsureConnected(); !s.ok()) return s;
    const int n = static_cast<int>(params.size());
    std::vector<std::string> text(n);
    std::vector<const char*> values(n);
    std::vector<int> lengths(n), formats(n);
    std::vector<Oid> types(n);
    for (int i = 0; i < n; ++i) {
      if (const auto* v = std::get_if<std::int64_t>(&params[i])) {
        text[i] = std::to_string(*v);
        types[i] = kInt8Oid;
      } else if (const auto* s = std::get_if<std::string>(&params[i])) {
        text[i] = *s;
        types[i] = 0;  // let the server infer (text)
      } else {
        text[i] = std::get<Blob>(params[i]).bytes;
        types[i] = kByteaOid;
        formats[i] = 1;  // binary
      }
      values[i] = text[i].data();
      lengths[i] = static_cast<int>(text[i].size());
    }
    const std::string statement(sql);
    PGresult* res = PQexecParams(conn_, statement.c_str(), n, types.data(), values.data(),
                                 lengths.data(), formats.data(), /*resultFormat=*/1);
    std::unique_ptr<PGresult, void (*)(PGresult*)> guard(res, PQclear);
    const ExecStatusType status = PQresultStatus(res);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return Error(res);
    SqlResult result;
    const int rows = PQntuples(res), columns = PQnfields(res);
    for (int r = 0; r < rows; ++r) {
      SqlRow row(columns);
      for (int c = 0; c < columns; ++c) {
        if (PQgetisnull(res, r, c)) continue;
        const char* data = PQgetvalue(res, r, c);
        const int size = PQgetlength(res, r, c);
        const Oid type = PQftype(res, c);
        if (type == kInt8Oid || type == kInt4Oid) {
          row[c] = std::to_string(BigEndian(data, size));
        } else {
          row[c] = std::string(data, size);
        }
      }
      result.rows.push_back(std::move(row));
    }
    const char* tuples = PQcmdTuples(res);
    result.affected = (tuples && *tuples) ? std::stoll(tuples) : 0;
    return result;
  }

  absl::Status ExecuteScript(std::string_view sql) override {
    if (absl::Status s = EnsureConnected(); !s.ok()) return s;
    const std::string text(sql);
    PGresult* res = PQexec(conn_, text.c_str());
    std::unique_ptr<PGresult, void (*)(PGresult*)> guard(res, PQclear);
    const ExecStatusType status = PQresultStatus(res);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return Error(res);
    return absl::OkStatus();
  }

 private:
  // A dropped connection (server restart, network) is re-established once
  // per statement; a statement inside a broken transaction still fails.
  absl::Status EnsureConnected() {
    if (PQstatus(conn_) == CONNECTION_OK) return absl::OkStatus();
    PQreset(conn_);
    if (PQstatus(conn_) == CONNECTION_OK) return absl::OkStatus();
    return absl::UnavailableError(absl::StrCat("postgresql: ", PQerrorMessage(conn_)));
  }

  absl::Status Error(const PGresult* res) const {
    const std::string message = absl::StrCat("postgresql: ", PQresultErrorMessage(res));
    if (PQstatus(conn_) != CONNECTION_OK) return absl::UnavailableError(message);
    const char* state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    // Class 08: connection exception; 57P: operator intervention (shutdown).
    if (state && (std::strncmp(state, "08", 2) == 0 || std::strncmp(state, "57P", 3) == 0)) {
      return absl::UnavailableError(message);
    }
    return absl::InternalError(message);
  }

  PGconn* conn_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<SqlConnection>> OpenPostgres(const std::string& uri) {
  PGconn* conn = PQconnectdb(uri.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string message =
        absl::StrCat("cannot connect to PostgreSQL: ", PQerrorMessage(conn));
    PQfinish(conn);
    return absl::UnavailableError(message);
  }
  auto connection = std::make_unique<PostgresConnection>(conn);
  // Migrations print NOTICEs for IF NOT EXISTS; keep them out of the logs.
  if (absl::Status s = connection->ExecuteScript("SET client_min_messages = WARNING"); !s.ok()) {
    return s;
  }
  return std::unique_ptr<SqlConnection>(std::move(connection));
}

}  // namespace pqa::storage
