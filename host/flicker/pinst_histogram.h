// IEC 61000-4-15 block 5: classification of Pinst over an observation
// period, the cumulative probability function and the short-term severity.
//
// Classes are logarithmic: kLogClasses classes between kLowest and kHighest
// (512 per decade, each 0.45 % wide), plus one linear class [0, kLowest) and
// one [kHighest, max seen]. Percentiles are interpolated inside their class,
// so their error is well below the class width: far finer than class F1
// needs, with a fixed 33 kB of state that maps to a BRAM in HLS.
//
// The class of a value is defined as 1 + floor(ln(pinst / kLowest) * classes
// per log unit) (ClassOf()). Classification runs at the flickermeter's
// internal rate on every phase, where a logarithm per value was a fifth of
// a 2 kS/s replay: Classify() finds the same class among the classes'
// lowest values (found once, from that definition, by bisection), starting
// from the previous value's class, which Pinst rarely leaves by more than one.
//
// IEC 61000-4-15 block 5 classifies a continuous Pinst; blocks 1-4 deliver
// it about 400 times a second (pinst_chain.h). AddSegment() classifies the
// straight line between two such values, as an analog classifier would see
// it: time runs linearly along the segment, so it spends in each class the
// share of the interval that its Pinst range covers there. A segment inside
// one class (the usual case) is a check of its ends against that class and
// one whole weight; one that crosses classes splits its weight at the class
// edges. Weights are in
// fixed point (kUnit per value), split so that each segment adds exactly
// kUnit: the observation period's total stays exactly its count of values.
#ifndef PQA_HOST_FLICKER_PINST_HISTOGRAM_H_
#define PQA_HOST_FLICKER_PINST_HISTOGRAM_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace pqa::flicker {

class PinstHistogram {
 public:
  static constexpr int kLogClasses = 4096;
  static constexpr double kLowest = 1e-4;  // Pinst, dimensionless
  static constexpr double kHighest = 1e4;

  PinstHistogram();

  // Weight of one value (one interval between values of blocks 1-4) in
  // the counts: 2^32, so that each part of a split is within 1.2e-10 of a
  // value of its exact share.
  static constexpr std::int64_t kUnit = std::int64_t{1} << 32;

  // One value, pinst >= 0 and finite, with the weight of a whole interval.
  void Add(double pinst) {
    counts_[Classify(pinst)] += kUnit;
    ++count_;
    max_ = std::max(max_, pinst);
  }
  // The interval from the value `from` to the value `to` (both >= 0 and
  // finite), Pinst taken as linear in time between them: its weight is
  // shared among the classes in proportion to the Pinst range each covers.
  // from == to is Add(to). Inline: it runs for every Pinst value of every
  // phase (FlickerMeter::OnPinst), about 1,200 a second.
  // Consecutive segments (each `from` the previous `to`, the usual case)
  // start from the class the previous one ended in: one that stays there
  // costs four comparisons, one that leaves it walks the class edges it
  // crosses, with no search.
  void AddSegment(double from, double to) {
    if (!InClass(from, segment_class_)) segment_class_ = Classify(from);
    if (InClass(to, segment_class_)) {
      counts_[segment_class_] += kUnit;
    } else {
      Split(from, to);
    }
    ++count_;
    max_ = std::max(max_, std::max(from, to));
  }
  // AddSegment() from `from` to to[0], then on through to[stride], ...
  // to[(n - 1) stride] (n values, all >= 0 and finite), with its state in
  // registers: the same counts. Returns the largest of the n values (0 if
  // n = 0).
  double AddPolyline(double from, const double* to, std::size_t stride, std::size_t n);
  void Clear();
  // The class of `pinst` (0..kLogClasses + 1) by the definition above.
  static int ClassOf(double pinst);
  // The same class, as Add() finds it (searching from the previous one).
  int Classify(double pinst) {
    if (pinst < kLowest) return 0;
    if (pinst >= kHighest) return kLogClasses + 1;
    const int k = hint_;
    if (pinst >= lowest_[k]) {
      if (pinst < lowest_[k + 1]) return k;
      if (pinst < lowest_[k + 2]) return hint_ = k + 1;  // lowest_[kLogClasses + 1] > pinst
    } else if (pinst >= lowest_[k - 1]) {  // k >= 2 here: lowest_[1] = kLowest <= pinst
      return hint_ = k - 1;
    }
    return hint_ = Search(pinst);
  }
  // Values (Add) and segments (AddSegment) counted: kUnit of weight each.
  std::int64_t count() const { return count_; }
  // The weight in class `cls` (0..kLogClasses + 1), in kUnit per value.
  std::int64_t weight(int cls) const { return counts_[static_cast<std::size_t>(cls)]; }

  // The Pinst level exceeded during `percent` (0..100) of the time, P_k in
  // the standard; 0 when empty.
  double Percentile(double percent) const;

 private:
  // The class of kLowest <= pinst < kHighest among all the classes (the
  // table is built on the first call: see kNotBuilt in the .cc).
  int Search(double pinst);
  void BuildTable();
  // Whether `pinst` lies in class k, as Classify() returned it for another
  // value (`lowest`: the built table of the classes' lowest values).
  static bool InClass(const double* lowest, double pinst, int k) {
    if (k == 0) return pinst < kLowest;
    if (k == kLogClasses + 1) return pinst >= kHighest;
    return pinst >= lowest[k] && pinst < lowest[k + 1];
  }
  bool InClass(double pinst, int k) const { return InClass(lowest_, pinst, k); }
  // AddSegment() across class edges, from segment_class_ (the class of
  // `from`) to the class of `to`, which becomes segment_class_.
  void Split(double from, double to);
  double LowerEdge(int cls) const;
  double UpperEdge(int cls) const;

  double classes_per_log_unit_;
  // lowest_[k]: lowest value of class k (0..kLogClasses + 1; [kLogClasses +
  // 2] = infinity), once built
  const double* lowest_;
  int hint_ = 1;           // class of the previous value in 1..kLogClasses
  int segment_class_ = 0;  // class of the end of the last segment (AddSegment)
  // Weights in kUnit per value; [0]: below kLowest, [kLogClasses + 1]: above kHighest.
  std::vector<std::int64_t> counts_;
  std::int64_t count_ = 0;  // values and segments, kUnit each
  double max_ = 0;
};

// IEC 61000-4-15 block 5: Pst = sqrt(0.0314 P0.1 + 0.0525 P1s + 0.0657 P3s
// + 0.28 P10s + 0.08 P50s) with the smoothed percentiles P50s = (P30 + P50 +
// P80)/3, P10s = (P6 + P8 + P10 + P13 + P17)/5, P3s = (P2.2 + P3 + P4)/3,
// P1s = (P0.7 + P1 + P1.5)/3; P0.1 is not smoothed.
double ShortTermSeverity(const PinstHistogram& histogram);

}  // namespace pqa::flicker

#endif  // PQA_HOST_FLICKER_PINST_HISTOGRAM_H_
