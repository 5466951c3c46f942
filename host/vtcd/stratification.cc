#include "host/vtcd/stratification.h"

namespace pqa::vtcd {
namespace {

constexpr std::array<std::string_view, kAmplitudeRows> kRowLabels = {
    ">1.15",     "1.10-1.15", "0.85-0.90", "0.80-0.85", "0.70-0.80", "0.60-0.70",
    "0.50-0.60", "0.40-0.50", "0.30-0.40", "0.20-0.30", "0.10-0.20", "<=0.10"};
// Lower edges of the sag rows 2..10 (row 11 takes everything at or below 0.10).
constexpr std::array<double, 9> kSagRowLower = {0.85, 0.80, 0.70, 0.60, 0.50,
                                                0.40, 0.30, 0.20, 0.10};

constexpr std::array<std::string_view, kDurationColumns> kColumnLabels = {
    "16.67-100ms", "100-300ms", "300-600ms", "600ms-1s", "1-3s", "3s-1min", "1-3min"};
// Upper edges in seconds; the last column is open at 3 min (table 5: "< 3 min").
constexpr std::array<double, kDurationColumns> kColumnUpper = {0.1, 0.3,  0.6,  1.0,
                                                               3.0, 60.0, 180.0};

}  // namespace

int AmplitudeRow(double amplitude_pu) {
  if (amplitude_pu > 1.15) return 0;
  if (amplitude_pu > 1.10) return 1;
  if (amplitude_pu >= 0.90) return -1;
  for (int i = 0; i < static_cast<int>(kSagRowLower.size()); ++i) {
    if (amplitude_pu > kSagRowLower[i]) return 2 + i;
  }
  return kAmplitudeRows - 1;
}

int DurationColumn(double duration_s) {
  for (int c = 0; c < kDurationColumns - 1; ++c) {
    if (duration_s <= kColumnUpper[c]) return c;
  }
  return duration_s < kColumnUpper.back() ? kDurationColumns - 1 : -1;
}

std::string_view AmplitudeRowLabel(int row) {
  return row >= 0 && row < kAmplitudeRows ? kRowLabels[row] : std::string_view();
}

std::string_view DurationColumnLabel(int column) {
  return column >= 0 && column < kDurationColumns ? kColumnLabels[column] : std::string_view();
}

}  // namespace pqa::vtcd
