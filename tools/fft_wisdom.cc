// pqa_fft_wisdom: prints FFTW wisdom for the harmonic analysis's window
// transforms, timed with FFTW_PATIENT on this machine, in the form
// host/measure/window_transform_wisdom.cc keeps it. Takes a few seconds.
//
//   build/release/tools/pqa_fft_wisdom > wisdom.txt
#include <cstdio>

#include "host/measure/window_transform_wisdom.h"

int main() {
  const std::string wisdom = pqa::measure::MeasureWindowTransformWisdom();
  if (wisdom.empty()) {
    std::fprintf(stderr, "pqa_fft_wisdom: FFTW exported no wisdom\n");
    return 1;
  }
  std::fputs(wisdom.c_str(), stdout);
  return 0;
}
