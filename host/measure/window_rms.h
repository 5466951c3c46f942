// Time-domain RMS over an exact number of fundamental cycles whose ends fall
// between samples (IEC 61000-4-30 5.2: the RMS over the 10/12-cycle window).
#ifndef PQA_HOST_MEASURE_WINDOW_RMS_H_
#define PQA_HOST_MEASURE_WINDOW_RMS_H_

namespace pqa::measure {

// RMS of the samples x[] over the span [begin, end) in fractional sample
// positions (0 <= begin < end; x must hold samples up to index end + 0.5).
// Sample n stands for the cell [n - 0.5, n + 0.5); cells cut by the ends of
// the span count with the fraction inside it, so the weights add up to
// exactly end - begin and the mean of squares covers whole cycles.
double WindowRms(const double* x, double begin, double end);

// Mean of x[n] y[n] over the same span with the same cell weights: the
// active power P = (1/T) integral v i dt of IEEE 1459 3.1.2.3 when x is a
// voltage and y a current. With the weights WindowRms uses, |mean| never
// exceeds WindowRms(x) WindowRms(y) (Cauchy-Schwarz), so P <= S holds
// window by window.
double WindowMeanProduct(const double* x, const double* y, double begin, double end);

// One phase's window power quantities in one pass over its samples:
// WindowRms(v), WindowRms(i) and WindowMeanProduct(v, i), the same values
// bit for bit, with `v` the voltage the current `i` multiplies.
struct WindowPowerMeans {
  double v_rms = 0;  // volts
  double i_rms = 0;  // amperes
  double p = 0;      // active power, watts (IEEE 1459 3.1.2.3)
};
WindowPowerMeans WindowPower(const double* v, const double* i, double begin, double end);

}  // namespace pqa::measure

#endif  // PQA_HOST_MEASURE_WINDOW_RMS_H_
