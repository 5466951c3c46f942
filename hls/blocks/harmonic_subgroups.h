// IEC 61000-4-7 5.6: the voltage harmonic subgroup of order h gathers DFT bin
// N h and its two neighbours, Ysg,h = sqrt(sum_{k=-1..1} Y^2[N h + k]), with
// N = 12 cycles per window at 60 Hz and 10 at 50 Hz. Orders 1..50.
//
// Stream in: bins 0..in_bins-1 of the window's unnormalised spectrum (fft.h);
// bins above N 50 + 1 are read and ignored, so that one transform serves 10-
// and 12-cycle windows (N is a run-time input, at most max_cycles).
// Stream out: kSubgroups magnitudes (index 0 the DC magnitude, then Ysg,1..50,
// volts RMS) and, on a second stream, bin N (the fundamental) for rms_phasor.h.
#ifndef PQA_HLS_BLOCKS_HARMONIC_SUBGROUPS_H_
#define PQA_HLS_BLOCKS_HARMONIC_SUBGROUPS_H_

#include <cmath>

#include "hls/blocks/complex.h"
#include "hls_stream.h"

namespace pqa {
namespace kernels {

struct subgroups_default_config {
  static constexpr int points = 4096;    // window length of the transform
  static constexpr int max_cycles = 12;  // largest N: 12 at 60 Hz (10 at 50 Hz)
  static constexpr int max_order = 50;   // highest subgroup
  static constexpr int in_bins = 602;    // bins streamed in, >= max_cycles x max_order + 2
  using data_t = float;                  // spectrum
  using result_t = float;                // magnitudes, volts
};

template <typename CONFIG_T>
void harmonic_subgroups(hls::stream<cplx<typename CONFIG_T::data_t>>& bins, int cycles,
                        hls::stream<typename CONFIG_T::result_t>& subgroups,
                        hls::stream<cplx<typename CONFIG_T::data_t>>& fundamental_bin) {
  using data_t = typename CONFIG_T::data_t;
  using result_t = typename CONFIG_T::result_t;
  static_assert(CONFIG_T::in_bins >= CONFIG_T::max_cycles * CONFIG_T::max_order + 2,
                "every bin of subgroup max_order arrives");
  static_assert(CONFIG_T::in_bins <= CONFIG_T::points / 2, "subgroups lie below the Nyquist bin");
  const int used_bins = cycles * CONFIG_T::max_order + 2;
  // A sine of peak A gives |X[k]| = A points / 2, RMS A / sqrt 2: bin RMS^2 = 2 |X|^2 / points^2.
  constexpr data_t kRmsSquaredScale =
      static_cast<data_t>(2.0 / (static_cast<double>(CONFIG_T::points) * CONFIG_T::points));

  // Bins arrive in order; each subgroup closes at bin N h + 1 and the bin
  // N h + 1 is never shared (N >= 3), so one running sum suffices.
  data_t sum = 0;
bins_in:
  int in_cycle = 0;  // k mod N, counted rather than divided
  for (int k = 0; k < CONFIG_T::in_bins; ++k) {
#pragma HLS PIPELINE II = 1
    const cplx<data_t> x = bins.read();
    if (k >= used_bins) continue;
    const data_t power = x.re * x.re + x.im * x.im;
    if (k == 0) {
      subgroups.write(static_cast<result_t>(std::sqrt(power) / CONFIG_T::points));
      continue;
    }
    in_cycle = in_cycle + 1 == cycles ? 0 : in_cycle + 1;  // 0 on a harmonic bin
    if (k == cycles) fundamental_bin.write(x);
    if (in_cycle == cycles - 1) sum = 0;  // bin N h - 1 opens subgroup h
    sum += power;
    if (in_cycle == 1 && k > 1) {
      subgroups.write(static_cast<result_t>(std::sqrt(sum * kRmsSquaredScale)));
    }
  }
}

}  // namespace kernels
}  // namespace pqa

#endif  // PQA_HLS_BLOCKS_HARMONIC_SUBGROUPS_H_
