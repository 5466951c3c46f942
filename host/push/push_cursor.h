// The analyzer side's durable progress: how many items of the input the
// service has acknowledged. Kept in a small file next to the spool so that a
// restarted `pqa push` resumes where the service's last ack left off; items
// after it are resent, and the service's idempotent ingest drops any copy it
// already committed, so nothing is lost or duplicated.
#ifndef PQA_HOST_PUSH_PUSH_CURSOR_H_
#define PQA_HOST_PUSH_PUSH_CURSOR_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace pqa::push {

// Acknowledged item count, >= 0; 0 when the file does not exist yet.
absl::StatusOr<std::int64_t> ReadCursor(const std::string& path);
// Writes atomically (temp file, fsync, rename): a crash leaves the old or the new value.
absl::Status WriteCursor(const std::string& path, std::int64_t acknowledged);

}  // namespace pqa::push

#endif  // PQA_HOST_PUSH_PUSH_CURSOR_H_
