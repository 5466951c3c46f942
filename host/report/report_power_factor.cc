#include "host/report/report_power_factor.h"

#include "absl/strings/str_cat.h"
#include "host/report/svg_plot.h"

namespace pqa::report {
namespace {

// The section's words; the regulation's terms in Portuguese.
struct PowerFactorText {
  const char* heading;
  const char* not_measured;
  const char* band;
  const char* not_applicable;
  const char* hours;
  const char* hours_outside;
  const char* within_pct;
  const char* incomplete_hours;
  const char* worst;
  const char* at;
  const char* outside_h;
  const char* outside_info_h;
  const char* none_outside;
  const char* col_hour;
  const char* col_ea;
  const char* col_er;
  const char* col_fp;
  const char* col_nature;
  const char* col_complete;
  const char* inductive;
  const char* capacitive;
  const char* unity;
  const char* yes;
  const char* no;
};

constexpr PowerFactorText kPtBr = {
    .heading = "Fator de potência (itens 38 a 42)",
    .not_measured =
        "Não medido: os registros não têm canais de corrente (current_channels 0), e o fator de "
        "potência do item 38 exige as energias ativa e reativa.",
    .band =
        "Faixa do item 41: de 0,92 indutivo a 1,00 e de 1,00 a 0,92 capacitivo, apurada hora a "
        "hora com as energias da hora (fp = EA / &radic;(EA&sup2; + ER&sup2;), item 38).",
    .not_applicable = "Limite não aplicável:",
    .hours = "Horas apuradas",
    .hours_outside = "Horas fora da faixa",
    .within_pct = "Horas dentro da faixa",
    .incomplete_hours = "Horas não cobertas por seis intervalos completos",
    .worst = "Pior hora",
    .at = "em",
    .outside_h = "Horas fora da faixa de 0,92",
    .outside_info_h = "Horas abaixo de 0,92 (informativo)",
    .none_outside = "Nenhuma hora fora da faixa.",
    .col_hour = "hora (início)",
    .col_ea = "EA (kWh)",
    .col_er = "ER (kvarh)",
    .col_fp = "fp",
    .col_nature = "natureza",
    .col_complete = "hora completa",
    .inductive = "indutivo",
    .capacitive = "capacitivo",
    .unity = "unitário",
    .yes = "sim",
    .no = "não",
};

constexpr PowerFactorText kEn = {
    .heading = "Power factor (items 38-42)",
    .not_measured =
        "Not measured: the records carry no current channels (current_channels 0), and the "
        "power factor of item 38 needs the active and reactive energies.",
    .band =
        "Item 41 band: 0.92 inductive to 1.00 and 1.00 to 0.92 capacitive, judged hour by hour "
        "from the hour's energies (fp = EA / &radic;(EA&sup2; + ER&sup2;), item 38).",
    .not_applicable = "Limit not applicable:",
    .hours = "Hours evaluated",
    .hours_outside = "Hours outside the band",
    .within_pct = "Hours within the band",
    .incomplete_hours = "Hours not covered by six complete intervals",
    .worst = "Worst hour",
    .at = "at",
    .outside_h = "Hours outside the 0.92 band",
    .outside_info_h = "Hours below 0.92 (for information)",
    .none_outside = "No hour outside the band.",
    .col_hour = "hour (start)",
    .col_ea = "EA (kWh)",
    .col_er = "ER (kvarh)",
    .col_fp = "fp",
    .col_nature = "nature",
    .col_complete = "complete hour",
    .inductive = "inductive",
    .capacitive = "capacitive",
    .unity = "unity",
    .yes = "yes",
    .no = "no",
};

const char* Nature(const PowerFactorText& t, const std::string& nature) {
  return nature == "inductive" ? t.inductive : nature == "capacitive" ? t.capacitive : t.unity;
}

std::string When(Lang lang, const std::string& rfc3339, const absl::TimeZone& zone) {
  auto at = ParseRfc3339(rfc3339);
  return at.ok() ? LocalTimeText(lang, *at, zone) : HtmlEscape(rfc3339);
}

}  // namespace

std::string RenderPowerFactorHtml(const v1::PowerFactorSection& pf, Lang lang,
                                  const absl::TimeZone& zone) {
  const PowerFactorText& t = lang == Lang::kPtBr ? kPtBr : kEn;
  std::string s = absl::StrCat("<h2 class='page'>", t.heading, "</h2>");
  if (!pf.measured()) return absl::StrCat(s, "<p class='muted'>", t.not_measured, "</p>");
  absl::StrAppend(&s, "<p>", t.band, "</p>");
  if (!pf.limit_applies()) {
    absl::StrAppend(&s, "<p class='banner'>", t.not_applicable, " ",
                    HtmlEscape(TranslateNote(lang, pf.limit_note())), "</p>");
  }
  int incomplete = 0;
  for (const v1::PowerFactorHour& h : pf.hourly()) incomplete += !h.complete();
  // Outside the band is a violation only where item 41 applies.
  const bool mark = pf.limit_applies();
  absl::StrAppend(&s, "<table class='kv'><tr><th>", t.hours, "</th><td>", pf.hours(),
                  "</td></tr><tr><th>", t.hours_outside, "</th>",
                  mark && pf.hours_outside() > 0 ? "<td class='bad'>&#9660; " : "<td>",
                  pf.hours_outside(), "</td></tr><tr><th>", t.within_pct, "</th><td>",
                  Num(lang, pf.within_pct(), 1), " %</td></tr><tr><th>", t.incomplete_hours,
                  "</th><td>", incomplete, "</td></tr>");
  if (pf.has_worst()) {
    const v1::PowerFactorHour& w = pf.worst();
    absl::StrAppend(&s, "<tr><th>", t.worst, "</th><td>fp ", Num(lang, w.fp(), 3), " ",
                    Nature(t, w.nature()), " ", t.at, " ", When(lang, w.start(), zone), " (EA ",
                    Num(lang, w.ea_wh() / 1000, 2), " kWh, ER ", Num(lang, w.er_varh() / 1000, 2),
                    " kvarh)</td></tr>");
  }
  absl::StrAppend(&s, "</table><h3>", pf.limit_applies() ? t.outside_h : t.outside_info_h, "</h3>");
  if (pf.hours_outside() == 0) return absl::StrCat(s, "<p>", t.none_outside, "</p>");
  absl::StrAppend(&s, "<table><thead><tr><th>", t.col_hour, "</th><th>", t.col_ea, "</th><th>",
                  t.col_er, "</th><th>", t.col_fp, " / ", Num(lang, pf.limit(), 2), "</th><th>",
                  t.col_nature, "</th><th>", t.col_complete, "</th></tr></thead>");
  for (const v1::PowerFactorHour& h : pf.hourly()) {
    if (h.within()) continue;
    absl::StrAppend(&s, "<tr><td>", When(lang, h.start(), zone), "</td><td>",
                    Num(lang, h.ea_wh() / 1000, 2), "</td><td>", Num(lang, h.er_varh() / 1000, 2),
                    "</td>", mark ? "<td class='bad'>&#9660; " : "<td>", Num(lang, h.fp(), 3),
                    "</td><td>", Nature(t, h.nature()), "</td><td>", h.complete() ? t.yes : t.no,
                    "</td></tr>");
  }
  absl::StrAppend(&s, "</table>");
  return s;
}

}  // namespace pqa::report
