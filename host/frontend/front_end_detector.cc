#include "host/frontend/front_end_detector.h"

#include <cmath>
#include <numbers>
#include <span>
#include <string>
#include <utility>

#include "absl/strings/str_format.h"

namespace pqa::frontend {
namespace {

// Fewer samples per cycle make the whole-sample window too coarse (see the
// header) and the debounce meaningless.
constexpr double kMinSamplesPerCycle = 64.0;

absl::Status ConfigError(const std::string& what) {
  return absl::InvalidArgumentError("FrontEndDetectorConfig." + what);
}

double FullScale(const FrontEndDetectorConfig& c) {
  return c.full_scale_v > 0 ? c.full_scale_v
                            : 2.0 * std::numbers::sqrt2 * c.detector.declared_voltage_v;
}

}  // namespace

absl::StatusOr<Config> FrontEndDetector::ModelConfig(const FrontEndDetectorConfig& c,
                                                     double sample_rate_hz) {
  if (absl::Status s = vtcd::ValidateDetectorConfig(c.detector); !s.ok()) return s;
  if (c.phase_channels.size() != c.detector.phase_names.size()) {
    return ConfigError(absl::StrFormat("phase_channels: %d entries for %d phase names",
                                       c.phase_channels.size(), c.detector.phase_names.size()));
  }
  if (!(c.full_scale_v >= 0) || !std::isfinite(c.full_scale_v)) {
    return ConfigError(
        absl::StrFormat("full_scale_v = %g: expected >= 0 V (0: 2 sqrt2 Udin)", c.full_scale_v));
  }
  const double f = c.detector.limits.nominal_frequency_hz;
  const double per_cycle = sample_rate_hz / f;
  if (!(per_cycle >= kMinSamplesPerCycle)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("front-end detector: %g samples per %g Hz cycle at %g Hz, expected >= %g",
                        per_cycle, f, sample_rate_hz, kMinSamplesPerCycle));
  }
  Config config;
  config.shape = Shape{static_cast<int>(c.phase_channels.size()), 0, c.sample_width, c.window_log2};
  // Creating the model validates the shape (widths, window size).
  if (absl::StatusOr<FrontEnd> probe = FrontEnd::Create(config); !probe.ok()) {
    return probe.status();
  }
  // A forced boundary after 1.25 nominal half cycles must fit the window:
  // the RTL clamps the timeout to 2^(window_log2 - 1) - 2 samples.
  const double timeout = std::ceil(1.25 * per_cycle / 2.0);
  const double timeout_max = std::ldexp(1.0, c.window_log2 - 1) - 2.0;
  if (timeout > timeout_max) {
    return ConfigError(absl::StrFormat(
        "window_log2 = %d: %g samples per cycle need half-cycle windows of %g samples, at most "
        "%g fit",
        c.window_log2, per_cycle, timeout, timeout_max));
  }
  absl::StatusOr<AdcScale> scale = MakeAdcScale(FullScale(c), c.sample_width);
  if (!scale.ok()) return scale.status();
  Registers& r = config.registers;
  r.channel_enable = (1u << c.phase_channels.size()) - 1;
  r.uref_sq = RmsVoltsToMeanSquare(*scale, c.detector.declared_voltage_v);
  const vtcd::ClassificationLimits& l = c.detector.limits;
  for (auto [pu, reg] :
       {std::pair{l.sag_threshold_pu, &r.sag_pu}, std::pair{l.swell_threshold_pu, &r.swell_pu},
        std::pair{l.interruption_threshold_pu, &r.interruption_pu},
        std::pair{c.detector.hysteresis_pu, &r.hysteresis_pu}}) {
    absl::StatusOr<uint16_t> q = PuToQ15(pu);
    if (!q.ok()) return q.status();
    *reg = *q;
  }
  // The same noise band as the double-precision path's crossing detector,
  // on the raw signal: the crossing is the last raw sign change before the
  // band is left, so the band rejects chatter without delaying the crossing.
  const double band_v =
      c.detector.crossing_hysteresis_pu * std::numbers::sqrt2 * c.detector.declared_voltage_v;
  r.zc_hysteresis = static_cast<uint32_t>(VoltsToCode(*scale, band_v));
  r.zc_debounce = static_cast<uint16_t>(std::max(1.0, std::round(per_cycle / 64.0)));
  r.half_timeout = static_cast<uint16_t>(timeout);
  return config;
}

absl::StatusOr<FrontEndDetector> FrontEndDetector::Create(const FrontEndDetectorConfig& config) {
  // Validate everything but the rate, which only the data brings.
  absl::StatusOr<Config> probe =
      ModelConfig(config, 1024.0 * config.detector.limits.nominal_frequency_hz);
  if (!probe.ok()) return probe.status();
  absl::StatusOr<vtcd::EventDetector> detector = vtcd::EventDetector::Create(config.detector);
  if (!detector.ok()) return detector.status();
  return FrontEndDetector(config, *MakeAdcScale(FullScale(config), config.sample_width),
                          *std::move(detector));
}

FrontEndDetector::FrontEndDetector(const FrontEndDetectorConfig& config, AdcScale scale,
                                   vtcd::EventDetector detector)
    : config_(config), scale_(scale), detector_(std::move(detector)) {}

absl::Status FrontEndDetector::StartStream(TimeNs stream_start, double sample_rate_hz,
                                           uint32_t first_index) {
  absl::StatusOr<Config> model_config = ModelConfig(config_, sample_rate_hz);
  if (!model_config.ok()) return model_config.status();
  sample_rate_hz_ = sample_rate_hz;
  stream_start_ = stream_start;
  first_index_ = first_index;
  frames_ = 0;
  latest_index_ = first_index;
  model_.reset();
  return absl::OkStatus();
}

