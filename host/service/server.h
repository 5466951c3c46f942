// The pqa gRPC server: registry, ingest, query and subscription services on
// one port, plus gRPC health checking and server reflection.
#ifndef PQA_HOST_SERVICE_SERVER_H_
#define PQA_HOST_SERVICE_SERVER_H_

#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/server.h"
#include "host/service/auth.h"
#include "host/service/indicator_sets.h"
#include "host/service/ingest_service.h"
#include "host/service/metrics.h"
#include "host/service/query_service.h"
#include "host/service/registry_service.h"
#include "host/service/service_context.h"
#include "host/service/subscription_service.h"

namespace pqa::service {

struct ServerOptions {
  std::string listen = "127.0.0.1:50051";  // host:port; port 0 picks a free one
  std::string db;                          // "sqlite:PATH" or "postgresql://..."
  bool insecure = false;                   // plaintext; only when asked for explicitly
  std::string tls_cert_pem;   // server certificate chain, PEM (required unless insecure)
  std::string tls_key_pem;    // its private key, PEM
  std::string client_ca_pem;  // non-empty: mutual TLS, clients must present a cert from this CA
  TokenTable tokens;
  ServiceLimits limits;
  int max_message_bytes = 4 << 20;  // per message, bytes, 1 KiB..64 MiB
  // Structured log (JSON lines): background work, and one access-log line per
  // call (call_observer.h). May be null.
  std::ostream* log = nullptr;
  // host:port serving GET /metrics (Prometheus text format); empty: none.
  std::string metrics_listen;
};

class Server {
 public:
  // Opens storage (running migrations), binds and starts serving.
  // INVALID_ARGUMENT for inconsistent options, UNAVAILABLE when storage or the
  // port cannot be opened.
  static absl::StatusOr<std::unique_ptr<Server>> Start(ServerOptions options);
  ~Server();

  int port() const { return port_; }  // bound TCP port, 1..65535
  int metrics_port() const;           // bound port of --metrics-listen, 0 without
  ServiceMetrics& metrics() { return *metrics_; }
  // Drains: streams end after their current batch, new calls are refused,
  // in-flight calls get up to `grace_ms` milliseconds.
  void Shutdown(int grace_ms = 5000);
  void Wait();

 private:
  Server() = default;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<IndicatorSets> sets_;  // the store's ingest hook
  TokenTable tokens_;
  std::unique_ptr<ServiceMetrics> metrics_;
  std::mutex log_mu_;  // one writer of a log line at a time
  ServiceContext context_;
  std::unique_ptr<RegistryService> registry_;
  std::unique_ptr<IngestService> ingest_;
  std::unique_ptr<QueryService> query_;
  std::unique_ptr<SubscriptionService> subscription_;
  // Removes update-log entries older than limits.log_retention_s every
  // limits.log_prune_period_ms until Shutdown.
  void PruneLog(std::ostream* log);

  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  absl::Mutex stop_mu_;
  bool stopping_ ABSL_GUARDED_BY(stop_mu_) = false;
  std::thread pruner_;
};

}  // namespace pqa::service

#endif  // PQA_HOST_SERVICE_SERVER_H_
