#include "host/io/channel_selection.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "absl/strings/ascii.h"
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

// What a channel's phase field and id say together.
struct Labels {
  std::string phase;  // "A", "B", "C", "N" or ""
  std::string pair;   // line-to-line: "AB", "CB"... as recorded, else ""
  std::string key;    // the set it belongs to (circuit and id without the phase)
};

Labels LabelsOf(const ChannelInfo& c) {
  const ChannelName name = ParseChannelName(c.name);
  Labels l;
  // An id that names no phase ("CT1" with ph A) says nothing about its set:
  // the circuit alone does.
  const bool id_has_phase = !name.phase.empty() || name.line_to_line;
  l.key = absl::StrCat(c.circuit, "|", id_has_phase ? name.set_key : "");
  if (c.phase.size() == 2) {
    l.pair = c.phase;
  } else if (!c.phase.empty()) {
    l.phase = c.phase;
  } else if (name.line_to_line) {
    l.pair = name.line_pair;
  } else {
    l.phase = name.phase;
  }
  return l;
}

// A three-phase set of one quantity: channel indices of phases A, B, C.
struct PhaseSet {
  std::string key;
  std::array<std::vector<int>, 3> phase;
  bool complete() const { return !phase[0].empty() && !phase[1].empty() && !phase[2].empty(); }
};

// Slot of a line-to-line pair in delta order: AB 0, BC 1, CA 2 (either
// orientation); -1 otherwise.
int LineSlot(const std::string& pair) {
  if (pair.size() != 2) return -1;
  std::string sorted = pair;
  std::sort(sorted.begin(), sorted.end());
  if (sorted == "AB") return 0;
  if (sorted == "BC") return 1;
  if (sorted == "AC") return 2;
  return -1;
}

// The sets of `quantity`, in the order their first channel appears:
// line-to-neutral channels by phase, or (`line_to_line`) line-to-line
// channels by LineSlot.
std::vector<PhaseSet> Sets(const StreamInfo& info, Quantity quantity, bool line_to_line = false) {
  std::vector<PhaseSet> sets;
  for (std::size_t i = 0; i < info.channels.size(); ++i) {
    const ChannelInfo& c = info.channels[i];
    if (QuantityOf(c) != quantity) continue;
    const Labels l = LabelsOf(c);
    int slot = -1;
    if (line_to_line) {
      slot = LineSlot(l.pair);
    } else if (l.pair.empty() && (l.phase == "A" || l.phase == "B" || l.phase == "C")) {
      slot = l.phase[0] - 'A';
    }
    if (slot < 0) continue;
    PhaseSet* set = nullptr;
    for (PhaseSet& s : sets) {
      if (s.key == l.key) set = &s;
    }
    if (set == nullptr) {
      sets.push_back(PhaseSet{l.key, {}});
      set = &sets.back();
    }
    set->phase[static_cast<std::size_t>(slot)].push_back(static_cast<int>(i));
  }
  return sets;
}

// The first complete set with one channel per phase; failing that, one
// channel per phase across all sets when each phase has exactly one.
std::optional<std::array<int, 3>> FirstCompleteSet(const std::vector<PhaseSet>& sets,
                                                   int* complete_sets) {
  std::optional<std::array<int, 3>> chosen;
  *complete_sets = 0;
  for (const PhaseSet& s : sets) {
    if (!s.complete()) continue;
    ++*complete_sets;
    if (!chosen && s.phase[0].size() == 1 && s.phase[1].size() == 1 && s.phase[2].size() == 1) {
      chosen = std::array<int, 3>{s.phase[0][0], s.phase[1][0], s.phase[2][0]};
    }
  }
  if (chosen) return chosen;
  std::array<std::vector<int>, 3> all;
  for (const PhaseSet& s : sets) {
    for (int p = 0; p < 3; ++p) all[p].insert(all[p].end(), s.phase[p].begin(), s.phase[p].end());
  }
  if (all[0].size() == 1 && all[1].size() == 1 && all[2].size() == 1) {
    *complete_sets = std::max(*complete_sets, 1);
    return std::array<int, 3>{all[0][0], all[1][0], all[2][0]};
  }
  return std::nullopt;
}

