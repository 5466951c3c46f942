#include "host/io/channel_selection.h"

#include <cctype>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "host/io/channel_labels.h"

namespace pqa::io {
namespace {

std::string Available(const StreamInfo& info) {
  std::vector<std::string> names;
  for (const ChannelInfo& c : info.channels) {
    names.push_back(absl::StrFormat("%s (phase %s, unit %s)", c.name,
                                    c.phase.empty() ? "?" : c.phase,
                                    c.unit.empty() ? "?" : c.unit));
  }
  return absl::StrJoin(names, ", ");
}

bool SameName(std::string_view a, std::string_view b) {
  a = TrimBlanks(a);
  b = TrimBlanks(b);
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// Channels of `quantity` per phase A, B, C; error when a phase has several.
absl::StatusOr<std::array<std::vector<std::size_t>, 3>> ByPhase(const StreamInfo& info,
                                                                Quantity quantity) {
  std::array<std::vector<std::size_t>, 3> found;
  for (std::size_t i = 0; i < info.channels.size(); ++i) {
    const ChannelInfo& c = info.channels[i];
    if (c.quantity != quantity) continue;
    const std::string phase = c.phase.empty() ? PhaseFromName(c.name) : c.phase;
    if (phase == "A" || phase == "B" || phase == "C") found[phase[0] - 'A'].push_back(i);
  }
  return found;
}

}  // namespace

absl::StatusOr<ChannelMap> SelectChannels(const StreamInfo& info,
                                          const std::vector<std::string>& requested) {
  ChannelMap map;
  if (!requested.empty()) {
    if (requested.size() != 3 && requested.size() != 6) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: --channels needs 3 (VA,VB,VC) or 6 (VA,VB,VC,IA,IB,IC) channel ids, got %d; "
          "available: %s",
          info.source_name, requested.size(), Available(info)));
    }
    std::vector<std::size_t> idx;
    for (const std::string& name : requested) {
      std::vector<std::size_t> hits;
      for (std::size_t i = 0; i < info.channels.size(); ++i) {
        if (SameName(info.channels[i].name, name)) hits.push_back(i);
      }
      if (hits.size() != 1) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "%s: channel '%s' %s; available: %s", info.source_name, name,
            hits.empty() ? "not found" : "is ambiguous (several channels have this id)",
            Available(info)));
      }
      const std::size_t k = idx.size();
      const Quantity want = k < 3 ? Quantity::kVoltage : Quantity::kCurrent;
      const Quantity other = k < 3 ? Quantity::kCurrent : Quantity::kVoltage;
      if (info.channels[hits[0]].quantity == other) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "%s: channel '%s' has unit %s, but position %d of --channels expects a %s",
            info.source_name, name, info.channels[hits[0]].unit, k + 1,
            want == Quantity::kVoltage ? "voltage" : "current"));
      }
      idx.push_back(hits[0]);
    }
    map.voltage = {idx[0], idx[1], idx[2]};
    if (idx.size() == 6) map.current = std::array<std::size_t, 3>{idx[3], idx[4], idx[5]};
    return map;
  }
  for (Quantity q : {Quantity::kVoltage, Quantity::kCurrent}) {
    auto found = ByPhase(info, q);
    if (!found.ok()) return found.status();
    const char* what = q == Quantity::kVoltage ? "voltage" : "current";
    int complete = 0;
    for (int p = 0; p < 3; ++p) {
      if (found->at(p).size() > 1) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "%s: several %s channels for phase %c; choose with --channels VA,VB,VC[,IA,IB,IC]; "
            "available: %s",
            info.source_name, what, 'A' + p, Available(info)));
      }
      complete += found->at(p).size() == 1;
    }
    if (complete != 3) {
      if (q == Quantity::kCurrent) break;  // currents are optional
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: no voltage channel (unit V or kV) for every phase A, B, C; name them with "
          "--channels VA,VB,VC; available: %s",
          info.source_name, Available(info)));
    }
    const std::array<std::size_t, 3> sel = {found->at(0)[0], found->at(1)[0], found->at(2)[0]};
    if (q == Quantity::kVoltage) {
      map.voltage = sel;
    } else {
      map.current = sel;
    }
  }
  return map;
}

std::vector<std::size_t> UsedChannels(const ChannelMap& map) {
  std::vector<std::size_t> used(map.voltage.begin(), map.voltage.end());
  if (map.current) used.insert(used.end(), map.current->begin(), map.current->end());
  return used;
}

}  // namespace pqa::io
