#include "host/flicker/pinst_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace pqa::flicker {

namespace {

double ClassesPerLogUnit() {
  return PinstHistogram::kLogClasses / std::log(PinstHistogram::kHighest / PinstHistogram::kLowest);
}

// Positive doubles order like their bit patterns.
std::uint64_t Bits(double x) { return std::bit_cast<std::uint64_t>(x); }
double FromBits(std::uint64_t b) { return std::bit_cast<double>(b); }

// lowest[k]: the least double whose ClassOf() is k or more, k = 1..kLogClasses
// (lowest[kLogClasses + 1] = kHighest). Bisection on the definition itself,
// from a bracket around kLowest exp((k - 1) / c), so the table reproduces
// ClassOf() exactly wherever the library logarithm is monotonic. The edges
// lie within 23 representable values of that estimate (the roundings of
// exp, log and the scaling by c), so the bracket starts +-8 values wide and
// grows 16-fold until it holds the edge: about 7 logarithms per class
// instead of 16 from a relative margin, for the same edges (any bracket
// around a monotonic step finds the same step). Built once per process.
// lowest[0] = 0 and lowest[kLogClasses + 2] = infinity bound the two open
// classes, so that a class test on a value >= 0 is the same two comparisons
// for every class (AddPolyline(), SplitAcrossClasses()).
std::vector<double> LowestOfEachClass() {
  constexpr int kClasses = PinstHistogram::kLogClasses;
  const double c = ClassesPerLogUnit();
  std::vector<double> lowest(kClasses + 3, 0.0);
  lowest[1] = PinstHistogram::kLowest;
  lowest[kClasses + 1] = PinstHistogram::kHighest;
  lowest[kClasses + 2] = std::numeric_limits<double>::infinity();
  for (int k = 2; k <= kClasses; ++k) {
    const std::uint64_t estimate = Bits(PinstHistogram::kLowest * std::exp((k - 1) / c));
    std::uint64_t margin = 8;  // representable values either side
    std::uint64_t lo, hi;      // ClassOf(lo) < k <= ClassOf(hi)
    while (true) {
      lo = std::max(Bits(lowest[k - 1]), estimate - std::min(margin, estimate));
      hi = std::min(Bits(PinstHistogram::kHighest), estimate + margin);
      if (PinstHistogram::ClassOf(FromBits(lo)) < k && PinstHistogram::ClassOf(FromBits(hi)) >= k) {
        break;
      }
      margin *= 16;
    }
    while (hi - lo > 1) {
      const std::uint64_t mid = lo + (hi - lo) / 2;
      (PinstHistogram::ClassOf(FromBits(mid)) >= k ? hi : lo) = mid;
    }
    lowest[k] = FromBits(hi);
  }
  return lowest;
}

}  // namespace

int PinstHistogram::ClassOf(double pinst) {
  if (pinst < kLowest) return 0;
  if (pinst >= kHighest) return kLogClasses + 1;
  static const double c = ClassesPerLogUnit();
  const int cls = 1 + static_cast<int>(std::log(pinst / kLowest) * c);
  return std::clamp(cls, 1, kLogClasses);  // rounding at the top edge
}

namespace {

// Until the first value is classified, lowest_ points here: every test of
// Classify()'s hinted search (hint 1: entries 0 to 3) fails on NaN, so the
// first value goes to Search(), which builds the table. A meter that never
// classifies (a recording shorter than the settling time) never pays for it.
constexpr double kNotBuilt[4] = {
    std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN(),
    std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};

}  // namespace

PinstHistogram::PinstHistogram()
    : classes_per_log_unit_(ClassesPerLogUnit()), lowest_(kNotBuilt), counts_(kLogClasses + 2, 0) {}

void PinstHistogram::BuildTable() {
  // Once per process, shared by every histogram (a thread-safe static).
  static const std::vector<double> lowest = LowestOfEachClass();
  lowest_ = lowest.data();
}

int PinstHistogram::Search(double pinst) {
  if (lowest_ == kNotBuilt) BuildTable();
  // The first class whose lowest value exceeds pinst, minus one.
  return static_cast<int>(std::upper_bound(lowest_ + 1, lowest_ + kLogClasses + 1, pinst) -
                          lowest_) -
         1;
}

