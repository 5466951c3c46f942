// Splitting and number parsing for the text formats (COMTRADE .cfg and ASCII
// .dat, CSV), with errors that name the place: "file:line: field: expected".
#ifndef PQA_HOST_IO_TEXT_FIELDS_H_
#define PQA_HOST_IO_TEXT_FIELDS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "host/common/input_file.h"

namespace pqa::io {

// Where a field sits, for error messages ("rec.cfg:7: field 'a' of channel 3").
struct FieldPlace {
  std::string_view source;  // file name
  std::int64_t line = 0;    // 1-based line number
  std::string_view what;    // field description
};

absl::Status FieldError(const FieldPlace& place, std::string_view message);

// Splits on commas, keeping empty fields; a trailing CR is dropped.
std::vector<std::string_view> SplitCommas(std::string_view line);

// Finite decimal number (blanks around it allowed); NaN, inf, empty text or
// trailing garbage are errors.
absl::StatusOr<double> ParseReal(std::string_view text, const FieldPlace& place);
absl::StatusOr<std::int64_t> ParseInteger(std::string_view text, const FieldPlace& place);

// Padding that DOS-era and relay tools leave after the last record or line:
// Ctrl-Z (0x1A), NUL and blanks (space, tab, CR, LF).
bool IsPaddingByte(char c);
// True when `text` holds nothing but padding (or nothing).
bool IsPadding(std::string_view text);
// Removes trailing padding lines, and padding at the end of the last line.
void StripTrailingPadding(std::vector<std::string>& lines);

// Reads lines from a FILE* with a large buffer; counts lines for messages.
// Only a regular file opens ("not a regular file" otherwise), and a line
// longer than kMaxInputLineBytes stops the reader: ReadLine returns false
// and status() says why, so callers check status() at the end of input.
class LineReader {
 public:
  LineReader() = default;
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  absl::Status Open(const std::string& path, std::int64_t offset = 0);
  // Next line without its terminator; false at end of file or on error.
  bool ReadLine(std::string& line);
  // OK, or the error that stopped ReadLine (a line too long).
  const absl::Status& status() const { return status_; }
  std::int64_t line_number() const { return line_number_; }
  // Byte offset just after the last line read.
  std::int64_t offset() const { return offset_; }
  void set_line_number(std::int64_t n) { line_number_ = n; }

 private:
  std::FILE* file_ = nullptr;
  std::string path_;
  absl::Status status_;
  std::int64_t line_number_ = 0;
  std::int64_t offset_ = 0;
};

}  // namespace pqa::io

#endif  // PQA_HOST_IO_TEXT_FIELDS_H_
