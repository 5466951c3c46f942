// Reads a file named by a command-line flag (certificates, keys, tokens).
#ifndef PQA_HOST_SERVICE_FLAG_FILE_H_
#define PQA_HOST_SERVICE_FLAG_FILE_H_

#include <string>

#include "absl/status/statusor.h"

namespace pqa::service {

// Whole file as bytes; INVALID_ARGUMENT "--FLAG: cannot read 'PATH'" otherwise.
absl::StatusOr<std::string> ReadFlagFile(const std::string& path, const std::string& flag);

}  // namespace pqa::service

#endif  // PQA_HOST_SERVICE_FLAG_FILE_H_
