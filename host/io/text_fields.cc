#include "host/io/text_fields.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "absl/strings/str_format.h"
#include "host/common/status_macros.h"
#include "host/io/channel_labels.h"

namespace pqa::io {

absl::Status FieldError(const FieldPlace& place, std::string_view message) {
  return absl::InvalidArgumentError(absl::StrFormat("%s:%d: %s: %s", std::string(place.source),
                                                    place.line, std::string(place.what),
                                                    std::string(message)));
}

std::vector<std::string_view> SplitCommas(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::vector<std::string_view> fields;
  std::size_t begin = 0;
  while (true) {
    const std::size_t comma = line.find(',', begin);
    if (comma == std::string_view::npos) {
      fields.push_back(line.substr(begin));
      return fields;
    }
    fields.push_back(line.substr(begin, comma - begin));
    begin = comma + 1;
  }
}

absl::StatusOr<double> ParseReal(std::string_view text, const FieldPlace& place) {
  const std::string_view t = TrimBlanks(text);
  if (t.empty()) return FieldError(place, "expected a number, found an empty field");
  std::string_view body = t;
  if (body.front() == '+') body.remove_prefix(1);
  double value = 0;
  const auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), value);
  if (ec != std::errc() || end != body.data() + body.size()) {
    return FieldError(place, absl::StrFormat("expected a number, found '%s'", std::string(t)));
  }
  if (!std::isfinite(value)) {
    return FieldError(place,
                      absl::StrFormat("expected a finite number, found '%s'", std::string(t)));
  }
  return value;
}

absl::StatusOr<std::int64_t> ParseInteger(std::string_view text, const FieldPlace& place) {
  std::string_view t = TrimBlanks(text);
  if (!t.empty() && t.front() == '+') t.remove_prefix(1);
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  if (t.empty() || ec != std::errc() || end != t.data() + t.size()) {
    return FieldError(
        place, absl::StrFormat("expected an integer, found '%s'", std::string(TrimBlanks(text))));
  }
  return value;
}

bool IsPaddingByte(char c) {
  return c == '\x1a' || c == '\0' || c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool IsPadding(std::string_view text) {
  for (char c : text) {
    if (!IsPaddingByte(c)) return false;
  }
  return true;
}

void StripTrailingPadding(std::vector<std::string>& lines) {
  while (!lines.empty() && IsPadding(lines.back())) lines.pop_back();
  if (lines.empty()) return;
  std::string& last = lines.back();
  std::size_t n = last.size();
  while (n > 0 && IsPaddingByte(last[n - 1])) --n;
  last.resize(n);
}

LineReader::~LineReader() {
  if (file_ != nullptr) std::fclose(file_);
}

absl::Status LineReader::Open(const std::string& path, std::int64_t offset) {
  path_ = path;
  // Before fopen(), which would block on a FIFO until a writer comes.
  PQA_RETURN_IF_ERROR(CheckRegularFile(path));
  file_ = std::fopen(path.c_str(), "rb");
  if (file_ == nullptr) {
    return absl::NotFoundError(absl::StrFormat("%s: cannot open (%s)", path, std::strerror(errno)));
  }
  // A directory opens, and /dev/zero or a FIFO never ends: refused by kind.
  PQA_RETURN_IF_ERROR(CheckRegularFile(file_, path));
  std::setvbuf(file_, nullptr, _IOFBF, 1 << 20);
  if (offset > 0 && std::fseek(file_, offset, SEEK_SET) != 0) {
    return absl::DataLossError(absl::StrFormat("%s: cannot seek to byte %d", path, offset));
  }
  offset_ = offset;
  return absl::OkStatus();
}

bool LineReader::ReadLine(std::string& line) {
  if (!status_.ok() || file_ == nullptr) return false;
  // Bounded by hand: getline() would grow its buffer to the size of a file
  // without line breaks (a 2 GB .dat took 4 GB to refuse).
  line.clear();
  std::int64_t consumed = 0;
  int c = 0;
  while ((c = getc_unlocked(file_)) != EOF) {
    ++consumed;
    if (c == '\n') break;
    if (line.size() >= kMaxInputLineBytes) {
      status_ = LineTooLongError(path_, line_number_ + 1);
      return false;
    }
    line.push_back(static_cast<char>(c));
  }
  if (consumed == 0) return false;
  offset_ += consumed;
  ++line_number_;
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  return true;
}

}  // namespace pqa::io
