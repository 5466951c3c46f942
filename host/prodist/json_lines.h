// Reads a JSON Lines file of one proto message type, with errors that name
// the file and the line (records and VTCD events share this reader). Lines
// are parsed and handed over one at a time, so memory follows what the
// caller keeps, and no line may exceed kMaxInputLineBytes.
#ifndef PQA_HOST_PRODIST_JSON_LINES_H_
#define PQA_HOST_PRODIST_JSON_LINES_H_

#include <fstream>
#include <istream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "google/protobuf/util/json_util.h"
#include "host/common/input_file.h"

namespace pqa::prodist {

template <typename Message>
struct JsonLine {
  int line = 0;  // 1-based line number in the input
  Message message;
};

// Calls `on_line(JsonLine<Message>&&) -> absl::Status` for every non-blank
// line, stopping at the first error (its own or the callback's). Unknown
// fields are ignored so newer writers stay readable.
template <typename Message, typename OnLine>
absl::Status ForEachJsonLine(std::istream& in, absl::string_view source_name, OnLine&& on_line) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  std::string line;
  int line_no = 0;
  for (;;) {
    const LineRead read = ReadBoundedLine(in, line);
    if (read == LineRead::kEnd) break;
    ++line_no;
    if (read == LineRead::kTooLong) return LineTooLongError(std::string(source_name), line_no);
    absl::string_view trimmed = absl::StripAsciiWhitespace(line);
    if (trimmed.empty()) continue;
    JsonLine<Message> item;
    item.line = line_no;
    auto st =
        google::protobuf::util::JsonStringToMessage(std::string(trimmed), &item.message, options);
    if (!st.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(source_name, ":", line_no, ": not a ", Message::descriptor()->full_name(),
                       " JSON object (", st.message().ToString(), "); write one object per line"));
    }
    if (absl::Status s = on_line(std::move(item)); !s.ok()) return s;
  }
  return absl::OkStatus();
}

template <typename Message>
absl::StatusOr<std::vector<JsonLine<Message>>> ParseJsonLines(std::istream& in,
                                                              absl::string_view source_name) {
  std::vector<JsonLine<Message>> out;
  absl::Status s = ForEachJsonLine<Message>(in, source_name, [&](JsonLine<Message>&& item) {
    out.push_back(std::move(item));
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

// Opens `path` for one of the readers above: a regular file, or an error
// that names it and says what it is for ("the records file").
inline absl::StatusOr<std::unique_ptr<std::ifstream>> OpenJsonLinesFile(const std::string& path,
                                                                        absl::string_view what) {
  if (absl::Status s = CheckRegularFile(path); !s.ok()) {
    if (s.code() == absl::StatusCode::kNotFound) {
      return absl::NotFoundError(absl::StrCat(path, ": cannot open ", what));
    }
    return s;
  }
  auto in = std::make_unique<std::ifstream>(path);
  if (!*in) return absl::NotFoundError(absl::StrCat(path, ": cannot open ", what));
  return in;
}

}  // namespace pqa::prodist

#endif  // PQA_HOST_PRODIST_JSON_LINES_H_
