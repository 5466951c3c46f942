#include "host/report/svg_plot.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace pqa::report {
namespace {
constexpr int kLeft = 70, kRight = 20, kTop = 28, kBottom = 40;

std::string Num(double v) { return absl::StrFormat("%.1f", v); }

std::string Frame(const std::string& title, const std::string& x_label, const std::string& y_label,
                  int w, int h) {
  return absl::StrCat(
      "<svg xmlns='http://www.w3.org/2000/svg' width='", w, "' height='", h,
      "' font-family='sans-serif' font-size='11'>", "<rect x='0' y='0' width='", w, "' height='", h,
      "' fill='white'/>", "<text x='", kLeft, "' y='16' font-size='13' font-weight='bold'>",
      HtmlEscape(title), "</text><text x='", w / 2, "' y='", h - 6, "' text-anchor='middle'>",
      HtmlEscape(x_label), "</text><text x='14' y='", h / 2, "' transform='rotate(-90 14 ", h / 2,
      ")' text-anchor='middle'>", HtmlEscape(y_label), "</text>");
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
      default:
        out += c;
    }
  }
  return out;
}

std::string RenderLinePlot(const SvgLinePlot& p) {
  double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
  for (const SvgSeries& s : p.series) {
    for (size_t i = 0; i < s.x.size(); ++i) {
      if (std::isnan(s.y[i])) continue;
      x0 = std::min(x0, s.x[i]);
      x1 = std::max(x1, s.x[i]);
      y0 = std::min(y0, s.y[i]);
      y1 = std::max(y1, s.y[i]);
    }
  }
  for (const SvgLimitLine& l : p.limits) {
    y0 = std::min(y0, l.y);
    y1 = std::max(y1, l.y);
  }
  if (!(x1 > x0)) x1 = x0 + 1;
  if (!std::isfinite(y0)) y0 = 0, y1 = 1;
  if (!(y1 > y0)) y1 = y0 + 1;
  double pad = 0.05 * (y1 - y0);
  y0 -= pad;
  y1 += pad;
  const double pw = p.width - kLeft - kRight, ph = p.height - kTop - kBottom;
  auto X = [&](double x) { return kLeft + (x - x0) / (x1 - x0) * pw; };
  auto Y = [&](double y) { return kTop + (y1 - y) / (y1 - y0) * ph; };
  std::string s = Frame(p.title, p.x_label, p.y_label, p.width, p.height);
  for (auto [a, b] : p.shaded_x) {
    absl::StrAppend(&s, "<rect x='", Num(X(a)), "' y='", kTop, "' width='",
                    Num(std::max(1.0, X(b) - X(a))), "' height='", Num(ph),
                    "' fill='#f4c7c3' opacity='0.6'/>");
  }
  absl::StrAppend(&s, "<rect x='", kLeft, "' y='", kTop, "' width='", Num(pw), "' height='",
                  Num(ph), "' fill='none' stroke='#888'/>");
  for (double y : NiceTicks(y0, y1, 5)) {
    absl::StrAppend(&s, "<text x='", kLeft - 4, "' y='", Num(Y(y) + 4), "' text-anchor='end'>",
                    absl::StrFormat("%.4g", y), "</text><line x1='", kLeft, "' x2='",
                    Num(kLeft + pw), "' y1='", Num(Y(y)), "' y2='", Num(Y(y)), "' stroke='#eee'/>");
  }
  for (double x : NiceTicks(x0, x1, 8, p.x_tick_step)) {
    absl::StrAppend(&s, "<text x='", Num(X(x)), "' y='", Num(kTop + ph + 14),
                    "' text-anchor='middle'>", absl::StrFormat("%.4g", x), "</text>");
  }
  std::vector<std::pair<double, double>> placed;  // label anchors (x, y) in pixels
  for (const SvgLimitLine& l : p.limits) {
    // A label closer than a text line to one already placed moves left, so
    // near limits (adequate and precarious high) do not overprint.
    double label_x = kLeft + pw - 4;
    for (bool moved = true; moved;) {
      moved = false;
      for (auto [px, py] : placed) {
        if (px == label_x && std::abs(py - Y(l.y)) < 18) {
          label_x -= 140;
          moved = true;
        }
      }
    }
    placed.emplace_back(label_x, Y(l.y));
    absl::StrAppend(&s, "<line x1='", kLeft, "' x2='", Num(kLeft + pw), "' y1='", Num(Y(l.y)),
                    "' y2='", Num(Y(l.y)), "' stroke='", l.color,
                    "' stroke-dasharray='6 4'/><text x='", Num(label_x), "' y='", Num(Y(l.y) - 3),
                    "' text-anchor='end' fill='", l.color, "'>", HtmlEscape(l.label), "</text>");
  }
  int legend_x = kLeft + 8;
  for (const SvgSeries& se : p.series) {
    std::string d;
    bool pen_up = true;
    for (size_t i = 0; i < se.x.size(); ++i) {
      if (std::isnan(se.y[i])) {
        pen_up = true;
        continue;
      }
      absl::StrAppend(&d, pen_up ? "M" : "L", Num(X(se.x[i])), " ", Num(Y(se.y[i])), " ");
      pen_up = false;
    }
    absl::StrAppend(&s, "<path d='", d, "' fill='none' stroke='", se.color, "' stroke-width='1'/>");
    absl::StrAppend(&s, "<rect x='", legend_x, "' y='", kTop + 6, "' width='10' height='10' fill='",
                    se.color, "'/><text x='", legend_x + 14, "' y='", kTop + 15, "'>",
                    HtmlEscape(se.name), "</text>");
    legend_x += 20 + 7 * static_cast<int>(se.name.size());
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
  std::string s = Frame(p.title, p.x_label, p.y_label, p.width, p.height);
  absl::StrAppend(&s, "<rect x='", kLeft, "' y='", kTop, "' width='", Num(pw), "' height='",
                  Num(ph), "' fill='none' stroke='#888'/>");
  for (double v : NiceTicks(0, vmax, 5)) {
    double y = kTop + ph - v / vmax * ph;
    absl::StrAppend(&s, "<text x='", kLeft - 4, "' y='", Num(y + 4), "' text-anchor='end'>",
                    absl::StrFormat("%.4g", v), "</text>");
  }
  for (size_t i = 0; i < p.values.size(); ++i) {
    double h = p.values[i] / vmax * ph;
    double x = kLeft + i * bw;
    absl::StrAppend(&s, "<rect x='", Num(x + 1), "' y='", Num(kTop + ph - h), "' width='",
                    Num(std::max(1.0, bw - 2)), "' height='", Num(h), "' fill='",
                    i < p.colors.size() ? p.colors[i] : "#4a7ab5", "'><title>",
                    HtmlEscape(p.labels[i]), ": ", absl::StrFormat("%.0f", p.values[i]),
                    "</title></rect>");
    if (i % 5 == 0) {
      absl::StrAppend(&s, "<text x='", Num(x), "' y='", Num(kTop + ph + 14), "'>",
                      HtmlEscape(p.labels[i]), "</text>");
    }
  }
  absl::StrAppend(&s, "</svg>");
  return s;
}

}  // namespace pqa::report