// The first line-to-line set with AB and BC (and, for delta, CA), one
// channel each, as delta slots (VAB, VBC, VCA; -1 for CA in a V selection).
std::optional<std::array<int, 3>> FirstLineSet(const std::vector<PhaseSet>& sets, bool delta) {
  for (const PhaseSet& s : sets) {
    if (s.phase[0].size() != 1 || s.phase[1].size() != 1) continue;
    if (delta && s.phase[2].size() != 1) continue;
    return std::array<int, 3>{s.phase[0][0], s.phase[1][0], delta ? s.phase[2][0] : -1};
  }
  return std::nullopt;
}

std::string Describe(const StreamInfo& info, const std::array<int, 3>& idx) {
  std::vector<std::string> parts;
  for (int i : idx) parts.push_back(i >= 0 ? Label(info.channels[i]) : "-");
  return absl::StrJoin(parts, ", ");
}

bool IsNumber(std::string_view s) {
  if (s.empty() || s.size() > 9) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// One --channels/--currents entry: the channel index, -1 for "-".
struct Picked {
  int index = -1;
  bool by_name = false;  // matched an id (not a channel number)
};

absl::StatusOr<Picked> Resolve(const StreamInfo& info, const std::string& entry,
                               std::string_view option) {
  const std::string_view name = TrimBlanks(entry);
  if (name == "-") return Picked{};
  std::vector<int> hits;
  for (std::size_t i = 0; i < info.channels.size(); ++i) {
    if (SameName(info.channels[i].name, name)) hits.push_back(static_cast<int>(i));
  }
  const bool by_name = !hits.empty();
  // No id matches a number: it is the recording's channel number.
  if (hits.empty() && IsNumber(name)) {
    const int number = std::atoi(std::string(name).c_str());
    for (std::size_t i = 0; i < info.channels.size(); ++i) {
      if (info.channels[i].number == number) hits.push_back(static_cast<int>(i));
    }
  }
  if (hits.size() != 1) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: %s channel '%s' %s; available: %s", info.source_name, option, EscapedText(name),
        hits.empty() ? "not found (neither an id nor a channel number)"
                     : "is ambiguous (several channels have this id; give its number)",
        Available(info)));
  }
  return Picked{hits[0], by_name};
}

std::string Reverse(std::string pair) {
  std::reverse(pair.begin(), pair.end());
  return pair;
}

// The pair each voltage slot takes: delta VAB, VBC, VCA; V VAB, -, VCB.
std::array<std::string, 3> ExpectedPairs(Connection c) {
  if (c == Connection::kV) return {"AB", "", "CB"};
  return {"AB", "BC", "CA"};
}

std::string SlotName(Connection c, int slot, bool current) {
  if (current) return slot == 3 ? "IN" : absl::StrCat("I", std::string(1, 'A' + slot));
  if (c == Connection::kWye) return absl::StrCat("V", std::string(1, 'A' + slot));
  return absl::StrCat("V", ExpectedPairs(c)[slot]);
}

// Inverts the line-to-line channels recorded the other way round; a pair in
// the wrong slot is an error when the user named the channel by its id.
absl::Status Orient(const StreamInfo& info, ChannelMap& map, const std::array<bool, 3>& by_name) {
  if (map.connection == Connection::kWye) return absl::OkStatus();
  const std::array<std::string, 3> want = ExpectedPairs(map.connection);
  for (int s = 0; s < 3; ++s) {
    const int i = map.voltage[s];
    if (i < 0) continue;
    const std::string pair = LabelsOf(info.channels[i]).pair;
    if (pair == Reverse(want[s])) {
      map.inverted.push_back(i);
    } else if (!pair.empty() && pair != want[s] && by_name[s]) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: channel '%s' is V%s, given where %s goes (--channels takes %s in that order)",
          info.source_name, EscapedText(info.channels[i].name), pair,
          SlotName(map.connection, s, false),
          map.connection == Connection::kV ? "VAB,VCB" : "VAB,VBC,VCA"));
    }
  }
  return absl::OkStatus();
}

std::string VoltageDescription(const StreamInfo& info, const ChannelMap& map) {
  std::string text;
  switch (map.connection) {
    case Connection::kWye:
      text = absl::StrCat("voltages ", Describe(info, map.voltage));
      break;
    case Connection::kDelta:
      text =
          absl::StrCat("delta voltages (line to line VAB, VBC, VCA) ", Describe(info, map.voltage));
      break;
    case Connection::kV:
      text = absl::StrCat(
          "V-connection voltages (line to line VAB, VCB; PRODIST Module 5 item 50.4.1) ",
          Label(info.channels[map.voltage[0]]), ", ", Label(info.channels[map.voltage[2]]));
      break;
  }
  for (int i : map.inverted) {
    absl::StrAppend(&text, " (", EscapedText(info.channels[i].name), " inverted)");
  }
  return text;
}

