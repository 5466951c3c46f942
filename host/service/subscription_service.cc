#include "host/service/subscription_service.h"

#include <algorithm>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "host/service/registry_service.h"

namespace pqa::service {
namespace {

// Puts the payload into `update` when the request asked for its kind.
bool Select(const pqa::v1::SubscribeRequest& request, storage::UpdatePayload payload,
            pqa::v1::Update& update) {
  if (auto* r = std::get_if<pqa::v1::Record>(&payload)) {
    if (!request.records()) return false;
    *update.mutable_record() = std::move(*r);
  } else if (auto* e = std::get_if<pqa::v1::VtcdEvent>(&payload)) {
    if (!request.events()) return false;
    *update.mutable_event() = std::move(*e);
  } else if (auto* v = std::get_if<pqa::v1::VoltageSet>(&payload)) {
    if (!request.sets()) return false;
    *update.mutable_voltage_set() = std::move(*v);
  } else if (auto* d = std::get_if<pqa::v1::DisturbanceSet>(&payload)) {
    if (!request.sets()) return false;
    *update.mutable_disturbance_set() = std::move(*d);
  } else if (auto* w = std::get_if<pqa::v1::SetsReopened>(&payload)) {
    if (!request.sets()) return false;
    *update.mutable_sets_reopened() = std::move(*w);
  } else {
    if (!request.violations()) return false;
    *update.mutable_violation() = std::move(std::get<pqa::v1::LimitViolation>(payload));
  }
  return true;
}

}  // namespace

grpc::Status SubscriptionService::Subscribe(grpc::ServerContext* context,
                                            const pqa::v1::SubscribeRequest* request,
                                            grpc::ServerWriter<pqa::v1::Update>* writer) {
  if (auto caller = ctx_->tokens->Authorize(*context, Role::kOperator); !caller.ok()) {
    return ToGrpc(caller.status());
  }
  const int count = request->point_ids_size();
  if (count < 1 || count > 1000) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        absl::StrCat("point_ids: expected 1..1000 points, got ", count));
  }
  if (!request->records() && !request->events() && !request->sets() && !request->violations()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "records/events/sets/violations: select at least one kind");
  }
  std::vector<std::string> points(request->point_ids().begin(), request->point_ids().end());
  for (const std::string& id : points) {
    if (absl::Status s = ValidatePointId(id, "point_ids"); !s.ok()) return ToGrpc(s);
    if (auto p = ctx_->store->GetPoint(id); !p.ok()) return ToGrpc(p.status());
  }
  std::int64_t cursor = 0;
  if (request->resume_cursor().empty()) {
    auto last = ctx_->store->LastUpdateSeq();
    if (!last.ok()) return ToGrpc(last.status());
    cursor = *last;
  } else if (!absl::SimpleAtoi(request->resume_cursor(), &cursor) || cursor < 0) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        absl::StrCat("resume_cursor: not a cursor of this service: '",
                                     request->resume_cursor(), "'"));
  }
  const int previous = ctx_->subscriptions.fetch_add(1);
  struct Release {
    std::atomic<int>& n;
    ~Release() { n.fetch_sub(1); }
  } release{ctx_->subscriptions};
  if (previous >= ctx_->limits.max_subscriptions) {
    return grpc::Status(
        grpc::StatusCode::RESOURCE_EXHAUSTED,
        absl::StrCat("more than ", ctx_->limits.max_subscriptions, " concurrent subscriptions"));
  }
  constexpr int kPage = 1000;  // log entries read per poll
  while (!context->IsCancelled() && !ctx_->draining.load()) {
    std::int64_t scanned_to = cursor;
    auto entries = ctx_->store->ReadUpdates(points, cursor, kPage, &scanned_to);
    if (!entries.ok()) return ToGrpc(entries.status());
    for (auto& entry : *entries) {
      cursor = entry.seq;
      pqa::v1::Update update;
      update.set_cursor(absl::StrCat(entry.seq));
      update.set_point_id(entry.point_id);
      if (!Select(*request, std::move(entry.payload), update)) continue;
      if (!writer->Write(update))
        return grpc::Status(grpc::StatusCode::CANCELLED, "client went away");
    }
    // Other points' entries up to here need not be scanned again.
    cursor = std::max(cursor, scanned_to);
    if (static_cast<int>(entries->size()) < kPage) {
      std::this_thread::sleep_for(std::chrono::milliseconds(ctx_->limits.subscription_poll_ms));
    }
  }
  if (ctx_->draining.load()) {
    // Not OK: a subscription has no natural end, and clients retry UNAVAILABLE.
    return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                        "the server is shutting down; resubscribe with the last cursor");
  }
  return grpc::Status::OK;
}

}  // namespace pqa::service
