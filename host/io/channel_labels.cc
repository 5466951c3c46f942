#include "host/io/channel_labels.h"

#include <cctype>
#include <utility>
#include <vector>

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

namespace {

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// One token of an id ("va", "ul12", "ia1", "l2"), lower case.
struct NameToken {
  bool ok = false;
  char quantity = 0;  // 'v', 'i' or 0
  std::string phase;
  bool line_to_line = false;
  std::string pair;    // "AB" of "vab", "ul12"
  std::string suffix;  // set number after the phase ("1" of "ua1")
};

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::string LetterPhase(char c) {
  switch (c) {
    case 'a':
    case 'r':
      return "A";
    case 'b':
    case 's':
      return "B";
    case 'c':
    case 't':
      return "C";
    default:
      return "";
  }
}

std::string DigitPhase(char c) {
  return c >= '1' && c <= '3' ? std::string(1, 'A' + (c - '1')) : "";
}

NameToken ParseToken(std::string_view t) {
  NameToken out;
  if (t.empty()) return out;
  std::string_view r = t;
  if (r[0] == 'v' || r[0] == 'u') out.quantity = 'v';
  if (r[0] == 'i') out.quantity = 'i';
  if (out.quantity != 0) r.remove_prefix(1);
  auto phases = [&](const std::string& p1, const std::string& p2, std::string_view rest) {
    if (p2.empty() && (rest == "n" || rest == "g")) rest = "";  // "Van": phase to neutral
    if (p1.empty() || !AllDigits(rest)) return;
    out.ok = true;
    out.phase = p2.empty() ? p1 : "";
    out.line_to_line = !p2.empty();
    out.pair = p2.empty() ? "" : p1 + p2;
    out.suffix = std::string(rest);
  };
  if (r.empty()) {
    out.ok = out.quantity != 0;  // "V": the quantity alone
    return out;
  }
  if (r[0] == 'l' && r.size() >= 2 && !DigitPhase(r[1]).empty()) {  // "l1", "ul1", "ul12"
    const bool two = r.size() >= 3 && !DigitPhase(r[2]).empty() && r[2] != r[1];
    phases(DigitPhase(r[1]), two ? DigitPhase(r[2]) : "", r.substr(two ? 3 : 2));
    return out;
  }
  if (out.quantity == 0) return out;  // "a", "1" alone are too ambiguous
  if (!LetterPhase(r[0]).empty()) {   // "va", "vab", "ua1"
    const bool two = r.size() >= 2 && !LetterPhase(r[1]).empty() && r[1] != r[0];
    phases(LetterPhase(r[0]), two ? LetterPhase(r[1]) : "", r.substr(two ? 2 : 1));
    return out;
  }
  if (!DigitPhase(r[0]).empty()) {  // "v1", "u12"
    const bool two = r.size() == 2 && !DigitPhase(r[1]).empty() && r[1] != r[0];
    if (r.size() == 1 || two) phases(DigitPhase(r[0]), two ? DigitPhase(r[1]) : "", "");
    return out;
  }
  if (r == "n" || r == "0" || r == "neutral") {  // "IN", "I0", "Ineutral"
    out.ok = true;
    out.phase = "N";
  }
  return out;
}

bool IsReference(std::string_view t) {
  return t == "g" || t == "n" || t == "e" || t == "gnd" || t == "ground" || t == "neutral" ||
         t == "0";
}

}  // namespace

ChannelName ParseChannelName(std::string_view id) {
  ChannelName name;
  std::string_view s = TrimBlanks(id);
  // A unit in the id: "VA(kV)", "IA [A]".
  if (!s.empty() && (s.back() == ')' || s.back() == ']')) {
    const std::size_t open = s.find_last_of(s.back() == ')' ? '(' : '[');
    if (open != std::string_view::npos) {
      name.unit = std::string(TrimBlanks(s.substr(open + 1, s.size() - open - 2)));
      s = TrimBlanks(s.substr(0, open));
    }
  }
  const std::string lower = LowerAscii(s);
  std::vector<std::pair<std::size_t, std::size_t>> tokens;  // begin, length
  std::size_t begin = 0;
  for (std::size_t i = 0; i <= lower.size(); ++i) {
    if (i == lower.size() || std::string_view("-_ :./").find(lower[i]) != std::string_view::npos) {
      if (i > begin) tokens.emplace_back(begin, i - begin);
      begin = i + 1;
    }
  }
  // The last token that names a phase or a quantity wins: "F5-VA", "Va-g".
  for (std::size_t k = tokens.size(); k-- > 0;) {
    const std::string_view t = std::string_view(lower).substr(tokens[k].first, tokens[k].second);
    if (tokens.size() > 1 && IsReference(t)) continue;
    const NameToken tok = ParseToken(t);
    if (!tok.ok) continue;
    name.quantity = tok.quantity == 'v'   ? Quantity::kVoltage
                    : tok.quantity == 'i' ? Quantity::kCurrent
                                          : Quantity::kOther;
    name.phase = tok.phase;
    name.line_to_line = tok.line_to_line;
    name.line_pair = tok.pair;
    name.set_key = lower.substr(0, tokens[k].first) +
                   std::string(1, tok.quantity ? tok.quantity : '?') + "*" + tok.suffix + "|" +
                   lower.substr(tokens[k].first + tokens[k].second);
    return name;
  }
  name.set_key = lower;
  return name;
}

std::string PhaseFromName(std::string_view id) { return ParseChannelName(id).phase; }

std::string LineToLinePhases(std::string_view field) {
  std::string compact = "v";  // read as the id "V<field>" without separators and L prefixes
  for (char c : TrimBlanks(field)) {
    if (c == '-' || c == '_' || c == ' ' || c == 'l' || c == 'L') continue;
    compact += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  const ChannelName name = ParseChannelName(compact);
  return name.line_to_line ? name.line_pair : "";
}

std::string EscapedText(std::string_view text) {
  std::string out;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned char c = p[i];
    std::size_t len = c < 0x80           ? 1
                      : (c >> 5) == 0x6  ? 2
                      : (c >> 4) == 0xE  ? 3
                      : (c >> 3) == 0x1E ? 4
                                         : 0;
    bool valid = len > 0 && i + len <= n && !(len == 2 && c < 0xC2);
    for (std::size_t k = 1; valid && k < len; ++k) valid = (p[i + k] & 0xC0) == 0x80;
    if (valid && len == 1 && (c < 0x20 || c == 0x7F)) valid = false;
    if (!valid) {
      static const char* hex = "0123456789ABCDEF";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 0xF];
      ++i;
      continue;
    }
    out.append(text.substr(i, len));
    i += len;
  }
  return out;
}

}  // namespace pqa::io
