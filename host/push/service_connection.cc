#include "host/push/service_connection.h"

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "grpc/support/log.h"
#include "grpcpp/client_context.h"
#include "host/service/flag_file.h"
#include "pqa/v1/registry.grpc.pb.h"

namespace pqa::push {

void AddConnectionOptions(cli::ArgParser& parser, const std::string& token_help) {
  parser.AddOption("server", "HOST:PORT", "service address", "127.0.0.1:50051");
  parser.AddOption("token-file", "FILE", token_help);
  parser.AddOption("ca", "FILE", "CA certificate (PEM) that signed the service's certificate");
  parser.AddOption("cert", "FILE", "client certificate (PEM) for mutual TLS");
  parser.AddOption("key", "FILE", "client private key (PEM) for mutual TLS");
  parser.AddFlag("insecure", "plaintext without TLS, for local tests only");
}

absl::StatusOr<ServiceConnection> ConnectionFrom(const cli::ArgParser& parser) {
  ServiceConnection c;
  c.server = parser.Get("server");
  auto token = service::ReadFlagFile(parser.Get("token-file"), "token-file");
  if (!token.ok()) return token.status();
  c.token = std::string(absl::StripAsciiWhitespace(*token));
  if (parser.Flag("insecure")) {
    c.credentials = grpc::InsecureChannelCredentials();
    c.trust = "plaintext (--insecure)";
    return c;
  }
  grpc::SslCredentialsOptions ssl;
  for (auto [flag, field] :
       {std::pair{"ca", &ssl.pem_root_certs}, std::pair{"cert", &ssl.pem_cert_chain},
        std::pair{"key", &ssl.pem_private_key}}) {
    if (parser.Get(flag).empty()) continue;
    auto text = service::ReadFlagFile(parser.Get(flag), flag);
    if (!text.ok()) return text.status();
    *field = *std::move(text);
  }
  c.trust = parser.Get("ca").empty() ? "the system's CA certificates (no --ca given)"
                                     : absl::StrCat("the CA in ", parser.Get("ca"));
  c.credentials = grpc::SslCredentials(ssl);
  return c;
}

absl::Status WaitForService(grpc::Channel& channel, const std::string& server,
                            const std::string& trust, std::chrono::milliseconds wait) {
  const auto deadline = std::chrono::system_clock::now() + wait;
  std::string last_error = "no answer";
  for (;;) {
    const auto step =
        std::min(deadline, std::chrono::system_clock::now() + std::chrono::milliseconds(500));
    if (channel.WaitForConnected(step)) return absl::OkStatus();
    // A call that does not wait for the connection fails at once with the
    // reason of the last failed attempt, without reaching any handler.
    auto stub = pqa::v1::PointRegistry::NewStub(
        std::shared_ptr<grpc::Channel>(&channel, [](grpc::Channel*) {}));
    grpc::ClientContext probe;
    probe.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(200));
    pqa::v1::MeasurementPoint ignored;
    grpc::Status status = stub->GetPoint(&probe, pqa::v1::GetPointRequest(), &ignored);
    if (status.error_code() != grpc::StatusCode::UNAVAILABLE &&
        status.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED) {
      return absl::OkStatus();  // it answered: connected meanwhile
    }
    const std::string& why = status.error_message();
    const std::string lower = absl::AsciiStrToLower(why);
    if (absl::StrContains(lower, "handshake failed") ||
        absl::StrContains(lower, "certificate verify failed") ||
        absl::StrContains(lower, "peer name")) {
      const bool name = absl::StrContains(lower, "peer name");
      return absl::FailedPreconditionError(absl::StrCat(
          "TLS: the certificate of ", server, " is not trusted by ", trust,
          name ? " for that name (peer name not in the certificate)"
               : " (certificate verify failed)",
          "; give --ca the CA that signed the service's certificate and a --server name the "
          "certificate holds"));
    }
    if (!why.empty()) last_error = why;
    if (std::chrono::system_clock::now() >= deadline) {
      return absl::UnavailableError(
          absl::StrCat("service unreachable at ", server, " (", last_error, ")"));
    }
  }
}

void QuietGrpcLogs() {
  if (std::getenv("GRPC_VERBOSITY") != nullptr) return;
  gpr_set_log_function([](gpr_log_func_args*) {});
}

}  // namespace pqa::push
