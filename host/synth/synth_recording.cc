#include "host/synth/synth_recording.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "host/common/status_macros.h"
#include "host/io/comtrade_writer.h"

namespace pqa::synth {
namespace {

// Longest recording whose microsecond timestamps fit COMTRADE's unsigned
// 32-bit field (IEEE C37.111-2013 7.4.2: timestamps up to 4,294,967,294 us,
// 71.6 minutes). Longer ones raise timemult.
constexpr double kTimestampLimitS = 4294.967294;

constexpr std::size_t kFramesPerBlock = 8192;

}  // namespace

double VoltageFullScale(const WaveformSpec& spec) {
  double magnitude = *std::max_element(spec.magnitude_pu.begin(), spec.magnitude_pu.end());
  double residual = 1;
  for (const Variation& v : spec.variations) residual = std::max(residual, v.residual_pu);
  double harmonics = 1;
  for (const Component& c : spec.harmonics) harmonics += std::abs(c.magnitude_pu);
  const double modulation = 1 + std::abs(spec.modulation.dvv_pct) / 200;
  const double peak =
      std::sqrt(2.0) * spec.nominal_voltage_v * magnitude * residual * harmonics * modulation;
  // Six standard deviations of Gaussian noise are never reached in practice
  // (probability 2e-9 per sample); 5 % headroom covers rounding.
  const double noise = 6 * spec.noise_pct / 100 * spec.nominal_voltage_v;
  return 1.05 * (peak + noise);
}

double CurrentFullScale(const WaveformSpec& spec) {
  double current = 0;
  for (int p = 0; p < 3; ++p) current = std::max(current, spec.CurrentA(p));
  double harmonics = 1;
  for (const Component& c : spec.current_harmonics) harmonics += std::abs(c.magnitude_pu);
  // Never 0: a phase without current still needs a valid scale.
  return 1.05 * std::sqrt(2.0) * std::max(current, 1e-3) * harmonics;
}

absl::Status WriteComtrade(const WaveformSpec& spec, const RecordingFormatSpec& format,
                           const std::string& path, const std::function<void(double)>& progress) {
  PQA_RETURN_IF_ERROR(spec.Validate());
  io::ComtradeWriterOptions options;
  options.revision = format.revision;
  options.format = format.format;
  // A .cff path can only mean the 2013 single-file form.
  options.single_file = format.single_file || absl::EndsWithIgnoreCase(path, ".cff");
  options.station_name = "pqa synth";
  options.sample_rate_hz = spec.sample_rate_hz;
  options.start = spec.start;
  options.nominal_frequency_hz = spec.frequency_hz;
  switch (format.timestamps) {
    case RecordingFormatSpec::Timestamps::kOn:
    case RecordingFormatSpec::Timestamps::kAuto:
      // Timestamps in units of timemult microseconds, as coarse as needed to
      // fit the 32-bit field; the declared rate keeps time exact.
      options.write_timestamps = true;
      options.timemult = std::max(1.0, std::ceil(spec.duration_s * 1.001 / kTimestampLimitS));
      if (options.revision == 1991 && options.timemult > 1) {
        options.write_timestamps = false;  // the 1991 form has no timemult
        options.timemult = 1;
      }
      break;
    case RecordingFormatSpec::Timestamps::kOff:
      options.write_timestamps = false;
      break;
  }
  // Full scales that nothing reaches: a line-to-line voltage at most the sum
  // of two phase peaks, the neutral the sum of three currents.
  const double voltage_scale = VoltageFullScale(spec);
  const double line_scale = 2 * voltage_scale;
  const double current_scale = CurrentFullScale(spec);
  for (const ChannelLabel& label : spec.Labels()) {
    io::ComtradeChannelSpec c;
    c.id = label.id;
    c.phase = label.phase;
    c.unit = label.current ? "A" : "V";
    c.full_scale = label.current             ? (label.phase == "N" ? 3 : 1) * current_scale
                   : label.phase.size() == 2 ? line_scale
                                             : voltage_scale;
    options.channels.push_back(c);
  }
  PQA_ASSIGN_OR_RETURN(std::unique_ptr<io::ComtradeWriter> writer,
                       io::ComtradeWriter::Create(path, options));
  WaveformGenerator generator(spec);
  std::vector<double> block(kFramesPerBlock * spec.channels());
  const double total = static_cast<double>(spec.total_frames());
  std::size_t n;
  while ((n = generator.Generate(block.data(), kFramesPerBlock)) > 0) {
    PQA_RETURN_IF_ERROR(writer->Append(block.data(), n));
    if (progress) progress(static_cast<double>(generator.frames_done()) / total);
  }
  return writer->Close();
}

}  // namespace pqa::synth
