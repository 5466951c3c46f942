// pqa.v1.Ingest: analyzers stream records and events; every acknowledgement
// is sent only after the batch is committed (durable).
#ifndef PQA_HOST_SERVICE_INGEST_SERVICE_H_
#define PQA_HOST_SERVICE_INGEST_SERVICE_H_

#include "host/service/service_context.h"
#include "pqa/v1/ingest.grpc.pb.h"

namespace pqa::service {

class IngestService final : public pqa::v1::Ingest::Service {
 public:
  explicit IngestService(ServiceContext* context) : ctx_(context) {}
  grpc::Status Push(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<pqa::v1::IngestAck, pqa::v1::IngestItem>* stream) override;

 private:
  ServiceContext* ctx_;
};

}  // namespace pqa::service

#endif  // PQA_HOST_SERVICE_INGEST_SERVICE_H_