absl::Status ExplicitVoltages(const StreamInfo& info, const ChannelRequest& request,
                              const std::vector<std::string>& entries, ChannelMap& map) {
  std::vector<Picked> picked;
  for (const std::string& e : entries) {
    absl::StatusOr<Picked> p = Resolve(info, e, "--channels");
    if (!p.ok()) return p.status();
    picked.push_back(*p);
  }
  int present = 0, line = 0;
  for (const Picked& p : picked) {
    if (p.index < 0) continue;
    ++present;
    line += !LabelsOf(info.channels[p.index]).pair.empty();
  }
  if (present == 0) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: --channels names no channel ('none' measures currents only)", info.source_name));
  }
  // Unless told, the names decide: all line to line is delta (3) or V (2).
  map.connection =
      request.connection.value_or(line == present && present == 3   ? Connection::kDelta
                                  : line == present && present == 2 ? Connection::kV
                                                                    : Connection::kWye);
  const std::string given = absl::StrJoin(entries, ",");
  if (map.connection == Connection::kV) {
    if (picked.size() == 3 && picked[1].index >= 0) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: --channels %s: the V connection (PRODIST Module 5 item 50.4.1) takes two "
          "line-to-line voltages, VAB and VCB (phase B common), not three; give --channels "
          "VAB,VCB, or --connection delta for three",
          info.source_name, given));
    }
    if (picked.size() == 2) picked.insert(picked.begin() + 1, Picked{});
    if (picked.size() != 3 || picked[0].index < 0 || picked[2].index < 0) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: --channels %s: the V connection needs VAB and VCB", info.source_name, given));
    }
  } else if (picked.size() != 3) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: --channels %s: a %s input takes 3 voltages (%s), got %d; available: %s",
        info.source_name, given, ConnectionName(map.connection),
        map.connection == Connection::kWye ? "VA,VB,VC" : "VAB,VBC,VCA", picked.size(),
        Available(info)));
  } else if (map.connection == Connection::kDelta && present != 3) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: --channels %s: a delta input needs all three line-to-line voltages VAB,VBC,VCA "
        "(two are the V connection: --connection v)",
        info.source_name, given));
  }
  std::array<bool, 3> by_name{};
  for (int s = 0; s < 3; ++s) {
    const int i = picked[s].index;
    map.voltage[s] = i;
    by_name[s] = picked[s].by_name;
    if (i < 0) continue;
    const ChannelInfo& c = info.channels[i];
    const std::string name = EscapedText(c.name);
    if (c.quantity == Quantity::kCurrent) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: channel '%s' has unit %s, but --channels takes voltages (currents go to "
          "--currents)",
          info.source_name, name, EscapedText(c.unit)));
    }
    const Labels l = LabelsOf(c);
    if (!picked[s].by_name) continue;  // a channel number overrides what the id says
    if (map.connection == Connection::kWye && !l.pair.empty()) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: channel '%s' is line to line (V%s), but a wye input takes line-to-neutral "
          "voltages: give --connection delta (VAB,VBC,VCA) or v (VAB,VCB), or pick the channel "
          "by its number to measure it as %s anyway",
          info.source_name, name, l.pair, SlotName(map.connection, s, false)));
    }
    if (map.connection != Connection::kWye && l.pair.empty() &&
        (l.phase == "A" || l.phase == "B" || l.phase == "C")) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: channel '%s' is a line-to-neutral voltage (phase %s), but a %s input takes "
          "line-to-line voltages: give --connection wye, or pick the channel by its number to "
          "measure it as %s anyway",
          info.source_name, name, l.phase, ConnectionName(map.connection),
          SlotName(map.connection, s, false)));
    }
  }
  return Orient(info, map, by_name);
}

