#include "host/report/svg_plot.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace pqa::report {
namespace {
// Margins in viewBox units: tick labels left, limit labels right, title and
// legend above, tick labels and axis label below.
constexpr int kLeft = 64, kRight = 118, kTop = 46, kBottom = 42;
constexpr int kLabelGap = 11;  // vertical room of one limit label

std::string Num(double v) { return absl::StrFormat("%.1f", v); }

// A tick value for people, with the report's decimal separator.
std::string TickLabel(double v, bool decimal_comma) {
  std::string s = absl::StrFormat("%.4g", v);
  if (decimal_comma) std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

// An id unique to one plot in the document (patterns, clip paths).
std::string PlotId(const std::string& title, const std::string& salt) {
  return absl::StrFormat("p%x", std::hash<std::string>{}(title + "|" + salt));
}

std::string HatchDefs(const std::string& id) {
  return absl::StrCat(
      "<defs><pattern id='", id,
      "h1' patternUnits='userSpaceOnUse' width='6' height='6' patternTransform='rotate(45)'>"
      "<line x1='0' y1='0' x2='0' y2='6' stroke='#555' stroke-width='1.2'/></pattern>"
      "<pattern id='",
      id,
      "h2' patternUnits='userSpaceOnUse' width='5' height='5'>"
      "<path d='M0 0L5 5M5 0L0 5' stroke='#222' stroke-width='1'/></pattern></defs>");
}

std::string Frame(const std::string& title, const std::string& x_label, const std::string& y_label,
                  int w, int h, const std::string& id) {
  return absl::StrCat(
      "<svg xmlns='http://www.w3.org/2000/svg' class='plot' viewBox='0 0 ", w, " ", h, "' width='",
      w, "' height='", h, "' font-family='sans-serif' font-size='11'>", HatchDefs(id),
      "<rect x='0' y='0' width='", w, "' height='", h, "' fill='white'/>", "<text x='", kLeft,
      "' y='15' font-size='13' font-weight='bold'>", HtmlEscape(title),
      "</text><text class='axis-label' x='", kLeft + (w - kLeft - kRight) / 2, "' y='", h - 6,
      "' text-anchor='middle'>", HtmlEscape(x_label), "</text><text class='axis-label' x='13' y='",
      kTop + (h - kTop - kBottom) / 2, "' transform='rotate(-90 13 ",
      kTop + (h - kTop - kBottom) / 2, ")' text-anchor='middle'>", HtmlEscape(y_label), "</text>");
}

// Legend entries in a row under the title, from `x`; returns the next x.
int LegendLine(std::string& s, int x, const std::string& color, const std::string& dash,
               const std::string& label) {
  absl::StrAppend(&s, "<line x1='", x, "' x2='", x + 24, "' y1='29' y2='29' stroke='", color,
                  "' stroke-width='2'",
                  dash.empty() ? "" : absl::StrCat(" stroke-dasharray='", dash, "'"), "/><text x='",
                  x + 28, "' y='33'>", HtmlEscape(label), "</text>");
  return x + 40 + 6 * static_cast<int>(label.size());
}
int LegendBox(std::string& s, int x, const std::string& fill, const std::string& label) {
  absl::StrAppend(&s, "<rect x='", x, "' y='23' width='14' height='11' fill='#d0d0d0'/>",
                  "<rect x='", x, "' y='23' width='14' height='11' fill='", fill,
                  "' stroke='#555'/><text x='", x + 18, "' y='33'>", HtmlEscape(label), "</text>");
  return x + 30 + 6 * static_cast<int>(label.size());
}

bool InRanges(double x, const std::vector<std::pair<double, double>>& ranges) {
  for (auto [a, b] : ranges) {
    if (x >= a && x < b) return true;
  }
  return false;
}

}  // namespace

std::vector<double> NiceTicks(double lo, double hi, int target, double step) {
  std::vector<double> ticks;
  if (!(hi > lo) || target < 1) return ticks;
  if (!(step > 0)) {
    // The smallest 1, 2, 2.5 or 5 x 10^k step giving at most `target` intervals.
    double raw = (hi - lo) / target;
    double mag = std::pow(10.0, std::floor(std::log10(raw)));
    step = 10 * mag;
    for (double m : {1.0, 2.0, 2.5, 5.0}) {
      if (m * mag >= raw) {
        step = m * mag;
        break;
      }
    }
  }
  for (double t = std::ceil(lo / step - 1e-9) * step; t <= hi + 1e-9 * step; t += step) {
    ticks.push_back(std::abs(t) < 1e-12 * step ? 0.0 : t);
  }
  return ticks;
}

std::string HtmlEscape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string RenderLinePlot(const SvgLinePlot& p) {
  const double inf = std::numeric_limits<double>::infinity();
  double x0 = inf, x1 = -inf, y0 = inf, y1 = -inf;
  double all_y0 = inf, all_y1 = -inf;
  for (const SvgSeries& s : p.series) {
    for (size_t i = 0; i < s.x.size(); ++i) {
      if (std::isnan(s.y[i])) continue;
      x0 = std::min(x0, s.x[i]);
      x1 = std::max(x1, s.x[i]);
      all_y0 = std::min(all_y0, s.y[i]);
      all_y1 = std::max(all_y1, s.y[i]);
      if (p.range_from_valid && InRanges(s.x[i], p.shaded_x)) continue;
      y0 = std::min(y0, s.y[i]);
      y1 = std::max(y1, s.y[i]);
    }
  }
  if (!std::isfinite(y0)) y0 = all_y0, y1 = all_y1;  // nothing valid: every point
  for (const SvgLimitLine& l : p.limits) {
    y0 = std::min(y0, l.y);
    y1 = std::max(y1, l.y);
  }
  if (!(x1 > x0)) x1 = x0 + 1;
  if (!std::isfinite(x0)) x0 = 0, x1 = 1;
  if (!std::isfinite(y0)) y0 = 0, y1 = 1;
  if (!(y1 > y0)) y0 -= 0.5, y1 += 0.5;
  double pad = 0.06 * (y1 - y0);
  y0 -= pad;
  y1 += pad;
  if (p.y_min) y0 = *p.y_min;
  if (p.y_max) y1 = *p.y_max;
  const double pw = p.width - kLeft - kRight, ph = p.height - kTop - kBottom;
  auto X = [&](double x) { return kLeft + (x - x0) / (x1 - x0) * pw; };
  auto Y = [&](double y) { return kTop + (y1 - y) / (y1 - y0) * ph; };
  const std::string id = PlotId(p.title, p.y_label);
  std::string s = Frame(p.title, p.x_label, p.y_label, p.width, p.height, id);
  absl::StrAppend(&s, "<defs><clipPath id='", id, "c'><rect x='", kLeft, "' y='", kTop, "' width='",
                  Num(pw), "' height='", Num(ph), "'/></clipPath></defs>");
  for (auto [a, b] : p.shaded_x) {
    double xa = std::max<double>(kLeft, X(a)), xb = std::min<double>(kLeft + pw, X(b));
    if (xb <= xa - 1) continue;
    // At least 4 units wide: a 10-minute interval in a week is under one.
    const double w = std::max(4.0, xb - xa), x = std::min(xa, kLeft + pw - w);
    absl::StrAppend(&s, "<rect class='shade' x='", Num(x), "' y='", kTop, "' width='", Num(w),
                    "' height='", Num(ph), "' fill='#d0d0d0'/><rect x='", Num(x), "' y='", kTop,
                    "' width='", Num(w), "' height='", Num(ph), "' fill='url(#", id, "h1)'/>");
  }
  absl::StrAppend(&s, "<rect x='", kLeft, "' y='", kTop, "' width='", Num(pw), "' height='",
                  Num(ph), "' fill='none' stroke='#888'/>");
  for (double y : NiceTicks(y0, y1, 5)) {
    absl::StrAppend(&s, "<text x='", kLeft - 4, "' y='", Num(Y(y) + 4), "' text-anchor='end'>",
                    TickLabel(y, p.decimal_comma), "</text><line x1='", kLeft, "' x2='",
                    Num(kLeft + pw), "' y1='", Num(Y(y)), "' y2='", Num(Y(y)),
                    "' stroke='#e4e4e4'/>");
  }
  std::vector<SvgTick> ticks = p.x_ticks;
  if (ticks.empty()) {
    for (double x : NiceTicks(x0, x1, 8, p.x_tick_step)) {
      ticks.push_back({x, TickLabel(x, p.decimal_comma)});
    }
  }
  for (const SvgTick& t : ticks) {
    if (t.x < x0 - 1e-9 || t.x > x1 + 1e-9) continue;
    absl::StrAppend(&s, "<line x1='", Num(X(t.x)), "' x2='", Num(X(t.x)), "' y1='", kTop, "' y2='",
                    Num(kTop + ph + 3), "' stroke='#e4e4e4'/><text x='", Num(X(t.x)), "' y='",
                    Num(kTop + ph + 14), "' text-anchor='middle'>", HtmlEscape(t.label), "</text>");
  }
  // Limit lines across the plot; their labels in the right margin, pushed
  // apart so that none overprints another.
  std::vector<std::pair<double, size_t>> label_y;
  for (size_t i = 0; i < p.limits.size(); ++i) {
    const SvgLimitLine& l = p.limits[i];
    absl::StrAppend(&s, "<line x1='", kLeft, "' x2='", Num(kLeft + pw), "' y1='", Num(Y(l.y)),
                    "' y2='", Num(Y(l.y)), "' stroke='", l.color,
                    "' stroke-width='1.2' stroke-dasharray='7 3 1 3'/>");
    label_y.push_back({Y(l.y) + 4, i});
  }
  std::sort(label_y.begin(), label_y.end());
  for (size_t i = 1; i < label_y.size(); ++i) {
    label_y[i].first = std::max(label_y[i].first, label_y[i - 1].first + kLabelGap);
  }
  const double bottom = kTop + ph + 4;
  if (!label_y.empty() && label_y.back().first > bottom) {
    label_y.back().first = bottom;
    for (size_t i = label_y.size() - 1; i-- > 0;) {
      label_y[i].first = std::min(label_y[i].first, label_y[i + 1].first - kLabelGap);
    }
  }
  for (auto [y, i] : label_y) {
    absl::StrAppend(&s, "<text x='", Num(kLeft + pw + 5), "' y='", Num(y), "' fill='",
                    p.limits[i].color, "'>", HtmlEscape(p.limits[i].label), "</text>");
  }
  int legend_x = kLeft;
  bool off_scale = false;
  std::string markers;
  for (const SvgSeries& se : p.series) {
    std::string d;
    bool pen_up = true;
    double last_marker_x = -1e9;
    for (size_t i = 0; i < se.x.size(); ++i) {
      if (std::isnan(se.y[i])) {
        pen_up = true;
        continue;
      }
      absl::StrAppend(&d, pen_up ? "M" : "L", Num(X(se.x[i])), " ", Num(Y(se.y[i])), " ");
      pen_up = false;
      if ((se.y[i] > y1 || se.y[i] < y0) && X(se.x[i]) - last_marker_x >= 4) {
        // Off the scale: a triangle on the edge it left by.
        last_marker_x = X(se.x[i]);
        const bool above = se.y[i] > y1;
        const double e = above ? kTop : kTop + ph;
        const double tip = above ? e + 1 : e - 1, base = above ? e + 8 : e - 8;
        absl::StrAppend(&markers, "<path d='M", Num(last_marker_x), " ", Num(tip), " L",
                        Num(last_marker_x - 4), " ", Num(base), " L", Num(last_marker_x + 4), " ",
                        Num(base), " Z' fill='#000'/>");
        off_scale = true;
      }
    }
    absl::StrAppend(&s, "<path d='", d, "' fill='none' stroke='", se.color,
                    "' stroke-width='1.1' clip-path='url(#", id, "c)'",
                    se.dash.empty() ? "" : absl::StrCat(" stroke-dasharray='", se.dash, "'"), "/>");
    legend_x = LegendLine(s, legend_x, se.color, se.dash, se.name);
  }
  absl::StrAppend(&s, markers);
  if (!p.shaded_x.empty() && !p.shaded_label.empty()) {
    legend_x = LegendBox(s, legend_x, absl::StrCat("url(#", id, "h1)"), p.shaded_label);
  }
  if (off_scale && !p.out_of_scale_label.empty()) {
    absl::StrAppend(&s, "<path d='M", legend_x + 7, " 24 L", legend_x + 3, " 32 L", legend_x + 11,
                    " 32 Z' fill='#000'/><text x='", legend_x + 16, "' y='33'>",
                    HtmlEscape(p.out_of_scale_label), "</text>");
  }
  absl::StrAppend(&s, "</svg>");
  return s;
}

std::string RenderBarPlot(const SvgBarPlot& p) {
  double vmax = 0;
  for (double v : p.values) vmax = std::max(vmax, v);
  if (vmax <= 0) vmax = 1;
  const double pw = p.width - kLeft - kRight, ph = p.height - kTop - kBottom;
  const double bw = p.values.empty() ? pw : pw / p.values.size();
  const std::string id = PlotId(p.title, p.y_label);
  std::string s = Frame(p.title, p.x_label, p.y_label, p.width, p.height, id);
  absl::StrAppend(&s, "<rect x='", kLeft, "' y='", kTop, "' width='", Num(pw), "' height='",
                  Num(ph), "' fill='none' stroke='#888'/>");
  for (double v : NiceTicks(0, vmax, 5)) {
    double y = kTop + ph - v / vmax * ph;
    absl::StrAppend(&s, "<text x='", kLeft - 4, "' y='", Num(y + 4), "' text-anchor='end'>",
                    TickLabel(v, p.decimal_comma), "</text>");
  }
  auto hatch_fill = [&](Hatch h) {
    return h == Hatch::kSingle ? absl::StrCat("url(#", id, "h1)")
                               : absl::StrCat("url(#", id, "h2)");
  };
  for (size_t i = 0; i < p.values.size(); ++i) {
    double h = p.values[i] / vmax * ph;
    double x = kLeft + i * bw;
    absl::StrAppend(&s, "<rect x='", Num(x + 1), "' y='", Num(kTop + ph - h), "' width='",
                    Num(std::max(1.0, bw - 2)), "' height='", Num(h), "' fill='",
                    i < p.colors.size() ? p.colors[i] : "#4a7ab5",
                    "' stroke='#333' stroke-width='0.5'><title>", HtmlEscape(p.labels[i]), ": ",
                    absl::StrFormat("%.0f", p.values[i]), "</title></rect>");
    if (i < p.hatches.size() && p.hatches[i] != Hatch::kNone && h > 0) {
      absl::StrAppend(&s, "<rect x='", Num(x + 1), "' y='", Num(kTop + ph - h), "' width='",
                      Num(std::max(1.0, bw - 2)), "' height='", Num(h), "' fill='",
                      hatch_fill(p.hatches[i]), "'/>");
    }
    if (i % 5 == 0) {
      absl::StrAppend(&s, "<text x='", Num(x), "' y='", Num(kTop + ph + 14), "'>",
                      HtmlEscape(p.labels[i]), "</text>");
    }
  }
  int legend_x = kLeft;
  for (const SvgLegendItem& item : p.legend) {
    int next = LegendBox(s, legend_x, item.color, item.label);
    if (item.hatch != Hatch::kNone) {
      absl::StrAppend(&s, "<rect x='", legend_x, "' y='23' width='14' height='11' fill='",
                      hatch_fill(item.hatch), "'/>");
    }
    legend_x = next;
  }
  absl::StrAppend(&s, "</svg>");
  return s;
}

}  // namespace pqa::report
