// Writes an analytic waveform (waveform.h) as a COMTRADE recording: the
// input of `pqa synth`, the demo, the replay tests and the benchmarks.
#ifndef PQA_HOST_SYNTH_SYNTH_RECORDING_H_
#define PQA_HOST_SYNTH_SYNTH_RECORDING_H_

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "host/io/comtrade_config.h"
#include "host/synth/waveform.h"

namespace pqa::synth {

struct RecordingFormatSpec {
  int revision = 2013;  // 1991, 1999 or 2013
  io::ComtradeFormat format = io::ComtradeFormat::kBinary32;
  bool single_file = false;  // 2013 .cff
  // Per-sample timestamps overflow COMTRADE's 32-bit microsecond counter
  // after 71.6 minutes: longer recordings get timemult raised (timestamps in
  // units of several microseconds; 1991, which has no timemult, zero
  // timestamps). kOn and kAuto do that; kOff writes zero timestamps (time
  // from the declared rate, which the standard allows).
  enum class Timestamps { kAuto, kOn, kOff } timestamps = Timestamps::kAuto;
};

// The peak |value| the waveform can reach on a voltage channel, volts: the
// full scale of the integer formats, so that nothing clips.
double VoltageFullScale(const WaveformSpec& spec);
// The same for a phase current channel, amperes.
double CurrentFullScale(const WaveformSpec& spec);

// `path` ends in .cfg (the .dat goes beside it) or .cff (single file).
// `progress`, if set, is called with the fraction written (0..1). On an
// error nothing is left at `path` (the writer works under temporary names).
absl::Status WriteComtrade(const WaveformSpec& spec, const RecordingFormatSpec& format,
                           const std::string& path,
                           const std::function<void(double)>& progress = {});

}  // namespace pqa::synth

#endif  // PQA_HOST_SYNTH_SYNTH_RECORDING_H_
