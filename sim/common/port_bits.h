// Bit-field access to Verilated ports of any width: CData/SData/IData/QData
// for up to 64 bits, VlWide<N> (32-bit words, least significant first) above.
#ifndef PQA_SIM_COMMON_PORT_BITS_H_
#define PQA_SIM_COMMON_PORT_BITS_H_

#include <cstdint>
#include <type_traits>
#include <vector>

#include "verilated.h"

namespace pqa::sim {

template <typename Port>
void SetPortBits(Port& port, int lsb, int width, uint64_t value) {
  for (int i = 0; i < width; ++i) {
    const int bit = lsb + i;
    const bool one = (value >> i) & 1;
    if constexpr (std::is_integral_v<Port>) {
      const Port mask = static_cast<Port>(Port{1} << bit);
      port = one ? static_cast<Port>(port | mask) : static_cast<Port>(port & ~mask);
    } else {
      const EData mask = EData{1} << (bit % 32);
      port[bit / 32] = one ? (port[bit / 32] | mask) : (port[bit / 32] & ~mask);
    }
  }
}

// The port as `words` 32-bit words, least significant first.
template <typename Port>
std::vector<uint32_t> PortWords(const Port& port, int words) {
  std::vector<uint32_t> out(static_cast<size_t>(words), 0);
  if constexpr (std::is_integral_v<Port>) {
    const uint64_t v = port;
    out[0] = static_cast<uint32_t>(v);
    if (words > 1 && sizeof(Port) > 4) out[1] = static_cast<uint32_t>(v >> 32);
  } else {
    for (int i = 0; i < words; ++i) out[static_cast<size_t>(i)] = port[i];
  }
  return out;
}

}  // namespace pqa::sim

#endif  // PQA_SIM_COMMON_PORT_BITS_H_
