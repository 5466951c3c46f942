// Inline-SVG plots for the report: time series with limit lines and hatched
// ranges, and a bar chart. No scripts, no external resources. Made to be
// printed: a viewBox so that the page width scales them, phases told apart
// by dash pattern as well as colour, hatching that survives black-and-white
// printing, the legend above the plot area and limit labels in the right
// margin so that neither covers data nor each other.
#ifndef PQA_HOST_REPORT_SVG_PLOT_H_
#define PQA_HOST_REPORT_SVG_PLOT_H_

#include <optional>
#include <string>
#include <vector>

namespace pqa::report {

struct SvgSeries {
  std::string name;
  std::string color;      // CSS colour
  std::vector<double> x;  // e.g. hours since the first reading
  std::vector<double> y;  // same length as x; NaN breaks the line
  std::string dash;       // SVG stroke-dasharray, "" solid
};

struct SvgLimitLine {
  double y = 0;
  std::string label;
  std::string color;
};

struct SvgTick {
  double x = 0;
  std::string label;
};

struct SvgLinePlot {
  std::string title;
  std::string x_label;
  std::string y_label;
  int width = 1000;  // viewBox units (pixels on screen)
  int height = 280;
  std::vector<SvgSeries> series;
  std::vector<SvgLimitLine> limits;
  std::vector<std::pair<double, double>> shaded_x;  // x ranges hatched (expurgated intervals)
  std::string shaded_label;                         // legend of the hatching; "" none
  std::vector<SvgTick> x_ticks;  // explicit ticks (local dates); empty: NiceTicks
  double x_tick_step = 0;        // without x_ticks: x units between ticks; 0 a 1-2-2.5-5 step
  // The vertical range from the points outside shaded_x (and the limits), so
  // that an outage or a flagged value inside an expurgated interval does not
  // squeeze the band; points beyond it are clipped and marked at the edge.
  bool range_from_valid = true;
  std::string out_of_scale_label;      // legend of the edge markers
  std::optional<double> y_min, y_max;  // fixed vertical range
  bool decimal_comma = false;          // tick labels "0,5" (pt-BR)
};
std::string RenderLinePlot(const SvgLinePlot& plot);

// Tick values inside [lo, hi]: multiples of `step`, or when `step` is 0 of
// the smallest 1, 2, 2.5 or 5 x 10^k giving at most `target` intervals.
std::vector<double> NiceTicks(double lo, double hi, int target, double step = 0);

// How a bar is filled besides its colour, for black-and-white prints.
enum class Hatch { kNone, kSingle, kCross };

struct SvgLegendItem {
  std::string label;
  std::string color;
  Hatch hatch = Hatch::kNone;
};

struct SvgBarPlot {
  std::string title;
  std::string x_label;
  std::string y_label;
  int width = 1000;
  int height = 250;
  std::vector<std::string> labels;  // one per bar
  std::vector<double> values;       // bar heights (>= 0)
  std::vector<std::string> colors;  // one per bar
  std::vector<Hatch> hatches;       // one per bar, or empty
  std::vector<SvgLegendItem> legend;
  bool decimal_comma = false;  // tick labels "0,5" (pt-BR)
};
std::string RenderBarPlot(const SvgBarPlot& plot);

// Escapes &, <, >, ", ' for HTML/SVG text.
std::string HtmlEscape(const std::string& text);

}  // namespace pqa::report

#endif  // PQA_HOST_REPORT_SVG_PLOT_H_
