#include "host/push/push_cursor.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace pqa::push {

absl::StatusOr<FilePosition> ReadCursor(const std::string& path) {
  std::ifstream in(path);
  if (!in) return FilePosition{};
  std::string text;
  std::getline(in, text);
  FilePosition p;
  int fields = 0;
  bool ok = true;
  for (absl::string_view field :
       absl::StrSplit(absl::StripAsciiWhitespace(text), ' ', absl::SkipEmpty())) {
    std::pair<std::string, std::string> kv = absl::StrSplit(field, absl::MaxSplits('=', 1));
    if (kv.first == "bytes") {
      ok = ok && absl::SimpleAtoi(kv.second, &p.bytes) && p.bytes >= 0;
    } else if (kv.first == "lines") {
      ok = ok && absl::SimpleAtoi(kv.second, &p.lines) && p.lines >= 0;
    } else if (kv.first == "inode") {
      ok = ok && absl::SimpleAtoi(kv.second, &p.inode);
    } else {
      ok = false;
    }
    ++fields;
  }
  if (!ok || fields != 3) {
    return absl::DataLossError(absl::StrCat(
        path, ":1: expected 'bytes=N lines=N inode=N' (the acknowledged position `pqa push` ",
        "keeps), got '", text, "'; delete the file to push the input again from its start ",
        "(the service drops the copies it already holds)"));
  }
  return p;
}

absl::Status WriteCursor(const std::string& path, const FilePosition& position) {
  const std::string temp = path + ".tmp";
  const std::string text = absl::StrCat("bytes=", position.bytes, " lines=", position.lines,
                                        " inode=", position.inode, "\n");
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
