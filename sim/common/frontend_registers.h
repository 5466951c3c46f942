// The front end's AXI4-Lite register map (hw/README.md, pqa_fe_pkg) and the
// writes that program a frontend::Registers set, for every testbench and
// model that drives the RTL.
#ifndef PQA_SIM_COMMON_FRONTEND_REGISTERS_H_
#define PQA_SIM_COMMON_FRONTEND_REGISTERS_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "host/frontend/front_end.h"

namespace pqa::sim {

// Register byte addresses.
namespace reg {
inline constexpr uint32_t kId = 0x00, kShape = 0x04, kChannelEnable = 0x08, kStatus = 0x0C,
                          kUrefSqLo = 0x10, kUrefSqHi = 0x14, kSagPu = 0x18, kSwellPu = 0x1C,
                          kInterruptionPu = 0x20, kHysteresisPu = 0x24, kZcHysteresis = 0x28,
                          kZcDebounce = 0x2C, kHalfTimeout = 0x30, kCounterClear = 0x34,
                          kFramesIn = 0x40, kWordsOut = 0x44, kMarkers = 0x48, kIndexGaps = 0x4C,
                          kStallCycles = 0x50;
}  // namespace reg

// (address, value) writes, in order, that program `r` after a reset.
inline std::vector<std::pair<uint32_t, uint32_t>> RegisterWrites(const frontend::Registers& r) {
  return {{reg::kChannelEnable, r.channel_enable},
          {reg::kUrefSqLo, static_cast<uint32_t>(r.uref_sq)},
          {reg::kUrefSqHi, static_cast<uint32_t>(r.uref_sq >> 32)},
          {reg::kSagPu, r.sag_pu},
          {reg::kSwellPu, r.swell_pu},
          {reg::kInterruptionPu, r.interruption_pu},
          {reg::kHysteresisPu, r.hysteresis_pu},
          {reg::kZcHysteresis, r.zc_hysteresis},
          {reg::kZcDebounce, r.zc_debounce},
          {reg::kHalfTimeout, r.half_timeout}};
}

// The thresholds are refreshed round robin, one per clock (two stages):
// clocks to wait after the last write before the first frame.
inline constexpr int kRegisterSettleClocks = 16;

}  // namespace pqa::sim

#endif  // PQA_SIM_COMMON_FRONTEND_REGISTERS_H_