absl::Status AutomaticVoltages(const StreamInfo& info, const ChannelRequest& request,
                               ChannelMap& map) {
  const std::optional<Connection> want = request.connection;
  int wye_sets = 0;
  const std::optional<std::array<int, 3>> wye =
      FirstCompleteSet(Sets(info, Quantity::kVoltage), &wye_sets);
  const std::vector<PhaseSet> line_sets = Sets(info, Quantity::kVoltage, true);
  const std::optional<std::array<int, 3>> delta = FirstLineSet(line_sets, true);
  const std::optional<std::array<int, 3>> v = FirstLineSet(line_sets, false);
  if (wye && (!want || *want == Connection::kWye)) {
    map.connection = Connection::kWye;
    map.voltage = *wye;
    map.description = VoltageDescription(info, map);
    if (wye_sets > 1) {
      absl::StrAppend(&map.description, " (first of ", wye_sets,
                      " three-phase voltage sets; choose another with --channels)");
    }
    return absl::OkStatus();
  }
  if ((delta && !want) || (want == Connection::kDelta && delta)) {
    map.connection = Connection::kDelta;
    map.voltage = *delta;
  } else if ((v && !want) || (want == Connection::kV && v)) {
    map.connection = Connection::kV;
    // VAB, -, VCB: the BC slot's channel is VCB or VBC (inverted by Orient).
    map.voltage = {(*v)[0], -1, (*v)[1]};
  } else {
    bool any_voltage = false;
    for (const ChannelInfo& c : info.channels) any_voltage |= QuantityOf(c) == Quantity::kVoltage;
    if (!any_voltage && !want) return absl::OkStatus();  // currents only
    std::string what =
        !want || *want == Connection::kWye
            ? "no complete three-phase voltage set (a voltage channel for each phase A, B, C, "
              "one each, or line-to-line VAB, VBC, VCA for delta, VAB and VCB for the V "
              "connection)"
        : *want == Connection::kDelta
            ? "no three line-to-line voltages VAB, VBC, VCA (one each) for --connection delta"
            : "no two line-to-line voltages VAB and VCB (phase B common, one each) for "
              "--connection v";
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: %s; name them with --channels (ids or channel numbers; none for the currents "
        "alone); available: %s",
        info.source_name, what, Available(info)));
  }
  Orient(info, map, {false, false, false}).IgnoreError();  // never fails without names
  map.description = VoltageDescription(info, map);
  if (map.connection == Connection::kV && delta) {
    absl::StrAppend(&map.description, " (", Label(info.channels[(*delta)[2]]), " not used)");
  }
  return absl::OkStatus();
}

absl::Status ExplicitCurrents(const StreamInfo& info, const std::vector<std::string>& entries,
                              ChannelMap& map) {
  if (entries.size() != 3 && entries.size() != 4) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: --currents %s: expected IA,IB,IC or IA,IB,IC,IN (ids or channel numbers, - for a "
        "phase without a current), got %d entries; available: %s",
        info.source_name, absl::StrJoin(entries, ","), entries.size(), Available(info)));
  }
  std::array<int, 4> idx = {-1, -1, -1, -1};
  for (std::size_t k = 0; k < entries.size(); ++k) {
    absl::StatusOr<Picked> p = Resolve(info, entries[k], "--currents");
    if (!p.ok()) return p.status();
    idx[k] = p->index;
    if (idx[k] < 0) continue;
    const ChannelInfo& c = info.channels[idx[k]];
    if (c.quantity == Quantity::kVoltage) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: channel '%s' has unit %s, but --currents takes currents (voltages go to "
          "--channels)",
          info.source_name, EscapedText(c.name), EscapedText(c.unit)));
    }
  }
  // One current per phase: two channels that say they are the same phase
  // are a wiring or typing mistake, not something to average.
  for (int a = 0; a < 4; ++a) {
    for (int b = a + 1; b < 4; ++b) {
      if (idx[a] < 0 || idx[b] < 0) continue;
      const ChannelInfo& ca = info.channels[idx[a]];
      const ChannelInfo& cb = info.channels[idx[b]];
      const std::string pa = LabelsOf(ca).phase, pb = LabelsOf(cb).phase;
      if (idx[a] == idx[b] || (!pa.empty() && pa == pb)) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "%s: --currents: channel '%s' and channel '%s' are both %s (given as %s and %s); "
            "give one current per phase, in the order IA,IB,IC[,IN]",
            info.source_name, EscapedText(ca.name), EscapedText(cb.name),
            idx[a] == idx[b] ? "the same channel" : absl::StrCat("phase ", pa),
            SlotName(map.connection, a, true), SlotName(map.connection, b, true)));
      }
    }
  }
  map.current = {idx[0], idx[1], idx[2]};
  map.neutral_current = idx[3];
  return absl::OkStatus();
}

