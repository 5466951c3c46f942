// Reads a JSON Lines file of one proto message type, with errors that name
// the file and the line (records and VTCD events share this reader).
#ifndef PQA_HOST_PRODIST_JSON_LINES_H_
#define PQA_HOST_PRODIST_JSON_LINES_H_

#include <istream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "google/protobuf/util/json_util.h"

namespace pqa::prodist {

template <typename Message>
struct JsonLine {
  int line = 0;  // 1-based line number in the input
  Message message;
};

// Skips blank lines; unknown fields are ignored so newer writers stay readable.
template <typename Message>
absl::StatusOr<std::vector<JsonLine<Message>>> ParseJsonLines(std::istream& in,
                                                              absl::string_view source_name) {
  std::vector<JsonLine<Message>> out;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
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
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace pqa::prodist

#endif  // PQA_HOST_PRODIST_JSON_LINES_H_
