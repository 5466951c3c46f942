// Bit-exact model of the hardware front end (hw/rtl/pqa_frontend.sv): the
// same fixed-point arithmetic on the same ADC codes gives the same output
// words and the same event markers. Used by the RTL testbenches as the
// reference and by the software replay path as an alternative detector of
// sags, swells and interruptions from Urms(1/2) (IEC 61000-4-30 5.4).
//
//   auto fe = FrontEnd::Create(config);
//   FrameOutput out;
//   fe->Push(index, codes, out);   // per frame
//   for (auto& m : out.markers) ...
//
// Timing is not modelled: the hardware emits a frame's result words right
// after its sample word, so frame order is all a consumer needs.
#ifndef PQA_HOST_FRONTEND_FRONT_END_H_
#define PQA_HOST_FRONTEND_FRONT_END_H_

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "host/frontend/output_word.h"

namespace pqa::frontend {

// Synthesis parameters of the RTL (named configurations: hw/configs.cmake).
struct Shape {
  int num_voltage = 3;    // channels with zero crossing, Urms(1/2) and events, 1..15
  int num_current = 4;    // channels passed through, >= 0
  int sample_width = 16;  // signed ADC code, bits, 8..32
  int window_log2 = 11;   // one-cycle windows up to 2^window_log2 - 2 samples, 4..16

  int num_channels() const { return num_voltage + num_current; }
  int output_data_width() const { return OutputDataWidth(num_channels() * sample_width); }
};

// The AXI4-Lite registers (hw/README.md), reset values as in the RTL.
struct Registers {
  uint32_t channel_enable = 0xFFFF;  // bit c enables voltage channel c
  uint64_t uref_sq = 0;              // reference RMS^2, LSB^2 (2 x sample_width bits used)
  uint16_t sag_pu = 29491;           // Q1.15 pu: 0.9 (IEC 61000-4-30 5.4.2 typical)
  uint16_t swell_pu = 36045;         // Q1.15 pu: 1.1 (5.4.3)
  uint16_t interruption_pu = 3277;   // Q1.15 pu: 0.1 (5.4.4)
  uint16_t hysteresis_pu = 655;      // Q1.15 pu: 0.02 (5.4.2.1)
  uint32_t zc_hysteresis = 0;        // ADC codes, zero-crossing noise band (sample_width bits)
  uint16_t zc_debounce = 1;          // samples beyond the band that confirm a polarity
  uint16_t half_timeout = 0xFFFF;    // samples: longest half cycle before a forced boundary
};

struct Config {
  Shape shape;
  Registers registers;
};

// Everything one frame produced, in output order.
struct FrameOutput {
  std::vector<PeriodValue> periods;
  std::vector<HalfCycleValue> half_cycles;
  std::vector<EventMarker> markers;
  std::vector<OutputWord> words;  // sample word first, TLAST on the last
};

// The six squared thresholds (LSB^2), index 2 * kind + (0 start, 1 return),
// as the RTL derives them from the registers.
std::array<uint64_t, 2 * kNumEventKinds> DeriveThresholds(const Shape& shape,
                                                          const Registers& registers);

class FrontEnd {
 public:
  static absl::StatusOr<FrontEnd> Create(const Config& config);

  // Processes one frame: `codes` holds num_channels() ADC codes, voltages
  // first, each within the signed sample_width range; `index` is the frame's
  // sample index (TUSER). `out` is overwritten.
  absl::Status Push(uint32_t index, const std::vector<int32_t>& codes, FrameOutput& out);
  // As Push, without building the output words (out.words stays empty): the
  // software path needs only the values, and a frame's words cost more than
  // its arithmetic.
  absl::Status Step(uint32_t index, std::span<const int32_t> codes, FrameOutput& out);

  const Config& config() const { return config_; }
  // Event in progress per voltage channel, bit = EventKind (STATUS register).
  uint32_t active(int channel) const;

 private:
  struct ZeroCross {
    enum class Polarity { kUnknown, kPositive, kNegative };
    Polarity polarity = Polarity::kUnknown;
    uint32_t run = 0;
    bool run_up = false;
    int32_t prev = 0;
    bool prev_valid = false;
    uint32_t cand_index = 0;
    int32_t cand_before = 0;
    int32_t cand_after = 0;
  };
  struct ZeroCrossFlags {
    bool candidate = false, confirm = false, sync = false, upward = false;
    uint32_t cross_index = 0;
    int32_t before = 0, after = 0;
  };
  struct HalfCycle {
    uint64_t head = 0, tail = 0, prev = 0;
    uint32_t head_n = 0, tail_n = 0, prev_n = 0;
    uint32_t boundaries = 0;
    bool cur_start_real = false, prev_start_real = false;
    uint32_t last_up = 0;
    bool last_up_valid = false;
  };
  struct Events {
    std::array<bool, kNumEventKinds> active{};
    std::array<uint64_t, kNumEventKinds> extreme{};
  };
  struct Channel {
    ZeroCross zc;
    HalfCycle hc;
    Events ev;
  };

  explicit FrontEnd(const Config& config);
  ZeroCrossFlags StepZeroCross(ZeroCross& s, int32_t x, uint32_t index) const;
  void ProcessChannel(int c, uint32_t index, int32_t x, FrameOutput& out);
  absl::Status Compute(uint32_t index, std::span<const int32_t> codes, bool words,
                       FrameOutput& out);

  Config config_;
  std::array<uint64_t, 2 * kNumEventKinds> thresholds_{};
  std::vector<Channel> channels_;
};

}  // namespace pqa::frontend

#endif  // PQA_HOST_FRONTEND_FRONT_END_H_
