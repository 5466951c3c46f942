// XRT's native API reports failures by throwing (std::exception with XRT's
// message); pqa's errors cross module boundaries as absl::Status. XrtCall
// runs one piece of XRT work and turns what it throws into a status that
// says what pqa was doing, so no XRT exception leaves host/xrt.
#ifndef PQA_HOST_XRT_XRT_STATUS_H_
#define PQA_HOST_XRT_XRT_STATUS_H_

#include <exception>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace pqa::xrt {

// `what`: the action, e.g. "loading pqa.xclbin on device 0". `code`: the
// status code the failure maps to (the caller knows whether a failure means
// bad input or a broken device).
template <typename F>
absl::Status XrtCall(std::string_view what, absl::StatusCode code, F&& work) {
  try {
    std::forward<F>(work)();
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return absl::Status(
        code, absl::StrCat("XRT: ", absl::string_view(what.data(), what.size()), ": ", e.what()));
  } catch (...) {
    return absl::Status(code, absl::StrCat("XRT: ", absl::string_view(what.data(), what.size()),
                                           ": unknown failure"));
  }
}

}  // namespace pqa::xrt

#endif  // PQA_HOST_XRT_XRT_STATUS_H_
