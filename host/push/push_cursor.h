// The analyzer side's durable progress: where the acknowledged prefix of an
// input file ends. Kept in a small file next to the input (or the spool) so
// that a restarted `pqa push` resumes after the service's last ack; lines
// after it are resent, and the service's idempotent ingest drops any copy it
// already committed, so nothing is lost or duplicated.
#ifndef PQA_HOST_PUSH_PUSH_CURSOR_H_
#define PQA_HOST_PUSH_PUSH_CURSOR_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace pqa::push {

// A position in a JSON-lines input, just after a complete line.
struct FilePosition {
  std::int64_t bytes = 0;   // offset after the last acknowledged line, bytes (>= 0)
  std::int64_t lines = 0;   // lines up to there, blank ones included (>= 0)
  std::uint64_t inode = 0;  // the file read (its inode), so a replaced file is noticed; 0 unknown

  bool operator==(const FilePosition&) const = default;
};

// The file holds one line "bytes=N lines=N inode=N". A missing file means
// nothing acknowledged yet (all zero). Errors name the file, line 1 and the
// expected form.
absl::StatusOr<FilePosition> ReadCursor(const std::string& path);
// Writes atomically (temp file, fsync, rename): a crash leaves the old or the new value.
absl::Status WriteCursor(const std::string& path, const FilePosition& position);

}  // namespace pqa::push

#endif  // PQA_HOST_PUSH_PUSH_CURSOR_H_
