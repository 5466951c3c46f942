#include "host/frontend/output_word.h"

#include <algorithm>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace pqa::frontend {
namespace {

// Field positions of hw/rtl/pqa_fe_pkg.sv.
constexpr int kHcEndIndexLsb = 0;
constexpr int kHcLengthLsb = 32;
constexpr int kHcFlagsLsb = 48;
constexpr int kHcValueLsb = 64;
constexpr int kPerCrossIndexLsb = 0;
constexpr int kPerLengthLsb = 32;
constexpr int kPerBeforeLsb = 64;
constexpr int kPerAfterLsb = 96;
constexpr int kEvIndexLsb = 0;
constexpr int kEvKindLsb = 32;
constexpr int kEvLengthLsb = 48;
constexpr int kEvValueLsb = 64;

void SetBits(std::vector<uint32_t>& data, int lsb, int width, uint64_t value) {
  for (int i = 0; i < width; ++i) {
    const int bit = lsb + i;
    const uint32_t mask = 1u << (bit % 32);
    if ((value >> i) & 1) {
      data[bit / 32] |= mask;
    } else {
      data[bit / 32] &= ~mask;
    }
  }
}

uint64_t GetBits(const std::vector<uint32_t>& data, int lsb, int width) {
  uint64_t value = 0;
  for (int i = 0; i < width; ++i) {
    const int bit = lsb + i;
    if (bit / 32 < static_cast<int>(data.size()) && ((data[bit / 32] >> (bit % 32)) & 1)) {
      value |= uint64_t{1} << i;
    }
  }
  return value;
}

OutputWord Blank(Tag tag, int channel, uint32_t frame_index, int data_width) {
  OutputWord w;
  w.tag = tag;
  w.channel = static_cast<uint8_t>(channel);
  w.frame_index = frame_index;
  w.data.assign(static_cast<size_t>(data_width / 32), 0);
  return w;
}

}  // namespace

std::string OutputWord::DebugString() const {
  std::vector<std::string> hex;
  for (auto it = data.rbegin(); it != data.rend(); ++it)
    hex.push_back(absl::StrFormat("%08x", *it));
  return absl::StrFormat("{tag %d ch %d frame %u last %d data %s}", static_cast<int>(tag), channel,
                         frame_index, last ? 1 : 0, absl::StrJoin(hex, "_"));
}

int OutputDataWidth(int frame_bits) { return std::max(128, (frame_bits + 31) / 32 * 32); }

OutputWord EncodeSamples(uint32_t frame_index, const std::vector<int32_t>& codes, int sample_width,
                         int data_width) {
  OutputWord w = Blank(Tag::kSamples, 0, frame_index, data_width);
  for (size_t c = 0; c < codes.size(); ++c) {
    SetBits(w.data, static_cast<int>(c) * sample_width, sample_width,
            static_cast<uint64_t>(static_cast<int64_t>(codes[c])));
  }
  return w;
}

OutputWord EncodeHalfCycle(uint32_t frame_index, const HalfCycleValue& v, int data_width) {
  OutputWord w = Blank(Tag::kHalfCycle, v.channel, frame_index, data_width);
  SetBits(w.data, kHcEndIndexLsb, 32, v.end_index);
  SetBits(w.data, kHcLengthLsb, 16, v.length);
  SetBits(w.data, kHcFlagsLsb, 16,
          (v.starts_at_crossing ? 2u : 0u) | (v.ends_at_crossing ? 1u : 0u));
  SetBits(w.data, kHcValueLsb, 64, v.mean_square);
  return w;
}

OutputWord EncodePeriod(uint32_t frame_index, const PeriodValue& v, int data_width) {
  OutputWord w = Blank(Tag::kPeriod, v.channel, frame_index, data_width);
  SetBits(w.data, kPerCrossIndexLsb, 32, v.crossing_index);
  SetBits(w.data, kPerLengthLsb, 32, v.period);
  SetBits(w.data, kPerBeforeLsb, 32, static_cast<uint32_t>(v.before));
  SetBits(w.data, kPerAfterLsb, 32, static_cast<uint32_t>(v.after));
  return w;
}

OutputWord EncodeMarker(uint32_t frame_index, const EventMarker& m, int data_width) {
  OutputWord w =
      Blank(m.start ? Tag::kEventStart : Tag::kEventEnd, m.channel, frame_index, data_width);
  SetBits(w.data, kEvIndexLsb, 32, m.index);
  SetBits(w.data, kEvKindLsb, 8, static_cast<uint8_t>(m.kind));
  SetBits(w.data, kEvLengthLsb, 16, m.length);
  SetBits(w.data, kEvValueLsb, 64, m.mean_square);
  return w;
}

std::optional<HalfCycleValue> DecodeHalfCycle(const OutputWord& w) {
  if (w.tag != Tag::kHalfCycle) return std::nullopt;
  HalfCycleValue v;
  v.channel = w.channel;
  v.end_index = static_cast<uint32_t>(GetBits(w.data, kHcEndIndexLsb, 32));
  v.length = static_cast<uint32_t>(GetBits(w.data, kHcLengthLsb, 16));
  const uint64_t flags = GetBits(w.data, kHcFlagsLsb, 16);
  v.ends_at_crossing = flags & 1;
  v.starts_at_crossing = flags & 2;
  v.mean_square = GetBits(w.data, kHcValueLsb, 64);
  return v;
}

std::optional<PeriodValue> DecodePeriod(const OutputWord& w) {
  if (w.tag != Tag::kPeriod) return std::nullopt;
  PeriodValue v;
  v.channel = w.channel;
  v.crossing_index = static_cast<uint32_t>(GetBits(w.data, kPerCrossIndexLsb, 32));
  v.period = static_cast<uint32_t>(GetBits(w.data, kPerLengthLsb, 32));
  v.before = static_cast<int32_t>(static_cast<uint32_t>(GetBits(w.data, kPerBeforeLsb, 32)));
  v.after = static_cast<int32_t>(static_cast<uint32_t>(GetBits(w.data, kPerAfterLsb, 32)));
  return v;
}

std::optional<EventMarker> DecodeMarker(const OutputWord& w) {
  if (w.tag != Tag::kEventStart && w.tag != Tag::kEventEnd) return std::nullopt;
  EventMarker m;
  m.channel = w.channel;
  m.start = w.tag == Tag::kEventStart;
  m.index = static_cast<uint32_t>(GetBits(w.data, kEvIndexLsb, 32));
  m.kind = static_cast<EventKind>(GetBits(w.data, kEvKindLsb, 8));
  m.length = static_cast<uint32_t>(GetBits(w.data, kEvLengthLsb, 16));
  m.mean_square = GetBits(w.data, kEvValueLsb, 64);
  return m;
}

}  // namespace pqa::frontend
