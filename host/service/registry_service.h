// pqa.v1.PointRegistry: admin creates and updates points; operators read.
#ifndef PQA_HOST_SERVICE_REGISTRY_SERVICE_H_
#define PQA_HOST_SERVICE_REGISTRY_SERVICE_H_

#include "host/prodist/point_config.h"
#include "host/service/service_context.h"
#include "pqa/v1/registry.grpc.pb.h"

namespace pqa::service {

// INVALID_ARGUMENT naming the field when a point id is not 1..128 of [A-Za-z0-9._:-].
absl::Status ValidatePointId(const std::string& id, const std::string& field);

// CreatePoint/UpdatePoint's check of a whole point (one place, also used by
// tests): the id, description (<= 1024 bytes), analyzers (1..128 characters
// each, printable, no ':', none twice, at most 1000), config.id (empty or
// the point id), the configuration's words (voltage_kind, voltage_class,
// vt_connection, measurement_mode: known values or empty for the default),
// eusd_brl (finite, >= 0) and the connection (1..32 characters; it must
// resolve to an Annex 8.A row). INVALID_ARGUMENT naming the field ("point.config.eusd_brl: ...").
// On success returns the resolved configuration.
absl::StatusOr<prodist::PointConfig> ValidatePoint(const pqa::v1::MeasurementPoint& point);

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
  grpc::Status DeletePoint(grpc::ServerContext* context, const pqa::v1::DeletePointRequest* request,
                           pqa::v1::DeletePointResponse* response) override;

 private:
  ServiceContext* ctx_;
};

}  // namespace pqa::service

#endif  // PQA_HOST_SERVICE_REGISTRY_SERVICE_H_
