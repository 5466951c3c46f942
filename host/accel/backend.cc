#include "host/accel/backend.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace pqa::accel {

absl::StatusOr<Backend> ParseBackend(std::string_view name) {
  if (name == "cpu") return Backend::kCpu;
  if (name == "hls") return Backend::kHls;
  return absl::InvalidArgumentError(
      absl::StrCat("backend '", std::string(name), "', expected 'cpu' or 'hls'"));
}

std::string_view BackendName(Backend backend) { return backend == Backend::kHls ? "hls" : "cpu"; }

}  // namespace pqa::accel
