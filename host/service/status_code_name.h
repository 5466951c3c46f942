// gRPC's names of the status codes ("INVALID_ARGUMENT"), as the access log,
// the metrics and the command-line clients write them.
#ifndef PQA_HOST_SERVICE_STATUS_CODE_NAME_H_
#define PQA_HOST_SERVICE_STATUS_CODE_NAME_H_

#include "grpcpp/support/status.h"

namespace pqa::service {

inline const char* StatusCodeName(grpc::StatusCode code) {
  static constexpr const char* kNames[] = {"OK",
                                           "CANCELLED",
                                           "UNKNOWN",
                                           "INVALID_ARGUMENT",
                                           "DEADLINE_EXCEEDED",
                                           "NOT_FOUND",
                                           "ALREADY_EXISTS",
                                           "PERMISSION_DENIED",
                                           "RESOURCE_EXHAUSTED",
                                           "FAILED_PRECONDITION",
                                           "ABORTED",
                                           "OUT_OF_RANGE",
                                           "UNIMPLEMENTED",
                                           "INTERNAL",
                                           "UNAVAILABLE",
                                           "DATA_LOSS",
                                           "UNAUTHENTICATED"};
  const int i = static_cast<int>(code);
  return i >= 0 && i < 17 ? kNames[i] : "UNKNOWN";
}

}  // namespace pqa::service

#endif  // PQA_HOST_SERVICE_STATUS_CODE_NAME_H_
