// Client calls the service tests share: registering a point, and walking
// the pages of a paginated query.
#ifndef PQA_TESTS_SERVICE_CLIENT_CALLS_H_
#define PQA_TESTS_SERVICE_CLIENT_CALLS_H_

#include <memory>
#include <string>

#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "pqa/v1/registry.grpc.pb.h"
#include "tests/service/tls_fixture.h"

namespace pqa::service::testing {

// Registers `point_id` (220/127 V) with `analyzer` as its only analyzer, as the admin.
inline grpc::Status RegisterPoint(const std::shared_ptr<grpc::Channel>& channel,
                                  const std::string& point_id, const std::string& analyzer,
                                  const std::string& time_zone = "") {
  pqa::v1::CreatePointRequest request;
  request.mutable_point()->set_point_id(point_id);
  request.mutable_point()->mutable_config()->set_connection("220/127");
  request.mutable_point()->mutable_config()->set_time_zone(time_zone);  // "": America/Sao_Paulo
  request.mutable_point()->add_analyzers(analyzer);
  pqa::v1::MeasurementPoint point;
  grpc::ClientContext context;
  context.AddMetadata("authorization", std::string("Bearer ") + kAdminToken);
  return pqa::v1::PointRegistry::NewStub(channel)->CreatePoint(&context, request, &point);
}

// Calls `fetch(request, &page)` for every page of a paginated query (a
// request with page_token, a response with next_page_token) and `each(page)`.
template <typename Response, typename Request, typename Fetch, typename Each>
grpc::Status ForEachPage(Request request, Fetch fetch, Each each) {
  do {
    Response page;
    grpc::Status s = fetch(request, &page);
    if (!s.ok()) return s;
    each(page);
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return grpc::Status::OK;
}

}  // namespace pqa::service::testing

#endif  // PQA_TESTS_SERVICE_CLIENT_CALLS_H_
