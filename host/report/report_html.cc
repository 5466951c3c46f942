#include "host/report/report_html.h"

#include <cmath>
#include <limits>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "google/protobuf/util/json_util.h"
#include "host/prodist/annex8a.h"
#include "host/prodist/compliance.h"
#include "host/prodist/histogram.h"
#include "host/prodist/phase_names.h"
#include "host/prodist/reading_sets.h"
#include "host/prodist/steady_state.h"
#include "host/prodist/vtcd_report_proto.h"
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

constexpr const char* kPhaseColors[] = {"#1f5fa8", "#c0392b", "#2e8b57"};
constexpr const char* kBandColor[] = {"#2e8b57", "#e0a800", "#c0392b"};  // by Band

std::string Esc(const std::string& s) { return HtmlEscape(s); }
std::string F(double v, int digits = 2) { return absl::StrFormat("%.*f", digits, v); }
std::string Minute(const std::string& rfc3339) {  // item 106: period to the minute
  return rfc3339.size() >= 16 ? absl::StrCat(rfc3339.substr(0, 10), " ", rfc3339.substr(11, 5))
                              : rfc3339;
}
std::string Verdict(bool bad) {
  return bad ? "<span class='bad'>above limit</span>" : "<span class='ok'>within limit</span>";
}
std::string Cell(double value, double limit, int digits, bool apply = true) {
  if (!apply) return absl::StrCat("<td>", F(value, digits), "</td>");
  return absl::StrCat("<td class='", value > limit ? "bad" : "ok", "'>", F(value, digits),
                      " <small>/ ", F(limit, digits), "</small></td>");
}

