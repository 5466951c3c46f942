#include "host/measure/window_transform_wisdom.h"

#include <fftw3.h>

#include <memory>
#include <string_view>

#include "gtest/gtest.h"

namespace pqa::measure {
namespace {

// The kept wisdom describes every length it lists, planned as
// HarmonicAnalyzer plans it: with FFTW_WISDOM_ONLY the planner returns a
// plan only where wisdom covers the problem (flags and alignment included),
// so a renewal made with other flags or arrays fails here instead of
// silently falling back to FFTW_ESTIMATE's slower choice.
TEST(WindowTransformWisdomTest, CoversEveryListedLengthAsTheAnalyzerPlansIt) {
  // Only the kept wisdom: what earlier plans of this process left in FFTW's
  // would cover their lengths too.
  fftw_forget_wisdom();
  // Its first line names the FFTW build that made it; this build writes its
  // own on an empty export. Another build rejects it by design.
  const std::unique_ptr<char, decltype(&fftw_free)> empty(fftw_export_wisdom_to_string(),
                                                          &fftw_free);
  ASSERT_NE(empty, nullptr);
  const std::string_view build(empty.get(), std::string_view(empty.get()).find('\n'));
  if (std::string_view(kWindowTransformWisdom).find(build) == std::string_view::npos) {
    GTEST_SKIP() << "the wisdom was made with another FFTW build than " << build;
  }
  ASSERT_TRUE(ImportWindowTransformWisdom());
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  if (!__builtin_cpu_supports("avx")) GTEST_SKIP() << "the wisdom's codelets need AVX";
#else
  GTEST_SKIP() << "the wisdom was made on x86-64";
#endif
  for (const std::size_t n : kWisdomLengths) {
    EXPECT_TRUE(CanPlanWindowTransform(n, FFTW_ESTIMATE | FFTW_WISDOM_ONLY)) << n << " points";
  }
  // A length it does not list is not covered (the check above can fail).
  EXPECT_FALSE(CanPlanWindowTransform(384, FFTW_ESTIMATE | FFTW_WISDOM_ONLY));
}

}  // namespace
}  // namespace pqa::measure
