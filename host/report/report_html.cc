#include "host/report/report_html.h"

#include <cmath>
#include <limits>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/time/time.h"
#include "host/common/local_time.h"
#include "host/prodist/annex8a.h"
#include "host/prodist/compliance.h"
#include "host/prodist/disturbance.h"
#include "host/prodist/histogram.h"
#include "host/prodist/phase_names.h"
#include "host/prodist/reading_sets.h"
#include "host/prodist/steady_state.h"
#include "host/prodist/vtcd_report_proto.h"
#include "host/report/report_power_factor.h"
#include "host/report/frequency_section.h"
#include "host/report/svg_plot.h"
#include "host/vtcd/stratification.h"

namespace pqa::report {
namespace {

using prodist::Band;
using prodist::BandLimits;
using prodist::ClassifyReading;
using prodist::DisturbanceLimits;
using prodist::FlickerMeasured;
using prodist::ImpactFactorPeriod;
using prodist::IsExpurgated;
using prodist::IsValidReading;
using prodist::kDrcLimitPct;
using prodist::kDrpLimitPct;
using prodist::LimitsFor;
using prodist::PhaseName;
using prodist::SetKind;
using prodist::TimedRecord;
using prodist::ToVtcdReport;
using prodist::VtcdSummary;

// Phases apart by colour on screen and by dash pattern on a black-and-white
// print (A solid, B dashed, C dotted).
constexpr const char* kPhaseColors[] = {"#1f5fa8", "#c0392b", "#2e8b57"};
constexpr const char* kPhaseDashes[] = {"", "7 3", "2 2"};
constexpr const char* kBandColor[] = {"#2e8b57", "#e0a800", "#c0392b"};  // by Band
constexpr Hatch kBandHatch[] = {Hatch::kNone, Hatch::kSingle, Hatch::kCross};

// The state of one rendering: the input, its words and its zone.
struct Ctx {
  const ReportInput& in;
  const ReportText& t;
  Lang lang;
  const absl::TimeZone& zone;

