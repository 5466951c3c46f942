// How recordings spell units and phases, mapped to what the engine needs:
// the quantity (voltage or current), the factor to volts or amperes, and a
// phase letter A/B/C/N.
#ifndef PQA_HOST_IO_CHANNEL_LABELS_H_
#define PQA_HOST_IO_CHANNEL_LABELS_H_

#include <string>
#include <string_view>

#include "host/io/sample_source.h"

namespace pqa::io {

// Quantity measured by a channel in unit `unit` ("V", "kV", "mV", "MV", "A",
// "kA", "mA"; surrounding blanks ignored). Anything else is kOther.
Quantity QuantityFromUnit(std::string_view unit);

// Factor that turns a value in `unit` into volts or amperes (1e3 for "kV"),
// 1 for units it does not know.
double FactorToBaseUnit(std::string_view unit);

// "A"/"B"/"C"/"N" for the common spellings of a phase field: A/B/C, R/S/T,
// 1/2/3, L1/L2/L3 (any case), N/0 for neutral; "" otherwise.
std::string NormalizePhase(std::string_view field);

// The ordered phase pair of a line-to-line phase field (COMTRADE `ph`):
// "AB", "A-B", "ab", "RS", "12", "L1-L2", "L12" -> "AB"; "" otherwise.
std::string LineToLinePhases(std::string_view field);

// What a channel id says about itself, as relays, recorders and simulators
// spell it: "VA", "Va-g", "UA", "Ua1", "UL1", "L1", "V1", "F5-VA", "VA(kV)",
// "BUS2 VB"; line-to-line "Vab", "UL12", "VCA".
struct ChannelName {
  Quantity quantity = Quantity::kOther;  // from the letter V/U (voltage) or I (current)
  std::string phase;                     // "A", "B", "C", "N" or ""
  bool line_to_line = false;             // "Vab", "UL12": never a phase voltage
  // For a line-to-line id, its two phases in the order written: "AB" for
  // "Vab" and "UL12", "CB" for "VCB" (v_cb = v_c - v_b = -v_bc).
  std::string line_pair;
  std::string unit;  // from a "(kV)" or "[A]" suffix, else ""
  // The id with the phase taken out, lower case: channels of one
  // three-phase set share it ("ua1", "ub1", "uc1" -> "u*1").
  std::string set_key;
};
ChannelName ParseChannelName(std::string_view id);

// Phase implied by a channel id ("VA", "Ib", "UL1", "V_R", "Va-g"), or "".
std::string PhaseFromName(std::string_view id);

// `text` as printable UTF-8: valid UTF-8 passes, other bytes (ISO 8859-1,
// Windows-1251, GB2312 names) and control characters become \xNN.
std::string EscapedText(std::string_view text);

// Removes leading and trailing blanks (spaces, tabs, CR).
std::string_view TrimBlanks(std::string_view s);

}  // namespace pqa::io

#endif  // PQA_HOST_IO_CHANNEL_LABELS_H_
