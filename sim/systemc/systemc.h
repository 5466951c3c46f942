// The one include of SystemC for pqa. Debian 12's libsystemc (2.3.4) is
// built as C++17 and its headers pick an API-version symbol from
// __cplusplus; pqa compiles C++20, so the build defines SC_CPLUSPLUS=201703L
// (sim/systemc/CMakeLists.txt) to link against the library as built.
#ifndef PQA_SIM_SYSTEMC_SYSTEMC_H_
#define PQA_SIM_SYSTEMC_SYSTEMC_H_

#include <systemc>

#endif  // PQA_SIM_SYSTEMC_SYSTEMC_H_
