// Which channels of a recording the engine measures: the voltages and how
// they are wired (wye, delta or the two-element V connection), the phase
// currents and the neutral current.
//
//   StreamInfo (ids, ph fields, units) + ChannelRequest (--connection,
//   --channels, --currents) -> SelectChannels -> ChannelMap -> EngineConfig
//
// Automatic choice, when nothing is named: a channel's quantity comes from
// its unit (V/kV/mV, A/kA/mA), else from the first letter of its id (V/U,
// I); its phase from the phase field (A/B/C, R/S/T, 1/2/3, L1/L2/L3, N; a
// pair AB, L1-L2 for a line-to-line channel) or the id ("VA", "Ua1", "UL1",
// "F5-VA", "Va-g", "Vab", "UL12", "IA-1", "IN", "I0"). Channels whose ids
// differ only in the phase ("Ua1", "Ub1", "Uc1") and that monitor the same
// circuit (COMTRADE ccbm) form a set; with several sets (two buses, two
// feeders) the first complete one is taken and the description says so.
// - Voltages: a complete line-to-neutral set is a wye input; failing that,
//   three line-to-line voltages (AB, BC, CA) a delta input; failing that, two
//   line-to-line voltages with phase B in common (AB and CB) the V
//   connection of PRODIST Module 5 item 50.4.1. A recording without any
//   voltage channel is a currents-only recording (current quantities only).
// - Currents: the first complete IA, IB, IC set; failing that, the phases
//   that have exactly one current channel (a V meter's IA and IC). An
//   ambiguous current set is left out and the description says so, never an
//   error. The neutral current (phase N: "IN", "I0", "Ineutral") goes with it.
//
// Three wires: a delta or V input with currents on two phases gets the third
// as -(sum of the two), since no neutral carries any (IEEE 1459 3.2: the
// Blondel two-element measurement needs no more); the description says so.
//
// Signs: the engine takes VAB, VBC, VCA (delta) and VAB, VCB (V). A channel
// recorded the other way round ("VBA", or "VBC" where the V connection wants
// VCB = -VBC) is taken with its sign inverted (AdjustBlock), and the
// description says "inverted".
#ifndef PQA_HOST_IO_CHANNEL_SELECTION_H_
#define PQA_HOST_IO_CHANNEL_SELECTION_H_

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "host/io/sample_source.h"

namespace pqa::io {

// How the voltage channels are wired (measure::VoltageConnection, which the
// replay maps this to).
enum class Connection { kWye, kDelta, kV };

// "wye", "delta", "v".
std::string_view ConnectionName(Connection c);
// "wye" (also "star", "y"), "delta" ("d"), "v"; errors name the text.
absl::StatusOr<Connection> ParseConnection(std::string_view text);

// What the user named. Entries are channel ids (case-insensitive) or, when
// no id matches, the recording's channel number (COMTRADE An: "5"); "-" is a
// phase without a channel.
struct ChannelRequest {
  std::optional<Connection> connection;  // unset: from the recording or the names
  // --channels: wye VA,VB,VC; delta VAB,VBC,VCA; V VAB,VCB (or VAB,-,VCB);
  // "none": no voltages (current quantities only); empty: automatic. Six
  // entries VA,VB,VC,IA,IB,IC are the voltages and the currents at once.
  std::vector<std::string> voltages;
  // --currents: IA,IB,IC or IA,IB,IC,IN ("-" for a phase without a CT);
  // "none": no currents; empty: automatic.
  std::vector<std::string> currents;
};

struct ChannelMap {
  Connection connection = Connection::kWye;
  // Indices into StreamInfo::channels, -1 for none: wye VA, VB, VC; delta
  // VAB, VBC, VCA; V VAB, -1, VCB; all -1 for a currents-only recording.
  std::array<int, 3> voltage = {-1, -1, -1};
  std::array<int, 3> current = {-1, -1, -1};  // IA, IB, IC
  int neutral_current = -1;                   // IN
  // Channels recorded with the opposite orientation ("VBC" for VCB): the
  // replay inverts their samples (AdjustBlock) before the engine.
  std::vector<int> inverted;
  // A three-wire input (delta or V) with two CTs (the two-element meter's IA
  // and IC): the phase (0..2) whose current is -(sum of the other two), by
  // Kirchhoff's current law; AdjustBlock appends it as the channel after the
  // recording's last (current[phase] is that index). -1: none.
  int derived_current = -1;
  // Which channels were used, number and name ("wye voltages 1 VA, 2 VB,
  // 3 VC; currents 4 IA, 5 IB, 6 IC, neutral 7 IN"), and when there was a
  // choice, what else there was: printed by `pqa replay`.
  std::string description;

  bool has_voltages() const { return voltage[0] >= 0 || voltage[1] >= 0 || voltage[2] >= 0; }
  // Current channels measured: phases with a current, plus one for the neutral.
  int current_channels() const;
};

// Errors name the recording, the channel and what is inconsistent (two
// currents for one phase, a V connection given three line-to-line voltages, a
// line-to-line channel for a wye input), and list the channels available.
absl::StatusOr<ChannelMap> SelectChannels(const StreamInfo& info, const ChannelRequest& request);

// The same with only --channels (3 or 6 entries, or empty).
absl::StatusOr<ChannelMap> SelectChannels(const StreamInfo& info,
                                          const std::vector<std::string>& requested);

// The indices a map uses, for SampleSource::SetRequiredChannels.
std::vector<std::size_t> UsedChannels(const ChannelMap& map);

// Turns the samples of map.inverted channels over and appends the derived
// current, if any, as channel block.channels (the recording's channel count).
void AdjustBlock(const ChannelMap& map, SampleBlock& block);

}  // namespace pqa::io

#endif  // PQA_HOST_IO_CHANNEL_SELECTION_H_
