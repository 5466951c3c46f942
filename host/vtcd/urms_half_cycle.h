// Urms(1/2) per IEC 61000-4-30 5.4 (class A): the RMS over one cycle of the
// measured fundamental, refreshed every half cycle, for one channel.
//
// The double-precision reference path. The RTL front end is not compared
// with this meter but with host/frontend's model of its own arithmetic
// (whole-sample windows between raw crossings; front_end_detector.h says
// how the two differ). How this one measures:
//  - the fundamental's zero crossings come from the input through two cascaded
//    moving averages of half a nominal cycle (linear phase, so a constant
//    delay of L-1 samples that is subtracted exactly; even harmonics fall in
//    its nulls and odd ones lose 1/h^2), with a hysteresis band that must be
//    left on the opposite side before the next crossing counts;
//  - crossings are located to a fraction of a sample by linear interpolation;
//  - the period is the span of the last two half cycles (kept while it stays
//    within +-15 % of nominal); each new crossing closes a window of exactly
//    one period ending there: the sum of squares, the two end samples weighted
//    by the fraction inside, divided by the fractional length in samples (so
//    the window spans one period, not a rounded number of samples). The sum
//    comes from running sums of the squares kept with the ring (restarted
//    each time the ring wraps, so their rounding stays that of one ring of
//    squares): two differences per value instead of a period of additions,
//    the per-value cost that does not shrink with the sample rate. A steady
//    crossing's value is computed with up to three more (FlushPending()), so
//    that their divisions and square roots overlap;
//  - when no crossing comes (an interruption, a very deep sag) a boundary is
//    placed one last measured half period after the previous one, so Urms(1/2)
//    keeps being produced.
//
// Process() runs one channel; ProcessTogether() runs the meters of a
// polyphase point side by side, one vector lane per phase with the same
// arithmetic in the same order, so that both give the same values bit for bit.
// Per sample only the two moving averages and the crossing/forcing tests run
// in lanes; a sample where lanes cross calls the scalar crossing code
// (CrossingAt) from inside the loop, and one where a boundary may be forced
// leaves it for OnSample: the same code Process() runs.
#ifndef PQA_HOST_VTCD_URMS_HALF_CYCLE_H_
#define PQA_HOST_VTCD_URMS_HALF_CYCLE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "host/common/time.h"

namespace pqa::vtcd {

struct UrmsHalfCycleConfig {
  double nominal_frequency_hz = 60.0;    // hertz (50 or 60): filter length and fallback period
  double nominal_voltage_v = 127.0;      // RMS volts of the channel: scales the hysteresis
  double crossing_hysteresis_pu = 0.03;  // half-width of the zero-crossing hysteresis band,
                                         // per unit of the nominal fundamental (0 < h < 0.5)
};

// One Urms(1/2) value.
struct UrmsHalf {
  TimeNs window_start = 0;  // start of the one-cycle window, ns since epoch UTC
  TimeNs window_end = 0;    // end of the window (the latest half-cycle boundary), ns
  double urms_v = 0.0;      // RMS over the window, volts (>= 0)
  bool measured = true;     // false when a boundary came from the fallback period

  TimeNs center() const { return window_start + (window_end - window_start) / 2; }
};

class UrmsHalfCycleMeter {
 public:
  // sample_rate_hz: >= 20 x nominal frequency. first_sample_time: ns since epoch UTC.
  UrmsHalfCycleMeter(const UrmsHalfCycleConfig& config, double sample_rate_hz,
                     TimeNs first_sample_time);

  // Consumes n samples (volts) at samples[0], samples[stride], ... and appends
  // every Urms(1/2) value completed by them to `out`.
  void Process(const double* samples, std::size_t n, std::size_t stride,
               std::vector<UrmsHalf>* out);

  // What Process() does on each meter, the meters side by side (the point's
  // phases, count 1..kMaxTogether): meters[c] consumes samples[c][0],
  // samples[c][stride], ... and appends to *outs[c], exactly the values
  // Process() would append. Meters of different rates or positions in the
  // stream (or more than kMaxTogether) are run one by one.
  static constexpr std::size_t kMaxTogether = 4;
  static void ProcessTogether(UrmsHalfCycleMeter* const* meters, std::size_t count,
                              const double* const* samples, std::size_t n, std::size_t stride,
                              std::vector<UrmsHalf>* const* outs);

  double sample_rate_hz() const { return sample_rate_hz_; }
  TimeNs next_sample_time() const { return TimeAt(static_cast<double>(samples_seen_)); }

