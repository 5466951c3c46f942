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
  // Which channels were used, number and name ("voltages 1 VA, 2 VB, 3 VC;
  // currents 4 IA, 5 IB, 6 IC"), and when there was a choice, what else
  // there was: printed by `pqa replay`.
  std::string description;
};

// `requested` empty: the first complete three-phase voltage set, in channel
// order. A channel's quantity comes from its unit (V/kV/mV, A/kA), else from
// the first letter of its id (V/U, I); its phase from the phase field (A/B/C,
// R/S/T, 1/2/3, L1/L2/L3) or the id ("VA", "Ua1", "UL1", "F5-VA", "Va-g");
// line-to-line channels ("Vab", "UL12") are never phase voltages. Channels
// whose ids differ only in the phase ("Ua1", "Ub1", "Uc1") form a set; with
// several sets (two buses, two generators) the first complete one is taken.
// Currents are optional: an incomplete or ambiguous current set is left out,
// never an error. Otherwise 3 or 6 entries (VA,VB,VC[,IA,IB,IC] in that
// order), each a channel id (case-insensitive) or, when no id matches, the
// recording's channel number (COMTRADE An: `--channels 5,6,7`). Errors list
// the channels available.
absl::StatusOr<ChannelMap> SelectChannels(const StreamInfo& info,
                                          const std::vector<std::string>& requested);

// The indices a map uses, for SampleSource::SetRequiredChannels.
std::vector<std::size_t> UsedChannels(const ChannelMap& map);

}  // namespace pqa::io

#endif  // PQA_HOST_IO_CHANNEL_SELECTION_H_
