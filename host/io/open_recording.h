// One entry point for every recording format the CLI accepts.
#ifndef PQA_HOST_IO_OPEN_RECORDING_H_
#define PQA_HOST_IO_OPEN_RECORDING_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "host/io/sample_source.h"

namespace pqa::io {

enum class RecordingFormat { kAuto, kComtrade, kCsv };

struct RecordingOptions {
  bool secondary_values = false;  // COMTRADE: deliver secondary instead of primary values
};

// "auto", "comtrade" or "csv" (the --format option).
absl::StatusOr<RecordingFormat> ParseRecordingFormat(std::string_view text);

// kAuto picks by extension: .cfg/.cff/.dat -> COMTRADE, .csv -> CSV (any case).
absl::StatusOr<std::unique_ptr<SampleSource>> OpenRecording(
    const std::string& path, RecordingFormat format = RecordingFormat::kAuto,
    const RecordingOptions& options = {});

}  // namespace pqa::io

#endif  // PQA_HOST_IO_OPEN_RECORDING_H_
