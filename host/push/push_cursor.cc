#include "host/push/push_cursor.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace pqa::push {

absl::StatusOr<std::int64_t> ReadCursor(const std::string& path) {
  std::ifstream in(path);
  if (!in) return 0;
  std::string text;
  std::getline(in, text);
  std::int64_t value = 0;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(text), &value) || value < 0) {
    return absl::DataLossError(
        absl::StrCat(path, ":1: expected the acknowledged item count (>= 0), got '", text, "'"));
  }
  return value;
}

absl::Status WriteCursor(const std::string& path, std::int64_t acknowledged) {
  const std::string temp = path + ".tmp";
  const std::string text = absl::StrCat(acknowledged, "\n");
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return absl::UnavailableError(absl::StrCat("cannot write ", temp));
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                  ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || std::rename(temp.c_str(), path.c_str()) != 0) {
    return absl::UnavailableError(absl::StrCat("cannot update ", path));
  }
  return absl::OkStatus();
}

}  // namespace pqa::push
