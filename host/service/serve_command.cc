#include "host/service/serve_command.h"

#include <pthread.h>
#include <signal.h>

#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "host/cli/args.h"
#include "host/cli/command.h"
#include "host/service/flag_file.h"
#include "host/service/server.h"

namespace pqa::service {
namespace {

// "7d", "36h", "90m", "45s" or "0" as seconds (>= 0).
absl::StatusOr<std::int64_t> ParseRetention(const std::string& text) {
  if (text == "0") return 0;
  std::int64_t count = 0;
  const std::string digits = text.empty() ? "" : text.substr(0, text.size() - 1);
  const char unit = text.empty() ? '\0' : text.back();
  const std::int64_t seconds = unit == 'd' ? 86400 : unit == 'h' ? 3600 : unit == 'm' ? 60 : 1;
  constexpr std::int64_t kCentury = 100LL * 365 * 86400;
  if (!absl::SimpleAtoi(digits, &count) || count < 1 || count > kCentury / seconds ||
      (unit != 'd' && unit != 'h' && unit != 'm' && unit != 's')) {
    return absl::InvalidArgumentError(absl::StrCat(
        "expected a whole number of days, hours, minutes or seconds such as 7d, 36h, 90m, "
        "or 0 to keep everything; got '",
        text, "'"));
  }
  return count * seconds;
}

}  // namespace

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
  parser.AddOption("log-retention", "DURATION",
                   "how long subscribers can resume from a cursor: update-log entries older "
                   "than this are removed (e.g. 7d, 36h, 90m; 0 keeps them all)",
                   "7d");
  parser.AddOption("metrics-listen", "HOST:PORT",
                   "serve Prometheus metrics at http://HOST:PORT/metrics (calls by method and "
                   "code, latency, records/events stored, duplicates, commit latency, open "
                   "subscriptions, points); none by default");
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
  options.metrics_listen = parser.Get("metrics-listen");
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
  auto retention = ParseRetention(parser.Get("log-retention"));
  if (!retention.ok()) {
    err << "pqa serve: --log-retention: " << retention.status().message() << "\n";
    return cli::kExitUsage;
  }
  options.limits.log_retention_s = *retention;
  options.log = &err;
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
  err << "{\"event\":\"listening\",\"port\":" << (*server)->port();
  if ((*server)->metrics_port() != 0) err << ",\"metrics_port\":" << (*server)->metrics_port();
  err << "}" << std::endl;
  int signal_number = 0;
  sigwait(&stop, &signal_number);
  err << "{\"event\":\"draining\",\"signal\":" << signal_number << "}" << std::endl;
  (*server)->Shutdown(5000);
  err << "{\"event\":\"stopped\"}" << std::endl;
  return cli::kExitOk;
}

}  // namespace pqa::service
