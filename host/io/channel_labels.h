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

// Phase implied by the end of a channel id ("VA", "Ib", "UL1", "V_R"), or "".
std::string PhaseFromName(std::string_view id);

// Removes leading and trailing blanks (spaces, tabs, CR).
std::string_view TrimBlanks(std::string_view s);

}  // namespace pqa::io

#endif  // PQA_HOST_IO_CHANNEL_LABELS_H_
