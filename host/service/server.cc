#include "host/service/server.h"

#include <chrono>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "host/service/call_observer.h"

namespace pqa::service {

absl::StatusOr<std::unique_ptr<Server>> Server::Start(ServerOptions options) {
  if (!options.insecure && (options.tls_cert_pem.empty() || options.tls_key_pem.empty())) {
    return absl::InvalidArgumentError(
        "--tls-cert/--tls-key: required unless --insecure is given explicitly");
  }
  auto store = storage::Store::Open(options.db);
  if (!store.ok()) return store.status();
  std::unique_ptr<Server> server(new Server());
  server->store_ = *std::move(store);
  server->tokens_ = std::move(options.tokens);
  server->sets_ = std::make_unique<IndicatorSets>();
  server->store_->SetIngestHook(server->sets_.get());
  server->context_.store = server->store_.get();
  server->context_.sets = server->sets_.get();
  server->context_.tokens = &server->tokens_;
  server->metrics_ =
      std::make_unique<ServiceMetrics>(server->store_.get(), &server->context_.subscriptions);
  server->context_.metrics = server->metrics_.get();
  if (!options.metrics_listen.empty()) {
    if (absl::Status s = server->metrics_->Listen(options.metrics_listen); !s.ok()) return s;
  }
  server->context_.limits = options.limits;
  server->registry_ = std::make_unique<RegistryService>(&server->context_);
  server->ingest_ = std::make_unique<IngestService>(&server->context_);
  server->query_ = std::make_unique<QueryService>(&server->context_);
  server->subscription_ = std::make_unique<SubscriptionService>(&server->context_);

  std::shared_ptr<grpc::ServerCredentials> credentials;
  if (options.insecure) {
    credentials = grpc::InsecureServerCredentials();
  } else {
    grpc::SslServerCredentialsOptions ssl(
        options.client_ca_pem.empty() ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
                                      : GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
    ssl.pem_root_certs = options.client_ca_pem;
    ssl.pem_key_cert_pairs.push_back({options.tls_key_pem, options.tls_cert_pem});
    credentials = grpc::SslServerCredentials(ssl);
  }
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen, credentials, &server->port_);
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.SetMaxSendMessageSize(options.max_message_bytes);
  // Substation links go through firewalls that drop idle TCP flows after a
  // few minutes: accept client pings every 20 s without data and ping
  // idle clients every 60 s so that dead peers are noticed.
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 60'000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20'000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 20'000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 0);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.RegisterService(server->registry_.get());
  builder.RegisterService(server->ingest_.get());
  builder.RegisterService(server->query_.get());
  builder.RegisterService(server->subscription_.get());
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> observers;
  observers.push_back(std::make_unique<CallObserverFactory>(
      &server->tokens_, server->metrics_.get(), options.log, &server->log_mu_));
  builder.experimental().SetInterceptorCreators(std::move(observers));
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on '", options.listen, "'"));
  }
  // Health per service name (grpc.health.v1: "" is the whole server), so a
  // load balancer can check the service it routes to.
  for (const char* name :
       {pqa::v1::PointRegistry::service_full_name(), pqa::v1::Ingest::service_full_name(),
        pqa::v1::Query::service_full_name(), pqa::v1::Subscription::service_full_name()}) {
    server->server_->GetHealthCheckService()->SetServingStatus(name, true);
  }
  if (options.limits.log_retention_s > 0) {
    server->pruner_ = std::thread([s = server.get(), log = options.log] { s->PruneLog(log); });
  }
  return server;
}

void Server::PruneLog(std::ostream* log) {
  // Entries go in slices so that ingest is never held up for long.
  constexpr int kSlice = 20'000;
  const ServiceLimits& limits = context_.limits;
  for (;;) {
    const TimeNs cut = absl::ToUnixNanos(absl::Now() - absl::Seconds(limits.log_retention_s));
    std::int64_t removed = 0;
    absl::StatusOr<std::int64_t> slice;
    do {
      slice = store_->PruneUpdates(cut, kSlice);
      if (slice.ok()) removed += *slice;
    } while (slice.ok() && *slice > 0);
    if (log != nullptr && (removed > 0 || !slice.ok())) {
      // Structured log: one JSON object per line.
      std::lock_guard<std::mutex> lock(log_mu_);
      *log << (slice.ok() ? absl::StrCat("{\"event\":\"log_pruned\",\"entries\":", removed, "}")
                          : absl::StrCat("{\"event\":\"log_prune_failed\",\"message\":\"",
                                         absl::CEscape(slice.status().message()), "\"}"))
           << std::endl;
    }
    absl::MutexLock lock(&stop_mu_);
    if (stop_mu_.AwaitWithTimeout(absl::Condition(&stopping_),
                                  absl::Milliseconds(limits.log_prune_period_ms))) {
      return;
    }
  }
}

Server::~Server() { Shutdown(0); }

void Server::Shutdown(int grace_ms) {
  {
    absl::MutexLock lock(&stop_mu_);
    stopping_ = true;
  }
  if (pruner_.joinable()) pruner_.join();
  if (server_ == nullptr) return;
  context_.draining.store(true);
  // Load balancers stop routing here while the calls in flight finish.
  server_->GetHealthCheckService()->Shutdown();
  server_->Shutdown(std::chrono::system_clock::now() + std::chrono::milliseconds(grace_ms));
  server_->Wait();
  server_.reset();
}

int Server::metrics_port() const { return metrics_->metrics_port(); }

void Server::Wait() {
  if (server_ != nullptr) server_->Wait();
}

}  // namespace pqa::service
