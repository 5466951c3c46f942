#include "host/service/flag_file.h"

#include "absl/strings/str_cat.h"
#include "host/common/input_file.h"

namespace pqa::service {

absl::StatusOr<std::string> ReadFlagFile(const std::string& path, const std::string& flag) {
  // Tokens, certificates and keys: small regular files (not a FIFO or /dev/zero).
  auto text = ReadSmallFile(path, 16 << 20);
  if (!text.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--", flag, ": ", text.status().message()));
  }
  return text;
}

}  // namespace pqa::service
