// An in-process `pqa serve` for the tests: SQLite in `dir`, TLS with the
// fixture's certificate, the fixture's token table; and a test fixture
// around it.
#ifndef PQA_TESTS_SERVICE_TLS_SERVER_H_
#define PQA_TESTS_SERVICE_TLS_SERVER_H_

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "host/service/server.h"
#include "tests/service/tls_fixture.h"

namespace pqa::service::testing {

// `listen` "127.0.0.1:0" picks a free port (Server::port()); `limits`
// replaces the service limits (the update-log poll is 20 ms unless given).
inline absl::StatusOr<std::unique_ptr<Server>> StartTlsServer(
    const std::filesystem::path& dir, const TestCertificate& cert, const std::string& listen,
    const std::optional<ServiceLimits>& limits = std::nullopt) {
  ServerOptions options;
  options.listen = listen;
  options.db = "sqlite:" + (dir / "pqa.sqlite").string();
  options.tls_cert_pem = cert.cert_pem;
  options.tls_key_pem = cert.key_pem;
  options.limits.subscription_poll_ms = 20;
  if (limits) options.limits = *limits;
  auto tokens = TokenTable::Parse(TokenFileText(), "tokens");
  if (!tokens.ok()) return tokens.status();
  options.tokens = *std::move(tokens);
  return Server::Start(std::move(options));
}

// A test with its own directory, certificate and in-process TLS server on
// a free loopback port, and a channel to it.
class TlsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("pqa_" + std::string(test->test_suite_name()) + "_" + std::to_string(getpid()) + "_" +
            test->name());
    cert_ = MakeCertificate(dir_);
    ASSERT_FALSE(cert_.cert_pem.empty()) << "openssl failed";
    StartServer();
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  // (Re)starts the server on the test's database and connects channel_ to it.
  void StartServer(const std::optional<ServiceLimits>& limits = std::nullopt) {
    server_.reset();
    auto server = StartTlsServer(dir_, cert_, "127.0.0.1:0", limits);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = cert_.cert_pem;
    channel_ = grpc::CreateChannel("localhost:" + std::to_string(server_->port()),
                                   grpc::SslCredentials(ssl));
  }

  // A call context with the bearer `token` (none when null) and a 30 s deadline.
  static std::unique_ptr<grpc::ClientContext> As(const char* token) {
    auto context = std::make_unique<grpc::ClientContext>();
    if (token) context->AddMetadata("authorization", std::string("Bearer ") + token);
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return context;
  }

  std::filesystem::path dir_;
  TestCertificate cert_;
  std::unique_ptr<Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace pqa::service::testing

#endif  // PQA_TESTS_SERVICE_TLS_SERVER_H_
