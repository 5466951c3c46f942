#include "host/measure/window_transform_wisdom.h"

#include <memory>

namespace pqa::measure {

// Made by `pqa_fft_wisdom` on the machine of BENCHMARKS.md's issue 21
// rounds (Xeon, AVX-512, Debian 12, FFTW 3.3.10).
const char kWindowTransformWisdom[] = R"wisdom(
(fftw-3.3.10 fftw_wisdom #x458a31c8 #x92381c4c #x4f974889 #xcd46f97e
  (fftw_codelet_hc2cfdftv_16_avx 0 #x10048 #x10048 #x0 #x7366d115 #xbc457627 #x02c92fe0 #xa85a47d3)
  (fftw_codelet_r2cfII_4 2 #x10048 #x10048 #x0 #x8ccbbfa1 #xfa873c28 #x99cf0c05 #x662ee324)
  (fftw_codelet_r2cf_2 2 #x10048 #x10048 #x0 #x4bf7f8d9 #x64aa2220 #x1d28527a #x056c408f)
  (fftw_codelet_r2cfII_16 2 #x10048 #x10048 #x0 #x9fa443f9 #x0132a381 #xa9894cfa #x490e1490)
  (fftw_codelet_t2fv_32_avx 0 #x10048 #x10048 #x0 #x52d2c729 #xd90ebce1 #x6bd78c14 #x22b31d6d)
  (fftw_codelet_r2cf_32 2 #x10048 #x10048 #x0 #x7da7817a #xbe20e7cd #x001a0a1b #x7f9f0731)
  (fftw_codelet_n2fv_64_avx 0 #x10048 #x10048 #x0 #x7ecb5339 #x1e78ef88 #x6f2ab1db #x3337ceee)
  (fftw_codelet_r2cf_16 2 #x10048 #x10048 #x0 #x57f9650f #x9a38745d #x7c332073 #x7e66aa89)
  (fftw_codelet_t2fv_4_avx 0 #x10048 #x10048 #x0 #xcf6061a3 #x568aee5c #x3ed75045 #xd3c2f0a4)
  (fftw_codelet_n2fv_64_avx 0 #x10048 #x10048 #x0 #x4fa8b2f3 #xd93af2ba #xec419f5a #xae14e9fd)
  (fftw_codelet_r2cfII_2 2 #x10048 #x10048 #x0 #x78c29da6 #x74a561e9 #x89ce8aa0 #xdd996bbc)
  (fftw_codelet_r2cfII_16 2 #x10048 #x10048 #x0 #x3b254bf2 #x69af0f62 #x0f30d3ff #x27534225)
  (fftw_codelet_n2fv_64_avx 0 #x10048 #x10048 #x0 #xf552c5e8 #xdf70330a #xdbafb425 #x6d016d71)
  (fftw_codelet_n2fv_64_avx 0 #x10048 #x10048 #x0 #x24d7cc95 #xcd14a793 #xb23239d2 #x0bd38864)
  (fftw_codelet_hc2cfdftv_2_avx 0 #x10048 #x10048 #x0 #xdc38cc14 #x0d1c6e3c #xc0ae48bf #xa0e0eb5a)
  (fftw_codelet_n2fv_64_avx 0 #x10048 #x10048 #x0 #x72075258 #x982ada2c #x7b92010e #x469b2ff9)
  (fftw_codelet_hc2cfdftv_4_avx 0 #x10048 #x10048 #x0 #xfee68690 #xad28e91e #x220cee4d #x14ded02f)
  (fftw_codelet_r2cfII_2 2 #x10048 #x10048 #x0 #xfcde69de #xb320f2f0 #xf9c513b9 #x0388aa6b)
  (fftw_codelet_t2fv_8_avx 0 #x10048 #x10048 #x0 #x730e35f0 #x80430f15 #xe928d6bf #xcc157970)
  (fftw_codelet_hc2cfdftv_2_avx 0 #x10048 #x10048 #x0 #x4d4b1bfd #x8518ad3f #x36f383f1 #x5a841548)
  (fftw_codelet_n2fv_64_avx 0 #x10048 #x10048 #x0 #x0325f2a8 #x09d79e92 #x087cac0f #xb9ee6d12)
  (fftw_codelet_r2cf_2 2 #x10048 #x10048 #x0 #x96022fcd #x29ef0675 #x1b46036f #x81e6cbd5)
  (fftw_codelet_r2cf_16 2 #x10048 #x10048 #x0 #xc92c28de #x76f51eb7 #xd5c2363f #x49cf178e)
  (fftw_codelet_hc2cfdftv_16_avx 0 #x10048 #x10048 #x0 #x2b2224fd #xc6d31fc1 #xf08ddb32 #xd3726977)
  (fftw_codelet_hc2cfdftv_32_avx 0 #x10048 #x10048 #x0 #x4fc99822 #xf85b48fc #x7d0a0313 #x81834ad0)
  (fftw_dft_vrank_geq1_register 0 #x10048 #x10048 #x0 #xc16b378c #xe76fc7bd #xa90fc9ef #x0721b336)
  (fftw_codelet_r2cfII_32 2 #x10048 #x10048 #x0 #x9854524d #x45e23508 #xe087f9f8 #xdf099e07)
  (fftw_codelet_r2cf_4 2 #x10048 #x10048 #x0 #xb4863a42 #xca4935f9 #x095db2cd #x90c47430)
)
)wisdom";

bool ImportWindowTransformWisdom() {
  return fftw_import_wisdom_from_string(kWindowTransformWisdom) != 0;
}

fftw_plan PlanWindowTransform(std::size_t points, double* input, fftw_complex* spectrum,
                              unsigned patience) {
  return fftw_plan_dft_r2c_1d(static_cast<int>(points), input, spectrum,
                              patience | FFTW_DESTROY_INPUT);
}

bool CanPlanWindowTransform(std::size_t points, unsigned patience) {
  double* input = fftw_alloc_real(points);
  fftw_complex* spectrum = fftw_alloc_complex(points / 2 + 1);
  const fftw_plan plan = PlanWindowTransform(points, input, spectrum, patience);
  if (plan != nullptr) fftw_destroy_plan(plan);
  fftw_free(input);
  fftw_free(spectrum);
  return plan != nullptr;
}

std::string MeasureWindowTransformWisdom() {
  for (const std::size_t n : kWisdomLengths) CanPlanWindowTransform(n, FFTW_PATIENT);
  const std::unique_ptr<char, decltype(&fftw_free)> text(fftw_export_wisdom_to_string(),
                                                         &fftw_free);
  return text != nullptr ? std::string(text.get()) : std::string();
}

}  // namespace pqa::measure
