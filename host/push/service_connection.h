// How the service's command-line clients (`pqa push`, `pqa point`) reach
// `pqa serve`: the shared options (--server, --token-file, --ca/--insecure,
// --cert/--key), the channel credentials they make, and the first contact,
// which tells an unreachable service (wait and retry) from a TLS
// verification failure (the wrong CA: retrying cannot help, so it stops).
#ifndef PQA_HOST_PUSH_SERVICE_CONNECTION_H_
#define PQA_HOST_PUSH_SERVICE_CONNECTION_H_

#include <chrono>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/channel.h"
#include "grpcpp/security/credentials.h"
#include "host/cli/args.h"

namespace pqa::push {

// Adds --server, --token-file, --ca, --cert, --key and --insecure.
void AddConnectionOptions(cli::ArgParser& parser, const std::string& token_help);

struct ServiceConnection {
  std::string server;  // host:port of `pqa serve`
  std::string token;   // bearer token, whitespace stripped
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  std::string trust;  // what the client trusts, for messages: "the CA in ca.pem", ...
};

// Reads the token and certificate files the options name. INVALID_ARGUMENT
// naming the option ("--token-file: cannot read 'x'") otherwise.
absl::StatusOr<ServiceConnection> ConnectionFrom(const cli::ArgParser& parser);

// Waits up to `wait` for the channel to connect. UNAVAILABLE when the service
// does not answer in time; FAILED_PRECONDITION, at once, when the TLS
// handshake fails (a certificate the CA did not sign, or issued for another
// name): one line saying so and what to give instead.
absl::Status WaitForService(grpc::Channel& channel, const std::string& server,
                            const std::string& trust, std::chrono::milliseconds wait);

// gRPC's own log lines (e.g. "Handshake failed ...") are left out of a client
// command's stderr, which reports every failure itself in one line; setting
// GRPC_VERBOSITY brings them back.
void QuietGrpcLogs();

}  // namespace pqa::push

#endif  // PQA_HOST_PUSH_SERVICE_CONNECTION_H_
