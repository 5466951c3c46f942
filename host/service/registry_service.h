// pqa.v1.PointRegistry: admin creates and updates points; operators read.
#ifndef PQA_HOST_SERVICE_REGISTRY_SERVICE_H_
#define PQA_HOST_SERVICE_REGISTRY_SERVICE_H_

#include "host/service/service_context.h"
#include "pqa/v1/registry.grpc.pb.h"

namespace pqa::service {

// INVALID_ARGUMENT naming the field when a point id is not 1..128 of [A-Za-z0-9._:-].
absl::Status ValidatePointId(const std::string& id, const std::string& field);

class RegistryService final : public pqa::v1::PointRegistry::Service {
 public:
  explicit RegistryService(ServiceContext* context) : ctx_(context) {}
  grpc::Status CreatePoint(grpc::ServerContext* context, const pqa::v1::CreatePointRequest* request,
                           pqa::v1::MeasurementPoint* response) override;
  grpc::Status GetPoint(grpc::ServerContext* context, const pqa::v1::GetPointRequest* request,
                        pqa::v1::MeasurementPoint* response) override;
  grpc::Status ListPoints(grpc::ServerContext* context, const pqa::v1::ListPointsRequest* request,
                          pqa::v1::ListPointsResponse* response) override;
  grpc::Status UpdatePoint(grpc::ServerContext* context, const pqa::v1::UpdatePointRequest* request,
                           pqa::v1::MeasurementPoint* response) override;

 private:
  ServiceContext* ctx_;
};

}  // namespace pqa::service

#endif  // PQA_HOST_SERVICE_REGISTRY_SERVICE_H_
