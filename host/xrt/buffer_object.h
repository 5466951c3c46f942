// Buffer objects (device memory a kernel argument points to) and the two
// transfers the host makes on them, with XRT's exceptions turned into
// statuses. A buffer is allocated in the memory bank the compute unit's
// argument is connected to (kernel.group_id), as v++ --connectivity.sp set.
#ifndef PQA_HOST_XRT_BUFFER_OBJECT_H_
#define PQA_HOST_XRT_BUFFER_OBJECT_H_

#include <cstddef>

#include "absl/status/statusor.h"
#include "host/xrt/xrt_program.h"
#include "xrt/xrt_bo.h"

namespace pqa::xrt {

// `bytes` > 0; `arg`: the argument index the buffer is bound to. The
// buffer starts zero-filled on the host and the device.
absl::StatusOr<::xrt::bo> AllocateBuffer(XrtProgram& program, const ::xrt::kernel& kernel, int arg,
                                         std::size_t bytes);
// Host -> device: the first `bytes` of `src` into the buffer's start.
absl::Status Upload(::xrt::bo& bo, const void* src, std::size_t bytes);
// Device -> host: the buffer's first `bytes` into `dst`.
absl::Status Download(::xrt::bo& bo, void* dst, std::size_t bytes);

}  // namespace pqa::xrt

#endif  // PQA_HOST_XRT_BUFFER_OBJECT_H_
