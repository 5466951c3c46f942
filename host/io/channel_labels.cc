#include "host/io/channel_labels.h"

#include <cctype>

namespace pqa::io {

std::string_view TrimBlanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

namespace {

// Splits "kV" into prefix factor and base letter; base is 0 when unknown.
char BaseUnit(std::string_view unit, double* factor) {
  unit = TrimBlanks(unit);
  *factor = 1;
  if (unit.size() == 2) {
    switch (unit[0]) {
      case 'k':
      case 'K':
        *factor = 1e3;
        break;
      case 'M':
        *factor = 1e6;
        break;
      case 'm':
        *factor = 1e-3;
        break;
      default:
        return 0;
    }
    unit.remove_prefix(1);
  }
  if (unit.size() != 1) return 0;
  const char c = static_cast<char>(std::toupper(static_cast<unsigned char>(unit[0])));
  return c == 'V' || c == 'A' ? c : 0;
}

}  // namespace

Quantity QuantityFromUnit(std::string_view unit) {
  double factor;
  switch (BaseUnit(unit, &factor)) {
    case 'V':
      return Quantity::kVoltage;
    case 'A':
      return Quantity::kCurrent;
    default:
      return Quantity::kOther;
  }
}

double FactorToBaseUnit(std::string_view unit) {
  double factor;
  return BaseUnit(unit, &factor) != 0 ? factor : 1.0;
}

std::string NormalizePhase(std::string_view field) {
  field = TrimBlanks(field);
  std::string up;
  for (char c : field) up += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (up == "A" || up == "R" || up == "1" || up == "L1") return "A";
  if (up == "B" || up == "S" || up == "2" || up == "L2") return "B";
  if (up == "C" || up == "T" || up == "3" || up == "L3") return "C";
  if (up == "N" || up == "0") return "N";
  return "";
}

std::string PhaseFromName(std::string_view id) {
  id = TrimBlanks(id);
  if (id.size() < 2) return "";
  // "UL1": the last two characters form the phase; "VA", "V_R": the last one.
  const std::string_view last_two = id.substr(id.size() - 2);
  if ((last_two[0] == 'L' || last_two[0] == 'l') && id.size() >= 3) {
    const std::string p = NormalizePhase(last_two);
    if (!p.empty()) return p;
  }
  return NormalizePhase(id.substr(id.size() - 1));
}

}  // namespace pqa::io
