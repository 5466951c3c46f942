#include "host/service/registry_service.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "host/service/point_evaluation.h"

namespace pqa::service {
namespace {

TimeNs Now() { return absl::ToUnixNanos(absl::Now()); }

}  // namespace

absl::Status ValidatePointId(const std::string& id, const std::string& field) {
  bool ok = !id.empty() && id.size() <= 128;
  for (char c : id) {
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == ':' ||
                c == '-');
  }
  if (!ok) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": expected 1..128 characters of [A-Za-z0-9._:-], got '", id, "'"));
  }
  return absl::OkStatus();
}

grpc::Status RegistryService::CreatePoint(grpc::ServerContext* context,
                                          const pqa::v1::CreatePointRequest* request,
                                          pqa::v1::MeasurementPoint* response) {
  if (auto caller = ctx_->tokens->Authorize(*context, Role::kAdmin); !caller.ok()) {
    return ToGrpc(caller.status());
  }
  if (absl::Status s = ValidatePointId(request->point().point_id(), "point.point_id"); !s.ok()) {
    return ToGrpc(s);
  }
  if (absl::Status s = ValidatePointTimeZone(request->point().config()); !s.ok()) return ToGrpc(s);
  auto created = ctx_->store->CreatePoint(request->point(), Now());
  if (!created.ok()) return ToGrpc(created.status());
  *response = *std::move(created);
  return grpc::Status::OK;
}

grpc::Status RegistryService::GetPoint(grpc::ServerContext* context,
                                       const pqa::v1::GetPointRequest* request,
                                       pqa::v1::MeasurementPoint* response) {
  if (auto caller = ctx_->tokens->Authorize(*context, Role::kOperator); !caller.ok()) {
    return ToGrpc(caller.status());
  }
  if (absl::Status s = ValidatePointId(request->point_id(), "point_id"); !s.ok()) return ToGrpc(s);
  auto point = ctx_->store->GetPoint(request->point_id());
  if (!point.ok()) return ToGrpc(point.status());
  *response = *std::move(point);
  return grpc::Status::OK;
}

grpc::Status RegistryService::ListPoints(grpc::ServerContext* context,
                                         const pqa::v1::ListPointsRequest* request,
                                         pqa::v1::ListPointsResponse* response) {
  if (auto caller = ctx_->tokens->Authorize(*context, Role::kOperator); !caller.ok()) {
    return ToGrpc(caller.status());
  }
  const int page_size = request->page_size() == 0 ? 100 : request->page_size();
  if (page_size < 1 || page_size > 1000) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        absl::StrCat("page_size: expected 0..1000, got ", request->page_size()));
  }
  // The page token is the last point id of the previous page.
  auto points = ctx_->store->ListPoints(request->page_token(), page_size + 1);
  if (!points.ok()) return ToGrpc(points.status());
  const bool more = static_cast<int>(points->size()) > page_size;
  if (more) points->resize(page_size);
  for (auto& p : *points) *response->add_points() = std::move(p);
  if (more) response->set_next_page_token(response->points().rbegin()->point_id());
  return grpc::Status::OK;
}

grpc::Status RegistryService::UpdatePoint(grpc::ServerContext* context,
                                          const pqa::v1::UpdatePointRequest* request,
                                          pqa::v1::MeasurementPoint* response) {
  if (auto caller = ctx_->tokens->Authorize(*context, Role::kAdmin); !caller.ok()) {
    return ToGrpc(caller.status());
  }
  if (absl::Status s = ValidatePointId(request->point().point_id(), "point.point_id"); !s.ok()) {
    return ToGrpc(s);
  }
  if (request->expected_revision() < 0) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "expected_revision: expected >= 0");
  }
  if (absl::Status s = ValidatePointTimeZone(request->point().config()); !s.ok()) return ToGrpc(s);
  auto updated = ctx_->store->UpdatePoint(request->point(), request->expected_revision(), Now());
  if (!updated.ok()) return ToGrpc(updated.status());
  *response = *std::move(updated);
  return grpc::Status::OK;
}

}  // namespace pqa::service
