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
// per log unit) (ClassOf()). Add() runs at the flickermeter's internal rate
// on every phase, where a logarithm per value was a fifth of a 2 kS/s
// replay: it finds the same class among the classes' lowest values (found
// once, from that definition, by bisection), starting from the previous
// value's class, which Pinst rarely leaves by more than one.
#ifndef PQA_HOST_FLICKER_PINST_HISTOGRAM_H_
#define PQA_HOST_FLICKER_PINST_HISTOGRAM_H_

#include <algorithm>
#include <cstdint>
#include <vector>

namespace pqa::flicker {

class PinstHistogram {
 public:
  static constexpr int kLogClasses = 4096;
  static constexpr double kLowest = 1e-4;  // Pinst, dimensionless
  static constexpr double kHighest = 1e4;

  PinstHistogram();

  // pinst >= 0 and finite. Inline: four per Pinst value on every phase
  // (FlickerMeter::OnPinst), about 4,800 a second, where the call was a
  // third of the cost.
  void Add(double pinst) {
    ++counts_[Classify(pinst)];
    ++count_;
    max_ = std::max(max_, pinst);
  }
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
  std::int64_t count() const { return count_; }

  // The Pinst level exceeded during `percent` (0..100) of the samples, P_k in
  // the standard; 0 when empty.
  double Percentile(double percent) const;

 private:
  // The class of kLowest <= pinst < kHighest among all the classes (the
  // table is built on the first call: see kNotBuilt in the .cc).
  int Search(double pinst);
  double LowerEdge(int cls) const;
  double UpperEdge(int cls) const;

  double classes_per_log_unit_;
  const double* lowest_;  // lowest_[k]: lowest value of class k (1..kLogClasses + 1), once built
  int hint_ = 1;          // class of the previous value in 1..kLogClasses
  std::vector<std::int64_t> counts_;  // [0]: below kLowest, [kLogClasses + 1]: above kHighest
  std::int64_t count_ = 0;
  double max_ = 0;
};

// IEC 61000-4-15 block 5: Pst = sqrt(0.0314 P0.1 + 0.0525 P1s + 0.0657 P3s
// + 0.28 P10s + 0.08 P50s) with the smoothed percentiles P50s = (P30 + P50 +
// P80)/3, P10s = (P6 + P8 + P10 + P13 + P17)/5, P3s = (P2.2 + P3 + P4)/3,
// P1s = (P0.7 + P1 + P1.5)/3; P0.1 is not smoothed.
double ShortTermSeverity(const PinstHistogram& histogram);

}  // namespace pqa::flicker

#endif  // PQA_HOST_FLICKER_PINST_HISTOGRAM_H_