void AutomaticCurrents(const StreamInfo& info, ChannelMap& map, std::string* note) {
  const std::vector<PhaseSet> sets = Sets(info, Quantity::kCurrent);
  int complete = 0;
  if (std::optional<std::array<int, 3>> set = FirstCompleteSet(sets, &complete)) {
    map.current = *set;
    if (complete > 1) {
      *note = absl::StrCat("first of ", complete,
                           " three-phase current sets; choose another with --currents");
    }
  } else {
    // A V meter's IA and IC, a single-phase CT: the phases with exactly one
    // current channel, when no phase has several.
    std::array<std::vector<int>, 3> all;
    for (const PhaseSet& s : sets) {
      for (int p = 0; p < 3; ++p) all[p].insert(all[p].end(), s.phase[p].begin(), s.phase[p].end());
    }
    const bool any = !all[0].empty() || !all[1].empty() || !all[2].empty();
    if (!any) return;
    if (all[0].size() > 1 || all[1].size() > 1 || all[2].size() > 1) {
      *note =
          "currents left out: several current channels for one phase (name them with "
          "--currents IA,IB,IC)";
      return;
    }
    for (int p = 0; p < 3; ++p) map.current[p] = all[p].empty() ? -1 : all[p][0];
  }
  std::vector<int> neutral;
  for (std::size_t i = 0; i < info.channels.size(); ++i) {
    if (QuantityOf(info.channels[i]) == Quantity::kCurrent &&
        LabelsOf(info.channels[i]).phase == "N") {
      neutral.push_back(static_cast<int>(i));
    }
  }
  if (neutral.size() > 1) {  // the one of the phase currents' set
    const int first = *std::max_element(map.current.begin(), map.current.end());
    const std::string key = LabelsOf(info.channels[first]).key;
    std::erase_if(neutral, [&](int i) { return LabelsOf(info.channels[i]).key != key; });
  }
  if (neutral.size() == 1) map.neutral_current = neutral[0];
}

}  // namespace

std::string_view ConnectionName(Connection c) {
  switch (c) {
    case Connection::kWye:
      return "wye";
    case Connection::kDelta:
      return "delta";
    case Connection::kV:
      return "v";
  }
  return "?";
}

absl::StatusOr<Connection> ParseConnection(std::string_view text) {
  const std::string t = absl::AsciiStrToLower(std::string(TrimBlanks(text)));
  if (t == "wye" || t == "star" || t == "y") return Connection::kWye;
  if (t == "delta" || t == "d") return Connection::kDelta;
  if (t == "v") return Connection::kV;
  return absl::InvalidArgumentError(absl::StrCat(
      "--connection '", std::string(text),
      "': expected wye (line-to-neutral VA,VB,VC), delta (line-to-line VAB,VBC,VCA) or v (two "
      "line-to-line VAB,VCB)"));
}

int ChannelMap::current_channels() const {
  int n = neutral_current >= 0 ? 1 : 0;
  for (int i : current) n += i >= 0;
  return n;
}

