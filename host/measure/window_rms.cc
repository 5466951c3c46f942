#include "host/measure/window_rms.h"

#include <cmath>
#include <cstddef>

#include "host/measure/lane_vector.h"

namespace pqa::measure {
namespace {

// Four partial sums as one vector: lane l holds the products of samples
// first + 1 + l, first + 5 + l, ..., the independent chains that free the
// sum from the adder's latency. Forced inline into the dispatched functions
// (lane_vector.h).
using lanes::Load4;
using lanes::Vec4;
#pragma GCC diagnostic ignored "-Wpsabi"

// The cells of [begin, end): sample n stands for [n - 0.5, n + 0.5); the
// inner samples weigh 1, the two cut by the ends their fraction inside.
struct Cells {
  std::ptrdiff_t first, last;  // samples holding begin and end
  double w_first, w_last;      // their weights
};

inline __attribute__((always_inline)) Cells CellsOf(double begin, double end) {
  Cells c;
  c.first = static_cast<std::ptrdiff_t>(std::floor(begin + 0.5));
  c.last = static_cast<std::ptrdiff_t>(std::floor(end + 0.5));
  c.w_first = static_cast<double>(c.first) + 0.5 - begin;
  c.w_last = end - (static_cast<double>(c.last) - 0.5);
  return c;
}

// The products of sample n that K means accumulate: x y (K = 1), or, for
// a voltage v = x and a current i = y, v v, i i and v i (K = 3). T is double
// or Vec4 (four samples from n on).
template <int K, typename T>
struct Products {
  T p[K];
};

template <int K, typename T>
inline __attribute__((always_inline)) Products<K, T> ProductsAt(const T& a, const T& b) {
  if constexpr (K == 1) {
    return {{a * b}};
  } else {
    return {{a * a, b * b, a * b}};
  }
}

// The same for a cut cell, weighted as (w a) b: the weight multiplies the
// first factor, as WindowMeanProduct always has.
template <int K>
inline __attribute__((always_inline)) Products<K, double> WeightedAt(double w, double a, double b) {
  if constexpr (K == 1) {
    return {{w * a * b}};
  } else {
    return {{w * a * a, w * b * b, w * a * b}};
  }
}

// K means of products over one span, reading each sample once, each with
// its own four lanes (lane l: inner samples first + 1 + l, first + 5 + l,
// ...; the tail on lane 0), summed as (l0 + l1) + (l2 + l3), then the two
// cut cells, then divided by the span's length: one product's arithmetic,
// whichever K.
template <int K>
inline __attribute__((always_inline)) void MeanProducts(const double* x, const double* y,
                                                        double begin, double end, double* mean) {
  if (!(end > begin)) {
    for (int k = 0; k < K; ++k) mean[k] = 0;
    return;
  }
  const Cells c = CellsOf(begin, end);
  if (c.first == c.last) {
    const Products<K, double> p = ProductsAt<K>(x[c.first], y[c.first]);
    for (int k = 0; k < K; ++k) mean[k] = p.p[k];
    return;
  }
  Vec4 part[K] = {};
  std::ptrdiff_t n = c.first + 1;
  // Unrolled: the loop's own count, compare and branch were half the
  // instructions of a four-sample step (the sums stay in the same order).
#pragma GCC unroll 4
  for (; n + 4 <= c.last; n += 4) {
    const Products<K, Vec4> p = ProductsAt<K>(Load4(x + n), Load4(y + n));
    for (int k = 0; k < K; ++k) part[k] += p.p[k];
  }
  for (; n < c.last; ++n) {
    const Products<K, double> p = ProductsAt<K>(x[n], y[n]);
    for (int k = 0; k < K; ++k) part[k][0] += p.p[k];
  }
  const Products<K, double> cut_first = WeightedAt<K>(c.w_first, x[c.first], y[c.first]);
  const Products<K, double> cut_last = WeightedAt<K>(c.w_last, x[c.last], y[c.last]);
  for (int k = 0; k < K; ++k) {
    double sum = (part[k][0] + part[k][1]) + (part[k][2] + part[k][3]);
    sum += cut_first.p[k] + cut_last.p[k];
    mean[k] = sum / (end - begin);
  }
}

}  // namespace

// Compiled for x86-64-v3 (AVX: one instruction per four products) and the
// baseline, both without contraction into fused multiply-adds, so that the
// two clones round every product and sum the same way.
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
__attribute__((target_clones("arch=x86-64-v3", "default"), optimize("fp-contract=off")))
#endif
double
WindowMeanProduct(const double* x, const double* y, double begin, double end) {
  double mean;
  MeanProducts<1>(x, y, begin, end, &mean);
  return mean;
}

double WindowRms(const double* x, double begin, double end) {
  return std::sqrt(WindowMeanProduct(x, x, begin, end));
}

#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
__attribute__((target_clones("arch=x86-64-v3", "default"), optimize("fp-contract=off")))
#endif
WindowPowerMeans
WindowPower(const double* v, const double* i, double begin, double end) {
  double mean[3];
  MeanProducts<3>(v, i, begin, end, mean);
  return {.v_rms = std::sqrt(mean[0]), .i_rms = std::sqrt(mean[1]), .p = mean[2]};
}

}  // namespace pqa::measure
