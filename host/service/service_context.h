// What every RPC handler shares: storage, the token table, limits, and the
// conversion of library errors (absl::Status) into gRPC status at the edge.
#ifndef PQA_HOST_SERVICE_SERVICE_CONTEXT_H_
#define PQA_HOST_SERVICE_SERVICE_CONTEXT_H_

#include <atomic>
#include <cstdint>

#include "absl/status/status.h"
#include "grpcpp/support/status.h"
#include "host/service/auth.h"
#include "host/storage/store.h"

namespace pqa::service {

struct ServiceLimits {
  int ingest_batch = 500;          // records and events committed per acknowledgement, 1..10000
  int max_ingest_streams = 256;    // concurrent Push streams, >= 1
  int max_subscriptions = 256;     // concurrent Subscribe streams, >= 1
  int subscription_poll_ms = 200;  // update-log poll period, milliseconds, 10..10000
  // How long the update log keeps an entry for subscribers to resume from,
  // seconds, >= 0 (0: forever). A cursor older than that is OUT_OF_RANGE.
  std::int64_t log_retention_s = 7 * 86400;
  int log_prune_period_ms = 60'000;  // how often old entries are removed, milliseconds, >= 10
};

class IndicatorSets;
class ServiceMetrics;

struct ServiceContext {
  storage::Store* store = nullptr;     // not owned
  IndicatorSets* sets = nullptr;       // not owned; installed as the store's ingest hook
  const TokenTable* tokens = nullptr;  // not owned
  ServiceMetrics* metrics = nullptr;   // not owned; never null in a running server
  ServiceLimits limits;
  std::atomic<bool> draining{false};  // set on shutdown: streams end cleanly
  std::atomic<int> ingest_streams{0};
  std::atomic<int> subscriptions{0};
};

// Same code, same message; absl and gRPC share the canonical code numbers.
inline grpc::Status ToGrpc(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

}  // namespace pqa::service

#endif  // PQA_HOST_SERVICE_SERVICE_CONTEXT_H_
