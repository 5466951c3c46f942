// `pqa synth OUTPUT.cfg|OUTPUT.cff [options]`: writes a COMTRADE recording
// with chosen, analytically known content.
#ifndef PQA_HOST_SYNTH_SYNTH_COMMAND_H_
#define PQA_HOST_SYNTH_SYNTH_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "host/cli/args.h"
#include "host/synth/waveform.h"

namespace pqa::synth {

// The waveform options shared by `pqa synth` and `pqa demo`.
void AddWaveformOptions(cli::ArgParser& parser);
absl::StatusOr<WaveformSpec> WaveformFromOptions(const cli::ArgParser& parser);

// `args` excludes the program and subcommand names. Exit codes: pqa::cli::kExit*.
int RunSynthCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace pqa::synth

#endif  // PQA_HOST_SYNTH_SYNTH_COMMAND_H_
