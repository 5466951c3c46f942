// What the service counts for Prometheus (`pqa serve --metrics-listen ADDR`,
// GET /metrics, text format): calls by method and status code with their
// latency, what ingest stored and found duplicated, database commit latency,
// and, read at scrape time, the points registered and the subscriptions
// open. Calls are counted by the call observer (call_observer.h), ingest by
// the ingest stream after each commit; prometheus-cpp keeps the values and
// its pull exposer (Debian's prometheus-cpp, on civetweb) serves them.
#ifndef PQA_HOST_SERVICE_METRICS_H_
#define PQA_HOST_SERVICE_METRICS_H_

#include <atomic>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "grpcpp/support/status.h"
#include "host/storage/store.h"

namespace prometheus {
class Collectable;
class Counter;
class Exposer;
class Histogram;
class Registry;
template <typename T>
class Family;
}  // namespace prometheus

namespace pqa::service {

class ServiceMetrics {
 public:
  // `store` answers the points gauge at scrape time; `subscriptions` is the
  // count of open Subscribe streams. Both outlive this object.
  ServiceMetrics(storage::Store* store, const std::atomic<int>* subscriptions);
  ~ServiceMetrics();

  // One finished call: `method` as gRPC names it ("/pqa.v1.Query/GetSets"),
  // its status code and how long it took, seconds.
  void CountCall(std::string_view method, grpc::StatusCode code, double seconds);
  // One committed ingest batch and the time its transaction took, seconds.
  void CountIngest(const storage::IngestCounts& counts, double commit_seconds);

  // The exposition text, as GET /metrics answers.
  std::string Text() const;

  // Serves GET /metrics on `address` (host:port; port 0 picks one) until
  // this object goes. UNAVAILABLE when it cannot listen.
  absl::Status Listen(const std::string& address);
  int metrics_port() const;  // bound port once Listen succeeded, else 0

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_ptr<prometheus::Collectable> gauges_;  // read at scrape time
  prometheus::Family<prometheus::Counter>* requests_;
  prometheus::Family<prometheus::Histogram>* latency_;
  prometheus::Counter* records_stored_;
  prometheus::Counter* events_stored_;
  prometheus::Counter* duplicates_;
  prometheus::Histogram* commit_latency_;
  std::unique_ptr<prometheus::Exposer> exposer_;
};

}  // namespace pqa::service

#endif  // PQA_HOST_SERVICE_METRICS_H_
