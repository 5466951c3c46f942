// Limits of the Ingest API that both ends need (proto/pqa/v1/ingest.proto).
#ifndef PQA_HOST_SERVICE_INGEST_LIMITS_H_
#define PQA_HOST_SERVICE_INGEST_LIMITS_H_

namespace pqa::service {

// Records and events one IngestItem carries in its backlog (records/events):
// within the 4 MiB message limit even for records with all 40 harmonic
// orders, and enough that a backlog costs a few messages rather than one per
// record (the per-message cost of gRPC exceeds the database's per record).
inline constexpr int kMaxBacklogPerItem = 1000;

}  // namespace pqa::service

#endif  // PQA_HOST_SERVICE_INGEST_LIMITS_H_