 private:
  static bool CanProcessTogether(const UrmsHalfCycleMeter* const* meters, std::size_t count);
  // The lanes' loop of ProcessTogether(), from sample 2L on (both filters full).
  static void RunTogether(UrmsHalfCycleMeter* const* meters, std::size_t count,
                          const double* const* samples, std::size_t n, std::size_t stride,
                          std::vector<UrmsHalf>* const* outs);
  // The slow part of RunTogether's sample i: OnSample() on every lane (of
  // `count`, values in arrays of kMaxTogether) where Process() would call it.
  // Writes the arming after the sample to next_armed[c], updates force_at[c];
  // returns the smallest forcing position.
  static double OnLanes(UrmsHalfCycleMeter* const* meters, std::size_t count, std::int64_t i,
                        const double* previous, const double* y, const double* armed,
                        double* next_armed, double* force_at, std::vector<UrmsHalf>* const* outs);
  // The decisions on filtered sample i (i >= 2L - 1) with output y after
  // `previous`: a crossing, the hysteresis arming, a forced boundary. Updates
  // *armed and *force_at (the raw position beyond which a boundary is forced).
  void OnSample(std::int64_t i, double previous, double y, int* armed, double* force_at,
                std::vector<UrmsHalf>* out);
  double ForcedAfter() const;
  // OnSample()'s crossing between filtered samples i - 1 (`previous`) and i
  // (`y`): the boundary, then the new forcing position (ForcedAfter()).
  double CrossingAt(std::int64_t i, double previous, double y, std::vector<UrmsHalf>* out);
  void OnCrossing(double position, std::vector<UrmsHalf>* out);
  // OnCrossing() outside the steady state (start-up, after a forced boundary).
  void OnCrossingUnsteady(double position, std::vector<UrmsHalf>* out);
  void AddBoundary(double position, bool measured, std::vector<UrmsHalf>* out);
  double Energy(double from, double to) const;
  // x^2 summed since the ring last wrapped, through the latest sample.
  double RunningEnergy() const;
  TimeNs TimeAt(double position) const;

  double sample_rate_hz_;
  TimeNs first_sample_time_;
  int filter_length_;    // L: samples in half a nominal cycle
  double filter_delay_;  // L - 1: the two moving averages' delay, samples
  double nominal_half_;  // half a nominal period, samples
  double half_period_;   // latest measured half period, samples
  // OnCrossing()'s limits, from nominal_half_ once: the closest crossing that
  // counts, and the shortest and longest period (span of two half cycles) kept.
  double closest_crossing_, shortest_period_, longest_period_;
  double hysteresis_;  // band half-width at the filter output, volts
  // Ring of running sums of x^2, power-of-two size R: sample i's slot
  // [i & ring_mask_] holds x^2 summed from the last multiple of R through i.
  std::vector<double> energy_;
  std::size_t ring_mask_;
  std::vector<double> stage1_, stage2_;  // moving-average delay lines, L each
  double sum1_ = 0.0, sum2_ = 0.0;       // unscaled: sum of x, sum of sum1_ over L samples
  double inverse_length_squared_ = 0.0;
  std::size_t tap_ = 0;  // delay-line position of the next sample (samples_seen_ mod L)
  double previous_output_ = 0.0;
  int armed_ = 0;  // -1: was below -h, a rising crossing counts; +1: above +h, a falling one
  std::int64_t samples_seen_ = 0;

  // Half-cycle boundaries, fractional sample positions; [0] the latest.
  std::array<double, 3> boundary_{};
  std::array<bool, 3> boundary_measured_{};
  int boundaries_ = 0;     // how many of boundary_ are valid (0..3)
  bool emitting_ = false;  // start-up over: every window is reported
  // Three boundaries, the latest two measured, emitting: a measured crossing
  // takes OnCrossing()'s short path (and leaves the state steady).
  bool steady_ = false;

  // Steady crossings' values, computed a few at a time (FlushPending()):
  // each one's window [from, to] and length `span`, samples.
  struct PendingValue {
    double from, to, span;
  };
  static constexpr std::size_t kPending = 4;
  std::array<PendingValue, kPending> pending_{};
  std::size_t pending_count_ = 0;
  // How far (samples) the latest boundary may lie past the oldest kept
  // window's start while the ring still holds that window (constructor).
  double pending_reach_ = 0;
  // Appends the kept values to `out`, in order. Runs before any other value
  // is appended (AddBoundary()) and before Process() and RunTogether()
  // return, so `out` gets every value in order within the call that
  // completed it.
  void FlushPending(std::vector<UrmsHalf>* out);
};

}  // namespace pqa::vtcd

#endif  // PQA_HOST_VTCD_URMS_HALF_CYCLE_H_
