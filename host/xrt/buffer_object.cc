#include "host/xrt/buffer_object.h"

#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "host/xrt/xrt_status.h"

namespace pqa::xrt {

absl::StatusOr<::xrt::bo> AllocateBuffer(XrtProgram& program, const ::xrt::kernel& kernel, int arg,
                                         std::size_t bytes) {
  ::xrt::bo bo;
  const absl::Status st =
      XrtCall(absl::StrFormat("allocating %d bytes for kernel argument %d on device %d", bytes, arg,
                              program.options().device),
              absl::StatusCode::kResourceExhausted, [&] {
                bo = ::xrt::bo(program.device(), bytes, kernel.group_id(arg));
                // Zeroed on both sides: a buffer the kernel has not written
                // yet reads back as zeros, never as another run's leftovers
                // (with the no-op shim, never as stale host memory either).
                std::memset(bo.map<char*>(), 0, bytes);
                bo.sync(XCL_BO_SYNC_BO_TO_DEVICE, bytes, 0);
              });
  if (!st.ok()) return st;
  return bo;
}

absl::Status Upload(::xrt::bo& bo, const void* src, std::size_t bytes) {
  if (bytes > bo.size()) {
    return absl::InternalError(
        absl::StrFormat("upload of %d bytes into a buffer of %d", bytes, bo.size()));
  }
  return XrtCall(absl::StrFormat("sending %d bytes to the device", bytes),
                 absl::StatusCode::kUnavailable, [&] {
                   bo.write(src, bytes, 0);
                   bo.sync(XCL_BO_SYNC_BO_TO_DEVICE, bytes, 0);
                 });
}

absl::Status Download(::xrt::bo& bo, void* dst, std::size_t bytes) {
  if (bytes > bo.size()) {
    return absl::InternalError(
        absl::StrFormat("download of %d bytes from a buffer of %d", bytes, bo.size()));
  }
  return XrtCall(absl::StrFormat("reading %d bytes from the device", bytes),
                 absl::StatusCode::kUnavailable, [&] {
                   bo.sync(XCL_BO_SYNC_BO_FROM_DEVICE, bytes, 0);
                   bo.read(dst, bytes, 0);
                 });
}

}  // namespace pqa::xrt