  std::string N(double v, int digits = 2) const { return Num(lang, v, digits); }
  // A time for people: local, with the offset (issue 18); the wire's UTC
  // string when it does not parse.
  std::string When(TimeNs at, bool seconds = false) const {
    return LocalTimeText(lang, at, zone, seconds);
  }
  std::string When(const std::string& rfc3339) const {
    auto at = ParseRfc3339(rfc3339);
    return at.ok() ? When(*at) : rfc3339;
  }
  // The zone's offset at the start of the measurement, "-03:00".
  std::string Offset() const {
    TimeNs at = in.records->empty() ? 0 : in.records->front().start;
    return FormatLocalMinute(at, zone).substr(17);
  }
  std::string Money(double brl) const { return absl::StrCat("R$ ", N(brl, 2)); }
  bool HaveEusd() const { return in.point->spec.eusd_brl > 0; }
};

std::string Esc(const std::string& s) { return HtmlEscape(s); }

// A value against its limit: the number, the limit, and for a violation a
// word and a mark as well as the colour, legible in black and white.
std::string Cell(const Ctx& c, double value, double limit, int digits, bool apply = true) {
  if (!apply) return absl::StrCat("<td>", c.N(value, digits), "</td>");
  const bool bad = value > limit;
  return absl::StrCat("<td class='", bad ? "bad" : "ok", "'>", bad ? "&#9650; " : "",
                      c.N(value, digits), " <small>/ ", c.N(limit, digits), "</small></td>");
}
std::string Verdict(const Ctx& c, bool bad) {
  return bad ? absl::StrCat("<span class='bad'>&#9650; ", c.t.above_limit, "</span>")
             : absl::StrCat("<span class='ok'>", c.t.within_limit, "</span>");
}

const char* kStyle = R"css(
body{font-family:"DejaVu Sans",sans-serif;margin:24px;color:#111;max-width:1100px}
h1{font-size:21px;margin:0 0 4px}h2{font-size:16px;border-bottom:1.5px solid #444;margin-top:26px}
h3{font-size:14px;margin:16px 0 4px}
table{border-collapse:collapse;margin:6px 0;font-size:12px}
td,th{border:1px solid #999;padding:2px 6px;text-align:right;vertical-align:top}
th{background:#eee}td:first-child,th:first-child{text-align:left}
.kv td{text-align:left}.mono{font-family:"DejaVu Sans Mono",monospace;font-size:10px}
.ok{background:#dff0d8}.bad{background:#f8d7da;font-weight:bold}.warn{background:#fff3cd;font-weight:bold}
.exp{background:#f4c7c3;font-style:italic}.inv{background:#e0e0e0;font-style:italic}
.muted{color:#555}small{color:#444}
.banner{border:2px solid #000;padding:6px 10px;font-weight:bold;margin:10px 0}
svg.plot{max-width:100%;height:auto;display:block;margin:6px 0}
.curves{display:flex;flex-wrap:wrap;gap:6px}.curves svg.plot{width:49%}
@page{size:A4;margin:15mm 11mm 14mm 11mm;
  @top-center{content:var(--running);font-size:8pt;color:#333}
  @bottom-right{content:counter(page) " / " counter(pages);font-size:8pt}}
@media print{
  body{margin:0;max-width:none;font-size:9pt}
  h1{font-size:15pt}h2{font-size:12pt}h3{font-size:10pt}
  h2.page{break-before:page}
  h2,h3{break-after:avoid}
  table{font-size:7.5pt;max-width:100%}td,th{padding:1px 3px}
  thead{display:table-header-group}tr,svg.plot,.banner{break-inside:avoid}
  .ok{background:none}.bad{background:none;outline:1.5px solid #000}
  .exp,.inv{background:none}
  svg.plot{width:100%}
  .curves svg.plot{width:49%}
}
)css";

// The point and period that head every printed page (CSS margin box).
std::string RunningHeader(const Ctx& c) {
  const v1::CompliancePoint& p = c.in.result->point();
  std::string period;
  if (!c.in.records->empty()) {
    period = absl::StrCat(c.When(c.in.records->front().start), " - ",
                          c.When(c.in.records->back().start + kTenMinutesNs));
  }
  std::string text = absl::StrCat("PRODIST M8 | ", p.id().empty() ? c.t.not_given : p.id(), " | ",
                                  p.connection(), " | ", period);
  // A CSS string: backslash and quote escaped; then HTML-escaped for <style>.
  absl::StrReplaceAll({{"\\", "\\\\"}, {"\"", "\\\""}, {"<", " "}, {">", " "}}, &text);
  return absl::StrCat("<style>:root{--running:\"", text, "\"}</style>");
}

std::string NamedMode(const Ctx& c, const std::string& mode) {
  return mode == "permanent" ? c.t.permanent : mode == "sampled" ? c.t.sampled : c.t.eventual;
}

std::string PointSection(const Ctx& c) {
  const v1::ComplianceResult& r = *c.in.result;
  const v1::CompliancePoint& p = r.point();
  const BandLimits& b = c.in.point->bands;
  double scale = b.per_unit ? c.in.point->reference_v : 1.0;
  std::string s = absl::StrCat("<h2>", c.t.point_h, "</h2><table class='kv'>");
  auto row = [&](const std::string& k, const std::string& v) {
    absl::StrAppend(&s, "<tr><th>", k, "</th><td>", v, "</td></tr>");
  };
  row(c.t.identifier, Esc(p.id().empty() ? c.t.not_given : p.id()));
  row(c.t.connection, Esc(p.connection()));
  row(c.t.nominal, absl::StrCat(c.N(p.nominal_v(), 0), " V"));
  row(c.t.reference,
      absl::StrCat(c.N(p.reference_v(), 1), " V (",
                   p.voltage_kind() == "line" ? c.t.line_voltage : c.t.phase_voltage, ")"));
  row(c.t.voltage_class, p.voltage_class());
  row(c.t.annex_row,
      absl::StrCat(Esc(p.annex_row()), ": ", c.t.adequate, " ", c.N(b.adequate_lo * scale, 1),
                   " .. ", c.N(b.adequate_hi * scale, 1), " V; ", c.t.precarious, " ",
                   c.N(b.precarious_lo * scale, 1), " .. ", c.N(b.precarious_hi * scale, 1), " V; ",
                   c.t.critical, " ",
                   c.lang == Lang::kPtBr ? "além da precária" : "beyond the precarious band"));
  row(c.t.vt_connection, p.vt_connection() == "open-delta" ? c.t.open_delta : c.t.wye);
  row(c.t.eusd, c.HaveEusd() ? c.Money(p.eusd_brl()) : c.t.eusd_missing);
  row(c.t.mode, NamedMode(c, p.measurement_mode()));
  row(c.t.expurgate_momentary, p.expurgate_momentary() ? c.t.yes : c.t.no);
  row(c.t.time_zone, absl::StrCat(Esc(p.time_zone()), " (UTC", c.Offset(), ")"));
  if (r.voltage_sets_size() > 0) {
    row(c.t.min_v, absl::StrCat(c.N(r.min_v()), " V ", c.t.at, " ", c.When(r.min_v_at())));
    row(c.t.max_v, absl::StrCat(c.N(r.max_v()), " V ", c.t.at, " ", c.When(r.max_v_at())));
  }
  absl::StrAppend(&s, "</table>");
  if (!r.notes().empty()) {
    absl::StrAppend(&s, "<p><b>", c.t.notes, ":</b></p><ul>");
    for (const std::string& n : r.notes()) {
      absl::StrAppend(&s, "<li>", Esc(TranslateNote(c.lang, n)), "</li>");
    }
    absl::StrAppend(&s, "</ul>");
  }
  return s;
}

std::string TraceSection(const Ctx& c) {
  if (c.in.trace == nullptr) return "";
  const Traceability& tr = *c.in.trace;
  std::string s = absl::StrCat("<h2>", c.t.trace_h, "</h2><table class='kv'>");
  absl::StrAppend(&s, "<tr><th>", c.t.version, "</th><td>", Esc(tr.version), "</td></tr>");
  absl::StrAppend(&s, "<tr><th>", c.t.generated, "</th><td>", c.When(tr.generated, true), " (",
                  FormatRfc3339(tr.generated), ")</td></tr>");
  absl::StrAppend(&s, "<tr><th>", c.t.inputs, "</th><td>");
  for (const InputFile& f : tr.inputs) {
    absl::StrAppend(&s, Esc(f.role), ": ", Esc(f.path), "<br><span class='mono'>", f.sha256,
                    "</span><br>");
  }
  absl::StrAppend(&s, "</td></tr><tr><th>", c.t.options, "</th><td class='mono'>");
  std::vector<std::string> quoted;
  for (const std::string& o : tr.options) quoted.push_back(Esc(o));
  absl::StrAppend(&s, absl::StrJoin(quoted, " "), "</td></tr></table>");
  return s;
}

std::string CompensationCell(const Ctx& c, double brl, const std::string& extra = "") {
  if (!c.HaveEusd()) return absl::StrCat("<td class='muted'>", c.t.not_computed, "</td>");
  return absl::StrCat("<td>", c.Money(brl), extra, "</td>");
}

// In place of a set table, plot or histogram when no set has closed: a
// measurement still running (issue 17) shows no empty table.
std::string NoSetYet(const Ctx& c, const char* heading) {
  return absl::StrCat("<h2>", heading, "</h2><p class='muted'>", c.t.no_set_yet, "</p>");
}

std::string VoltageSection(const Ctx& c) {
  const v1::ComplianceResult& r = *c.in.result;
  if (r.voltage_sets().empty()) return NoSetYet(c, c.t.voltage_h);
  std::string s =
      absl::StrCat("<h2 class='page'>", c.t.voltage_h, "</h2><table><thead><tr><th>#</th><th>",
                   c.t.col_start, "</th><th>", c.t.col_end, "</th><th>", c.t.col_month, "</th><th>",
                   c.t.col_expurgated, "</th><th>", c.t.col_incomplete, "</th><th>",
                   c.t.col_missing, "</th><th>nlp</th><th>nlc</th><th>DRP % / 3</th><th>DRC % / ",
                   c.N(kDrcLimitPct, 1), "</th><th>", c.t.col_compensation, "</th></tr></thead>");
  int i = 0;
  for (const v1::VoltageSet& v : r.voltage_sets()) {
    absl::StrAppend(&s, "<tr><td>", ++i, "</td><td>", c.When(v.start()), "</td><td>",
                    c.When(v.end()), "</td><td>", v.month(), "</td><td>", v.expurgated(),
                    "</td><td>", v.invalid(), "</td><td>", v.missing(), "</td><td>", v.nlp(),
                    "</td><td>", v.nlc(), "</td>", Cell(c, v.drp_pct(), kDrpLimitPct, 3),
                    Cell(c, v.drc_pct(), kDrcLimitPct, 3), CompensationCell(c, v.compensation()),
                    "</tr>");
  }
  absl::StrAppend(&s, "</table><p class='muted'>", c.t.per_phase_counts, " ");
  for (const v1::VoltageSet& v : r.voltage_sets()) {
    std::string parts;
    for (const v1::PhaseBandCount& b : v.per_phase()) {
      absl::StrAppend(&parts, b.phase(), " ", b.precarious(), "/", b.critical(), " ");
    }
    absl::StrAppend(&s, "[", parts, "] ");
  }
  absl::StrAppend(&s, "</p><h3>", c.t.monthly_h, "</h3><table><thead><tr><th>", c.t.col_month,
                  "</th><th>", c.t.col_sets_ended, "</th><th>", c.t.col_drp_mean, "</th><th>",
                  c.t.col_drc_mean, "</th><th>", c.t.col_compensation_due, "</th></tr></thead>");
  for (const v1::MonthlyVoltage& m : r.monthly()) {
    absl::StrAppend(&s, "<tr><td>", m.month(), "</td><td>", m.sets(), "</td>");
    if (m.sets() > 0) {
      absl::StrAppend(&s, Cell(c, m.drp_pct(), kDrpLimitPct, 3),
                      Cell(c, m.drc_pct(), kDrcLimitPct, 3));
    } else {
      absl::StrAppend(&s, "<td class='muted'>-</td><td class='muted'>-</td>");
    }
    absl::StrAppend(
        &s,
        CompensationCell(
            c, m.compensation(),
            m.carried_over() ? absl::StrCat(" <small>(", c.t.carried_over, ")</small>") : ""),
        "</tr>");
  }
  absl::StrAppend(&s, "</table>");
  return s;
}

std::string DisturbanceSection(const Ctx& c, const DisturbanceLimits& l, bool flicker_measured) {
  const v1::ComplianceResult& r = *c.in.result;
  if (r.disturbance_sets().empty()) return NoSetYet(c, c.t.disturbance_h);
  std::string s = absl::StrCat(
      "<h2 class='page'>", c.t.disturbance_h, "</h2><table><thead><tr><th>#</th><th>",
      c.t.col_start, "</th><th>", c.t.col_end, "</th><th>", c.t.col_expurgated,
      "</th><th>DTT95%</th><th>DTTp95%</th><th>DTTi95%</th><th>DTT395%</th><th>FD95%</th>"
      "<th>Pst95%</th><th>",
      c.t.col_verdict, "</th></tr></thead>");
  int i = 0;
  for (const v1::DisturbanceSet& d : r.disturbance_sets()) {
    bool a = d.limits_apply();
    absl::StrAppend(
        &s, "<tr><td>", ++i, "</td><td>", c.When(d.start()), "</td><td>", c.When(d.end()),
        "</td><td>", d.expurgated(), "</td>", Cell(c, d.dtt95_pct(), l.dtt95_pct, 2, a),
        Cell(c, d.dttp95_pct(), l.dttp95_pct, 2, a), Cell(c, d.dtti95_pct(), l.dtti95_pct, 2, a),
        Cell(c, d.dtt395_pct(), l.dtt395_pct, 2, a), Cell(c, d.fd95_pct(), l.fd95_pct, 2, a),
        flicker_measured ? Cell(c, d.pst95(), l.pst95, 2, a)
                         : absl::StrCat("<td class='muted'>", c.t.not_measured, "</td>"),
        "<td>", a ? Verdict(c, d.violations_size() > 0) : c.t.no_limit, "</td></tr>");
  }
  absl::StrAppend(&s, "</table><table><thead><tr><th>", c.t.col_set_phase,
                  "</th><th>DTT95%</th><th>DTTp95%</th><th>DTTi95%</th><th>DTT395%</th>"
                  "<th>Pst95%</th></tr></thead>");
  i = 0;
  for (const v1::DisturbanceSet& d : r.disturbance_sets()) {
    ++i;
    std::map<std::string, v1::PhasePercentiles> sorted(d.per_phase().begin(), d.per_phase().end());
    for (const auto& [name, p] : sorted) {
      absl::StrAppend(&s, "<tr><td>", i, " / ", name, "</td><td>", c.N(p.dtt95_pct()), "</td><td>",
                      c.N(p.dttp95_pct()), "</td><td>", c.N(p.dtti95_pct()), "</td><td>",
                      c.N(p.dtt395_pct()), "</td><td>", c.N(p.pst95()), "</td></tr>");
    }
  }
  absl::StrAppend(&s, "</table>");
  // DIT_h 95th percentiles, orders 2..40, one column per set (worst phase).
  bool any_dit = false;
  for (const v1::DisturbanceSet& d : r.disturbance_sets()) any_dit |= d.dit95_pct_size() > 0;
  if (any_dit) {
    absl::StrAppend(&s, "<h3>", c.t.dit_h, "</h3><p class='muted'>", c.t.dit_note,
                    "</p><table><thead><tr><th>", c.t.col_order, "</th>");
    for (int k = 1; k <= r.disturbance_sets_size(); ++k) {
      absl::StrAppend(&s, "<th>", c.t.set, " ", k, " (%)</th>");
    }
    absl::StrAppend(&s, "</tr></thead>");
    for (int h = 0; h < prodist::kDitOrders; ++h) {
      absl::StrAppend(&s, "<tr><td>", h + 2, "</td>");
      for (const v1::DisturbanceSet& d : r.disturbance_sets()) {
        absl::StrAppend(&s, "<td>", h < d.dit95_pct_size() ? c.N(d.dit95_pct(h), 2) : "-", "</td>");
      }
      absl::StrAppend(&s, "</tr>");
    }
    absl::StrAppend(&s, "</table>");
  }
  return s;
}

std::string HistogramSection(const Ctx& c) {
  const v1::VoltageHistogram& h = c.in.result->histogram();
  // Item 106: the histogram counts the steady-state sets' readings.
  if (c.in.result->voltage_sets().empty()) return NoSetYet(c, c.t.histogram_h);
  SvgBarPlot plot;
  plot.title = absl::StrCat(c.t.histogram_title, " (< 0,80 pu: ", h.below(),
                            "; > 1,20 pu: ", h.above(), ")");
  if (c.lang == Lang::kEn) absl::StrReplaceAll({{"0,80", "0.80"}, {"1,20", "1.20"}}, &plot.title);
  plot.x_label = c.t.histogram_x;
  plot.y_label = c.t.readings;
  for (int i = 0; i < h.counts_size(); ++i) {
    double lo = h.low_pu() + i * h.bin_width_pu();
    plot.labels.push_back(c.N(lo, 2));
    plot.values.push_back(static_cast<double>(h.counts(i)));
    double centre_v = (lo + h.bin_width_pu() / 2) * c.in.point->nominal_reading_v;
    int band =
        static_cast<int>(ClassifyReading(centre_v, c.in.point->reference_v, c.in.point->bands));
    plot.colors.push_back(kBandColor[band]);
    plot.hatches.push_back(kBandHatch[band]);
  }
  plot.decimal_comma = c.lang == Lang::kPtBr;
  plot.legend = {{c.t.adequate, kBandColor[0], kBandHatch[0]},
                 {c.t.precarious, kBandColor[1], kBandHatch[1]},
                 {c.t.critical, kBandColor[2], kBandHatch[2]}};
  return absl::StrCat("<h2>", c.t.histogram_h, "</h2>", RenderBarPlot(plot));
}

// Hours since the first record, per record.
double Hours(const Ctx& c, TimeNs t) {
  return static_cast<double>(t - c.in.records->front().start) / (3600.0 * kNsPerSecond);
}

// Ticks at local midnights (a day or more) or every few local hours, in
// hours since the first record, labelled in the report's language.
std::vector<SvgTick> LocalTicks(const Ctx& c) {
  std::vector<SvgTick> ticks;
  const TimeNs first = c.in.records->front().start;
  const TimeNs last = c.in.records->back().start + kTenMinutesNs;
  const double span_h = Hours(c, last);
  if (span_h > 48) {
    const int every = std::max(1, static_cast<int>(std::ceil(span_h / 24 / 10)));
    CivilDay d = ToCivilDay(first, c.zone);
    for (int k = 0;; ++k) {
      TimeNs t = FromCivilDay(d.year, d.month, d.day + k, c.zone);
      if (t > last) break;
      if (t < first || k % every != 0) continue;
      CivilDay day = ToCivilDay(t, c.zone);
      ticks.push_back({Hours(c, t), c.lang == Lang::kPtBr
                                        ? absl::StrFormat("%02d/%02d", day.day, day.month)
                                        : absl::StrFormat("%02d-%02d", day.month, day.day)});
    }
    return ticks;
  }
  const TimeNs step = (span_h > 12 ? 3 : 1) * 3600 * kNsPerSecond;
  for (TimeNs t = FloorTo(first, step) + step; t <= last; t += step) {
    std::string hm = FormatLocalMinute(t, c.zone).substr(11, 5);
    if (hm == "00:00") {
      CivilDay day = ToCivilDay(t, c.zone);
      hm = absl::StrFormat("%02d/%02d", day.day, day.month);
    }
    ticks.push_back({Hours(c, t), hm});
  }
  return ticks;
}

// Expurgated, invalid or missing intervals of `kind`, as x ranges in hours.
std::vector<std::pair<double, double>> Excluded(const Ctx& c, SetKind kind) {
  std::vector<std::pair<double, double>> out;
  bool flicker = FlickerMeasured(*c.in.records);  // as EvaluateCompliance builds the sets
  TimeNs expected = c.in.records->front().start;
  for (const TimedRecord& tr : *c.in.records) {
    if (tr.start > expected) out.push_back({Hours(c, expected), Hours(c, tr.start)});  // no data
    expected = tr.start + kTenMinutesNs;
    if (!IsValidReading(tr.record, kind, c.in.point->spec.expurgate_momentary, flicker)) {
      double h = Hours(c, tr.start);
      if (!out.empty() && std::abs(out.back().second - h) < 1e-9) {
        out.back().second = h + 1.0 / 6;  // adjacent intervals: one range
      } else {
        out.push_back({h, h + 1.0 / 6});
      }
    }
  }
  return out;
}

// One series per phase of `value(record, phase record)`; NaN across gaps so
// lines break.
template <typename Fn>
std::vector<SvgSeries> PhaseSeries(const Ctx& c, Fn value) {
  std::vector<SvgSeries> out;
  const auto& records = *c.in.records;
  for (size_t i = 0; i < records.size(); ++i) {
    const v1::Record& r = records[i].record;
    bool gap = i > 0 && records[i].start - records[i - 1].start > kTenMinutesNs;
    for (int p = 0; p < r.phases_size(); ++p) {
      if (static_cast<int>(out.size()) <= p) {
        out.push_back({PhaseName(r, p), kPhaseColors[p % 3], {}, {}, kPhaseDashes[p % 3]});
      }
      if (gap) {
        out[p].x.push_back(Hours(c, records[i].start));
        out[p].y.push_back(std::numeric_limits<double>::quiet_NaN());
      }
      out[p].x.push_back(Hours(c, records[i].start));
      out[p].y.push_back(r.complete() ? value(r, r.phases(p))
                                      : std::numeric_limits<double>::quiet_NaN());
    }
  }
  return out;
}

std::string SeriesSection(const Ctx& c, const DisturbanceLimits& l) {
  if (c.in.records->empty()) return "";
  const BandLimits& b = c.in.point->bands;
  double scale = b.per_unit ? c.in.point->reference_v : 1.0;
  SvgLinePlot base;
  base.x_label = absl::StrCat(c.t.local_time, ", UTC", c.Offset(), ")");
  base.x_ticks = LocalTicks(c);
  base.shaded_label = c.t.shaded;
  base.out_of_scale_label = c.t.out_of_scale;
  base.decimal_comma = c.lang == Lang::kPtBr;
  const std::string limit_color = "#8b0000";

  SvgLinePlot rms = base;
  rms.title = c.t.rms_title;
  rms.y_label = c.t.volts;
  rms.series =
      PhaseSeries(c, [](const v1::Record&, const v1::PhaseRecord& p) { return p.rms_v(); });
  rms.limits = {{b.adequate_lo * scale, c.t.adequate_low, "#7a5a00"},
                {b.adequate_hi * scale, c.t.adequate_high, "#7a5a00"},
                {b.precarious_lo * scale, c.t.precarious_low, limit_color},
                {b.precarious_hi * scale, c.t.precarious_high, limit_color}};
  rms.shaded_x = Excluded(c, SetKind::kSteadyState);

  SvgLinePlot dtt = base;
  dtt.title = c.t.dtt_title;
  dtt.y_label = c.t.pct_fundamental;
  dtt.series =
      PhaseSeries(c, [](const v1::Record&, const v1::PhaseRecord& p) { return p.dtt_pct(); });
  if (l.apply) dtt.limits = {{l.dtt95_pct, absl::StrCat("DTT95% ", c.t.limit), limit_color}};
  dtt.shaded_x = Excluded(c, SetKind::kDisturbance);

  // A flagged Pst (unsettled filters, or an interruption: IEC 61000-4-30
  // 4.7) is no measurement: a gap in the line, not a spike that flattens it.
  SvgLinePlot pst = base;
  pst.title = c.t.pst_title;
  pst.y_label = "Pst";
  pst.series = PhaseSeries(c, [](const v1::Record& r, const v1::PhaseRecord& p) {
    return r.flicker_complete() ? p.pst() : std::numeric_limits<double>::quiet_NaN();
  });
  if (l.apply) pst.limits = {{l.pst95, absl::StrCat("Pst95% ", c.t.limit), limit_color}};
  pst.shaded_x = dtt.shaded_x;

  SvgLinePlot plt = base;
  plt.title = c.t.plt_title;
  plt.y_label = "Plt";
  plt.series = PhaseSeries(c, [](const v1::Record& r, const v1::PhaseRecord& p) {
    return r.flicker_complete() && p.plt_sliding() > 0 ? p.plt_sliding()
                                                       : std::numeric_limits<double>::quiet_NaN();
  });
  plt.shaded_x = dtt.shaded_x;

  SvgLinePlot fd = base;
  fd.title = c.t.fd_title;
  fd.y_label = "FD (%)";
  fd.series = {{"FD", "#6c3483", {}, {}, ""}};
  for (const TimedRecord& tr : *c.in.records) {
    fd.series[0].x.push_back(Hours(c, tr.start));
    fd.series[0].y.push_back(tr.record.complete() ? tr.record.fd_pct()
                                                  : std::numeric_limits<double>::quiet_NaN());
  }
  if (l.apply) fd.limits = {{l.fd95_pct, absl::StrCat("FD95% ", c.t.limit), limit_color}};
  fd.shaded_x = dtt.shaded_x;
  return absl::StrCat("<h2 class='page'>", c.t.series_h, "</h2>", RenderLinePlot(rms),
                      RenderLinePlot(dtt), RenderLinePlot(pst), RenderLinePlot(plt),
                      RenderLinePlot(fd));
}

// Table 6 (item 106 f) with every VTCD event of the measurement or period.
std::string Table6Html(const Ctx& c, const std::string& title,
                       const vtcd::StratificationGrid& grid) {
  std::string s = absl::StrCat("<h3>", Esc(title), "</h3><table><thead><tr><th>",
                               Esc(c.t.amplitude_duration), "</th>");
  for (int col = 0; col < vtcd::kDurationColumns; ++col) {
    absl::StrAppend(&s, "<th>", Esc(std::string(vtcd::DurationColumnLabel(col))), "</th>");
  }
  absl::StrAppend(&s, "</tr></thead>");
  for (int r = 0; r < vtcd::kAmplitudeRows; ++r) {
    absl::StrAppend(&s, "<tr><td>", Esc(std::string(vtcd::AmplitudeRowLabel(r))), "</td>");
    for (int col = 0; col < vtcd::kDurationColumns; ++col) {
      int n = grid[r][col];
      absl::StrAppend(&s, n > 0 ? "<td class='warn'>" : "<td>", n > 0 ? absl::StrCat(n) : "",
                      "</td>");
    }
    absl::StrAppend(&s, "</tr>");
  }
  absl::StrAppend(&s, "</table>");
  return s;
}

std::string StratificationAndImpact(const Ctx& c, const VtcdSummary& v) {
  std::string s =
      Table6Html(c, absl::StrCat(c.t.table6_h, ": ", v.vtcd_events, " ", c.t.vtcd_events), v.grid);
  // Item 85: a permanent measurement's FI is per civil month.
  const bool monthly = c.in.point->spec.mode == prodist::MeasurementMode::kPermanent;
  // Item 106 f: each period's FI with its own stratification.
  if (v.impact_factor.size() > 1) {
    for (const ImpactFactorPeriod& p : v.impact_factor) {
      absl::StrAppend(&s, Table6Html(c,
                                     monthly ? absl::StrCat(c.t.table6_h, ": ", p.month)
                                             : absl::StrCat(c.t.table6_period, " ",
                                                            FormatRfc3339(p.report.period_start)),
                                     p.report.grid));
    }
  }
  absl::StrAppend(&s, "<h3>", monthly ? c.t.fi_month_h : c.t.fi_30d_h, "</h3>");
  if (v.impact_factor.empty()) {
    absl::StrAppend(&s, "<p class='muted'>", Esc(TranslateNote(c.lang, v.impact_factor_note)),
                    "</p>");
  } else {
    absl::StrAppend(&s, "<table><thead><tr>",
                    monthly ? absl::StrCat("<th>", c.t.col_month, "</th>") : "", "<th>",
                    c.t.col_period_start, "</th><th>", c.t.col_period_end, "</th><th>",
                    c.t.col_days, "</th><th>fe A..I</th><th>FIBASE</th><th>FI (pu)</th><th>",
                    c.t.col_verdict, "</th></tr></thead>");
    for (const ImpactFactorPeriod& p : v.impact_factor) {
      std::string fe;
      for (int n : p.report.fe) absl::StrAppend(&fe, fe.empty() ? "" : " ", n);
      bool over = p.report.fi_pu > 1.0;
      absl::StrAppend(
          &s, "<tr>", monthly ? absl::StrCat("<td>", p.month, "</td>") : "", "<td>",
          c.When(p.report.period_start), "</td><td>", c.When(p.report.period_end), "</td><td>",
          c.N(p.covered_days, 2), "</td><td>", fe, "</td><td>", c.N(p.report.fibase, 2), "</td><td",
          over ? " class='bad'>" : ">", c.N(p.report.fi_pu, 3), "</td><td>",
          p.complete ? (over ? c.t.fi_above : c.t.fi_within) : c.t.fi_incomplete, "</td></tr>");
    }
    absl::StrAppend(&s, "</table>");
  }
  absl::StrAppend(&s, "<h3>", c.t.continuity_h, "</h3>");
  if (v.continuity.empty()) {
    absl::StrAppend(&s, "<p class='muted'>", c.t.no_interruption, "</p>");
  } else {
    absl::StrAppend(&s, "<table><thead><tr><th>", c.t.col_month,
                    "</th><th>DIC (h)</th><th>FIC</th><th>DMIC (h)</th></tr></thead>");
    for (const vtcd::MonthlyContinuity& m : v.continuity) {
      absl::StrAppend(&s, "<tr><td>", absl::StrFormat("%04d-%02d", m.year, m.month), "</td><td>",
                      c.N(m.dic_h, 2), "</td><td>", m.fic, "</td><td>", c.N(m.dmic_h, 2),
                      "</td></tr>");
    }
    absl::StrAppend(&s, "</table>");
  }
  return s;
}

// One small plot per stretch of an event's Urms(1/2) curve (a long event
// has two: its start and its end), in pu of the event's reference.
std::string CurvePlots(const Ctx& c, int seq, const v1::EventCurve& curve) {
  if (curve.phases().empty() || !(curve.reference_v() > 0)) return "";
  // Stretches: split where the values of phase 0 jump by more than 1 s.
  std::vector<std::pair<double, double>> stretches;
  const auto& t0 = curve.phases(0).t_ms();
  double from = t0[0];
  for (int i = 1; i < t0.size(); ++i) {
    if (t0[i] - t0[i - 1] > 1000) {
      stretches.push_back({from, t0[i - 1]});
      from = t0[i];
    }
  }
  stretches.push_back({from, t0[t0.size() - 1]});
  std::string s;
  auto when = ParseRfc3339(curve.event_start());
  for (auto [a, b] : stretches) {
    SvgLinePlot plot;
    plot.width = 480;
    plot.height = 220;
    plot.title = absl::StrCat("#", seq, " ", curve.type(), " ",
                              when.ok() ? c.When(*when, true) : curve.event_start());
    plot.x_label = c.t.curve_x;
    plot.y_label = c.t.curve_y;
    plot.range_from_valid = false;
    plot.decimal_comma = c.lang == Lang::kPtBr;
    plot.y_min = 0;
    for (int p = 0; p < curve.phases_size(); ++p) {
      const v1::EventCurvePhase& ph = curve.phases(p);
      SvgSeries series{ph.phase(), kPhaseColors[p % 3], {}, {}, kPhaseDashes[p % 3]};
      for (int i = 0; i < ph.t_ms_size() && i < ph.urms_v_size(); ++i) {
        if (ph.t_ms(i) < a - 1e-9 || ph.t_ms(i) > b + 1e-9) continue;
        series.x.push_back(ph.t_ms(i));
        series.y.push_back(ph.urms_v(i) / curve.reference_v());
      }
      plot.series.push_back(std::move(series));
    }
    plot.y_max = 1.3;
    for (const SvgSeries& se : plot.series) {
      for (double y : se.y) plot.y_max = std::max(*plot.y_max, y * 1.05);
    }
    // Table 5 thresholds (item 71).
    plot.limits = {{0.9, "0,9 pu", "#8b0000"}, {1.1, "1,1 pu", "#8b0000"}, {0.1, "0,1 pu", "#555"}};
    if (c.lang == Lang::kEn) {
      for (SvgLimitLine& lim : plot.limits) absl::StrReplaceAll({{",", "."}}, &lim.label);
    }
    absl::StrAppend(&s, RenderLinePlot(plot));
  }
  return s;
}

std::string EventsSection(const Ctx& c) {
  if (c.in.events == nullptr) {
    return absl::StrCat("<h2 class='page'>", c.t.events_h, "</h2><p class='muted'>",
                        Esc(c.t.no_events), "</p>");
  }
  // Table 11 note 1: the month in Portuguese ("03/mar/2025") in either language.
  static const char* kMonths[] = {"jan", "fev", "mar", "abr", "mai", "jun",
                                  "jul", "ago", "set", "out", "nov", "dez"};
  std::string s = absl::StrCat("<h2 class='page'>", c.t.events_h, ": ", c.in.events->size(),
                               "</h2><table><thead><tr><th>#</th><th>", c.t.col_date, "</th><th>",
                               c.t.col_time, " (UTC", c.Offset(), ")</th><th>", c.t.col_amplitude,
                               "</th><th>", c.t.col_duration, "</th><th>", c.t.col_type,
                               "</th><th>", c.t.col_phases, "</th></tr></thead>");
  int seq = 0;
  for (const v1::VtcdEvent& e : *c.in.events) {
    std::string date = e.start(), time;
    auto t = ParseRfc3339(e.start());
    if (t.ok()) {
      CivilDay d = ToCivilDay(*t, c.zone);
      date = absl::StrFormat("%02d/%s/%04d", d.day, kMonths[d.month - 1], d.year);
      time = FormatLocalMinute(*t, c.zone, true).substr(11, 8);
    }
    std::string phases;
    for (const std::string& p : e.phases()) phases += p;
    absl::StrAppend(&s, "<tr><td>", ++seq, "</td><td>", date, "</td><td>", time, "</td><td>",
                    c.N(e.amplitude_pu(), 4), "</td><td>", c.N(e.duration_ms(), 1), "</td><td>",
                    Esc(e.type()), "</td><td>", phases, "</td></tr>");
  }
  absl::StrAppend(&s, "</table>");
  if (c.in.vtcd != nullptr) absl::StrAppend(&s, StratificationAndImpact(c, *c.in.vtcd));
  absl::StrAppend(&s, "<h3>", c.t.curves_h, "</h3>");
  if (c.in.curves == nullptr) {
    absl::StrAppend(&s, "<p class='muted'>", Esc(c.t.curves_none), "</p>");
  } else {
    absl::StrAppend(&s, "<div class='curves'>");
    seq = 0;
    for (const v1::VtcdEvent& e : *c.in.events) {
      ++seq;
      for (const v1::EventCurve& curve : *c.in.curves) {
        if (curve.event_start() == e.start() && curve.type() == e.type()) {
          absl::StrAppend(&s, CurvePlots(c, seq, curve));
          break;
        }
      }
    }
    absl::StrAppend(&s, "</div>");
  }
  return s;
}

std::string ReadingsSection(const Ctx& c) {
  // Item 104: printed in full (no collapsed block), the header repeated on
  // every page, the band of each phase as a letter as well as a colour.
  std::string s = absl::StrCat(
      "<h2 class='page'>", c.t.readings_h, "</h2><p class='muted'>", c.in.records->size(), " ",
      c.t.readings_caption, "; ", c.t.band_key, "</p><table class='readings'><thead><tr><th>",
      c.t.col_start, " (UTC", c.Offset(), ")</th><th>", c.t.col_phase_voltages, "</th><th>",
      c.t.col_voltage_set, "</th><th>", c.t.col_disturbance_set, "</th><th>VTCD</th></tr></thead>");
  auto status = [&](const v1::Record& r, SetKind kind) -> std::string {
    if (!r.complete() || r.phases().empty()) {
      return absl::StrCat("<td class='inv'>", c.t.incomplete, "</td>");
    }
    if (IsExpurgated(r, kind, c.in.point->spec.expurgate_momentary)) {
      return absl::StrCat("<td class='exp'>", c.t.expurgated, "</td>");
    }
    return absl::StrCat("<td>", c.t.valid, "</td>");
  };
  static const char* kBandLetter[] = {"A", "P", "C"};
  for (const TimedRecord& tr : *c.in.records) {
    const v1::Record& r = tr.record;
    std::string phases;
    for (int p = 0; p < r.phases_size(); ++p) {
      Band band = ClassifyReading(r.phases(p).rms_v(), c.in.point->reference_v, c.in.point->bands);
      const int k = static_cast<int>(band);
      absl::StrAppend(&phases, "<span style='color:", kBandColor[k], "'>", PhaseName(r, p), " ",
                      c.N(r.phases(p).rms_v()), " ", band == Band::kAdequate ? "" : "<b>", "(",
                      kBandLetter[k], ")", band == Band::kAdequate ? "" : "</b>", "</span> ");
    }
    std::string vtcd;
    for (const std::string& t : r.vtcd_types()) absl::StrAppend(&vtcd, t, " ");
    if (r.long_interruption()) absl::StrAppend(&vtcd, c.t.long_interruption);
    std::string when = c.When(tr.start);
    absl::StrAppend(&s, "<tr><td>", when.substr(0, when.size() - 7), "</td><td>", phases, "</td>",
                    status(r, SetKind::kSteadyState), status(r, SetKind::kDisturbance), "<td>",
                    vtcd, "</td></tr>");
  }
  absl::StrAppend(&s, "</table>");
  return s;
}

}  // namespace

std::string RenderReportHtml(const ReportInput& in) {
  const Ctx c{in, TextFor(in.lang), in.lang, in.point->zone};
  DisturbanceLimits limits = LimitsFor(*in.point);
  const v1::CompliancePoint& p = in.result->point();
  const bool partial = in.result->voltage_sets().empty() && in.result->disturbance_sets().empty();
  std::string period;
  if (!in.records->empty()) {
    period = absl::StrCat(c.When(in.records->front().start), " &ndash; ",
                          c.When(in.records->back().start + kTenMinutesNs));
  }
  return absl::StrCat(
      "<!DOCTYPE html><html lang='", LangTag(in.lang), "'><head><meta charset='utf-8'><title>",
      c.t.title, " - ", Esc(p.id()), "</title><style>", kStyle, "</style>", RunningHeader(c),
      "</head><body><h1>", c.t.title, "</h1><p class='muted'>",
      Esc(p.id().empty() ? c.t.not_given : p.id()), " &middot; ", Esc(p.connection()), " &middot; ",
      period, "</p>",
      partial ? absl::StrCat("<p class='banner'>", c.t.partial, " ", in.result->pending_readings(),
                             " ", c.t.pending, ".</p>")
              : "",
      PointSection(c), TraceSection(c), VoltageSection(c),
      DisturbanceSection(c, limits, FlickerMeasured(*in.records)), HistogramSection(c),
      SeriesSection(c, limits), RenderPowerFactorHtml(in.result->power_factor(), in.lang, c.zone),
      FrequencySectionHtml(in.result->frequency(), in.lang, in.point->zone), EventsSection(c),
      ReadingsSection(c), "</body></html>\n");
}

namespace {
// Machine-readable numbers: a decimal point whatever the report's language.
std::string F(double v, int digits) { return absl::StrFormat("%.*f", digits, v); }

// The non-empty cells of table 6 rows: [{"row":..,"col":..,"count":..}].
std::string Table6Json(const v1::VtcdReport& report,
                       const google::protobuf::RepeatedPtrField<v1::Table6Row>& rows) {
  std::vector<std::string> cells;
  for (const v1::Table6Row& row : rows) {
    for (int c = 0; c < row.counts_size() && c < report.duration_columns_size(); ++c) {
      if (row.counts(c) == 0) continue;
      cells.push_back(absl::StrCat("{\"row\":\"", row.amplitude(), "\",\"col\":\"",
                                   report.duration_columns(c), "\",\"count\":", row.counts(c),
                                   "}"));
    }
  }
  return absl::StrCat("[", absl::StrJoin(cells, ","), "]");
}
}  // namespace

absl::StatusOr<std::string> RenderReportJson(const ReportInput& in) {
  auto window = prodist::ComplianceJson(*in.result);
  if (!window.ok()) return window.status();
  std::string s = absl::StrCat("{\"window\":", *window, ",\"vtcd\":");
  if (in.vtcd == nullptr) return absl::StrCat(s, "null}");
  // The figures as GetReport returns them; this only prints them.
  const v1::VtcdReport v = ToVtcdReport(*in.vtcd, {});
  std::vector<std::string> periods, months;
  for (const v1::ImpactFactorPeriod& p : v.impact_factor()) {
    periods.push_back(absl::StrCat("{\"period_start\":\"", p.start(), "\",\"period_end\":\"",
                                   p.end(), "\",\"covered_days\":", F(p.covered_days(), 4),
                                   ",\"complete\":", p.complete() ? "true" : "false", ",\"fe\":[",
                                   absl::StrJoin(p.fe(), ","), "],\"fibase\":", F(p.fibase(), 2),
                                   ",\"fi_pu\":", F(p.fi_pu(), 4), ",\"month\":\"", p.month(), "\"",
                                   ",\"stratification\":", Table6Json(v, p.table6()), "}"));
  }
  for (const v1::ContinuityMonth& m : v.continuity()) {
    months.push_back(absl::StrFormat("{\"month\":\"%s\",\"dic_h\":%.2f,\"fic\":%d,\"dmic_h\":%.2f}",
                                     m.month(), m.dic_h(), m.fic(), m.dmic_h()));
  }
  std::string note = v.impact_factor_note();
  absl::StrReplaceAll({{"\\", "\\\\"}, {"\"", "\\\""}}, &note);
  return absl::StrCat(s, "{\"events\":", v.stratified_events(),
                      ",\"stratification\":", Table6Json(v, v.table6()), ",\"impact_factor\":[",
                      absl::StrJoin(periods, ","), "],\"impact_factor_note\":\"", note,
                      "\",\"continuity\":[", absl::StrJoin(months, ","), "]}}");
}

}  // namespace pqa::report
