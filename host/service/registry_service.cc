#include "host/service/registry_service.h"

#include <cmath>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "host/service/point_evaluation.h"

namespace pqa::service {
namespace {

TimeNs Now() { return absl::ToUnixNanos(absl::Now()); }

// What a refusal quotes of the text it refuses: enough to recognise it, not
// an echo of a megabyte.
std::string Quote(absl::string_view text) {
  return absl::StrCat("'", text.size() > 48 ? absl::StrCat(text.substr(0, 48), "...") : text, "'");
}

absl::Status Invalid(absl::string_view field, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", why));
}

// A configuration word: one of `known`, or empty for the default.
absl::Status CheckWord(const std::string& value, absl::string_view field,
                       std::initializer_list<absl::string_view> known) {
  if (value.empty()) return absl::OkStatus();
  for (absl::string_view k : known) {
    if (value == k) return absl::OkStatus();
  }
  return Invalid(field, absl::StrCat("expected ", absl::StrJoin(known, ", "),
                                     " or empty for the default, got ", Quote(value)));
}

// Fills what the service derives from the configuration (proto comment on
// MeasurementPoint.config).
void SetResolved(const prodist::PointConfig& resolved, pqa::v1::MeasurementPoint& point) {
  pqa::v1::CompliancePoint& c = *point.mutable_config();
  c.set_id(point.point_id());
  c.set_nominal_v(resolved.nominal_ll_v);
  c.set_reference_v(resolved.reference_v);
  c.set_annex_row(resolved.bands.row);
}

}  // namespace

absl::StatusOr<prodist::PointConfig> ValidatePoint(const pqa::v1::MeasurementPoint& point) {
  if (absl::Status s = ValidatePointId(point.point_id(), "point.point_id"); !s.ok()) return s;
  if (point.description().size() > 1024) {
    return Invalid("point.description",
                   absl::StrCat("expected at most 1024 bytes, got ", point.description().size()));
  }
  if (point.analyzers_size() > 1000) {
    return Invalid("point.analyzers",
                   absl::StrCat("expected at most 1000 names, got ", point.analyzers_size()));
  }
  absl::flat_hash_set<std::string> seen;
  for (int i = 0; i < point.analyzers_size(); ++i) {
    const std::string& name = point.analyzers(i);
    const std::string field = absl::StrCat("point.analyzers[", i, "]");
    bool printable = !name.empty() && name.size() <= 128;
    for (char c : name) printable = printable && c > ' ' && c != ':' && c != 0x7f;
    if (!printable) {
      return Invalid(field, absl::StrCat("expected a client name of 1..128 printable characters "
                                         "without spaces or ':' (as in the tokens file), got ",
                                         Quote(name)));
    }
    if (!seen.insert(name).second)
      return Invalid(field, absl::StrCat(Quote(name), " listed twice"));
  }
  const pqa::v1::CompliancePoint& c = point.config();
  if (!c.id().empty() && c.id() != point.point_id()) {
    return Invalid("point.config.id", absl::StrCat("expected empty or the point_id '",
                                                   point.point_id(), "', got ", Quote(c.id())));
  }
  if (c.connection().empty()) {
    return Invalid("point.config.connection",
                   "required: an Annex 8.A pair such as 220/127 or the nominal line-to-line "
                   "voltage such as 13800");
  }
  if (c.connection().size() > 32) {
    return Invalid("point.config.connection",
                   absl::StrCat("expected at most 32 characters, got ", c.connection().size()));
  }
  for (absl::Status s :
       {CheckWord(c.voltage_kind(), "point.config.voltage_kind", {"phase", "line"}),
        CheckWord(c.voltage_class(), "point.config.voltage_class", {"BT", "MT", "AT"}),
        CheckWord(c.vt_connection(), "point.config.vt_connection", {"wye", "open-delta"}),
        CheckWord(c.measurement_mode(), "point.config.measurement_mode",
                  {"permanent", "sampled", "eventual"})}) {
    if (!s.ok()) return s;
  }
  if (!std::isfinite(c.eusd_brl()) || c.eusd_brl() < 0) {
    return Invalid("point.config.eusd_brl",
                   absl::StrCat("expected a finite amount >= 0 reais, got ", c.eusd_brl()));
  }
  // The conversion every query uses; its errors name "config.FIELD".
  auto resolved = ResolveRegisteredPoint(point);
  if (!resolved.ok()) {
    const absl::string_view message = resolved.status().message();
    const std::size_t at = message.find("config.");
    return absl::InvalidArgumentError(
        absl::StrCat("point.", at == absl::string_view::npos ? message : message.substr(at)));
  }
  return resolved;
}

absl::Status ValidatePointId(const std::string& id, const std::string& field) {
  bool ok = !id.empty() && id.size() <= 128;
  for (char c : id) {
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == ':' ||
                c == '-');
  }
  if (!ok) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": expected 1..128 characters of [A-Za-z0-9._:-], got ", Quote(id)));
  }
  return absl::OkStatus();
}

grpc::Status RegistryService::CreatePoint(grpc::ServerContext* context,
                                          const pqa::v1::CreatePointRequest* request,
                                          pqa::v1::MeasurementPoint* response) {
  if (auto caller = ctx_->tokens->Authorize(*context, Role::kAdmin); !caller.ok()) {
    return ToGrpc(caller.status());
  }
  auto resolved = ValidatePoint(request->point());
  if (!resolved.ok()) return ToGrpc(resolved.status());
  pqa::v1::MeasurementPoint point = request->point();
  SetResolved(*resolved, point);
  auto created = ctx_->store->CreatePoint(std::move(point), Now());
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
  auto resolved = ValidatePoint(request->point());
  if (!resolved.ok()) return ToGrpc(resolved.status());
  if (request->expected_revision() < 0) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "expected_revision: expected >= 0");
  }
  pqa::v1::MeasurementPoint point = request->point();
  SetResolved(*resolved, point);
  auto updated = ctx_->store->UpdatePoint(std::move(point), request->expected_revision(), Now());
  if (!updated.ok()) return ToGrpc(updated.status());
  *response = *std::move(updated);
  return grpc::Status::OK;
}

grpc::Status RegistryService::DeletePoint(grpc::ServerContext* context,
                                          const pqa::v1::DeletePointRequest* request,
                                          pqa::v1::DeletePointResponse* /*response*/) {
  if (auto caller = ctx_->tokens->Authorize(*context, Role::kAdmin); !caller.ok()) {
    return ToGrpc(caller.status());
  }
  if (absl::Status s = ValidatePointId(request->point_id(), "point_id"); !s.ok()) return ToGrpc(s);
  if (request->expected_revision() < 0) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "expected_revision: expected >= 0");
  }
  return ToGrpc(ctx_->store->DeletePoint(request->point_id(), request->expected_revision()));
}

}  // namespace pqa::service
