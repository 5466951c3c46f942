// Records and events leave pqa as JSON Lines: Protobuf's JSON with the proto
// field names (snake_case) and every field printed, so a consumer never has
// to guess what a missing `false` or `0` meant. json_printer.h writes those
// bytes for the messages it can, protobuf's printer the rest.
#ifndef PQA_HOST_ANALYZER_JSON_LINES_H_
#define PQA_HOST_ANALYZER_JSON_LINES_H_

#include <fstream>
#include <memory>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/message.h"

namespace pqa::analyzer {

// One line of JSON, without the newline.
std::string ToJsonLine(const google::protobuf::Message& message);
// The same line from protobuf's own printer (ToJsonLine's fallback, and the
// reference json_printer_test holds it to).
std::string ProtobufJsonLine(const google::protobuf::Message& message);

// Parses one JSON line into `message`; the error names `where` ("file:line").
absl::Status FromJsonLine(const std::string& line, const std::string& where,
                          google::protobuf::Message& message);

// Writes one message a line to a file, or to a borrowed stream ("-" = stdout).
class JsonLinesWriter {
 public:
  static absl::StatusOr<std::unique_ptr<JsonLinesWriter>> Open(const std::string& path,
                                                               std::ostream& stdout_stream);
  absl::Status Write(const google::protobuf::Message& message);
  absl::Status Close();
  long long lines() const { return lines_; }

 private:
  JsonLinesWriter(std::string path, std::unique_ptr<std::ofstream> file, std::ostream* out)
      : path_(std::move(path)), file_(std::move(file)), out_(out) {}
  std::string path_;
  std::unique_ptr<std::ofstream> file_;
  std::ostream* out_;
  long long lines_ = 0;
};

}  // namespace pqa::analyzer

#endif  // PQA_HOST_ANALYZER_JSON_LINES_H_
