#include "host/accel/backend.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace pqa::accel {

absl::StatusOr<Backend> ParseBackend(std::string_view name) {
  if (name == "cpu") return Backend::kCpu;
  if (name == "hls") return Backend::kHls;
  if (name == "sim") return Backend::kSim;
  if (name == "xrt") return Backend::kXrt;
  return absl::InvalidArgumentError(
      absl::StrCat("backend '", std::string(name), "', expected 'cpu', 'hls', 'sim' or 'xrt'"));
}

std::string_view BackendName(Backend backend) {
  switch (backend) {
    case Backend::kHls:
      return "hls";
    case Backend::kSim:
      return "sim";
    case Backend::kXrt:
      return "xrt";
    case Backend::kCpu:
      break;
  }
  return "cpu";
}

}  // namespace pqa::accel
