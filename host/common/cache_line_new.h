// Where pqa's programs get their memory: every allocation of a cache line
// or more through operator new starts on a 64-byte line.
//
// The analysis loops (resampler, half-cycle RMS lanes, flicker histogram,
// reader tiles) load 32 bytes at a time. glibc's malloc aligns to 16 bytes,
// so whether their buffers start on a line, or half of their loads straddle
// two, depended on the size of every object allocated before them: adding
// 80 bytes to MeasurementEngine moved the later buffers by 16 and made the
// 2 kS/s replay 5 % slower, padding it by 16 more made it fast again
// (BENCHMARKS.md, "Issue 21, round 5"). Aligning the allocations makes
// the speed a property of the code rather than of the heap's history.
//
// cache_line_new.cc replaces the global operator new and delete; programs
// and benchmarks link it (cmake/PqaTargets.cmake), libraries and tests do
// not need to. Sanitizer builds keep the default operators, so that
// AddressSanitizer still pairs every new with its delete.
#ifndef PQA_HOST_COMMON_CACHE_LINE_NEW_H_
#define PQA_HOST_COMMON_CACHE_LINE_NEW_H_

#include <cstddef>

namespace pqa {

inline constexpr std::size_t kCacheLineBytes = 64;

// True when this program's operator new is cache_line_new.cc's.
bool CacheLineNewLinked();

}  // namespace pqa

#endif  // PQA_HOST_COMMON_CACHE_LINE_NEW_H_
