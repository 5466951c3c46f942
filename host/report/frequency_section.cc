#include "host/report/frequency_section.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "host/common/local_time.h"
#include "host/prodist/frequency_variation.h"
#include "host/report/svg_plot.h"

namespace pqa::report {
namespace {

struct FrequencyText {
  const char* heading;
  const char* heading_50;
  const char* not_measured;
  const char* measured;
  const char* hours;
  const char* lowest;
  const char* highest;
  const char* at;
  const char* normal_share;
  const char* en50160_share;  // 50 Hz: the +-1 % requirement
  const char* col_band;
  const char* col_rule;
  const char* col_time;
  const char* col_share;
  const char* breaches_h;
  const char* no_breach;
  const char* no_breach_50;
  const char* col_start;
  const char* col_duration;
  const char* col_allowed;
  const char* col_extreme;
  const char* never;
  const char* resolution;
  // Bands, in FrequencyBands order after measured_s.
  const char* normal_60;
  const char* recovery_60;
  const char* above_62;
  const char* above_63_5;
  const char* below_58_5;
  const char* below_57_5;
  const char* above_66;
  const char* below_56_5;
  const char* normal_50;
  const char* recovery_50;
  // What each rule forbids, in the order of prodist::kFrequencyRules.
  const char* rule_text[prodist::kFrequencyRuleCount];
};

// PRODIST Module 8 items 65-67 in its own words.
constexpr FrequencyText kPtBr = {
    .heading = "Variação de frequência (itens 65 a 67)",
    .heading_50 = "Variação de frequência (EN 50160, sistema de 50 Hz)",
    .not_measured =
        "Os registros não trazem valores de frequência de 10 s (freq_10s_hz): a variação de "
        "frequência não foi avaliada.",
    .measured = "Tempo medido",
    .hours = "h",
    .lowest = "Frequência mínima (valor de 10 s)",
    .highest = "Frequência máxima (valor de 10 s)",
    .at = "em",
    .normal_share = "Tempo na faixa de operação normal",
    .en50160_share = "a EN 50160 exige 50 Hz ± 1 % em 99,5 % de um ano",
    .col_band = "Faixa",
    .col_rule = "Regra",
    .col_time = "Tempo (s)",
    .col_share = "% do tempo medido",
    .breaches_h = "Transgressões",
    .no_breach = "Nenhuma transgressão dos itens 66 e 67.",
    .no_breach_50 = "Nenhum valor de 10 s fora de 47 a 52 Hz (EN 50160 +4/−6 %).",
    .col_start = "Início",
    .col_duration = "Duração (s)",
    .col_allowed = "Permitido (s)",
    .col_extreme = "Valor extremo (Hz)",
    .never = "nunca",
    .resolution =
        "Resolução de 10 s (IEC 61000-4-30 5.1): cada valor de 10 s conta 10 s em cada faixa que "
        "o contém; uma transgressão dura o número de valores consecutivos além do limite vezes "
        "10 s e ocorre quando excede o tempo permitido.",
    .normal_60 = "59,9 a 60,1 Hz (item 65: operação normal)",
    .recovery_60 = "59,5 a 60,5 Hz (item 66: retorno em até 30 s)",
    .above_62 = "acima de 62 Hz (item 67 b: no máximo 30 s)",
    .above_63_5 = "acima de 63,5 Hz (item 67 b: no máximo 10 s)",
    .below_58_5 = "abaixo de 58,5 Hz (item 67 c: no máximo 10 s)",
    .below_57_5 = "abaixo de 57,5 Hz (item 67 c: no máximo 5 s)",
    .above_66 = "acima de 66 Hz (item 67 a: nunca)",
    .below_56_5 = "abaixo de 56,5 Hz (item 67 a: nunca)",
    .normal_50 = "49,5 a 50,5 Hz (EN 50160: 50 Hz ± 1 %, 99,5 % do ano)",
    .recovery_50 = "47 a 52 Hz (EN 50160: 50 Hz +4/−6 %, 100 % do tempo)",
    .rule_text = {"fora de 59,5 a 60,5 Hz por mais de 30 s", "acima de 62 Hz por mais de 30 s",
                  "acima de 63,5 Hz por mais de 10 s", "abaixo de 58,5 Hz por mais de 10 s",
                  "abaixo de 57,5 Hz por mais de 5 s", "acima de 66 Hz", "abaixo de 56,5 Hz",
                  "fora de 47 a 52 Hz (50 Hz +4/−6 %)"},
};

constexpr FrequencyText kEn = {
    .heading = "Frequency variation (items 65-67)",
    .heading_50 = "Frequency variation (EN 50160, 50 Hz system)",
    .not_measured =
        "The records carry no 10 s frequency values (freq_10s_hz): frequency variation was not "
        "evaluated.",
    .measured = "Time measured",
    .hours = "h",
    .lowest = "Lowest frequency (10 s value)",
    .highest = "Highest frequency (10 s value)",
    .at = "at",
    .normal_share = "Time in the normal operating band",
    .en50160_share = "EN 50160 requires 50 Hz ± 1 % during 99.5 % of a year",
    .col_band = "Band",
    .col_rule = "Rule",
    .col_time = "Time (s)",
    .col_share = "% of the time measured",
    .breaches_h = "Breaches",
    .no_breach = "No breach of items 66 and 67.",
    .no_breach_50 = "No 10 s value outside 47 to 52 Hz (EN 50160 +4/-6 %).",
    .col_start = "Start",
    .col_duration = "Duration (s)",
    .col_allowed = "Allowed (s)",
    .col_extreme = "Extreme value (Hz)",
    .never = "never",
    .resolution =
        "10 s resolution (IEC 61000-4-30 5.1): each 10 s value counts 10 s in every band that "
        "holds it; a breach lasts the number of consecutive values beyond the limit times 10 s "
        "and is one when that exceeds the time allowed.",
    .normal_60 = "59.9 to 60.1 Hz (item 65: normal operation)",
    .recovery_60 = "59.5 to 60.5 Hz (item 66: back within 30 s)",
    .above_62 = "above 62 Hz (item 67 b: at most 30 s)",
    .above_63_5 = "above 63.5 Hz (item 67 b: at most 10 s)",
    .below_58_5 = "below 58.5 Hz (item 67 c: at most 10 s)",
    .below_57_5 = "below 57.5 Hz (item 67 c: at most 5 s)",
    .above_66 = "above 66 Hz (item 67 a: never)",
    .below_56_5 = "below 56.5 Hz (item 67 a: never)",
    .normal_50 = "49.5 to 50.5 Hz (EN 50160: 50 Hz ± 1 %, 99.5 % of a year)",
    .recovery_50 = "47 to 52 Hz (EN 50160: 50 Hz +4/-6 %, 100 % of the time)",
    .rule_text = {"outside 59.5 to 60.5 Hz for more than 30 s", "above 62 Hz for more than 30 s",
                  "above 63.5 Hz for more than 10 s", "below 58.5 Hz for more than 10 s",
                  "below 57.5 Hz for more than 5 s", "above 66 Hz", "below 56.5 Hz",
                  "outside 47 to 52 Hz (50 Hz +4/-6 %)"},
};

// EN 50160 4.2.1: the +-1 % band during 99.5 % of a year.
constexpr double kEn50160NormalSharePct = 99.5;

// For people: local time with seconds and the offset, day first in pt-BR.
std::string LocalTime(const std::string& rfc3339, Lang lang, const absl::TimeZone& zone) {
  auto at = ParseRfc3339(rfc3339);
  if (!at.ok()) return HtmlEscape(rfc3339);
  std::string s = FormatLocalMinute(*at, zone, /*seconds=*/true);  // "2025-03-31 22:00:05 -03:00"
  if (lang == Lang::kPtBr) {
    s = absl::StrCat(s.substr(8, 2), "/", s.substr(5, 2), "/", s.substr(0, 4), s.substr(10));
  }
  return s;
}

}  // namespace

std::string FrequencySectionHtml(const v1::FrequencySection& f, Lang lang,
                                 const absl::TimeZone& zone) {
  const FrequencyText& t = lang == Lang::kPtBr ? kPtBr : kEn;
  const bool fifty = f.nominal_hz() == 50;
  auto n = [&](double v, int digits) { return Num(lang, v, digits); };
  std::string s =
      absl::StrCat("<h2 class='page' id='frequency'>", fifty ? t.heading_50 : t.heading, "</h2>");
  const v1::FrequencyBands& b = f.bands();
  if (!(b.measured_s() > 0)) {
    return absl::StrCat(s, "<p class='muted'>", t.not_measured, "</p>");
  }
  const bool short_of_normal = fifty && f.normal_pct() < kEn50160NormalSharePct;
  absl::StrAppend(
      &s, "<table class='kv'><tr><th>", t.measured, "</th><td>", n(b.measured_s() / 3600, 2), " ",
      t.hours, " (", n(b.measured_s(), 0), " s)</td></tr><tr><th>", t.lowest, "</th><td>",
      n(f.min_hz(), 3), " Hz ", t.at, " ", LocalTime(f.min_at(), lang, zone), "</td></tr><tr><th>",
      t.highest, "</th><td>", n(f.max_hz(), 3), " Hz ", t.at, " ",
      LocalTime(f.max_at(), lang, zone), "</td></tr><tr><th>", t.normal_share, "</th><td",
      short_of_normal ? " class='bad'>&#9650; " : ">", n(f.normal_pct(), 3), " %",
      fifty ? absl::StrCat(" <small>(", t.en50160_share, ")</small>") : "", "</td></tr></table>");

  struct Row {
    const char* band;
    double seconds;
  };
  std::vector<Row> rows;
  if (fifty) {
    rows = {{t.normal_50, b.normal_s()}, {t.recovery_50, b.recovery_s()}};
  } else {
    rows = {{t.normal_60, b.normal_s()},      {t.recovery_60, b.recovery_s()},
            {t.above_62, b.above_62_s()},     {t.above_63_5, b.above_63_5_s()},
            {t.below_58_5, b.below_58_5_s()}, {t.below_57_5, b.below_57_5_s()},
            {t.above_66, b.above_66_s()},     {t.below_56_5, b.below_56_5_s()}};
  }
  absl::StrAppend(&s, "<table><thead><tr><th>", t.col_band, "</th><th>", t.col_time, "</th><th>",
                  t.col_share, "</th></tr></thead>");
  for (const Row& r : rows) {
    absl::StrAppend(&s, "<tr><td>", r.band, "</td><td>", n(r.seconds, 0), "</td><td>",
                    n(100 * r.seconds / b.measured_s(), 3), "</td></tr>");
  }
  absl::StrAppend(&s, "</table><h3>", t.breaches_h, ": ", f.violations_size(), "</h3>");
  if (f.violations().empty()) {
    absl::StrAppend(&s, "<p class='ok'>", fifty ? t.no_breach_50 : t.no_breach, "</p>");
  } else {
    absl::StrAppend(&s, "<table><thead><tr><th>#</th><th style='text-align:left'>", t.col_rule,
                    "</th><th>", t.col_start, "</th><th>", t.col_duration, "</th><th>",
                    t.col_allowed, "</th><th>", t.col_extreme, "</th></tr></thead>");
    int i = 0;
    for (const v1::FrequencyViolation& v : f.violations()) {
      std::string forbids;
      for (int k = 0; k < prodist::kFrequencyRuleCount; ++k) {
        if (v.rule() == prodist::kFrequencyRules[k]) forbids = absl::StrCat(": ", t.rule_text[k]);
      }
      absl::StrAppend(&s, "<tr><td>", ++i, "</td><td class='bad' style='text-align:left'>&#9650; ",
                      HtmlEscape(v.rule()), forbids, "</td><td>", LocalTime(v.start(), lang, zone),
                      "</td><td>", n(v.duration_s(), 0), "</td><td>",
                      v.allowed_s() > 0 ? n(v.allowed_s(), 0) : t.never, "</td><td>",
                      n(v.extreme_hz(), 3), "</td></tr>");
    }
    absl::StrAppend(&s, "</table>");
  }
  absl::StrAppend(&s, "<p class='muted'>", t.resolution, "</p>");
  return s;
}

}  // namespace pqa::report