absl::StatusOr<ChannelMap> SelectChannels(const StreamInfo& info, const ChannelRequest& request) {
  ChannelMap map;
  std::vector<std::string> voltages = request.voltages;
  std::vector<std::string> currents = request.currents;
  if (voltages.size() == 6 && currents.empty()) {  // VA,VB,VC,IA,IB,IC
    currents.assign(voltages.begin() + 3, voltages.end());
    voltages.resize(3);
  }
  const bool no_voltages = voltages.size() == 1 && SameName(voltages[0], "none");
  const bool no_currents = currents.size() == 1 && SameName(currents[0], "none");
  if (no_voltages) {
    if (request.connection) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: --connection %s goes with voltages, and --channels none has none",
                          info.source_name, ConnectionName(*request.connection)));
    }
  } else if (!voltages.empty()) {
    if (absl::Status st = ExplicitVoltages(info, request, voltages, map); !st.ok()) return st;
    map.description = VoltageDescription(info, map);
  } else {
    if (absl::Status st = AutomaticVoltages(info, request, map); !st.ok()) return st;
  }
  std::string note;
  if (!no_currents) {
    if (!currents.empty()) {
      if (absl::Status st = ExplicitCurrents(info, currents, map); !st.ok()) return st;
    } else {
      AutomaticCurrents(info, map, &note);
    }
  }
  if (map.connection == Connection::kWye && map.has_voltages()) {
    for (int p = 0; p < 3; ++p) {
      if (map.current[p] >= 0 && map.voltage[p] < 0) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "%s: channel '%s' is the current of phase %c, which has no voltage channel: a wye "
            "input takes each phase's power with its own voltage; name the voltage with "
            "--channels, or leave the current out with --currents (- for that phase)",
            info.source_name, EscapedText(info.channels[map.current[p]].name), 'A' + p));
      }
    }
  }
  const int phase_currents = map.current_channels() - (map.neutral_current >= 0 ? 1 : 0);
  if (map.connection != Connection::kWye && map.has_voltages() && phase_currents == 2 &&
      map.neutral_current < 0) {
    for (int p = 0; p < 3; ++p) {
      if (map.current[p] < 0) map.derived_current = p;
    }
  }
  // A channel measured twice (as a voltage and a current) is a typing mistake.
  std::vector<int> used;
  for (std::size_t i : UsedChannels(map)) used.push_back(static_cast<int>(i));
  std::sort(used.begin(), used.end());
  if (auto twice = std::adjacent_find(used.begin(), used.end()); twice != used.end()) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: channel '%s' is selected twice",
                                                      info.source_name,
                                                      EscapedText(info.channels[*twice].name)));
  }
  if (!map.has_voltages() && map.current_channels() == 0) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: nothing to measure: no voltages%s and no currents; name them with --channels and "
        "--currents (ids or channel numbers); available: %s",
        info.source_name, no_voltages ? " (--channels none)" : "", Available(info)));
  }
  if (!map.has_voltages()) map.description = "no voltages (current quantities only)";
  if (map.current_channels() > 0) {
    absl::StrAppend(&map.description, "; currents ", Describe(info, map.current));
    if (map.neutral_current >= 0) {
      absl::StrAppend(&map.description, ", neutral ", Label(info.channels[map.neutral_current]));
    }
  }
  if (map.derived_current >= 0) {
    std::vector<std::string> others;
    for (int p = 0; p < 3; ++p) {
      if (p != map.derived_current) others.push_back(std::string("I") + static_cast<char>('A' + p));
    }
    absl::StrAppendFormat(&map.description, "; I%c = -(%s) (three wires)",
                          'A' + map.derived_current, absl::StrJoin(others, " + "));
    map.current[map.derived_current] = static_cast<int>(info.channels.size());
  }
  if (!note.empty()) absl::StrAppend(&map.description, "; ", note);
  return map;
}

absl::StatusOr<ChannelMap> SelectChannels(const StreamInfo& info,
                                          const std::vector<std::string>& requested) {
  ChannelRequest request;
  request.voltages = requested;
  return SelectChannels(info, request);
}

std::vector<std::size_t> UsedChannels(const ChannelMap& map) {
  std::vector<std::size_t> used;
  for (int i : map.voltage) {
    if (i >= 0) used.push_back(static_cast<std::size_t>(i));
  }
  for (int p = 0; p < 3; ++p) {
    if (map.current[p] >= 0 && p != map.derived_current) {
      used.push_back(static_cast<std::size_t>(map.current[p]));
    }
  }
  if (map.neutral_current >= 0) used.push_back(static_cast<std::size_t>(map.neutral_current));
  return used;
}

void AdjustBlock(const ChannelMap& map, SampleBlock& block) {
  const std::size_t channels = block.channels;
  if (map.inverted.empty() && map.derived_current < 0) return;
  // The codes the reader kept would no longer give these samples.
  block.codes.Drop();
  for (int c : map.inverted) {
    const std::size_t channel = static_cast<std::size_t>(c);
    for (std::size_t f = 0; f < block.frames; ++f) {
      double& v = block.samples[f * channels + channel];
      v = -v;
    }
  }
  if (map.derived_current < 0) return;
  std::array<std::size_t, 2> from{};
  std::size_t k = 0;
  for (int p = 0; p < 3; ++p) {
    if (p != map.derived_current) from[k++] = static_cast<std::size_t>(map.current[p]);
  }
  std::vector<double> wider(block.frames * (channels + 1));
  for (std::size_t f = 0; f < block.frames; ++f) {
    const double* in = &block.samples[f * channels];
    double* out = &wider[f * (channels + 1)];
    std::copy(in, in + channels, out);
    out[channels] = -(in[from[0]] + in[from[1]]);
  }
  block.samples = std::move(wider);
  block.channels = channels + 1;
}

}  // namespace pqa::io
