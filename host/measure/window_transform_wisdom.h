// FFTW's choice of algorithm for the harmonic analysis's window transforms
// (HarmonicAnalyzer: real input, out of place, input destroyed, arrays from
// fftw_alloc), timed once and kept in the source as FFTW wisdom.
//
// FFTW_ESTIMATE picks an algorithm from a model of its cost. FFTW_MEASURE
// and FFTW_PATIENT time the candidates, so their plan, and with it the last
// bits of every spectrum, would depend on the timings of the process that
// planned (harmonic_analyzer.cc). Wisdom fixes a timed choice: the planner
// still runs with FFTW_ESTIMATE, but for a problem the wisdom covers it takes
// the algorithm recorded there, the same in every process. On the machine
// that made it (a Xeon with AVX-512, Debian 12's FFTW 3.3.10) the 512-point
// transform of a 2 kS/s window takes a fifth less time than FFTW_ESTIMATE's
// plan (0.31 against 0.39 us), 1,024 points a tenth less, 2,048 and 4,096 a
// few per cent, and planning takes about 0.4 ms instead of 0.7 to 1.3 ms.
//
// Data flow: PlanFor() (harmonic_analyzer.cc) imports kWindowTransformWisdom
// into FFTW once, before its first plan, and plans through
// PlanWindowTransform(). Another FFTW build rejects all of
// it (its first line names FFTW's version and configuration), and a
// processor without the codelets an entry names skips that entry: the
// planner then estimates as it would without wisdom.
//
// Renewing it (another FFTW, other lengths): `pqa_fft_wisdom` (built under
// build/release/tools/) prints wisdom timed with FFTW_PATIENT for the
// lengths of kWisdomLengths; paste its output into
// window_transform_wisdom.cc.
#ifndef PQA_HOST_MEASURE_WINDOW_TRANSFORM_WISDOM_H_
#define PQA_HOST_MEASURE_WINDOW_TRANSFORM_WISDOM_H_

#include <fftw3.h>

#include <cstddef>
#include <string>

namespace pqa::measure {

// The lengths the kept wisdom covers: every window length the engine
// chooses by itself (PointsPerWindow(): 512 at 2 kS/s, 2,048 at 15.36
// kS/s) and those around them that --points may ask for.
inline constexpr std::size_t kWisdomLengths[] = {256, 512, 1024, 2048, 4096, 8192};

// The wisdom itself (window_transform_wisdom.cc).
extern const char kWindowTransformWisdom[];

// Adds kWindowTransformWisdom to FFTW's wisdom; false when this FFTW build
// rejects it. Like all of FFTW's planner, not thread-safe: the caller
// serialises it with its planning (harmonic_analyzer.cc's planner_mutex).
bool ImportWindowTransformWisdom();

// The plan of a `points`-point window transform from `input` to `spectrum`
// (fftw_alloc_real(points) and fftw_alloc_complex(points / 2 + 1): their
// alignment is part of the problem wisdom describes) with `patience`
// (FFTW_ESTIMATE, FFTW_PATIENT, ... | FFTW_WISDOM_ONLY), out of place and
// free to overwrite `input` (the analyzer refills it for every window);
// nullptr when FFTW made none. The one statement of the problem:
// HarmonicAnalyzer plans through it, and so do the wisdom's maker and its
// test, so wisdom made or checked here is the analyzer's. Not thread-safe.
fftw_plan PlanWindowTransform(std::size_t points, double* input, fftw_complex* spectrum,
                              unsigned patience);

// PlanWindowTransform() on arrays allocated for it, then the plan
// destroyed: whether FFTW made one. Not thread-safe.
bool CanPlanWindowTransform(std::size_t points, unsigned patience);

// Times every length of kWisdomLengths with FFTW_PATIENT, planned as a
// HarmonicAnalyzer plans it, and returns FFTW's wisdom afterwards (the text
// kWindowTransformWisdom holds). Seconds of timing; not thread-safe.
std::string MeasureWindowTransformWisdom();

}  // namespace pqa::measure

#endif  // PQA_HOST_MEASURE_WINDOW_TRANSFORM_WISDOM_H_
