// Sees every call the server answers, refused ones included: writes one
// JSON access-log line per call (health probes excepted: load balancers send
// them every few seconds) and counts it in the metrics. A gRPC server
// interceptor, so that no handler (and no early return in one) can forget
// it: the call's method, the peer, the principal (the client name its token
// maps to, never the token), the status code, the duration and the items it
// carried.
//
// Items: for Ingest.Push the records and events received; for a streaming
// response the messages sent (Subscribe's updates); for a unary response the
// entries of its lists (ListRecords' records, GetSets' sets, ListPoints'
// points), 1 for a response that is one thing (a point, a report).
//
//   {"event":"call","method":"/pqa.v1.Query/GetSets","peer":"ipv4:10.0.0.7:51234",
//    "principal":"control-room","code":"OK","duration_ms":0.41,"items":2}
#ifndef PQA_HOST_SERVICE_CALL_OBSERVER_H_
#define PQA_HOST_SERVICE_CALL_OBSERVER_H_

#include <memory>
#include <mutex>
#include <ostream>

#include "grpcpp/support/server_interceptor.h"
#include "host/service/auth.h"
#include "host/service/metrics.h"

namespace pqa::service {

class CallObserverFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  // `log` may be null (no access log); `metrics` may be null. `log_mu`
  // serialises lines with the server's other log writers. All outlive the server.
  CallObserverFactory(const TokenTable* tokens, ServiceMetrics* metrics, std::ostream* log,
                      std::mutex* log_mu)
      : tokens_(tokens), metrics_(metrics), log_(log), log_mu_(log_mu) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  const TokenTable* tokens_;
  ServiceMetrics* metrics_;
  std::ostream* log_;
  std::mutex* log_mu_;
};

}  // namespace pqa::service

#endif  // PQA_HOST_SERVICE_CALL_OBSERVER_H_
