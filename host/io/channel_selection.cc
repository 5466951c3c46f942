#include "host/io/channel_selection.h"

#include <cctype>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "host/io/channel_labels.h"

namespace pqa::io {
namespace {

std::string Label(const ChannelInfo& c) {
  return absl::StrFormat("%d %s", c.number, EscapedText(c.name));
}

std::string Available(const StreamInfo& info) {
  std::vector<std::string> names;
  for (const ChannelInfo& c : info.channels) {
    names.push_back(absl::StrFormat("%s (phase %s, unit %s)", Label(c),
                                    c.phase.empty() ? "?" : c.phase,
                                    c.unit.empty() ? "?" : EscapedText(c.unit)));
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

Quantity QuantityOf(const ChannelInfo& c) {
  return c.quantity != Quantity::kOther ? c.quantity : ParseChannelName(c.name).quantity;
}

// A three-phase set of one quantity: channel indices of phases A, B, C.
struct PhaseSet {
  std::string key;
  std::array<std::vector<std::size_t>, 3> phase;
  bool complete() const { return !phase[0].empty() && !phase[1].empty() && !phase[2].empty(); }
};

// The sets of `quantity`, in the order their first channel appears.
std::vector<PhaseSet> Sets(const StreamInfo& info, Quantity quantity) {
  std::vector<PhaseSet> sets;
  for (std::size_t i = 0; i < info.channels.size(); ++i) {
    const ChannelInfo& c = info.channels[i];
    if (QuantityOf(c) != quantity) continue;
    const ChannelName name = ParseChannelName(c.name);
    if (name.line_to_line) continue;
    const std::string phase = c.phase.empty() ? name.phase : c.phase;
    if (phase != "A" && phase != "B" && phase != "C") continue;
    const std::string& key = name.set_key;
    PhaseSet* set = nullptr;
    for (PhaseSet& s : sets) {
      if (s.key == key) set = &s;
    }
    if (set == nullptr) {
      sets.push_back(PhaseSet{key, {}});
      set = &sets.back();
    }
    set->phase[static_cast<std::size_t>(phase[0] - 'A')].push_back(i);
  }
  return sets;
}

// The first complete set with one channel per phase; failing that, one
// channel per phase across all sets when each phase has exactly one.
std::optional<std::array<std::size_t, 3>> FirstCompleteSet(const std::vector<PhaseSet>& sets,
                                                           int* complete_sets) {
  std::optional<std::array<std::size_t, 3>> chosen;
  *complete_sets = 0;
  for (const PhaseSet& s : sets) {
    if (!s.complete()) continue;
    ++*complete_sets;
    if (!chosen && s.phase[0].size() == 1 && s.phase[1].size() == 1 && s.phase[2].size() == 1) {
      chosen = std::array<std::size_t, 3>{s.phase[0][0], s.phase[1][0], s.phase[2][0]};
    }
  }
  if (chosen) return chosen;
  std::array<std::vector<std::size_t>, 3> all;
  for (const PhaseSet& s : sets) {
    for (int p = 0; p < 3; ++p) all[p].insert(all[p].end(), s.phase[p].begin(), s.phase[p].end());
  }
  if (all[0].size() == 1 && all[1].size() == 1 && all[2].size() == 1) {
    *complete_sets = std::max(*complete_sets, 1);
    return std::array<std::size_t, 3>{all[0][0], all[1][0], all[2][0]};
  }
  return std::nullopt;
}

std::string Describe(const StreamInfo& info, const std::array<std::size_t, 3>& idx) {
  return absl::StrFormat("%s, %s, %s", Label(info.channels[idx[0]]), Label(info.channels[idx[1]]),
                         Label(info.channels[idx[2]]));
}

bool IsNumber(const std::string& s) {
  if (s.empty() || s.size() > 9) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<ChannelMap> SelectChannels(const StreamInfo& info,
                                          const std::vector<std::string>& requested) {
  ChannelMap map;
  if (!requested.empty()) {
    if (requested.size() != 3 && requested.size() != 6) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: --channels needs 3 (VA,VB,VC) or 6 (VA,VB,VC,IA,IB,IC) channel ids or numbers, "
          "got %d; available: %s",
          info.source_name, requested.size(), Available(info)));
    }
    std::vector<std::size_t> idx;
    for (const std::string& name : requested) {
      std::vector<std::size_t> hits;
      for (std::size_t i = 0; i < info.channels.size(); ++i) {
        if (SameName(info.channels[i].name, name)) hits.push_back(i);
      }
      // No id matches a number: it is the recording's channel number.
      if (hits.empty() && IsNumber(std::string(TrimBlanks(name)))) {
        const int number = std::atoi(std::string(TrimBlanks(name)).c_str());
        for (std::size_t i = 0; i < info.channels.size(); ++i) {
          if (info.channels[i].number == number) hits.push_back(i);
        }
      }
      if (hits.size() != 1) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "%s: channel '%s' %s; available: %s", info.source_name, EscapedText(name),
            hits.empty() ? "not found (neither an id nor a channel number)"
                         : "is ambiguous (several channels have this id)",
            Available(info)));
      }
      const std::size_t k = idx.size();
      const Quantity want = k < 3 ? Quantity::kVoltage : Quantity::kCurrent;
      const Quantity other = k < 3 ? Quantity::kCurrent : Quantity::kVoltage;
      if (info.channels[hits[0]].quantity == other) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "%s: channel '%s' has unit %s, but position %d of --channels expects a %s",
            info.source_name, EscapedText(name), EscapedText(info.channels[hits[0]].unit), k + 1,
            want == Quantity::kVoltage ? "voltage" : "current"));
      }
      idx.push_back(hits[0]);
    }
    map.voltage = {idx[0], idx[1], idx[2]};
    map.description = absl::StrCat("voltages ", Describe(info, map.voltage));
    if (idx.size() == 6) {
      map.current = std::array<std::size_t, 3>{idx[3], idx[4], idx[5]};
      absl::StrAppend(&map.description, "; currents ", Describe(info, *map.current));
    }
    return map;
  }
  int voltage_sets = 0;
  const std::optional<std::array<std::size_t, 3>> voltage =
      FirstCompleteSet(Sets(info, Quantity::kVoltage), &voltage_sets);
  if (!voltage) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: no complete three-phase voltage set (a voltage channel for each phase A, B, C, "
        "one each); name them with --channels VA,VB,VC (ids or channel numbers); available: %s",
        info.source_name, Available(info)));
  }
  map.voltage = *voltage;
  map.description = absl::StrCat("voltages ", Describe(info, map.voltage));
  if (voltage_sets > 1) {
    absl::StrAppend(&map.description, " (first of ", voltage_sets,
                    " three-phase voltage sets; choose another with --channels)");
  }
  int current_sets = 0;
  map.current = FirstCompleteSet(Sets(info, Quantity::kCurrent), &current_sets);
  if (map.current) absl::StrAppend(&map.description, "; currents ", Describe(info, *map.current));
  return map;
}

std::vector<std::size_t> UsedChannels(const ChannelMap& map) {
  std::vector<std::size_t> used(map.voltage.begin(), map.voltage.end());
  if (map.current) used.insert(used.end(), map.current->begin(), map.current->end());
  return used;
}

}  // namespace pqa::io
