// Checks shared by every reader of a user's file (COMTRADE, CSV, JSON Lines,
// the `pqa window` JSON, the tokens file): the path must name a regular file
// (a directory, a device such as /dev/zero or a FIFO gets "not a regular
// file" instead of a misleading size or a read that never ends), and no line
// may grow memory without bound.
#ifndef PQA_HOST_COMMON_INPUT_FILE_H_
#define PQA_HOST_COMMON_INPUT_FILE_H_

#include <cstddef>
#include <cstdio>
#include <istream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace pqa {

// The longest line any text input may have, bytes (terminator excluded). A
// 10-minute record with 49 harmonics per phase is about 4 KB; a COMTRADE .cfg
// line or CSV row with hundreds of channels stays well below.
inline constexpr std::size_t kMaxInputLineBytes = 1 << 20;

// OK for a regular file; NOT_FOUND when it cannot be stat'ed, and
// INVALID_ARGUMENT "PATH: not a regular file (a directory)" otherwise.
absl::Status CheckRegularFile(const std::string& path);

// The same, for an open stdio stream (the file opened may not be the one
// stat'ed by name).
absl::Status CheckRegularFile(std::FILE* file, const std::string& path);

// The whole of a small text file (a tokens file, a certificate, an Annex 8.A
// table, a `pqa window` output): a regular file of at most `max_bytes`.
absl::StatusOr<std::string> ReadSmallFile(const std::string& path, std::size_t max_bytes);

enum class LineRead { kLine, kEnd, kTooLong };

// Reads the next line without its '\n' (a trailing '\r' is kept for the
// caller) into `line`, never more than `max_bytes`: a longer line stops the
// read with kTooLong and the stream is left failed.
LineRead ReadBoundedLine(std::istream& in, std::string& line,
                         std::size_t max_bytes = kMaxInputLineBytes);

// The error for a kTooLong line: "PATH:LINE: line longer than 1048576 bytes".
absl::Status LineTooLongError(const std::string& path, long long line,
                              std::size_t max_bytes = kMaxInputLineBytes);

}  // namespace pqa

#endif  // PQA_HOST_COMMON_INPUT_FILE_H_
