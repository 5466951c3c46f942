// Propagation helpers for absl::Status / absl::StatusOr: errors cross module
// boundaries as values.
#ifndef PQA_HOST_COMMON_STATUS_MACROS_H_
#define PQA_HOST_COMMON_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define PQA_RETURN_IF_ERROR(expr)                                 \
  do {                                                            \
    if (::absl::Status pqa_status_ = (expr); !pqa_status_.ok()) { \
      return pqa_status_;                                         \
    }                                                             \
  } while (false)

#define PQA_STATUS_CONCAT_INNER_(a, b) a##b
#define PQA_STATUS_CONCAT_(a, b) PQA_STATUS_CONCAT_INNER_(a, b)

// PQA_ASSIGN_OR_RETURN(auto x, MakeX()); PQA_ASSIGN_OR_RETURN(x, MakeX());
#define PQA_ASSIGN_OR_RETURN(lhs, expr) \
  PQA_ASSIGN_OR_RETURN_IMPL_(PQA_STATUS_CONCAT_(pqa_statusor_, __LINE__), lhs, expr)
#define PQA_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr)    \
  auto statusor = (expr);                                  \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = std::move(statusor).value()

#endif  // PQA_HOST_COMMON_STATUS_MACROS_H_
