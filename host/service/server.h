// The pqa gRPC server: registry, ingest, query and subscription services on
// one port, plus gRPC health checking and server reflection.
#ifndef PQA_HOST_SERVICE_SERVER_H_
#define PQA_HOST_SERVICE_SERVER_H_

#include <memory>
#include <ostream>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/server.h"
#include "host/service/auth.h"
#include "host/service/indicator_sets.h"
#include "host/service/ingest_service.h"
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
  std::ostream* log = nullptr;      // structured log (JSON lines) of background work; may be null
};

class Server {
 public:
  // Opens storage (running migrations), binds and starts serving.
  // INVALID_ARGUMENT for inconsistent options, UNAVAILABLE when storage or the
  // port cannot be opened.
  static absl::StatusOr<std::unique_ptr<Server>> Start(ServerOptions options);
  ~Server();

  int port() const { return port_; }  // bound TCP port, 1..65535
  // Drains: streams end after their current batch, new calls are refused,
  // in-flight calls get up to `grace_ms` milliseconds.
  void Shutdown(int grace_ms = 5000);
  void Wait();

 private:
  Server() = default;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<IndicatorSets> sets_;  // the store's ingest hook
  TokenTable tokens_;
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
