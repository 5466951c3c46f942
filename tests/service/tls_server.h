// An in-process `pqa serve` for the tests: SQLite in `dir`, TLS with the
// fixture's certificate, the fixture's token table.
#ifndef PQA_TESTS_SERVICE_TLS_SERVER_H_
#define PQA_TESTS_SERVICE_TLS_SERVER_H_

#include <filesystem>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "host/service/server.h"
#include "tests/service/tls_fixture.h"

namespace pqa::service::testing {

// `listen` "127.0.0.1:0" picks a free port (Server::port()).
inline absl::StatusOr<std::unique_ptr<Server>> StartTlsServer(const std::filesystem::path& dir,
                                                              const TestCertificate& cert,
                                                              const std::string& listen) {
  ServerOptions options;
  options.listen = listen;
  options.db = "sqlite:" + (dir / "pqa.sqlite").string();
  options.tls_cert_pem = cert.cert_pem;
  options.tls_key_pem = cert.key_pem;
  options.limits.subscription_poll_ms = 20;
  auto tokens = TokenTable::Parse(TokenFileText(), "tokens");
  if (!tokens.ok()) return tokens.status();
  options.tokens = *std::move(tokens);
  return Server::Start(std::move(options));
}

}  // namespace pqa::service::testing

#endif  // PQA_TESTS_SERVICE_TLS_SERVER_H_
