#include "host/common/input_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "absl/strings/str_cat.h"

namespace pqa {
namespace {

absl::Status FromStat(int rc, const struct stat& st, const std::string& path) {
  if (rc != 0) {
    return absl::NotFoundError(absl::StrCat(path, ": cannot open (", std::strerror(errno), ")"));
  }
  if (S_ISREG(st.st_mode)) return absl::OkStatus();
  const char* kind = S_ISDIR(st.st_mode)    ? "a directory"
                     : S_ISCHR(st.st_mode)  ? "a character device"
                     : S_ISBLK(st.st_mode)  ? "a block device"
                     : S_ISFIFO(st.st_mode) ? "a FIFO"
                     : S_ISSOCK(st.st_mode) ? "a socket"
                                            : "not a file";
  return absl::InvalidArgumentError(
      absl::StrCat(path, ": not a regular file (", kind, "); give the path of a file"));
}

}  // namespace

absl::Status CheckRegularFile(const std::string& path) {
  struct stat st {};
  const int rc = ::stat(path.c_str(), &st);
  return FromStat(rc, st, path);
}

absl::Status CheckRegularFile(std::FILE* file, const std::string& path) {
  struct stat st {};
  const int rc = ::fstat(fileno(file), &st);
  return FromStat(rc, st, path);
}

absl::StatusOr<std::string> ReadSmallFile(const std::string& path, std::size_t max_bytes) {
  if (absl::Status s = CheckRegularFile(path); !s.ok()) return s;
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
  std::string text(max_bytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > max_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": larger than ", max_bytes, " bytes; not the file expected here"));
  }
  return text;
}

LineRead ReadBoundedLine(std::istream& in, std::string& line, std::size_t max_bytes) {
  line.clear();
  std::streambuf* buf = in.rdbuf();
  if (buf == nullptr || !in.good()) return LineRead::kEnd;
  for (;;) {
    const int c = buf->sbumpc();
    if (c == std::char_traits<char>::eof()) {
      in.setstate(std::ios::eofbit);
      if (line.empty()) {
        in.setstate(std::ios::failbit);
        return LineRead::kEnd;
      }
      return LineRead::kLine;
    }
    if (c == '\n') return LineRead::kLine;
    if (line.size() >= max_bytes) {
      in.setstate(std::ios::failbit);
      return LineRead::kTooLong;
    }
    line.push_back(static_cast<char>(c));
  }
}

absl::Status LineTooLongError(const std::string& path, long long line, std::size_t max_bytes) {
  return absl::InvalidArgumentError(
      absl::StrCat(path, ":", line, ": line longer than ", max_bytes,
                   " bytes; not a text file of this format (or a line break is missing)"));
}

}  // namespace pqa
