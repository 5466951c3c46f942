// PRODIST Module 8 table 6: the amplitude x duration grid in which every VTCD
// event is counted. Rows and columns follow the regulation's order.
#ifndef PQA_HOST_VTCD_STRATIFICATION_H_
#define PQA_HOST_VTCD_STRATIFICATION_H_

#include <array>
#include <string_view>

namespace pqa::vtcd {

inline constexpr int kAmplitudeRows = 12;   // > 1.15 pu down to <= 0.10 pu
inline constexpr int kDurationColumns = 7;  // 16.67 ms .. 3 min

// Row of a residual amplitude (per unit of reference), or -1 inside
// [0.90, 1.10] pu. Each printed range "(lo - hi)" is taken as lo < a <= hi,
// the reading that makes the regulation's open end rows "> 1.15" and "<= 0.10"
// fit: (0.85, 0.90) for sags, (1.10, 1.15] for swells.
int AmplitudeRow(double amplitude_pu);

// Column of a duration in seconds, or -1 at or above 3 minutes. Each range is
// lo < d <= hi, matching table 5's "<= 3 s" for momentary events; the first
// column also takes events shorter than one cycle (momentary interruptions have
// no lower duration bound).
int DurationColumn(double duration_s);

// Labels as used in JSON and data files: ">1.15", "1.10-1.15", ... "<=0.10";
// "16.67-100ms", "100-300ms", "300-600ms", "600ms-1s", "1-3s", "3s-1min", "1-3min".
// "" for an index out of range.
std::string_view AmplitudeRowLabel(int row);
std::string_view DurationColumnLabel(int column);

// Event counts per cell, [row][column].
using StratificationGrid = std::array<std::array<int, kDurationColumns>, kAmplitudeRows>;

}  // namespace pqa::vtcd

#endif  // PQA_HOST_VTCD_STRATIFICATION_H_
