// Minimal inline-SVG plots for the report: time series with horizontal limit
// lines, and a bar chart. No scripts, no external resources.
#ifndef PQA_HOST_REPORT_SVG_PLOT_H_
#define PQA_HOST_REPORT_SVG_PLOT_H_

#include <string>
#include <vector>

namespace pqa::report {

struct SvgSeries {
  std::string name;
  std::string color;      // CSS colour
  std::vector<double> x;  // e.g. hours since the first reading
  std::vector<double> y;  // same length as x; NaN breaks the line
};

struct SvgLimitLine {
  double y = 0;
  std::string label;
  std::string color;
};

struct SvgLinePlot {
  std::string title;
  std::string x_label;
  std::string y_label;
  int width = 1100;  // pixels
  int height = 260;  // pixels
  std::vector<SvgSeries> series;
  std::vector<SvgLimitLine> limits;
  std::vector<std::pair<double, double>> shaded_x;  // x ranges to shade (expurgated intervals)
  double x_tick_step = 0;  // x units between labelled ticks; 0: a 1-2-2.5-5 step
};
std::string RenderLinePlot(const SvgLinePlot& plot);

// Tick values inside [lo, hi]: multiples of `step`, or when `step` is 0 of
// the smallest 1, 2, 2.5 or 5 x 10^k giving at most `target` intervals.
std::vector<double> NiceTicks(double lo, double hi, int target, double step = 0);

struct SvgBarPlot {
  std::string title;
  std::string x_label;
  std::string y_label;
  int width = 1100;
  int height = 240;
  std::vector<std::string> labels;  // one per bar
  std::vector<double> values;       // bar heights (>= 0)
  std::vector<std::string> colors;  // one per bar
};
std::string RenderBarPlot(const SvgBarPlot& plot);

// Escapes &, <, >, " for HTML/SVG text.
std::string HtmlEscape(const std::string& text);

}  // namespace pqa::report

#endif  // PQA_HOST_REPORT_SVG_PLOT_H_