const char* kStyle = R"css(
body{font-family:sans-serif;margin:24px;color:#222;max-width:1160px}
h1{font-size:22px;margin-bottom:4px}h2{font-size:17px;border-bottom:1px solid #ccc;margin-top:28px}
table{border-collapse:collapse;margin:8px 0;font-size:13px}
td,th{border:1px solid #ccc;padding:3px 7px;text-align:right}th{background:#f0f0f0}
td:first-child,th:first-child{text-align:left}
.ok{background:#dff0d8}.bad{background:#f8d7da;font-weight:bold}.warn{background:#fff3cd}
.exp{background:#f4c7c3}.inv{background:#e0e0e0}.muted{color:#777}
small{color:#555}.kv td{text-align:left}
)css";

std::string PointSection(const ReportInput& in) {
  const v1::ComplianceResult& r = *in.result;
  const v1::CompliancePoint& p = r.point();
  const BandLimits& b = in.point->bands;
  double scale = b.per_unit ? in.point->reference_v : 1.0;
  std::string s = "<h2>Measurement point (item 116)</h2><table class='kv'>";
  auto row = [&](const std::string& k, const std::string& v) {
    absl::StrAppend(&s, "<tr><th>", k, "</th><td>", v, "</td></tr>");
  };
  row("Identifier", Esc(p.id().empty() ? "(not given)" : p.id()));
  row("Connection", Esc(p.connection()));
  row("Nominal voltage Vn (line-to-line)", absl::StrCat(F(p.nominal_v(), 0), " V"));
  row("Reference TR compared with each reading",
      absl::StrCat(F(p.reference_v(), 1), " V (", p.voltage_kind(), " voltage)"));
  row("Voltage class", p.voltage_class());
  row("Annex 8.A row",
      absl::StrCat(Esc(p.annex_row()), ": adequate ", F(b.adequate_lo * scale, 1), "..",
                   F(b.adequate_hi * scale, 1), " V, precarious ", F(b.precarious_lo * scale, 1),
                   "..", F(b.precarious_hi * scale, 1), " V"));
  row("VT connection", p.vt_connection());
  row("EUSD (reference month)", absl::StrCat("R$ ", F(p.eusd_brl())));
  row("Measurement mode", p.measurement_mode());
  row("Momentary VTCD expurgated from the voltage set", p.expurgate_momentary() ? "yes" : "no");
  if (r.voltage_sets_size() > 0) {
    row("Minimum voltage", absl::StrCat(F(r.min_v()), " V at ", Minute(r.min_v_at())));
    row("Maximum voltage", absl::StrCat(F(r.max_v()), " V at ", Minute(r.max_v_at())));
  }
  absl::StrAppend(&s, "</table>");
  for (const std::string& n : r.notes())
    absl::StrAppend(&s, "<p class='muted'>Note: ", Esc(n), "</p>");
  return s;
}

std::string VoltageSection(const v1::ComplianceResult& r) {
  std::string s =
      "<h2>Steady-state voltage: sets of 1,008 valid readings (items 26-33)</h2>"
      "<table><tr><th>#</th><th>start (UTC)</th><th>end (UTC)</th><th>month</th>"
      "<th>expurgated</th><th>incomplete</th><th>missing</th><th>nlp</th><th>nlc</th>"
      "<th>DRP % / 3</th><th>DRC % / 0.5</th><th>compensation</th></tr>";
  int i = 0;
  for (const v1::VoltageSet& v : r.voltage_sets()) {
    absl::StrAppend(&s, "<tr><td>", ++i, "</td><td>", Minute(v.start()), "</td><td>",
                    Minute(v.end()), "</td><td>", v.month(), "</td><td>", v.expurgated(),
                    "</td><td>", v.invalid(), "</td><td>", v.missing(), "</td><td>", v.nlp(),
                    "</td><td>", v.nlc(), "</td>", Cell(v.drp_pct(), kDrpLimitPct, 3),
                    Cell(v.drc_pct(), kDrcLimitPct, 3), "<td>R$ ", F(v.compensation()),
                    "</td></tr>");
  }
  absl::StrAppend(&s,
                  "</table><p class='muted'>nlp/nlc: largest count over the phases. Per "
                  "phase (precarious / critical): ");
  for (const v1::VoltageSet& v : r.voltage_sets()) {
    std::string parts;
    for (const v1::PhaseBandCount& c : v.per_phase()) {
      absl::StrAppend(&parts, c.phase(), " ", c.precarious(), "/", c.critical(), " ");
    }
    absl::StrAppend(&s, "[", parts, "] ");
  }
  absl::StrAppend(&s,
                  "</p><h3>Monthly indicators and compensation (items 26.6, 29-33)</h3>"
                  "<table><tr><th>month</th><th>sets ended</th><th>DRP % (mean)</th>"
                  "<th>DRC % (mean)</th><th>compensation due</th></tr>");
  for (const v1::MonthlyVoltage& m : r.monthly()) {
    absl::StrAppend(&s, "<tr><td>", m.month(), "</td><td>", m.sets(), "</td>");
    if (m.sets() > 0) {
      absl::StrAppend(&s, Cell(m.drp_pct(), kDrpLimitPct, 3), Cell(m.drc_pct(), kDrcLimitPct, 3));
    } else {
      absl::StrAppend(&s, "<td class='muted'>-</td><td class='muted'>-</td>");
    }
    absl::StrAppend(&s, "<td>R$ ", F(m.compensation()),
                    m.carried_over() ? " <small>(carried over, item 33)</small>" : "",
                    "</td></tr>");
  }
  absl::StrAppend(&s, "</table>");
  return s;
}

std::string DisturbanceSection(const v1::ComplianceResult& r, const DisturbanceLimits& l,
                               bool flicker_measured) {
  std::string s =
      "<h2>Harmonics, unbalance and flicker: 95th percentiles (items 44-63, 81-86)</h2>"
      "<table><tr><th>#</th><th>start (UTC)</th><th>end (UTC)</th><th>expurgated</th>"
      "<th>DTT95 %</th><th>DTTp95 %</th><th>DTTi95 %</th><th>DTT395 %</th><th>FD95 %</th>"
      "<th>Pst95</th><th>verdict</th></tr>";
  int i = 0;
  for (const v1::DisturbanceSet& d : r.disturbance_sets()) {
    bool a = d.limits_apply();
    absl::StrAppend(
        &s, "<tr><td>", ++i, "</td><td>", Minute(d.start()), "</td><td>", Minute(d.end()),
        "</td><td>", d.expurgated(), "</td>", Cell(d.dtt95_pct(), l.dtt95_pct, 2, a),
        Cell(d.dttp95_pct(), l.dttp95_pct, 2, a), Cell(d.dtti95_pct(), l.dtti95_pct, 2, a),
        Cell(d.dtt395_pct(), l.dtt395_pct, 2, a), Cell(d.fd95_pct(), l.fd95_pct, 2, a),
        flicker_measured ? Cell(d.pst95(), l.pst95, 2, a) : "<td class='muted'>not measured</td>",
        "<td>", a ? Verdict(d.violations_size() > 0) : "no limit at this level", "</td></tr>");
  }
  absl::StrAppend(&s,
                  "</table><table><tr><th>set / phase</th><th>DTT95 %</th><th>DTTp95 %</th>"
                  "<th>DTTi95 %</th><th>DTT395 %</th><th>Pst95</th></tr>");
  i = 0;
  for (const v1::DisturbanceSet& d : r.disturbance_sets()) {
    ++i;
    std::map<std::string, v1::PhasePercentiles> sorted(d.per_phase().begin(), d.per_phase().end());
    for (const auto& [name, p] : sorted) {
      absl::StrAppend(&s, "<tr><td>", i, " / ", name, "</td><td>", F(p.dtt95_pct()), "</td><td>",
                      F(p.dttp95_pct()), "</td><td>", F(p.dtti95_pct()), "</td><td>",
                      F(p.dtt395_pct()), "</td><td>", F(p.pst95()), "</td></tr>");
    }
  }
  absl::StrAppend(&s, "</table>");
  return s;
}

std::string HistogramSection(const ReportInput& in) {
  const v1::VoltageHistogram& h = in.result->histogram();
  SvgBarPlot plot;
  plot.title = absl::StrCat("Voltage histogram, all phases (below 0.80 pu: ", h.below(),
                            ", above 1.20 pu: ", h.above(), ")");
  plot.x_label =
      "reading / nominal (pu), bin lower edge; colour = Annex 8.A band at the bin centre";
  plot.y_label = "readings";
  for (int i = 0; i < h.counts_size(); ++i) {
    double lo = h.low_pu() + i * h.bin_width_pu();
    plot.labels.push_back(F(lo, 2));
    plot.values.push_back(static_cast<double>(h.counts(i)));
    double centre_v = (lo + h.bin_width_pu() / 2) * in.point->nominal_reading_v;
    plot.colors.push_back(kBandColor[static_cast<int>(
        ClassifyReading(centre_v, in.point->reference_v, in.point->bands))]);
  }
  return absl::StrCat("<h2>Voltage histogram (0.80-1.20 pu, 40 bins)</h2>", RenderBarPlot(plot));
}

// Hours since the first record, per record.
double Hours(const ReportInput& in, size_t i) {
  return static_cast<double>((*in.records)[i].start - in.records->front().start) /
         (3600.0 * kNsPerSecond);
}

// Expurgated or invalid intervals of `kind`, as x ranges in hours.
std::vector<std::pair<double, double>> Excluded(const ReportInput& in, SetKind kind) {
  std::vector<std::pair<double, double>> out;
  bool flicker = FlickerMeasured(*in.records);  // as EvaluateCompliance builds the sets
  for (size_t i = 0; i < in.records->size(); ++i) {
    if (!IsValidReading((*in.records)[i].record, kind, in.point->spec.expurgate_momentary,
                        flicker)) {
      out.push_back({Hours(in, i), Hours(in, i) + 1.0 / 6});
    }
  }
  return out;
}

// One series per phase of `value(phase record)`; NaN across gaps so lines break.
template <typename Fn>
std::vector<SvgSeries> PhaseSeries(const ReportInput& in, Fn value) {
  std::vector<SvgSeries> out;
  for (size_t i = 0; i < in.records->size(); ++i) {
    const v1::Record& r = (*in.records)[i].record;
    bool gap = i > 0 && (*in.records)[i].start - (*in.records)[i - 1].start > kTenMinutesNs;
    for (int p = 0; p < r.phases_size(); ++p) {
      if (static_cast<int>(out.size()) <= p) {
        out.push_back({PhaseName(r, p), kPhaseColors[p % 3], {}, {}});
      }
      if (gap) {
        out[p].x.push_back(Hours(in, i));
        out[p].y.push_back(std::numeric_limits<double>::quiet_NaN());
      }
      out[p].x.push_back(Hours(in, i));
      out[p].y.push_back(r.complete() ? value(r, r.phases(p))
                                      : std::numeric_limits<double>::quiet_NaN());
    }
  }
  return out;
}

std::string SeriesSection(const ReportInput& in, const DisturbanceLimits& l) {
  if (in.records->empty()) return "";
  const BandLimits& b = in.point->bands;
  double scale = b.per_unit ? in.point->reference_v : 1.0;
  std::string x_label = absl::StrCat("hours since ", Minute(in.records->front().record.start()),
                                     " UTC; shaded: intervals not valid for the set");
  SvgLinePlot rms;
  rms.title = "RMS voltage per phase (10-minute readings) with the Annex 8.A bands";
  rms.x_label = x_label;
  rms.y_label = "volts";
  rms.series =
      PhaseSeries(in, [](const v1::Record&, const v1::PhaseRecord& p) { return p.rms_v(); });
  rms.limits = {{b.adequate_lo * scale, "adequate low", "#e0a800"},
                {b.adequate_hi * scale, "adequate high", "#e0a800"},
                {b.precarious_lo * scale, "precarious low", "#c0392b"},
                {b.precarious_hi * scale, "precarious high", "#c0392b"}};
  rms.shaded_x = Excluded(in, SetKind::kSteadyState);
  // One labelled tick per day over a week-long measurement.
  double span_h = in.records->empty()
                      ? 0
                      : static_cast<double>(in.records->back().start - in.records->front().start) /
                            (3600.0 * kNsPerSecond);
  rms.x_tick_step = span_h <= 24 * 12 ? 24 : 0;
  SvgLinePlot dtt;
  dtt.title = "DTT per phase";
  dtt.x_label = x_label;
  dtt.y_label = "% of fundamental";
  dtt.x_tick_step = rms.x_tick_step;
  dtt.series =
      PhaseSeries(in, [](const v1::Record&, const v1::PhaseRecord& p) { return p.dtt_pct(); });
  if (l.apply) dtt.limits = {{l.dtt95_pct, "DTT95 limit", "#c0392b"}};
  dtt.shaded_x = Excluded(in, SetKind::kDisturbance);
  SvgLinePlot pst = dtt;
  pst.title = "Pst per phase";
  pst.y_label = "Pst";
  // A flagged Pst (unsettled filters, or an interruption: IEC 61000-4-30
  // 4.7) is no measurement: a gap in the line, not a spike that flattens it.
  pst.series = PhaseSeries(in, [](const v1::Record& r, const v1::PhaseRecord& p) {
    return r.flicker_complete() ? p.pst() : std::numeric_limits<double>::quiet_NaN();
  });
  pst.limits.clear();
  if (l.apply) pst.limits = {{l.pst95, "Pst95 limit", "#c0392b"}};
  SvgLinePlot fd = dtt;
  fd.title = "Voltage unbalance FD";
  fd.y_label = "%";
  fd.series = {{"FD", "#6c3483", {}, {}}};
  for (size_t i = 0; i < in.records->size(); ++i) {
    const v1::Record& r = (*in.records)[i].record;
    fd.series[0].x.push_back(Hours(in, i));
    fd.series[0].y.push_back(r.complete() ? r.fd_pct() : std::numeric_limits<double>::quiet_NaN());
  }
  fd.limits.clear();
  if (l.apply) fd.limits = {{l.fd95_pct, "FD95 limit", "#c0392b"}};
  return absl::StrCat("<h2>Time series</h2>", RenderLinePlot(rms), RenderLinePlot(dtt),
                      RenderLinePlot(pst), RenderLinePlot(fd));
}

// Table 6 with every VTCD event of the measurement, then FI per 30 days
// (item 106 f: the stratification and FI of each period) and DIC/FIC/DMIC.
std::string Table6Html(const std::string& title, const vtcd::StratificationGrid& grid) {
  std::string s =
      absl::StrCat("<h3>", Esc(title), "</h3><table><tr><th>amplitude (pu) \\ duration</th>");
  for (int c = 0; c < vtcd::kDurationColumns; ++c) {
    absl::StrAppend(&s, "<th>", Esc(std::string(vtcd::DurationColumnLabel(c))), "</th>");
  }
  absl::StrAppend(&s, "</tr>");
  for (int r = 0; r < vtcd::kAmplitudeRows; ++r) {
    absl::StrAppend(&s, "<tr><td>", Esc(std::string(vtcd::AmplitudeRowLabel(r))), "</td>");
    for (int c = 0; c < vtcd::kDurationColumns; ++c) {
      int n = grid[r][c];
      absl::StrAppend(&s, n > 0 ? "<td class='warn'>" : "<td>", n > 0 ? absl::StrCat(n) : "",
                      "</td>");
    }
    absl::StrAppend(&s, "</tr>");
  }
  absl::StrAppend(&s, "</table>");
  return s;
}

std::string StratificationAndImpact(const VtcdSummary& v) {
  std::string s =
      Table6Html(absl::StrCat("Stratification (table 6): ", v.vtcd_events, " VTCD events"), v.grid);
  // Item 106 f: each 30-day FI with its own stratification.
  if (v.impact_factor.size() > 1) {
    for (const ImpactFactorPeriod& p : v.impact_factor) {
      absl::StrAppend(&s, Table6Html(absl::StrCat("Table 6 of the period from ",
                                                  FormatRfc3339(p.report.period_start)),
                                     p.report.grid));
    }
  }
  absl::StrAppend(&s, "<h3>Impact factor FI per 30 consecutive days (items 74-77)</h3>");
  if (v.impact_factor.empty()) {
    absl::StrAppend(&s, "<p class='muted'>", Esc(v.impact_factor_note), "</p>");
  } else {
    absl::StrAppend(&s,
                    "<table><tr><th>period start</th><th>period end</th><th>days measured</th>"
                    "<th>fe A..I</th><th>FIBASE</th><th>FI (pu)</th><th>reference</th></tr>");
    for (const ImpactFactorPeriod& p : v.impact_factor) {
      std::string fe;
      for (int n : p.report.fe) absl::StrAppend(&fe, fe.empty() ? "" : " ", n);
      bool over = p.report.fi_pu > 1.0;
      absl::StrAppend(&s, "<tr><td>", FormatRfc3339(p.report.period_start), "</td><td>",
                      FormatRfc3339(p.report.period_end), "</td><td>", F(p.covered_days, 2),
                      "</td><td>", fe, "</td><td>", F(p.report.fibase, 2), "</td><td",
                      over ? " class='fail'>" : ">", F(p.report.fi_pu, 3), "</td><td>",
                      p.complete ? (over ? "above 1.0 pu" : "within 1.0 pu")
                                 : "incomplete period: not comparable with 1.0 pu",
                      "</td></tr>");
    }
    absl::StrAppend(&s, "</table>");
  }
  absl::StrAppend(&s, "<h3>Continuity (section 8.2): DIC, FIC, DMIC per month</h3>");
  if (v.continuity.empty()) {
    absl::StrAppend(&s,
                    "<p class='muted'>No long interruption: DIC = 0 h, FIC = 0, DMIC = 0 h.</p>");
  } else {
    absl::StrAppend(&s,
                    "<table><tr><th>month</th><th>DIC (h)</th><th>FIC</th><th>DMIC (h)</th></tr>");
    for (const vtcd::MonthlyContinuity& m : v.continuity) {
      absl::StrAppend(&s, "<tr><td>", absl::StrFormat("%04d-%02d", m.year, m.month), "</td><td>",
                      F(m.dic_h, 2), "</td><td>", m.fic, "</td><td>", F(m.dmic_h, 2), "</td></tr>");
    }
    absl::StrAppend(&s, "</table>");
  }
  return s;
}

std::string EventsSection(const ReportInput& in) {
  if (in.events == nullptr) {
    return "<h2>VTCD events (table 11)</h2><p class='muted'>No events file given "
           "(--events EVENTS.jsonl from `pqa replay --events`).</p>";
  }
  static const char* kMonths[] = {"jan", "fev", "mar", "abr", "mai", "jun",
                                  "jul", "ago", "set", "out", "nov", "dez"};
  std::string s = absl::StrCat("<h2>VTCD events (table 11): ", in.events->size(),
                               "</h2><table><tr><th>#</th><th>date</th><th>start</th>"
                               "<th>amplitude (pu)</th><th>duration (ms)</th><th>type</th>"
                               "<th>phases</th></tr>");
  int seq = 0;
  for (const v1::VtcdEvent& e : *in.events) {
    std::string date = e.start(), time;
    auto t = ParseRfc3339(e.start());
    if (t.ok()) {
      CivilDay d = ToCivilDay(*t);
      date = absl::StrFormat("%02d/%s/%04d", d.day, kMonths[d.month - 1], d.year);
      time = FormatRfc3339(*t).substr(11, 8);
    }
    std::string phases;
    for (const std::string& p : e.phases()) phases += p;
    absl::StrAppend(&s, "<tr><td>", ++seq, "</td><td>", date, "</td><td>", time, "</td><td>",
                    F(e.amplitude_pu(), 4), "</td><td>", F(e.duration_ms(), 1), "</td><td>",
                    Esc(e.type()), "</td><td>", phases, "</td></tr>");
  }
  absl::StrAppend(&s, "</table>");
  if (in.vtcd != nullptr) absl::StrAppend(&s, StratificationAndImpact(*in.vtcd));
  return s;
}

std::string ReadingsSection(const ReportInput& in) {
  std::string s = absl::StrCat(
      "<h2>All readings (item 104)</h2><details><summary>Table of the ", in.records->size(),
      " ten-minute records: band per phase; expurgated intervals marked</summary>"
      "<table><tr><th>start (UTC)</th><th>phase voltages (V) and band</th>"
      "<th>voltage set</th><th>DTT/FD/Pst set</th><th>VTCD</th></tr>");
  auto status = [&](const v1::Record& r, SetKind kind) -> std::string {
    if (!r.complete() || r.phases().empty()) return "<td class='inv'>incomplete</td>";
    if (IsExpurgated(r, kind, in.point->spec.expurgate_momentary)) {
      return "<td class='exp'>expurgated</td>";
    }
    return "<td>valid</td>";
  };
  for (const TimedRecord& tr : *in.records) {
    const v1::Record& r = tr.record;
    std::string phases;
    for (int p = 0; p < r.phases_size(); ++p) {
      Band band = ClassifyReading(r.phases(p).rms_v(), in.point->reference_v, in.point->bands);
      absl::StrAppend(&phases, "<span style='color:", kBandColor[static_cast<int>(band)], "'>",
                      PhaseName(r, p), " ", F(r.phases(p).rms_v()), "</span> ");
    }
    std::string vtcd;
    for (const std::string& t : r.vtcd_types()) absl::StrAppend(&vtcd, t, " ");
    if (r.long_interruption()) absl::StrAppend(&vtcd, "long interruption");
    absl::StrAppend(&s, "<tr><td>", Minute(r.start()), "</td><td>", phases, "</td>",
                    status(r, SetKind::kSteadyState), status(r, SetKind::kDisturbance), "<td>",
                    vtcd, "</td></tr>");
  }
  absl::StrAppend(&s, "</table></details>");
  return s;
}

}  // namespace

std::string RenderReportHtml(const ReportInput& in) {
  DisturbanceLimits limits = LimitsFor(*in.point);
  const v1::CompliancePoint& p = in.result->point();
  return absl::StrCat(
      "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>PRODIST Module 8 - ",
      Esc(p.id()), "</title><style>", kStyle, "</style></head><body>",
      "<h1>Voltage conformity report: PRODIST Module 8, section 8.1</h1><p class='muted'>Point ",
      Esc(p.id()), " &middot; ", Esc(p.connection()), " &middot; generated by pqa report</p>",
      PointSection(in), VoltageSection(*in.result),
      DisturbanceSection(*in.result, limits, FlickerMeasured(*in.records)), HistogramSection(in),
      SeriesSection(in, limits), EventsSection(in), ReadingsSection(in), "</body></html>\n");
}

namespace {
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
