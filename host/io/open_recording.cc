#include "host/io/open_recording.h"

#include <cctype>

#include "absl/strings/str_format.h"
#include "host/io/comtrade_reader.h"
#include "host/io/csv_reader.h"

namespace pqa::io {

absl::StatusOr<RecordingFormat> ParseRecordingFormat(std::string_view text) {
  if (text == "auto") return RecordingFormat::kAuto;
  if (text == "comtrade") return RecordingFormat::kComtrade;
  if (text == "csv") return RecordingFormat::kCsv;
  return absl::InvalidArgumentError(absl::StrFormat(
      "unknown recording format '%s' (expected auto, comtrade or csv)", std::string(text)));
}

absl::StatusOr<std::unique_ptr<SampleSource>> OpenRecording(const std::string& path,
                                                            RecordingFormat format,
                                                            const RecordingOptions& options) {
  if (format == RecordingFormat::kAuto) {
    const std::size_t dot = path.find_last_of('.');
    std::string ext = dot == std::string::npos ? "" : path.substr(dot);
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext == ".cfg" || ext == ".cff" || ext == ".dat") {
      format = RecordingFormat::kComtrade;
    } else if (ext == ".csv") {
      format = RecordingFormat::kCsv;
    } else {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: cannot tell the format from the extension (expected .cfg, .cff, .dat or .csv; "
          "or give --format comtrade|csv)",
          path));
    }
  }
  if (format == RecordingFormat::kCsv) {
    auto r = CsvReader::Open(path);
    if (!r.ok()) return r.status();
    return std::unique_ptr<SampleSource>(std::move(*r));
  }
  auto r = ComtradeReader::Open(path, {.secondary_values = options.secondary_values});
  if (!r.ok()) return r.status();
  return std::unique_ptr<SampleSource>(std::move(*r));
}

}  // namespace pqa::io
