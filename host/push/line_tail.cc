#include "host/push/line_tail.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "host/common/input_file.h"

namespace pqa::push {
namespace {

absl::Status Errno(const std::string& what, const std::string& path) {
  return absl::NotFoundError(absl::StrCat(path, ": cannot ", what, ": ", std::strerror(errno)));
}

}  // namespace

absl::StatusOr<std::unique_ptr<LineTail>> LineTail::Open(const std::string& path,
                                                         const FilePosition& from,
                                                         std::string* notice,
                                                         bool wait_if_missing) {
  notice->clear();
  // Before open(), which blocks on a FIFO; a directory or a device is no records file.
  if (absl::Status s = CheckRegularFile(path); !s.ok() && s.code() != absl::StatusCode::kNotFound) {
    return s;
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT && wait_if_missing) {
    *notice = absl::StrCat(path, " does not exist yet; waiting for it");
    return std::unique_ptr<LineTail>(new LineTail(path, -1, FilePosition{}));
  }
  if (fd < 0) return Errno("open", path);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return Errno("stat", path);
  }
  const std::uint64_t inode = st.st_ino;
  std::unique_ptr<LineTail> tail(new LineTail(path, fd, FilePosition{0, 0, inode}));
  if (from.bytes == 0) return tail;
  if (from.inode != 0 && from.inode != inode) {
    *notice = absl::StrCat(path, " is another file than the one pushed up to line ", from.lines,
                           " (inode ", from.inode, ", now ", inode,
                           "): it was rotated or replaced; pushing the new file from its start");
    return tail;
  }
  if (st.st_size < from.bytes) {
    *notice = absl::StrCat(path, " is shorter (", st.st_size,
                           " bytes) than the position pushed before (line ", from.lines, ", ",
                           from.bytes, " bytes): it was truncated; pushing it from its start");
    return tail;
  }
  if (::lseek(fd, from.bytes, SEEK_SET) != from.bytes) return Errno("seek", path);
  tail->position_ = from;
  tail->position_.inode = inode;
  return tail;
}

LineTail::~LineTail() {
  if (fd_ >= 0) ::close(fd_);
}

absl::StatusOr<std::optional<std::string>> LineTail::NextLine() {
  if (fd_ < 0) return std::nullopt;
  for (;;) {
    const std::size_t newline = buffer_.find('\n');
    if (newline != std::string::npos) {
      std::string line = buffer_.substr(0, newline);
      buffer_.erase(0, newline + 1);
      position_.bytes += static_cast<std::int64_t>(newline + 1);
      position_.lines += 1;
      return line;
    }
    char chunk[65536];
    const ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno("read", path_);
    }
    if (n == 0) return std::nullopt;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    if (buffer_.size() > kMaxInputLineBytes && buffer_.find('\n') == std::string::npos) {
      return LineTooLongError(path_, position_.lines + 1);
    }
  }
}

absl::Status LineTail::Rewind() {
  if (::lseek(fd_, 0, SEEK_SET) != 0) return Errno("seek", path_);
  buffer_.clear();
  position_.bytes = 0;
  position_.lines = 0;
  return absl::OkStatus();
}

absl::StatusOr<std::string> LineTail::Reopen() {
  if (fd_ < 0) {
    fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) return std::string();
    struct stat st;
    if (::fstat(fd_, &st) != 0) return Errno("stat", path_);
    position_ = FilePosition{0, 0, static_cast<std::uint64_t>(st.st_ino)};
    return absl::StrCat(path_, " appeared; pushing it from its start");
  }
  struct stat mine;
  if (::fstat(fd_, &mine) != 0) return Errno("stat", path_);
  const std::int64_t read_to = position_.bytes + static_cast<std::int64_t>(buffer_.size());
  if (mine.st_size < read_to) {
    const FilePosition was = position_;
    if (absl::Status s = Rewind(); !s.ok()) return s;
    return absl::StrCat(path_, " was truncated to ", mine.st_size,
                        " bytes below the position read (line ", was.lines, ", ", read_to,
                        " bytes); pushing it again from its start (the service drops copies it "
                        "already holds)");
  }
  struct stat named;
  if (::stat(path_.c_str(), &named) != 0 || named.st_ino == mine.st_ino) return std::string();
  // Rotated: the old file is exhausted (NextLine() returned nullopt), so
  // switch to the file that now has the name.
  const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::string();  // renamed again in between; try at the next poll
  struct stat opened;
  ::fstat(fd, &opened);
  std::string message =
      absl::StrCat(path_, " was rotated (inode ", mine.st_ino, " -> ", opened.st_ino,
                   ") after line ", position_.lines, "; pushing the new file from its start");
  if (!buffer_.empty()) {
    absl::StrAppend(&message, "; the old file ended with an incomplete line of ", buffer_.size(),
                    " bytes, not pushed");
  }
  ::close(fd_);
  fd_ = fd;
  buffer_.clear();
  position_ = FilePosition{0, 0, static_cast<std::uint64_t>(opened.st_ino)};
  return message;
}

}  // namespace pqa::push