namespace {

// The walk of PinstHistogram::Split() over a built class table: adds the
// segment from `from` (in class c) to `to` (not in class c) and returns the
// class of `to`. The share of the segment below a class edge e (lo < e <
// hi) is rounded: monotonic in e, so no class gets a negative weight, and
// the last class takes what remains, so the segment adds exactly kUnit.
inline int SplitAcrossClasses(const double* lowest, std::int64_t* counts, double from, double to,
                              int c) {
  constexpr std::int64_t kUnit = PinstHistogram::kUnit;
  const double lo = std::min(from, to);
  const double scale = static_cast<double>(kUnit) / std::abs(to - from);
  auto share_below = [&](double edge) {
    return static_cast<std::int64_t>((edge - lo) * scale + 0.5);
  };
  if (from < to) {
    // Up through the upper edges at or below `to` (the top class's,
    // infinity, is above every finite `to`).
    std::int64_t below_lower = 0;
    for (; to >= lowest[c + 1]; ++c) {
      const std::int64_t below_upper = share_below(lowest[c + 1]);
      counts[c] += below_upper - below_lower;
      below_lower = below_upper;
    }
    counts[c] += kUnit - below_lower;
  } else {
    // Down through the lower edges above `to` (lowest[0] = 0 <= to ends
    // the walk in class 0 at the latest).
    std::int64_t below_upper = kUnit;
    for (; to < lowest[c]; --c) {
      const std::int64_t below_lower = share_below(lowest[c]);
      counts[c] += below_upper - below_lower;
      below_upper = below_lower;
    }
    counts[c] += below_upper;
  }
  return c;
}

}  // namespace

void PinstHistogram::Split(double from, double to) {
  if (lowest_ == kNotBuilt) BuildTable();  // every value so far outside the log classes
  segment_class_ = SplitAcrossClasses(lowest_, counts_.data(), from, to, segment_class_);
}

double PinstHistogram::AddPolyline(double from, const double* to, std::size_t stride,
                                   std::size_t n) {
  if (n == 0) return 0;
  if (lowest_ == kNotBuilt) BuildTable();
  if (!InClass(from, segment_class_)) segment_class_ = Classify(from);
  const double* const lowest = lowest_;
  std::int64_t* const counts = counts_.data();
  int c = segment_class_;
  double previous = from;
  double top = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double v = to[i * stride];
    if (v >= lowest[c] && v < lowest[c + 1]) {  // InClass() on the built table, v >= 0
      counts[c] += kUnit;
    } else {
      c = SplitAcrossClasses(lowest, counts, previous, v, c);
    }
    top = std::max(top, v);
    previous = v;
  }
  segment_class_ = c;
  count_ += static_cast<std::int64_t>(n);
  max_ = std::max(max_, std::max(from, top));
  return top;
}

void PinstHistogram::Clear() {
  std::fill(counts_.begin(), counts_.end(), 0);
  count_ = 0;
  max_ = 0;
}

double PinstHistogram::LowerEdge(int cls) const {
  if (cls == 0) return 0;
  if (cls == kLogClasses + 1) return kHighest;
  return kLowest * std::exp((cls - 1) / classes_per_log_unit_);
}

double PinstHistogram::UpperEdge(int cls) const {
  if (cls == 0) return kLowest;
  if (cls == kLogClasses + 1) return std::max(max_, kHighest);
  return kLowest * std::exp(cls / classes_per_log_unit_);
}

double PinstHistogram::Percentile(double percent) const {
  if (count_ == 0) return 0;
  // Weights are in kUnit per value; their total, count_ kUnit, is exact in a double.
  const double above_target =
      percent / 100 * static_cast<double>(count_) * static_cast<double>(kUnit);
  double above = 0;
  for (int cls = kLogClasses + 1; cls >= 0; --cls) {
    const double n = static_cast<double>(counts_[cls]);
    if (n == 0 || above + n < above_target) {
      above += n;
      continue;
    }
    // The time in a class is taken as spread evenly over it (in log scale
    // for the logarithmic classes); interpolate from its upper edge.
    const double fraction = (above_target - above) / n;
    const double lo = LowerEdge(cls), hi = std::min(UpperEdge(cls), std::max(max_, lo));
    if (cls == 0 || cls == kLogClasses + 1) return hi - fraction * (hi - lo);
    return hi * std::pow(lo / hi, fraction);
  }
  return 0;
}

double ShortTermSeverity(const PinstHistogram& h) {
  auto p = [&h](double percent) { return h.Percentile(percent); };
  const double p1s = (p(0.7) + p(1) + p(1.5)) / 3;
  const double p3s = (p(2.2) + p(3) + p(4)) / 3;
  const double p10s = (p(6) + p(8) + p(10) + p(13) + p(17)) / 5;
  const double p50s = (p(30) + p(50) + p(80)) / 3;
  return std::sqrt(0.0314 * p(0.1) + 0.0525 * p1s + 0.0657 * p3s + 0.28 * p10s + 0.08 * p50s);
}

}  // namespace pqa::flicker
