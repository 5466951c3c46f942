// The words the hardware front end sends to the kernels (AXI4-Stream
// master), bit for bit as hw/rtl/pqa_fe_pkg.sv lays them out, and the result
// values they carry. Every input frame yields a sample word followed by its
// result words, in slot order: for each voltage channel, period, half-cycle
// value, then the sag, swell and interruption markers.
#ifndef PQA_HOST_FRONTEND_OUTPUT_WORD_H_
#define PQA_HOST_FRONTEND_OUTPUT_WORD_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pqa::frontend {

// TUSER[39:36] of an output word.
enum class Tag : uint8_t {
  kSamples = 0,     // the input frame, passed through
  kHalfCycle = 1,   // Urms(1/2)^2 of one channel (IEC 61000-4-30 5.4.2)
  kPeriod = 2,      // one fundamental period, between upward zero crossings
  kEventStart = 3,  // a threshold was crossed
  kEventEnd = 4,    // the return crossing (threshold + hysteresis)
};

// Event kinds; also the order of the marker slots of a channel.
enum class EventKind : uint8_t { kSag = 0, kSwell = 1, kInterruption = 2 };
inline constexpr int kNumEventKinds = 3;

// One-cycle RMS refreshed every half cycle, as a mean square.
struct HalfCycleValue {
  int channel = 0;                  // voltage channel, 0-based
  uint32_t end_index = 0;           // sample index one past the window (a zero crossing)
  uint32_t length = 0;              // window length, samples
  bool starts_at_crossing = false;  // false: the window began at a forced boundary
  bool ends_at_crossing = false;    // false: forced (no crossing within the timeout)
  uint64_t mean_square = 0;         // Urms(1/2)^2, LSB^2 (floor)
};

// A fundamental period ending at a confirmed upward zero crossing.
struct PeriodValue {
  int channel = 0;
  uint32_t crossing_index = 0;  // index of the first sample >= 0 after the crossing
  uint32_t period = 0;          // samples since the previous upward crossing
  int32_t before = 0;           // ADC code of the sample before the crossing (< 0)
  int32_t after = 0;            // ADC code at crossing_index (>= 0)
};

// Start or end of a sag, swell or interruption on one channel.
struct EventMarker {
  int channel = 0;
  EventKind kind = EventKind::kSag;
  bool start = true;
  uint32_t index = 0;        // end index of the half-cycle window that crossed
  uint32_t length = 0;       // that window's length, samples
  uint64_t mean_square = 0;  // start: the crossing value; end: the extreme, LSB^2

  // The instant the event is time-stamped with: the start of the Urms(1/2)
  // window in which the threshold crossing was first seen (sample index).
  uint32_t window_start() const { return index - length; }
};

// One beat of the output stream. `data` holds TDATA as 32-bit words, least
// significant first (data_width / 32 of them).
struct OutputWord {
  Tag tag = Tag::kSamples;
  uint8_t channel = 0;       // TUSER[35:32]
  uint32_t frame_index = 0;  // TUSER[31:0]: the frame this word belongs to
  bool last = false;         // TLAST: last word of the frame
  std::vector<uint32_t> data;

  bool operator==(const OutputWord&) const = default;
  std::string DebugString() const;
};

// Output TDATA width in bits for a frame of `frame_bits` (channels x width).
int OutputDataWidth(int frame_bits);

OutputWord EncodeSamples(uint32_t frame_index, const std::vector<int32_t>& codes, int sample_width,
                         int data_width);
OutputWord EncodeHalfCycle(uint32_t frame_index, const HalfCycleValue& v, int data_width);
OutputWord EncodePeriod(uint32_t frame_index, const PeriodValue& v, int data_width);
OutputWord EncodeMarker(uint32_t frame_index, const EventMarker& m, int data_width);

// The value a result word carries; nullopt for words of another tag.
std::optional<HalfCycleValue> DecodeHalfCycle(const OutputWord& w);
std::optional<PeriodValue> DecodePeriod(const OutputWord& w);
std::optional<EventMarker> DecodeMarker(const OutputWord& w);

}  // namespace pqa::frontend

#endif  // PQA_HOST_FRONTEND_OUTPUT_WORD_H_
