// Four doubles processed together (GCC/Clang vector extension) for the
// measurement kernels compiled twice with target_clones: AVX registers in
// their x86-64-v3 clone, two SSE2 halves in the baseline. Only for code
// forced inline into the dispatched function: a Vec4 never crosses a call
// boundary, so the psABI note about passing AVX vectors does not apply (and
// an out-of-line Load4, as -O1 sanitizer builds made it, would return Vec4
// in memory to an x86-64-v3 caller expecting it in a register).
#ifndef PQA_HOST_MEASURE_LANE_VECTOR_H_
#define PQA_HOST_MEASURE_LANE_VECTOR_H_

#include <cstring>

namespace pqa::measure::lanes {

typedef double Vec4 __attribute__((vector_size(32)));
typedef double Vec2 __attribute__((vector_size(16)));

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"
inline __attribute__((always_inline)) Vec4 Load4(const double* p) {
  Vec4 v;
  std::memcpy(&v, p, sizeof v);  // unaligned load
  return v;
}

inline __attribute__((always_inline)) void Store4(double* p, const Vec4& v) {
  std::memcpy(p, &v, sizeof v);  // unaligned store
}
#pragma GCC diagnostic pop

}  // namespace pqa::measure::lanes

#endif  // PQA_HOST_MEASURE_LANE_VECTOR_H_
