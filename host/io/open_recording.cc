#include "host/io/open_recording.h"

#include <algorithm>
#include <cctype>

#include "absl/strings/str_format.h"
#include "host/io/comtrade_reader.h"
#include "host/io/csv_reader.h"
#include "host/io/uniform_rate_source.h"

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
  const ComtradeConfig& cfg = (*r)->config();
  double low = 0, high = 0;
  for (const ComtradeRate& rate : cfg.rates) {
    low = low == 0 ? rate.samp_hz : std::min(low, rate.samp_hz);
    high = std::max(high, rate.samp_hz);
  }
  if (cfg.timestamps_drive_time || low == high) return std::unique_ptr<SampleSource>(std::move(*r));
  // Several rates (frequency tracking, a relay's post-trigger rate): one
  // time base at the highest, so that nothing is dropped at a rate change.
  (*r)->AddWarning(absl::StrFormat(
      "%s: %d rate segments from %g to %g Hz, replayed on one time base at %g Hz (cubic "
      "interpolation)%s",
      path, cfg.rates.size(), low, high, high,
      low < 0.8 * high ? absl::StrFormat("; the %g Hz part holds nothing above %g Hz", low, low / 2)
                       : ""));
  return std::unique_ptr<SampleSource>(
      std::make_unique<UniformRateSource>(std::move(*r), high, low));
}

}  // namespace pqa::io
