// Which channels of a recording are the phase voltages (and currents) the
// engine measures.
#ifndef PQA_HOST_IO_CHANNEL_SELECTION_H_
#define PQA_HOST_IO_CHANNEL_SELECTION_H_

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "host/io/sample_source.h"

namespace pqa::io {

struct ChannelMap {
  std::array<std::size_t, 3> voltage{};  // indices into StreamInfo::channels of phases A, B, C
  std::optional<std::array<std::size_t, 3>> current;  // IA, IB, IC when the recording has them
};

// `requested` empty: voltage channels (unit V/kV...) and current channels
// (A/kA...) by their phase (A/B/C, R/S/T, 1/2/3, L1/L2/L3; from the channel id
// when the phase field is empty); currents are optional. Otherwise 3 or 6
// channel ids (VA,VB,VC[,IA,IB,IC] in that order), matched case-insensitively.
// Errors list the channels available.
absl::StatusOr<ChannelMap> SelectChannels(const StreamInfo& info,
                                          const std::vector<std::string>& requested);

// The indices a map uses, for SampleSource::SetRequiredChannels.
std::vector<std::size_t> UsedChannels(const ChannelMap& map);

}  // namespace pqa::io

#endif  // PQA_HOST_IO_CHANNEL_SELECTION_H_
