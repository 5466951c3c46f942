#include "host/synth/spec_text.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace pqa::synth {
namespace {

absl::StatusOr<double> Number(const std::string& item, const std::string& field,
                              const std::string& form) {
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(field.c_str(), &end);
  if (field.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(v)) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", item, "': '", field, "' is not a number (expected ", form, ")"));
  }
  return v;
}

std::vector<std::string> Split(const std::string& text, char sep) {
  return absl::StrSplit(text, sep, absl::SkipWhitespace());
}

}  // namespace

absl::StatusOr<std::vector<Component>> ParseHarmonics(const std::string& text) {
  constexpr char kForm[] = "ORDER:PERCENT[@DEGREES], e.g. 5:4,7:3@30";
  std::vector<Component> out;
  for (const std::string& item : Split(text, ',')) {
    std::vector<std::string> at = absl::StrSplit(item, '@');
    std::vector<std::string> parts = absl::StrSplit(at[0], ':');
    if (parts.size() != 2 || at.size() > 2) {
      return absl::InvalidArgumentError(absl::StrCat("harmonic '", item, "': expected ", kForm));
    }
    Component c;
    auto order = Number(item, parts[0], kForm);
    if (!order.ok()) return order.status();
    auto pct = Number(item, parts[1], kForm);
    if (!pct.ok()) return pct.status();
    c.order = *order;
    c.magnitude_pu = *pct / 100;
    if (at.size() == 2) {
      auto deg = Number(item, at[1], kForm);
      if (!deg.ok()) return deg.status();
      c.phase_deg = *deg;
    }
    if (c.order <= 0 || c.magnitude_pu < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("harmonic '", item, "': order must be > 0 and percent >= 0"));
    }
    out.push_back(c);
  }
  return out;
}

absl::StatusOr<Modulation> ParseModulation(const std::string& text) {
  constexpr char kForm[] = "sine:HZ:DVV, rect:HZ:DVV or rect-cpm:CPM:DVV";
  std::vector<std::string> parts = absl::StrSplit(text, ':');
  if (parts.size() != 3) {
    return absl::InvalidArgumentError(absl::StrCat("modulation '", text, "': expected ", kForm));
  }
  Modulation m;
  auto rate = Number(text, parts[1], kForm);
  if (!rate.ok()) return rate.status();
  auto dvv = Number(text, parts[2], kForm);
  if (!dvv.ok()) return dvv.status();
  m.frequency_hz = *rate;
  m.dvv_pct = *dvv;
  if (parts[0] == "sine") {
    m.shape = ModulationShape::kSine;
  } else if (parts[0] == "rect") {
    m.shape = ModulationShape::kRectangular;
  } else if (parts[0] == "rect-cpm") {
    // IEC 61000-4-15: a rectangular change rate in changes per minute is two
    // changes per modulation period, f = CPM / 120.
    m.shape = ModulationShape::kRectangular;
    m.frequency_hz = *rate / 120;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("modulation '", text, "': unknown shape '", parts[0], "' (", kForm, ")"));
  }
  if (m.frequency_hz <= 0 || m.dvv_pct < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("modulation '", text, "': frequency must be > 0 and dV/V >= 0"));
  }
  return m;
}

absl::StatusOr<std::vector<Variation>> ParseVariations(const std::string& text) {
  constexpr char kForm[] = "START_S:DURATION_S:RESIDUAL_PU[:PHASES], e.g. 10:0.15:0.55:A";
  std::vector<Variation> out;
  for (const std::string& item : Split(text, ',')) {
    std::vector<std::string> parts = absl::StrSplit(item, ':');
    if (parts.size() < 3 || parts.size() > 4) {
      return absl::InvalidArgumentError(absl::StrCat("variation '", item, "': expected ", kForm));
    }
    Variation v;
    double* fields[] = {&v.start_s, &v.duration_s, &v.residual_pu};
    for (int i = 0; i < 3; ++i) {
      auto x = Number(item, parts[i], kForm);
      if (!x.ok()) return x.status();
      *fields[i] = *x;
    }
    if (parts.size() == 4) {
      v.phases = {false, false, false};
      for (char c : parts[3]) {
        const int p = (c == 'A' || c == 'a')   ? 0
                      : (c == 'B' || c == 'b') ? 1
                      : (c == 'C' || c == 'c') ? 2
                                               : -1;
        if (p < 0) {
          return absl::InvalidArgumentError(absl::StrCat(
              "variation '", item, "': phases are letters A, B, C (got '", parts[3], "')"));
        }
        v.phases[p] = true;
      }
    }
    out.push_back(v);
  }
  return out;
}

absl::StatusOr<std::array<double, 3>> ParseTriple(const std::string& what,
                                                  const std::string& text) {
  std::vector<std::string> parts = Split(text, ',');
  if (parts.size() != 3) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " '", text, "': expected three comma-separated numbers (A,B,C)"));
  }
  std::array<double, 3> out{};
  for (int i = 0; i < 3; ++i) {
    auto x = Number(text, parts[i], "A,B,C");
    if (!x.ok()) return x.status();
    out[i] = *x;
  }
  return out;
}

absl::StatusOr<std::vector<FrequencyStep>> ParseFrequencySteps(const std::string& text) {
  constexpr char kForm[] = "AT_S:HZ, e.g. 300:59.5,600:60";
  std::vector<FrequencyStep> out;
  for (const std::string& item : Split(text, ',')) {
    std::vector<std::string> parts = absl::StrSplit(item, ':');
    if (parts.size() != 2) {
      return absl::InvalidArgumentError(
          absl::StrCat("frequency step '", item, "': expected ", kForm));
    }
    auto at = Number(item, parts[0], kForm);
    if (!at.ok()) return at.status();
    auto hz = Number(item, parts[1], kForm);
    if (!hz.ok()) return hz.status();
    out.push_back(FrequencyStep{*at, *hz});
  }
  return out;
}

}  // namespace pqa::synth
