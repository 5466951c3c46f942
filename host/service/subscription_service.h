// pqa.v1.Subscription: streams new records and events of chosen points from
// the storage update log, resuming after a cursor (the log position), so a
// subscriber of any replica sees what every replica ingested.
#ifndef PQA_HOST_SERVICE_SUBSCRIPTION_SERVICE_H_
#define PQA_HOST_SERVICE_SUBSCRIPTION_SERVICE_H_

#include "host/service/service_context.h"
#include "pqa/v1/subscription.grpc.pb.h"

namespace pqa::service {

class SubscriptionService final : public pqa::v1::Subscription::Service {
 public:
  explicit SubscriptionService(ServiceContext* context) : ctx_(context) {}
  grpc::Status Subscribe(grpc::ServerContext* context, const pqa::v1::SubscribeRequest* request,
                         grpc::ServerWriter<pqa::v1::Update>* writer) override;

 private:
  ServiceContext* ctx_;
};

}  // namespace pqa::service

#endif  // PQA_HOST_SERVICE_SUBSCRIPTION_SERVICE_H_
