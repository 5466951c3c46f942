// pqa.v1.Query: records, events, the 1,008-reading sets with indicators,
// monthly values and the report, for operators and admins.
#ifndef PQA_HOST_SERVICE_QUERY_SERVICE_H_
#define PQA_HOST_SERVICE_QUERY_SERVICE_H_

#include <string>
#include <vector>

#include "host/service/service_context.h"
#include "host/storage/store.h"
#include "pqa/v1/query.grpc.pb.h"

namespace pqa::service {

// A parsed Period: [start_ns, end_ns), ns since epoch UTC. INVALID_ARGUMENT
// names the field for a bad time or end <= start.
struct PeriodNs {
  TimeNs start_ns = 0;
  TimeNs end_ns = 0;
};
absl::StatusOr<PeriodNs> ParsePeriod(const pqa::v1::Period& period, TimeNs now);

// Every stored VTCD event of `point_id` whose start is in the period, ordered
// as Store::ListEvents orders them (start, then duration), read `page_size`
// (>= 1) events a store query (more only while more events share one start).
// Paging is by start: events sharing the last start of a full page are read
// again with the next page, so none is lost or repeated.
absl::StatusOr<std::vector<pqa::v1::VtcdEvent>> ReadPeriodEvents(storage::Store& store,
                                                                 const std::string& point_id,
                                                                 const PeriodNs& period,
                                                                 int page_size);

class QueryService final : public pqa::v1::Query::Service {
 public:
  explicit QueryService(ServiceContext* context) : ctx_(context) {}
  grpc::Status ListRecords(grpc::ServerContext* context, const pqa::v1::ListRecordsRequest* request,
                           pqa::v1::ListRecordsResponse* response) override;
  grpc::Status GetSets(grpc::ServerContext* context, const pqa::v1::GetSetsRequest* request,
                       pqa::v1::GetSetsResponse* response) override;
  grpc::Status GetMonthly(grpc::ServerContext* context, const pqa::v1::GetMonthlyRequest* request,
                          pqa::v1::GetMonthlyResponse* response) override;
  grpc::Status ListEvents(grpc::ServerContext* context, const pqa::v1::ListEventsRequest* request,
                          pqa::v1::ListEventsResponse* response) override;
  grpc::Status GetReport(grpc::ServerContext* context, const pqa::v1::GetReportRequest* request,
                         pqa::v1::GetReportResponse* response) override;

 private:
  ServiceContext* ctx_;
};

}  // namespace pqa::service

#endif  // PQA_HOST_SERVICE_QUERY_SERVICE_H_
