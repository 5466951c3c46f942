// Reads a JSON-lines file line by line while another process may still be
// appending to it (a running analyzer, or the spool of `pqa push
// --recording`), like `tail -F`: an unterminated last line is held back until
// its newline arrives, a truncated file is read again from its start, and a
// file replaced under the same name (log rotation) is finished first and the
// new one then read from its start.
#ifndef PQA_HOST_PUSH_LINE_TAIL_H_
#define PQA_HOST_PUSH_LINE_TAIL_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "host/push/push_cursor.h"

namespace pqa::push {

class LineTail {
 public:
  // Opens `path` and goes to `from` when `from` is in the same file (inode)
  // and the file still reaches it; otherwise starts at the beginning and
  // explains why in `*notice` (empty when `from` was used as is). A missing
  // file is an error, unless `wait_if_missing` (follow mode): then the tail
  // has no lines until Reopen() finds the file.
  static absl::StatusOr<std::unique_ptr<LineTail>> Open(const std::string& path,
                                                        const FilePosition& from,
                                                        std::string* notice,
                                                        bool wait_if_missing = false);
  ~LineTail();
  LineTail(const LineTail&) = delete;
  LineTail& operator=(const LineTail&) = delete;

  // The next complete line (without its newline), or nullopt when the file
  // ends here for now (end of file, or a last line without newline yet).
  // position() then is just after the line.
  absl::StatusOr<std::optional<std::string>> NextLine();

  // Follow mode, once NextLine() returned nullopt and nothing read from this
  // file awaits acknowledgement: if the file shrank below position() it is
  // read again from its start; if `path` now names another file (or names
  // one at last, after Open() found none), that one is opened and read from
  // its start. Returns a message saying which (empty when neither happened).
  absl::StatusOr<std::string> Reopen();

  const std::string& path() const { return path_; }
  const FilePosition& position() const { return position_; }
  // Bytes after position() that do not end in a newline yet.
  std::size_t pending_bytes() const { return buffer_.size(); }

 private:
  LineTail(std::string path, int fd, FilePosition position)
      : path_(std::move(path)), fd_(fd), position_(position) {}
  absl::Status Rewind();

  std::string path_;
  int fd_;                 // -1 while the file does not exist (wait_if_missing)
  FilePosition position_;  // after the last line returned
  std::string buffer_;     // read from the file after position_, no newline in it
};

}  // namespace pqa::push

#endif  // PQA_HOST_PUSH_LINE_TAIL_H_