absl::Status FrontEndDetector::BlockCodes(const io::SampleBlock& block,
                                          std::vector<int32_t>& codes) const {
  for (std::size_t p = 0; p < config_.phase_channels.size(); ++p) {
    if (config_.phase_channels[p] >= block.channels) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "front-end detector: phase %s is channel %d, the block has %d channels",
          config_.detector.phase_names[p], config_.phase_channels[p], block.channels));
    }
  }
  const std::size_t phases = config_.phase_channels.size();
  codes.resize(block.frames * phases);
  for (std::size_t k = 0; k < block.frames; ++k) {
    for (std::size_t p = 0; p < phases; ++p) {
      const double v = block.value(k, config_.phase_channels[p]);
      if (!std::isfinite(v)) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "front-end detector: sample %d of phase %s in the block at %s is not a finite number",
            k, config_.detector.phase_names[p], FormatRfc3339(block.start, 9)));
      }
      codes[k * phases + p] = VoltsToCode(scale_, v);
    }
  }
  return absl::OkStatus();
}

bool FrontEndDetector::Continues(const io::SampleBlock& block, int64_t frames) const {
  const TimeNs expected =
      stream_start_ +
      static_cast<TimeNs>(std::llround(static_cast<double>(frames) * 1e9 / sample_rate_hz_));
  return sample_rate_hz_ > 0 && block.sample_rate_hz == sample_rate_hz_ &&
         std::llabs(block.start - expected) <= 0.5e9 / block.sample_rate_hz;
}

absl::Status FrontEndDetector::Process(const io::SampleBlock& block) {
  if (block.frames == 0) return absl::OkStatus();
  if (absl::Status s = BlockCodes(block, codes_); !s.ok()) return s;
  if (!model_.has_value() || !Continues(block, frames_)) {
    if (absl::Status s = StartStream(block.start, block.sample_rate_hz); !s.ok()) return s;
    absl::StatusOr<FrontEnd> model = FrontEnd::Create(*ModelConfig(config_, block.sample_rate_hz));
    if (!model.ok()) return model.status();
    model_.emplace(*std::move(model));
  }
  const std::size_t phases = config_.phase_channels.size();
  const std::span<const int32_t> codes(codes_);
  for (std::size_t k = 0; k < block.frames; ++k) {
    // The RTL's TUSER index is 32 bits and wraps (3.2 days at 15.36 kS/s);
    // TimeOf() unwraps it.
    const auto index = static_cast<uint32_t>(frames_);
    if (absl::Status s = model_->Step(index, codes.subspan(k * phases, phases), out_); !s.ok())
      return s;
    ++frames_;
    for (const HalfCycleValue& v : out_.half_cycles) {
      if (absl::Status s = AddHalfCycle(v); !s.ok()) return s;
    }
    for (const EventMarker& m : out_.markers) {
      if (absl::Status s = AddMarker(m); !s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

absl::Status FrontEndDetector::AddWord(const OutputWord& word) {
  if (sample_rate_hz_ <= 0) {
    return absl::FailedPreconditionError("front-end detector: AddWord() before StartStream()");
  }
  if (std::optional<HalfCycleValue> v = DecodeHalfCycle(word)) return AddHalfCycle(*v);
  if (std::optional<EventMarker> m = DecodeMarker(word)) return AddMarker(*m);
  return absl::OkStatus();
}

TimeNs FrontEndDetector::TimeOf(uint32_t index) {
  // Results refer to indices within one window of the latest: the signed
  // 32-bit difference unwraps them.
  latest_index_ += static_cast<int32_t>(index - static_cast<uint32_t>(latest_index_));
  const auto frames = static_cast<double>(latest_index_ - first_index_);
  return stream_start_ + static_cast<TimeNs>(std::llround(frames * 1e9 / sample_rate_hz_));
}

absl::Status FrontEndDetector::AddHalfCycle(const HalfCycleValue& v) {
  if (v.channel < 0 || v.channel >= static_cast<int>(config_.phase_channels.size())) {
    return absl::InvalidArgumentError(
        absl::StrFormat("front-end detector: half-cycle word of channel %d, expected 0..%d",
                        v.channel, config_.phase_channels.size() - 1));
  }
  vtcd::UrmsHalf u;
  u.window_end = TimeOf(v.end_index);
  u.window_start =
      u.window_end - static_cast<TimeNs>(std::llround(v.length * 1e9 / sample_rate_hz_));
  u.urms_v = MeanSquareToRmsVolts(scale_, v.mean_square);
  u.measured = v.ends_at_crossing;
  ++half_cycles_;
  return detector_.AddUrmsHalf(v.channel, u);
}

absl::Status FrontEndDetector::AddMarker(const EventMarker& m) {
  if (m.channel < 0 || m.channel >= static_cast<int>(config_.phase_channels.size())) {
    return absl::InvalidArgumentError(
        absl::StrFormat("front-end detector: marker of channel %d, expected 0..%d", m.channel,
                        config_.phase_channels.size() - 1));
  }
  FrontEndMarker f;
  f.phase = m.channel;
  f.kind = m.kind;
  f.start = m.start;
  f.window_end = TimeOf(m.index);
  f.window_start =
      f.window_end - static_cast<TimeNs>(std::llround(m.length * 1e9 / sample_rate_hz_));
  f.rms_v = MeanSquareToRmsVolts(scale_, m.mean_square);
  f.mean_square = m.mean_square;
  markers_.push_back(f);
  return absl::OkStatus();
}

void FrontEndDetector::Finish() { detector_.Finish(); }

}  // namespace pqa::frontend
