#include "host/service/serve_command.h"

#include <pthread.h>
#include <signal.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "host/cli/args.h"
#include "host/cli/command.h"
#include "host/service/flag_file.h"
#include "host/service/server.h"

namespace pqa::service {
namespace {}  // namespace

int RunServeCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  cli::ArgParser parser(
      "pqa serve --db sqlite:PATH|postgresql://... [options]",
      "Runs the gRPC service: measurement-point registry, ingest from analyzers, queries "
      "(records, 1,008-reading sets, monthly values, events, reports) and subscriptions. "
      "Every call except health needs a bearer token from --tokens; TLS is required unless "
      "--insecure is given.");
  parser.AddOption("listen", "HOST:PORT", "address to listen on (loopback by default)",
                   "127.0.0.1:50051");
  parser.AddOption("db", "SPEC", "sqlite:PATH (WAL, single host) or postgresql://URI (replicas)");
  parser.AddOption("tls-cert", "FILE", "server certificate chain, PEM");
  parser.AddOption("tls-key", "FILE", "server private key, PEM");
  parser.AddOption("client-ca", "FILE", "CA of client certificates: enables mutual TLS");
  parser.AddOption("tokens", "FILE", "lines TOKEN:NAME:ROLE (analyzer|operator|admin)");
  parser.AddFlag("insecure", "plaintext without TLS, for local tests only");
  parser.AddOption("ingest-batch", "N",
                   "records and events committed per acknowledgement (1..10000)", "500");
  parser.AddOption("max-streams", "N", "concurrent ingest and subscription streams each", "256");
  if (absl::Status s = parser.Parse(args); !s.ok()) {
    err << "pqa serve: " << s.message() << "\n";
    return cli::kExitUsage;
  }
  if (parser.help_requested()) {
    out << parser.Help();
    return cli::kExitOk;
  }
  ServerOptions options;
  options.listen = parser.Get("listen");
  options.db = parser.Get("db");
  options.insecure = parser.Flag("insecure");
  if (options.db.empty()) {
    err << "pqa serve: --db: required (sqlite:PATH or postgresql://...)\n";
    return cli::kExitUsage;
  }
  auto batch = parser.GetInt("ingest-batch");
  auto streams = parser.GetInt("max-streams");
  if (!batch.ok() || *batch < 1 || *batch > 10000) {
    err << "pqa serve: --ingest-batch: expected 1..10000\n";
    return cli::kExitUsage;
  }
  if (!streams.ok() || *streams < 1) {
    err << "pqa serve: --max-streams: expected >= 1\n";
    return cli::kExitUsage;
  }
  options.limits.ingest_batch = static_cast<int>(*batch);
  options.limits.max_ingest_streams = options.limits.max_subscriptions = static_cast<int>(*streams);
  for (auto [flag, target] :
       {std::pair{"tls-cert", &options.tls_cert_pem}, std::pair{"tls-key", &options.tls_key_pem},
        std::pair{"client-ca", &options.client_ca_pem}}) {
    if (parser.Get(flag).empty()) continue;
    auto text = ReadFlagFile(parser.Get(flag), flag);
    if (!text.ok()) {
      err << "pqa serve: " << text.status().message() << "\n";
      return cli::kExitBadInput;
    }
    *target = *std::move(text);
  }
  if (!parser.Get("tokens").empty()) {
    auto text = ReadFlagFile(parser.Get("tokens"), "tokens");
    auto table = text.ok() ? TokenTable::Parse(*text, parser.Get("tokens"))
                           : absl::StatusOr<TokenTable>(text.status());
    if (!table.ok()) {
      err << "pqa serve: " << table.status().message() << "\n";
      return cli::kExitBadInput;
    }
    options.tokens = *std::move(table);
  }
  // Block the stop signals before gRPC starts its threads, then wait for one here.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  auto server = Server::Start(std::move(options));
  if (!server.ok()) {
    err << "pqa serve: " << server.status().message() << "\n";
    return cli::kExitBadInput;
  }
  // Structured log: one JSON object per line on stderr.
  err << "{\"event\":\"listening\",\"port\":" << (*server)->port() << "}" << std::endl;
  int signal_number = 0;
  sigwait(&stop, &signal_number);
  err << "{\"event\":\"draining\",\"signal\":" << signal_number << "}" << std::endl;
  (*server)->Shutdown(5000);
  err << "{\"event\":\"stopped\"}" << std::endl;
  return cli::kExitOk;
}

}  // namespace pqa::service
