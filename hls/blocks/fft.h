// The windowed transform of IEC 61000-4-7 4.4: a rectangular window over
// exactly N cycles (the synchronous resampler put them on `points` samples),
// transformed by an in-place radix-2 decimation-in-time FFT.
//
// Stream in: `points` real samples. Stream out: bins 0..out_bins-1 of
// X[k] = sum_n x[n] exp(-j 2 pi k n / points), unnormalised, as FFTW's r2c
// gives them (host/measure/harmonic_analyzer.h), so the golden model's scaling
// applies unchanged.
//
// Real input: the `points` samples are packed as points/2 complex values
// z[n] = x[2n] + j x[2n+1], transformed at half length and split
// (X[k] = (Z[k] + Z*[M-k])/2 - j/2 W^k (Z[k] - Z*[M-k]), M = points/2):
// half the butterflies of a complex transform of the real sequence.
#ifndef PQA_HLS_BLOCKS_FFT_H_
#define PQA_HLS_BLOCKS_FFT_H_

#include <cmath>

#include "hls/blocks/complex.h"
#include "hls_stream.h"

namespace pqa {
namespace kernels {

struct fft_default_config {
  static constexpr int points = 4096;  // real input samples, a power of two
  static constexpr int log2_points = 12;
  static constexpr int out_bins = 602;  // bins streamed out: 12 cycles x 50 + 2
  using sample_t = float;               // input, volts
  using data_t = float;                 // butterfly arithmetic and output
};

// cos/sin of 2 pi k / points, k = 0..points/2-1: a ROM in hardware. Built
// once, by a constructor, so that a native build is thread-safe (a
// function-local static) and HLS sees a constant table.
template <typename CONFIG_T>
struct fft_twiddles {
  typename CONFIG_T::data_t c[CONFIG_T::points / 2];
  typename CONFIG_T::data_t s[CONFIG_T::points / 2];
  fft_twiddles() {
  twiddle_rom:
    for (int k = 0; k < CONFIG_T::points / 2; ++k) {
      const double angle = 6.283185307179586476925 * k / CONFIG_T::points;
      c[k] = static_cast<typename CONFIG_T::data_t>(std::cos(angle));
      s[k] = static_cast<typename CONFIG_T::data_t>(std::sin(angle));
    }
  }
};

template <typename CONFIG_T>
void real_fft(hls::stream<typename CONFIG_T::sample_t>& in,
              hls::stream<cplx<typename CONFIG_T::data_t>>& out) {
  using data_t = typename CONFIG_T::data_t;
  constexpr int kPoints = CONFIG_T::points;
  constexpr int kHalf = kPoints / 2;
  static_assert((1 << CONFIG_T::log2_points) == kPoints, "points = 2^log2_points");
  static_assert(CONFIG_T::out_bins >= 1 && CONFIG_T::out_bins <= kHalf,
                "out_bins below the Nyquist bin");
  static const fft_twiddles<CONFIG_T> tw;

  data_t re[kHalf];
  data_t im[kHalf];
  // Bit-reversed write while loading, so the butterflies run in natural order.
load_bit_reversed:
  for (int n = 0; n < kHalf; ++n) {
#pragma HLS PIPELINE II = 2
    int r = 0;
    for (int b = 0; b < CONFIG_T::log2_points - 1; ++b) {
#pragma HLS UNROLL
      r |= ((n >> b) & 1) << (CONFIG_T::log2_points - 2 - b);
    }
    re[r] = static_cast<data_t>(in.read());
    im[r] = static_cast<data_t>(in.read());
  }
  // Half-length transform: twiddle W_M^k = W_N^(2k).
stages:
  for (int len = 2; len <= kHalf; len <<= 1) {
    const int half = len >> 1;
    const int stride = kPoints / len;  // index step into the points/2 twiddle table
  groups:
    for (int start = 0; start < kHalf; start += len) {
    butterflies:
      for (int k = 0; k < half; ++k) {
        // Within a stage every butterfly touches its own pair (a, b), so the
        // read of one iteration never waits for the write of an earlier one.
#pragma HLS PIPELINE II = 1
#pragma HLS DEPENDENCE variable = re inter false
#pragma HLS DEPENDENCE variable = im inter false
        const data_t wr = tw.c[k * stride];
        const data_t wi = -tw.s[k * stride];
        const int a = start + k, b = a + half;
        const data_t tr = re[b] * wr - im[b] * wi;
        const data_t ti = re[b] * wi + im[b] * wr;
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
      }
    }
  }
  // Split into the spectrum of the real sequence.
split_bins:
  for (int k = 0; k < CONFIG_T::out_bins; ++k) {
#pragma HLS PIPELINE II = 1
    const int mk = (kHalf - k) & (kHalf - 1);
    const data_t zr = re[k], zi = im[k];
    const data_t cr = re[mk], ci = -im[mk];               // conj(Z[M - k])
    const data_t er = (zr + cr) / 2, ei = (zi + ci) / 2;  // even samples' spectrum
    const data_t dr = (zr - cr) / 2, di = (zi - ci) / 2;  // j x odd samples' spectrum
    // X[k] = E + W^k O with O = -j D.
    const data_t orr = di, oi = -dr;
    const data_t wr = tw.c[k], wi = -tw.s[k];
    cplx<data_t> x;
    x.re = er + (orr * wr - oi * wi);
    x.im = ei + (orr * wi + oi * wr);
    out.write(x);
  }
}

}  // namespace kernels
}  // namespace pqa

#endif  // PQA_HLS_BLOCKS_FFT_H_
