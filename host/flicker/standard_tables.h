// IEC 61000-4-15 Ed. 2 test tables (transcribed in
// ../shared/spec/flicker-constants.md): the modulation frequency and the
// relative voltage change dV/V of every row that must give Pinst,max = 1
// (Table 1 sinusoidal, Table 2 rectangular) or Pst = 1 (Table 5
// rectangular, changes per minute). Test support, shared by the flickermeter
// unit tests and the replay tests.
#ifndef PQA_HOST_FLICKER_STANDARD_TABLES_H_
#define PQA_HOST_FLICKER_STANDARD_TABLES_H_

#include <vector>

#include "host/flicker/flicker_config.h"

namespace pqa::flicker {

enum class Table { kSinusoidalPinst, kRectangularPinst, kRectangularPst };

struct Combination {
  Lamp lamp;
  double supply_hz;
};

inline std::vector<double> Frequencies(Table table, double supply_hz) {
  std::vector<double> f;
  if (table == Table::kRectangularPst) {
    std::vector<double> cpm = {1, 2, 7, 39, 110, 1620, supply_hz == 50 ? 4000.0 : 4800.0};
    for (double c : cpm) f.push_back(c / 120);
    return f;
  }
  for (double x = 0.5; x <= 8.0; x += 0.5) f.push_back(x);
  f.push_back(8.8);
  for (double x = 9.5; x <= 12.0; x += 0.5) f.push_back(x);
  const double last_step = table == Table::kSinusoidalPinst ? 25 : 21;
  for (double x = 13; x <= last_step; x += 1) f.push_back(x);
  if (table == Table::kRectangularPinst) {
    for (double x : {21.5, 22.0, 23.0, 24.0, 25.0, 25.5, 28.0, 30.5}) f.push_back(x);
  }
  f.push_back(100.0 / 3);
  if (supply_hz == 60) {
    if (table == Table::kRectangularPinst) f.push_back(37);
    f.push_back(40);
  }
  return f;
}

inline std::vector<double> Dvv(Table table, Combination c) {
  const bool l230 = c.lamp == Lamp::k230V;
  const bool s50 = c.supply_hz == 50;
  switch (table) {
    case Table::kSinusoidalPinst: {
      // The rows agree up to 25 Hz; they differ from 19 Hz on by supply.
      std::vector<double> common =
          l230 ? std::vector<double>{2.325, 1.397, 1.067, 0.879, 0.747, 0.645, 0.564, 0.497,
                                     0.442, 0.396, 0.357, 0.325, 0.3,   0.280, 0.265, 0.256,
                                     0.250, 0.254, 0.261, 0.271, 0.283, 0.298, 0.314, 0.351,
                                     0.393, 0.438, 0.486, 0.537, 0.590}
               : std::vector<double>{2.453, 1.465, 1.126, 0.942, 0.815, 0.717, 0.637, 0.570,
                                     0.514, 0.466, 0.426, 0.393, 0.366, 0.346, 0.332, 0.323,
                                     0.321, 0.329, 0.341, 0.355, 0.373, 0.394, 0.417, 0.469,
                                     0.528, 0.592, 0.660, 0.734, 0.811};
      std::vector<double> tail;
      if (l230 && s50) tail = {0.646, 0.704, 0.764, 0.828, 0.894, 0.964, 1.037, 2.128};
      if (!l230 && !s50) tail = {0.892, 0.977, 1.067, 1.160, 1.257, 1.359, 1.464, 2.570, 4.393};
      if (!l230 && s50) tail = {0.892, 0.978, 1.068, 1.162, 1.261, 1.365, 1.476, 3.111};
      if (l230 && !s50) tail = {0.645, 0.703, 0.764, 0.826, 0.892, 0.959, 1.029, 1.758, 2.963};
      common.insert(common.end(), tail.begin(), tail.end());
      return common;
    }
    case Table::kRectangularPinst:
      if (l230 && s50) {
        return {0.509, 0.467, 0.429, 0.398, 0.370, 0.352, 0.342, 0.332, 0.312, 0.291, 0.268,
                0.248, 0.231, 0.216, 0.207, 0.199, 0.196, 0.199, 0.203, 0.212, 0.222, 0.233,
                0.245, 0.272, 0.308, 0.341, 0.376, 0.411, 0.446, 0.497, 0.553, 0.585, 0.592,
                0.612, 0.680, 0.743, 0.764, 0.806, 0.915, 0.847, 1.671};
      }
      return {0.598, 0.548, 0.503, 0.469, 0.439, 0.419, 0.408, 0.394, 0.373, 0.348, 0.324,
              0.302, 0.283, 0.269, 0.258, 0.253, 0.252, 0.258, 0.266, 0.278, 0.292, 0.308,
              0.324, 0.367, 0.411, 0.457, 0.509, 0.575, 0.626, 0.688, 0.746, 0.815, 0.837,
              0.851, 0.946, 1.067, 1.088, 1.072, 1.383, 1.602, 1.823, 1.304, 3.451};
    case Table::kRectangularPst:
      if (l230) return {2.715, 2.191, 1.450, 0.894, 0.722, 0.407, 2.343};
      return {3.181, 2.564, 1.694, 1.040, 0.844, 0.548, 4.837};
  }
  return {};
}

}  // namespace pqa::flicker

#endif  // PQA_HOST_FLICKER_STANDARD_TABLES_H_
