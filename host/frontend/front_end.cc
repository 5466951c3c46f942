#include "host/frontend/front_end.h"

#include <algorithm>

#include "absl/strings/str_format.h"

namespace pqa::frontend {
namespace {

__extension__ typedef unsigned __int128 Uint128;

constexpr int kPuFrac = 15;     // Q1.15 per-unit registers
constexpr int kRecipFrac = 32;  // reciprocal table: floor(2^32 / n)

constexpr uint64_t Mask(int bits) { return bits >= 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1; }

int SqWidth(const Shape& s) { return 2 * s.sample_width - 1; }
int SumWidth(const Shape& s) { return SqWidth(s) + s.window_log2; }
int ThrWidth(const Shape& s) { return 2 * s.sample_width + 4; }

// floor(2^32 / n), the RTL's reciprocal table (pqa_fe_recip_rom).
uint64_t Reciprocal(uint32_t n) { return n == 0 ? 0 : (uint64_t{1} << kRecipFrac) / n; }

}  // namespace

std::array<uint64_t, 2 * kNumEventKinds> DeriveThresholds(const Shape& shape, const Registers& r) {
  // pqa_fe_thresholds: level (17 bits) -> level^2 >> 15 -> uref_sq * . >> 15.
  const uint64_t hyst = r.hysteresis_pu;
  const std::array<uint64_t, 2 * kNumEventKinds> levels = {
      r.sag_pu,          r.sag_pu + hyst,
      r.swell_pu,        r.swell_pu > hyst ? r.swell_pu - hyst : 0,
      r.interruption_pu, r.interruption_pu + hyst,
  };
  const uint64_t uref_sq = r.uref_sq & Mask(2 * shape.sample_width);
  std::array<uint64_t, 2 * kNumEventKinds> thr{};
  for (size_t i = 0; i < levels.size(); ++i) {
    const uint64_t level2 = (levels[i] * levels[i]) >> kPuFrac;
    const Uint128 prod = static_cast<Uint128>(uref_sq) * level2;
    thr[i] = static_cast<uint64_t>(prod >> kPuFrac) & Mask(ThrWidth(shape));
  }
  return thr;
}

absl::StatusOr<FrontEnd> FrontEnd::Create(const Config& config) {
  const Shape& s = config.shape;
  if (s.num_voltage < 1 || s.num_voltage > 15) {
    return absl::InvalidArgumentError(
        absl::StrFormat("front end: num_voltage %d, expected 1..15", s.num_voltage));
  }
  if (s.num_current < 0) {
    return absl::InvalidArgumentError(
        absl::StrFormat("front end: num_current %d, expected >= 0", s.num_current));
  }
  if (s.sample_width < 8 || s.sample_width > 32) {
    return absl::InvalidArgumentError(
        absl::StrFormat("front end: sample_width %d bits, expected 8..32", s.sample_width));
  }
  if (s.window_log2 < 4 || s.window_log2 > 16) {
    return absl::InvalidArgumentError(
        absl::StrFormat("front end: window_log2 %d, expected 4..16", s.window_log2));
  }
  return FrontEnd(config);
}

FrontEnd::FrontEnd(const Config& config)
    : config_(config),
      thresholds_(DeriveThresholds(config.shape, config.registers)),
      channels_(static_cast<size_t>(config.shape.num_voltage)) {}

uint32_t FrontEnd::active(int channel) const {
  uint32_t bits = 0;
  const Events& ev = channels_.at(static_cast<size_t>(channel)).ev;
  for (int k = 0; k < kNumEventKinds; ++k) bits |= (ev.active[k] ? 1u : 0u) << k;
  return bits;
}

// pqa_fe_zero_cross.
FrontEnd::ZeroCrossFlags FrontEnd::StepZeroCross(ZeroCross& s, int32_t x, uint32_t index) const {
  using Polarity = ZeroCross::Polarity;
  const Registers& r = config_.registers;
  const int64_t h = static_cast<int64_t>(r.zc_hysteresis & Mask(config_.shape.sample_width));
  const bool beyond_pos = x > h;
  const bool beyond_neg = x < -h;
  const bool raw_up = s.prev_valid && s.prev < 0 && x >= 0;
  const bool raw_down = s.prev_valid && s.prev >= 0 && x < 0;
  const bool cand = (s.polarity == Polarity::kNegative && raw_up) ||
                    (s.polarity == Polarity::kPositive && raw_down);
  bool hit, hit_up;
  switch (s.polarity) {
    case Polarity::kNegative:
      hit = beyond_pos;
      hit_up = true;
      break;
    case Polarity::kPositive:
      hit = beyond_neg;
      hit_up = false;
      break;
    default:
      hit = beyond_pos || beyond_neg;
      hit_up = beyond_pos;
  }
  const uint32_t debounce = std::max<uint32_t>(r.zc_debounce, 1);
  uint32_t run = 0;
  if (hit) run = (s.run != 0 && s.run_up == hit_up) ? ((s.run + 1) & 0xFFFF) : 1;
  const bool confirm = hit && run >= debounce;

  ZeroCrossFlags f;
  f.candidate = cand;
  f.confirm = confirm && s.polarity != Polarity::kUnknown;
  f.sync = confirm && s.polarity == Polarity::kUnknown;
  f.upward = hit_up;
  if (cand) {
    s.cand_index = index;
    s.cand_before = s.prev;
    s.cand_after = x;
  }
  f.cross_index = s.cand_index;
  f.before = s.cand_before;
  f.after = s.cand_after;

  if (confirm) {
    s.polarity = hit_up ? Polarity::kPositive : Polarity::kNegative;
    run = 0;
  }
  s.run = run;
  s.run_up = hit_up;
  s.prev = x;
  s.prev_valid = true;
  return f;
}

// pqa_fe_half_cycle, pqa_fe_mean_square and pqa_fe_event_detector.
void FrontEnd::ProcessChannel(int c, uint32_t index, int32_t x, FrameOutput& out) {
  const Shape& shape = config_.shape;
  const Registers& r = config_.registers;
  Channel& ch = channels_[static_cast<size_t>(c)];
  if (!((r.channel_enable >> c) & 1)) {
    ch = Channel{};  // disabled: held in reset
    return;
  }
  const ZeroCrossFlags f = StepZeroCross(ch.zc, x, index);
  HalfCycle& s = ch.hc;

  const uint64_t sum_mask = Mask(SumWidth(shape));
  const uint32_t n_mask = static_cast<uint32_t>(Mask(shape.window_log2));
  const uint64_t square = static_cast<uint64_t>(static_cast<int64_t>(x) * x);
  const uint32_t timeout_max = (1u << (shape.window_log2 - 1)) - 2;
  const uint32_t timeout =
      r.half_timeout > timeout_max ? timeout_max : std::max<uint32_t>(r.half_timeout, 1);

  // A newer raw crossing supersedes the previous one: its tail joins the head.
  uint64_t head1, tail1;
  uint32_t head1_n, tail1_n;
  if (f.candidate) {
    head1 = (s.head + s.tail) & sum_mask;
    head1_n = (s.head_n + s.tail_n) & n_mask;
    tail1 = square;
    tail1_n = 1;
  } else {
    head1 = s.head;
    head1_n = s.head_n;
    tail1 = (s.tail + square) & sum_mask;
    tail1_n = (s.tail_n + 1) & n_mask;
  }
  const uint32_t elapsed = (head1_n + tail1_n) & n_mask;
  const bool forced = !f.confirm && !f.sync && elapsed >= timeout;
  const bool boundary = f.confirm || f.sync || forced;

  uint64_t half_sum = (head1 + tail1) & sum_mask;
  uint32_t half_n = (head1_n + tail1_n) & n_mask;
  uint32_t end_index = index + 1;
  HalfCycle next = s;
  next.head = head1;
  next.head_n = head1_n;
  next.tail = tail1;
  next.tail_n = tail1_n;
  if (f.confirm) {
    half_sum = head1;
    half_n = head1_n;
    end_index = f.cross_index;
    next.head = tail1;
    next.head_n = tail1_n;
    next.tail = 0;
    next.tail_n = 0;
  } else if (boundary) {
    next.head = next.tail = 0;
    next.head_n = next.tail_n = 0;
  }
  if (boundary) {
    next.prev = half_sum;
    next.prev_n = half_n;
    next.boundaries = std::min<uint32_t>(s.boundaries + 1, 3);
    next.prev_start_real = s.cur_start_real;
    next.cur_start_real = f.confirm;
  }
  if (f.confirm && f.upward) {
    if (s.last_up_valid) {
      PeriodValue p{c, f.cross_index, f.cross_index - s.last_up, f.before, f.after};
      out.periods.push_back(p);
    }
    next.last_up = f.cross_index;
    next.last_up_valid = true;
  } else if (forced || f.sync) {
    next.last_up_valid = false;
  }
  const bool window_valid = boundary && s.boundaries >= 3;
  const uint64_t window_sum = (s.prev + half_sum) & sum_mask;
  const uint32_t window_n = (s.prev_n + half_n) & n_mask;
  const bool window_starts_real = s.prev_start_real;
  s = next;
  if (!window_valid) return;

  HalfCycleValue hc;
  hc.channel = c;
  hc.end_index = end_index;
  hc.length = window_n;
  hc.starts_at_crossing = window_starts_real;
  hc.ends_at_crossing = f.confirm;
  hc.mean_square = static_cast<uint64_t>(
                       (static_cast<Uint128>(window_sum) * Reciprocal(window_n)) >> kRecipFrac) &
                   Mask(SqWidth(shape));
  out.half_cycles.push_back(hc);

  // IEC 61000-4-30 5.4.2-5.4.4 on squares: start below (above, for a swell)
  // the threshold, end at or beyond threshold +- hysteresis.
  Events& ev = ch.ev;
  const uint64_t ms = hc.mean_square;
  for (int k = 0; k < kNumEventKinds; ++k) {
    const bool above = static_cast<EventKind>(k) == EventKind::kSwell;
    const uint64_t start_thr = thresholds_[2 * k];
    const uint64_t return_thr = thresholds_[2 * k + 1];
    const bool starts = above ? ms > start_thr : ms < start_thr;
    const bool ends = above ? ms <= return_thr : ms >= return_thr;
    const bool more_extreme = above ? ms > ev.extreme[k] : ms < ev.extreme[k];
    if (!ev.active[k] && starts) {
      ev.active[k] = true;
      ev.extreme[k] = ms;
      out.markers.push_back({c, static_cast<EventKind>(k), true, hc.end_index, hc.length, ms});
    } else if (ev.active[k] && ends) {
      ev.active[k] = false;
      out.markers.push_back(
          {c, static_cast<EventKind>(k), false, hc.end_index, hc.length, ev.extreme[k]});
    } else if (ev.active[k] && more_extreme) {
      ev.extreme[k] = ms;
    }
  }
}

absl::Status FrontEnd::Push(uint32_t index, const std::vector<int32_t>& codes, FrameOutput& out) {
  return Compute(index, codes, /*words=*/true, out);
}

absl::Status FrontEnd::Step(uint32_t index, std::span<const int32_t> codes, FrameOutput& out) {
  return Compute(index, codes, /*words=*/false, out);
}

absl::Status FrontEnd::Compute(uint32_t index, std::span<const int32_t> codes, bool words,
                               FrameOutput& out) {
  const Shape& shape = config_.shape;
  if (static_cast<int>(codes.size()) != shape.num_channels()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("front end frame %u: %d codes, expected %d channels", index, codes.size(),
                        shape.num_channels()));
  }
  const int64_t lo = -(int64_t{1} << (shape.sample_width - 1));
  const int64_t hi = (int64_t{1} << (shape.sample_width - 1)) - 1;
  for (size_t c = 0; c < codes.size(); ++c) {
    if (codes[c] < lo || codes[c] > hi) {
      return absl::InvalidArgumentError(
          absl::StrFormat("front end frame %u channel %d: code %d outside the %d-bit range", index,
                          c, codes[c], shape.sample_width));
    }
  }
  out.periods.clear();
  out.half_cycles.clear();
  out.markers.clear();
  out.words.clear();
  if (!words) {
    for (int c = 0; c < shape.num_voltage; ++c) {
      ProcessChannel(c, index, codes[static_cast<size_t>(c)], out);
    }
    return absl::OkStatus();
  }

  const int width = shape.output_data_width();
  out.words.push_back(EncodeSamples(index, std::vector<int32_t>(codes.begin(), codes.end()),
                                    shape.sample_width, width));
  for (int c = 0; c < shape.num_voltage; ++c) {
    const size_t p0 = out.periods.size(), h0 = out.half_cycles.size(), m0 = out.markers.size();
    ProcessChannel(c, index, codes[static_cast<size_t>(c)], out);
    // Slot order of the serializer: period, half cycle, markers by kind.
    for (size_t i = p0; i < out.periods.size(); ++i)
      out.words.push_back(EncodePeriod(index, out.periods[i], width));
    for (size_t i = h0; i < out.half_cycles.size(); ++i)
      out.words.push_back(EncodeHalfCycle(index, out.half_cycles[i], width));
    for (size_t i = m0; i < out.markers.size(); ++i)
      out.words.push_back(EncodeMarker(index, out.markers[i], width));
  }
  out.words.back().last = true;
  return absl::OkStatus();
}

}  // namespace pqa::frontend
