#include "host/service/metrics.h"

#include <exception>
#include <vector>

#include "absl/strings/str_cat.h"
#include "host/service/status_code_name.h"
#include "prometheus/collectable.h"
#include "prometheus/counter.h"
#include "prometheus/exposer.h"
#include "prometheus/histogram.h"
#include "prometheus/metric_family.h"
#include "prometheus/registry.h"
#include "prometheus/text_serializer.h"

namespace pqa::service {

namespace {

// Gauges whose truth lives elsewhere (the database, shared by replicas; the
// open streams), read when Prometheus scrapes.
class ScrapeTimeGauges : public prometheus::Collectable {
 public:
  ScrapeTimeGauges(storage::Store* store, const std::atomic<int>* subscriptions)
      : store_(store), subscriptions_(subscriptions) {}

  std::vector<prometheus::MetricFamily> Collect() const override {
    std::vector<prometheus::MetricFamily> out;
    auto gauge = [&](const char* name, const char* help, double value) {
      prometheus::MetricFamily f;
      f.name = name;
      f.help = help;
      f.type = prometheus::MetricType::Gauge;
      f.metric.emplace_back();
      f.metric.back().gauge.value = value;
      out.push_back(std::move(f));
    };
    gauge("pqa_subscriptions_active", "Subscribe streams open on this server",
          subscriptions_->load());
    // A database error leaves the gauge out of the scrape rather than report 0.
    if (absl::StatusOr<std::int64_t> points = store_->CountPoints(); points.ok()) {
      gauge("pqa_points_registered", "measurement points in the registry (the database)",
            static_cast<double>(*points));
    }
    return out;
  }

 private:
  storage::Store* store_;
  const std::atomic<int>* subscriptions_;
};

// Seconds: 0.5 ms .. ~16 s, doubling.
prometheus::Histogram::BucketBoundaries LatencyBuckets() {
  prometheus::Histogram::BucketBoundaries b;
  for (double s = 0.0005; s < 20; s *= 2) b.push_back(s);
  return b;
}

}  // namespace

ServiceMetrics::ServiceMetrics(storage::Store* store, const std::atomic<int>* subscriptions)
    : registry_(std::make_shared<prometheus::Registry>()),
      gauges_(std::make_shared<ScrapeTimeGauges>(store, subscriptions)) {
  requests_ = &prometheus::BuildCounter()
                   .Name("pqa_rpc_requests_total")
                   .Help("finished gRPC calls by method and status code (refused calls included)")
                   .Register(*registry_);
  latency_ = &prometheus::BuildHistogram()
                  .Name("pqa_rpc_duration_seconds")
                  .Help("time from a call's start to its status, by method, seconds")
                  .Register(*registry_);
  auto& stored = prometheus::BuildCounter()
                     .Name("pqa_ingest_records_stored_total")
                     .Help("10-minute, 2-hour and 150-cycle records committed (new keys only)")
                     .Register(*registry_);
  records_stored_ = &stored.Add({});
  events_stored_ = &prometheus::BuildCounter()
                        .Name("pqa_ingest_events_stored_total")
                        .Help("VTCD events committed (new keys only)")
                        .Register(*registry_)
                        .Add({});
  duplicates_ = &prometheus::BuildCounter()
                     .Name("pqa_ingest_duplicates_total")
                     .Help("records and events received again and not stored (resends)")
                     .Register(*registry_)
                     .Add({});
  commit_latency_ = &prometheus::BuildHistogram()
                         .Name("pqa_db_commit_duration_seconds")
                         .Help("ingest transactions: write, log, sets and commit, seconds")
                         .Register(*registry_)
                         .Add({}, LatencyBuckets());
}

ServiceMetrics::~ServiceMetrics() = default;

void ServiceMetrics::CountCall(std::string_view method, grpc::StatusCode code, double seconds) {
  const std::string name(method);
  requests_->Add({{"method", name}, {"code", StatusCodeName(code)}}).Increment();
  latency_->Add({{"method", name}}, LatencyBuckets()).Observe(seconds);
}

void ServiceMetrics::CountIngest(const storage::IngestCounts& counts, double commit_seconds) {
  records_stored_->Increment(counts.stored - counts.stored_events);
  events_stored_->Increment(counts.stored_events);
  duplicates_->Increment(counts.duplicates);
  commit_latency_->Observe(commit_seconds);
}

std::string ServiceMetrics::Text() const {
  std::vector<prometheus::MetricFamily> families = registry_->Collect();
  for (auto& f : gauges_->Collect()) families.push_back(std::move(f));
  return prometheus::TextSerializer().Serialize(families);
}

absl::Status ServiceMetrics::Listen(const std::string& address) {
  try {
    exposer_ = std::make_unique<prometheus::Exposer>(address, 2);
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrCat("--metrics-listen: cannot listen on '", address, "': ", e.what()));
  }
  exposer_->RegisterCollectable(registry_);
  exposer_->RegisterCollectable(gauges_);
  return absl::OkStatus();
}

int ServiceMetrics::metrics_port() const {
  if (exposer_ == nullptr) return 0;
  std::vector<int> ports = exposer_->GetListeningPorts();
  return ports.empty() ? 0 : ports.front();
}

}  // namespace pqa::service
