#include "host/measure/measurement_engine.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numbers>
#include <string>
#include <utility>

#include "absl/strings/str_format.h"
#include "host/common/status_macros.h"
#include "host/measure/power.h"
#include "host/measure/window_rms.h"

namespace pqa::measure {
namespace {

constexpr const char* kPhaseNames[kPhases] = {"A", "B", "C"};
// IEC 61000-4-30 4.5.2: 150 cycles at 50 Hz, 180 at 60 Hz = 15 windows.
constexpr int kWindowsPer150Cycle = 15;
// Highest fundamental whose measured orders the resampler passes
// unchanged, per unit of nominal: a margin of 5 %.
constexpr double kHighestFrequencyPu = 1.05;
// Harmonic order that the resampler must pass unchanged at most.
constexpr double kPassbandOrders = kMaxHarmonicOrder * kHighestFrequencyPu;
// Lowest fundamental for which the resampler must reject aliases, per unit of nominal.
constexpr double kLowestFrequencyPu = 0.9;
// Widest passband, cycles per input sample: at low sample rates the top
// orders are given up rather than the kernel grown without bound.
constexpr double kMaxPassband = 0.42;
constexpr double kResamplerAttenuationDb = 90;
// A recording of currents only tracks the cycles of its first current,
// trusting crossings from 2 % of this RMS (ZeroCrossingDetector), 20 mA:
// nearly any load; below it the windows free-run as in an interruption.
constexpr double kCurrentReferenceRmsA = 1;

double Passband(double sample_rate_hz, double nominal_hz) {
  return std::min(kMaxPassband, kPassbandOrders * nominal_hz / sample_rate_hz);
}

}  // namespace

// Passband: the 50th harmonic (with margin). Stopband: where the window has
// fewer points than input samples (r < 1 output points per input sample, r
// at its lowest, when the fundamental is lowest), the lowest frequency that
// would alias into the passband, r - passband. Where it has more (2 kS/s
// puts about 400 samples on 512 points), the first image of the passband,
// 1 - passband, need not be rejected in full: the analysis reads nothing
// above the passband (the fundamental and the subgroups to
// MaxHarmonicOrder(); RMS and power come from the raw samples), and an image
// g < r - passband reaches the spectrum at g or folded at r - g, both above
// it. What such an image does leave below the passband is its leakage
// through the window's sidelobes: with the stopband halfway from the first
// image to r - passband it stays at what a full rejection leaves (absent
// orders at 1.5e-3 % of the fundamental on float32 recordings at 2 kS/s,
// 47.9-62.5 Hz, against 2.9e-3 % with the stopband at r - passband), and
// the kernel shrinks from 40 taps to 28 at 2 kS/s (on 60 Hz, whose
// passband ends at the 13th order, from 36 to 24).
//
// That argument measures the leakage against the fundamental. A window
// whose cycles free-run (no measured crossing: an interruption, the window
// its voltage collapses or returns in) has no fundamental to measure it
// against: what it reads of the voltage is the kernel's reach across the
// step and the images of the step, and its (flagged) FD, u0 and distortion
// are ratios of those. Such windows take `free_running`, the stopband at
// the first image: the kernel every window had before the transform length
// followed the rate (40 taps at 2 kS/s, 36 on 60 Hz), so they read as they
// did then. They are few (a replay without an interruption designs no
// second kernel), and the rest keep the shorter one.
namespace {

// The window kernel's design for a given passband (cycles per input sample).
ResamplerDesign DesignForPassband(double passband, double sample_rate_hz, double nominal_hz,
                                  int cycles, std::size_t points, bool free_running) {
  ResamplerDesign d;
  d.passband = passband;
  const double window_samples = cycles * sample_rate_hz / (kLowestFrequencyPu * nominal_hz);
  const double output_ratio = static_cast<double>(points) / window_samples;
  const double fold = output_ratio - d.passband;
  const double first_image = 1 - d.passband;
  if (fold <= first_image) {
    d.stopband = fold;
  } else if (free_running) {
    d.stopband = first_image;
  } else {
    // The cutoff, midway through the transition band, at most midway from
    // the input's Nyquist frequency to the first image of the top order
    // (0.75 - passband / 2): that image then lies at least a sixth of the
    // transition band beyond the cutoff, as it does (0.18 to 0.21 of it) at
    // 2 kS/s on 512 points, where the halfway rule's leakage was measured.
    // Without the bound, windows with far more points than input samples
    // (the hls backend's 4,096, --points, rates whose fewest designable
    // points are many: 5.22 kS/s on 2,048) passed those images almost
    // whole, and their sidelobes read absent orders at up to 1.7 times
    // class I's limit. The 1.0 keeps the fundamental's image out where the
    // passband is narrow.
    d.stopband = std::min({first_image + 0.5 * (fold - first_image), 1.5 - 2 * d.passband, 1.0});
  }
  d.attenuation_db = kResamplerAttenuationDb;
  return d;
}

}  // namespace

ResamplerDesign WindowResamplerDesign(double sample_rate_hz, double nominal_hz, int cycles,
                                      std::size_t points, bool free_running) {
  // The passband covers the orders this rate measures, not the widest one
  // the rate allows: between them lies less than one order that no subgroup
  // reads, and leaving it to the transition band shortens the kernel (60 Hz
  // at 2 kS/s: orders to 13, 0.4095 instead of 0.42 cycles per sample, 24
  // taps instead of 28). Where the 50th order bounds it, nothing changes.
  // On the same points a narrower passband only ever widens the transition
  // band, so no kernel grows (PointsPerWindow() keeps the points).
  const double passband = std::min(Passband(sample_rate_hz, nominal_hz),
                                   MaxHarmonicOrder(sample_rate_hz, nominal_hz) *
                                       kHighestFrequencyPu * nominal_hz / sample_rate_hz);
  return DesignForPassband(passband, sample_rate_hz, nominal_hz, cycles, points, free_running);
}

int MaxHarmonicOrder(double sample_rate_hz, double nominal_hz) {
  const double orders =
      Passband(sample_rate_hz, nominal_hz) * sample_rate_hz / (kHighestFrequencyPu * nominal_hz);
  return std::clamp(static_cast<int>(std::floor(orders + 1e-9)), 1, kMaxHarmonicOrder);
}

std::size_t PointsPerWindow(double sample_rate_hz, double nominal_hz) {
  const int cycles = nominal_hz == 50 ? 10 : 12;
  // IEC 61000-4-7 3.2: subgroup h reads bins N h - 1 .. N h + 1, all below
  // the Nyquist bin points / 2.
  const auto top_bin =
      static_cast<std::size_t>(cycles * MaxHarmonicOrder(sample_rate_hz, nominal_hz) + 1);
  std::size_t points = std::bit_ceil(2 * top_bin + 1);
  constexpr std::size_t kMostPoints = 65536;
  // Points for which a kernel over the rate's widest passband can be
  // designed. The measured orders' narrower one (WindowResamplerDesign())
  // would let a few rates get by with half the points, but only through a
  // decimating kernel at the edge of what can be designed (60 Hz at 5.22
  // kS/s: 1,024 points and 96 taps instead of 2,048 and 12): four times
  // the work. On these points the window's kernel only gets shorter.
  while (points < kMostPoints &&
         !SincResampler::HalfWidthFor(DesignForPassband(Passband(sample_rate_hz, nominal_hz),
                                                        sample_rate_hz, nominal_hz, cycles, points,
                                                        false))
              .ok()) {
    points *= 2;
  }
  return points;
}

absl::Status EngineConfig::Validate() const {
  if (nominal_frequency_hz != 50 && nominal_frequency_hz != 60) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "measurement config: nominal_frequency_hz %g, expected 50 or 60", nominal_frequency_hz));
  }
  if (!(nominal_voltage_v > 0) || !std::isfinite(nominal_voltage_v)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("measurement config: nominal_voltage_v %g, expected a positive voltage",
                        nominal_voltage_v));
  }
  // Every channel once: a voltage, a phase current or the neutral current.
  struct Input {
    std::string field;
    int channel;
  };
  std::vector<Input> inputs;
  for (int p = 0; p < kPhases; ++p) {
    inputs.push_back({absl::StrFormat("phase_channels[%s]", kPhaseNames[p]),
                      phase_channels[static_cast<std::size_t>(p)]});
  }
  for (int p = 0; p < kPhases; ++p) {
    inputs.push_back({absl::StrFormat("current_channels[%s]", kPhaseNames[p]),
                      current_channels[static_cast<std::size_t>(p)]});
  }
  inputs.push_back({"neutral_current_channel", neutral_current_channel});
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i].channel < -1) {
      return absl::InvalidArgumentError(
          absl::StrFormat("measurement config: %s = %d, expected a channel index or -1",
                          inputs[i].field, inputs[i].channel));
    }
    for (std::size_t j = 0; j < i && inputs[i].channel >= 0; ++j) {
      if (inputs[j].channel == inputs[i].channel) {
        return absl::InvalidArgumentError(
            absl::StrFormat("measurement config: %s and %s both use channel %d", inputs[j].field,
                            inputs[i].field, inputs[i].channel));
      }
    }
  }
  auto has = [](const std::array<int, kPhases>& c, int p) {
    return c[static_cast<std::size_t>(p)] >= 0;
  };
  int voltages = 0, currents = 0;
  for (int p = 0; p < kPhases; ++p) {
    voltages += has(phase_channels, p) ? 1 : 0;
    currents += has(current_channels, p) ? 1 : 0;
  }
  if (voltages == 0 && currents == 0) {
    return absl::InvalidArgumentError(
        "measurement config: phase_channels and current_channels have no channel (all -1); at "
        "least one voltage or one phase current is needed");
  }
  if (currents == 0 && neutral_current_channel >= 0) {
    return absl::InvalidArgumentError(
        "measurement config: neutral_current_channel is set but current_channels has no phase "
        "current; the neutral is measured with the phase currents");
  }
  if (voltages > 0) {
    switch (connection) {
      case VoltageConnection::kWye:
        // IEEE 1459: each current's power is taken with its own phase voltage.
        for (int p = 0; p < kPhases; ++p) {
          if (has(current_channels, p) && !has(phase_channels, p)) {
            return absl::InvalidArgumentError(absl::StrFormat(
                "measurement config: current_channels[%s] = %d but phase_channels[%s] is -1; a "
                "wye input needs the phase's voltage for its power",
                kPhaseNames[p], current_channels[static_cast<std::size_t>(p)], kPhaseNames[p]));
          }
        }
        break;
      case VoltageConnection::kDelta:
        if (currents > 0 && voltages != kPhases) {
          return absl::InvalidArgumentError(
              "measurement config: connection delta with currents needs phase_channels VAB, "
              "VBC and VCA (all three line-to-line voltages make the artificial star point)");
        }
        break;
      case VoltageConnection::kV:
        // PRODIST Module 5 item 50.4.1: two elements, VAB and VCB.
        if (!has(phase_channels, 0) || has(phase_channels, 1) || !has(phase_channels, 2)) {
          return absl::InvalidArgumentError(absl::StrFormat(
              "measurement config: connection v needs phase_channels = {VAB, -1, VCB} (two "
              "line-to-line voltages, B the common phase), got {%d, %d, %d}",
              phase_channels[0], phase_channels[1], phase_channels[2]));
        }
        break;
    }
  }
  if (points_per_window != 0 && (!std::has_single_bit(points_per_window) ||
                                 points_per_window < 2048 || points_per_window > 65536)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "measurement config: points_per_window %d, expected 0 (from the sample rate) or a power "
        "of two in 2048..65536",
        points_per_window));
  }
  return absl::OkStatus();
}

MeasurementEngine::MeasurementEngine(const EngineConfig& config, RecordSink sink,
                                     MeasurementObserver* observer)
    : config_(config), sink_(std::move(sink)), observer_(observer) {}

absl::StatusOr<std::unique_ptr<MeasurementEngine>> MeasurementEngine::Create(
    const EngineConfig& config, RecordSink sink, MeasurementObserver* observer) {
  PQA_RETURN_IF_ERROR(config.Validate());
  std::unique_ptr<MeasurementEngine> e(new MeasurementEngine(config, std::move(sink), observer));
  e->cycles_ = config.cycles_per_window();
  e->channel_ = config.phase_channels;
  e->current_channel_ = config.current_channels;
  e->reference_channel_ = -1;
  const bool voltages = std::any_of(config.phase_channels.begin(), config.phase_channels.end(),
                                    [](int c) { return c >= 0; });
  // Delta and V: the currents multiply voltages to the artificial star point.
  const bool star = voltages && config.connection != VoltageConnection::kWye;
  for (int p = 0; p < kPhases; ++p) {
    const auto i = static_cast<std::size_t>(p);
    if (e->channel_[i] >= 0) {
      if (e->reference_channel_ < 0) e->reference_channel_ = e->channel_[i];
      e->phases_present_.push_back(p);
      e->window_.present[i] = true;
      e->buffers_.push_back(&e->buffer_[i]);
    }
    if (e->current_channel_[i] >= 0) {
      e->currents_present_.push_back(p);
      e->window_.current_present[i] = true;
      e->buffers_.push_back(&e->current_buffer_[i]);
      if (star) e->buffers_.push_back(&e->star_buffer_[i]);
    }
  }
  // A recording of currents only: the first current is the reference.
  if (e->reference_channel_ < 0) {
    e->reference_channel_ = e->current_channel_[static_cast<std::size_t>(e->currents_present_[0])];
  }
  if (config.neutral_current_channel >= 0) e->buffers_.push_back(&e->neutral_buffer_);
  for (ChannelBuffer* b : e->buffers_) b->reserve(1 << 16);
  // The recorded columns in block order, so that the de-interleaving copy
  // walks each frame forwards.
  for (int p : e->phases_present_) {
    const auto i = static_cast<std::size_t>(p);
    e->copies_.push_back({static_cast<std::size_t>(e->channel_[i]), &e->buffer_[i]});
  }
  for (int p : e->currents_present_) {
    const auto i = static_cast<std::size_t>(p);
    e->copies_.push_back(
        {static_cast<std::size_t>(e->current_channel_[i]), &e->current_buffer_[i]});
  }
  if (config.neutral_current_channel >= 0) {
    e->copies_.push_back(
        {static_cast<std::size_t>(config.neutral_current_channel), &e->neutral_buffer_});
  }
  std::sort(e->copies_.begin(), e->copies_.end(),
            [](const ChannelCopy& a, const ChannelCopy& b) { return a.channel < b.channel; });
  for (const ChannelCopy& copy : e->copies_) {
    if (copy.channel == static_cast<std::size_t>(e->reference_channel_)) {
      e->reference_buffer_ = copy.buffer;
      break;
    }
  }
  e->window_.cycles = e->cycles_;
  if (config.window_analysis) {
    WindowAnalysisSpec spec;
    spec.points = config.points_per_window != 0 ? config.points_per_window : kKernelPointsPerWindow;
    spec.cycles = e->cycles_;
    spec.nominal_frequency_hz = config.nominal_frequency_hz;
    spec.present = e->window_.present;
    spec.current_present = e->window_.current_present;
    PQA_ASSIGN_OR_RETURN(e->analysis_, config.window_analysis(spec));
  }
  return e;
}

TimeNs MeasurementEngine::ToTime(double position) const {
  return segment_start_ + static_cast<TimeNs>(std::llround(position * ns_per_sample_));
}

double MeasurementEngine::ToPosition(TimeNs t) const {
  return static_cast<double>(t - segment_start_) / ns_per_sample_;
}

absl::Status MeasurementEngine::StartSegment(TimeNs start, double sample_rate_hz) {
  const double nominal = config_.nominal_frequency_hz;
  if (sample_rate_hz < kMinSamplesPerCycle * nominal) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "sample block at %s: sample_rate_hz %g gives %.1f samples per nominal cycle, "
        "expected at least %g",
        FormatRfc3339(start, 6), sample_rate_hz, sample_rate_hz / nominal, kMinSamplesPerCycle));
  }
  if (!resampler_ || resampler_rate_hz_ != sample_rate_hz) {
    // The transform length: fixed by the configuration or a backend's
    // kernels, else chosen from the rate.
    std::size_t points = config_.points_per_window;
    if (points == 0) {
      points =
          analysis_ != nullptr ? kKernelPointsPerWindow : PointsPerWindow(sample_rate_hz, nominal);
    }
    const ResamplerDesign design =
        WindowResamplerDesign(sample_rate_hz, nominal, cycles_, points, false);
    const ResamplerDesign free_run =
        WindowResamplerDesign(sample_rate_hz, nominal, cycles_, points, true);
    // The backends' kernels take one design for every window.
    const bool free_run_differs = analysis_ == nullptr && free_run.stopband != design.stopband;
    absl::StatusOr<SincResampler> r = SincResampler::Create(design);
    absl::StatusOr<int> free_run_half_width = SincResampler::HalfWidthFor(free_run);
    if (r.ok() && free_run_differs && !free_run_half_width.ok()) r = free_run_half_width.status();
    if (!r.ok()) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "sample block at %s: sample_rate_hz %g with points_per_window %d: %s",
          FormatRfc3339(start, 6), sample_rate_hz, points, std::string(r.status().message())));
    }
    if (analysis_ == nullptr) {
      // The golden analysis: one transform per phase, holding the subgroups
      // of the orders this rate resolves.
      const int orders = MaxHarmonicOrder(sample_rate_hz, nominal);
      auto create = [&](std::unique_ptr<HarmonicAnalyzer>& a) -> absl::Status {
        if (a != nullptr && a->points() == points && a->max_order() == orders) {
          return absl::OkStatus();
        }
        auto created = HarmonicAnalyzer::Create(points, cycles_, orders);
        if (!created.ok()) {
          return absl::Status(created.status().code(),
                              absl::StrFormat("sample block at %s: %s", FormatRfc3339(start, 6),
                                              std::string(created.status().message())));
        }
        a = *std::move(created);
        return absl::OkStatus();
      };
      // Both sets: window sharing may start with any block.
      for (AnalyzerSet& set : analyzers_) {
        for (int p : phases_present_) {
          PQA_RETURN_IF_ERROR(create(set.voltage[static_cast<std::size_t>(p)]));
        }
        for (int p : currents_present_) {
          PQA_RETURN_IF_ERROR(create(set.current[static_cast<std::size_t>(p)]));
        }
      }
    }
    if (analysis_ != nullptr) {
      const absl::Status s = analysis_->SetResampler(*r, sample_rate_hz);
      if (!s.ok()) {
        return absl::Status(s.code(),
                            absl::StrFormat("sample block at %s: %s", FormatRfc3339(start, 6),
                                            std::string(s.message())));
      }
    }
    resampler_ = *std::move(r);
    // Designed on the first free-running window: most recordings have none.
    free_run_resampler_.reset();
    free_run_design_.reset();
    kernel_margin_ = resampler_->half_width();
    if (free_run_differs) {
      free_run_design_ = free_run;
      kernel_margin_ = std::max(kernel_margin_, *free_run_half_width);
    }
    resampler_rate_hz_ = sample_rate_hz;
    points_ = points;
  }
  max_order_ = MaxHarmonicOrder(sample_rate_hz, nominal);
  const double nominal_peak =
      std::numbers::sqrt2 *
      (phases_present_.empty() ? kCurrentReferenceRmsA : config_.nominal_voltage_v);
  detector_.emplace(sample_rate_hz, nominal, nominal_peak);
  in_segment_ = true;
  segment_start_ = start;
  sample_rate_hz_ = sample_rate_hz;
  ns_per_sample_ = 1e9 / sample_rate_hz;
  segment_frames_ = 0;
  for (ChannelBuffer* b : buffers_) b->clear();
  buffer_origin_ = 0;
  crossings_.clear();
  crossing_head_ = 0;
  crossing_origin_ = 0;
  last_crossing_.reset();
  have_sequence_ = false;
  next_phase_ = 0;
  resync_at_.reset();
  return absl::OkStatus();
}

void MeasurementEngine::EndSegment(TimeNs next_start) {
  in_segment_ = false;
  // The window in progress is lost: the open intervals are no longer covered.
  Close150Cycle();
  if (open10_) broken10_ = true;
  last_crossing_.reset();
  meter_.AdvanceTo(next_start);
  TakeFrequencies();
  if (open10_ && FloorTo(next_start, kTenMinutesNs) != start10_) CloseTenMinute(false);
  if (open2h_ && FloorTo(next_start, kTwoHoursNs) != start2h_) CloseTwoHour();
}

absl::Status MeasurementEngine::Process(const io::SampleBlock& block) {
  if (!(block.sample_rate_hz > 0) || !std::isfinite(block.sample_rate_hz)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("sample block at %s: sample_rate_hz %g, expected > 0",
                        FormatRfc3339(block.start, 6), block.sample_rate_hz));
  }
  if (block.samples.size() != block.frames * block.channels) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "sample block at %s: %d samples for %d frames of %d channels",
        FormatRfc3339(block.start, 6), block.samples.size(), block.frames, block.channels));
  }
  for (int p : phases_present_) {
    const int c = channel_[static_cast<std::size_t>(p)];
    if (static_cast<std::size_t>(c) >= block.channels) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "sample block at %s: phase %s is channel %d but the block has %d channels",
          FormatRfc3339(block.start, 6), kPhaseNames[p], c, block.channels));
    }
  }
  for (int p : currents_present_) {
    const int c = current_channel_[static_cast<std::size_t>(p)];
    if (static_cast<std::size_t>(c) >= block.channels) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "sample block at %s: current I%s is channel %d but the block has %d channels",
          FormatRfc3339(block.start, 6), kPhaseNames[p], c, block.channels));
    }
  }
  if (config_.neutral_current_channel >= 0 &&
      static_cast<std::size_t>(config_.neutral_current_channel) >= block.channels) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "sample block at %s: neutral current IN is channel %d but the block has %d channels",
        FormatRfc3339(block.start, 6), config_.neutral_current_channel, block.channels));
  }
  if (!block.codes.a.empty() && !block.codes.Cover(block.frames, block.channels)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "sample block at %s: codes (%d values from frame %d, %d scalings) do not cover its %d "
        "frames of %d channels",
        FormatRfc3339(block.start, 6), block.codes.values.size(), block.codes.first,
        block.codes.a.size(), block.frames, block.channels));
  }
  if (block.frames == 0) return absl::OkStatus();

  if (in_segment_) {
    if (block.sample_rate_hz != sample_rate_hz_) {
      EndSegment(block.start);
    } else {
      const TimeNs expected =
          segment_start_ +
          static_cast<TimeNs>(std::llround(static_cast<double>(segment_frames_) * ns_per_sample_));
      const double offset = static_cast<double>(block.start - expected);
      if (offset < -0.5 * ns_per_sample_) {
        return absl::InvalidArgumentError(
            absl::StrFormat("sample block at %s starts before the end of the previous block (%s)",
                            FormatRfc3339(block.start, 9), FormatRfc3339(expected, 9)));
      }
      if (offset > 0.5 * ns_per_sample_) EndSegment(block.start);
    }
  }
  if (!in_segment_) PQA_RETURN_IF_ERROR(StartSegment(block.start, block.sample_rate_hz));
  // Content resampled up from a lower rate carries no more harmonics than
  // that rate resolves.
  if (block.content_rate_hz > 0 && block.content_rate_hz < block.sample_rate_hz) {
    max_order_ =
        std::min(max_order_, MaxHarmonicOrder(block.content_rate_hz, config_.nominal_frequency_hz));
  }

  BufferBlock(block);
  DetectCrossings(block);
  segment_frames_ += static_cast<std::int64_t>(block.frames);
  FormWindows();
  CompactBuffers();
  return absl::OkStatus();
}

absl::Status MeasurementEngine::Finish() {
  in_segment_ = false;
  meter_.Flush();
  TakeFrequencies();
  Close150Cycle();
  CloseTenMinute(false);
  if (open2h_) CloseTwoHour();
  return absl::OkStatus();
}

void MeasurementEngine::BufferBlock(const io::SampleBlock& block) {
  const io::SampleCodes& codes = block.codes;
  if (config_.read_codes && codes.Cover(block.frames, block.channels)) {
    // The codes where the reader kept them: a quarter of the bytes to read
    // (SampleCodes, EngineConfig::read_codes).
    AppendChannels(block.samples.data(), block.channels, codes.first, copies_);
    AppendScaledChannels(codes.values.data() + codes.first * block.channels, block.channels,
                         block.frames - codes.first, codes.a.data(), codes.b.data(),
                         codes.factor.data(), copies_);
  } else {
    AppendChannels(block.samples.data(), block.channels, block.frames, copies_);
  }
  if (phases_present_.empty() || currents_present_.empty() ||
      config_.connection == VoltageConnection::kWye) {
    return;
  }
  // Delta or V: the voltages to the artificial star point (power.h), for
  // the phases with a current. Validate() saw to the channels they need.
  const std::size_t from = buffer_[0].size() - block.frames, to = buffer_[0].size();
  std::array<double*, kPhases> star{};  // null: no current on that phase
  for (int p : currents_present_) {
    const auto i = static_cast<std::size_t>(p);
    star_buffer_[i].resize(to);
    star[i] = star_buffer_[i].data();
  }
  // Raw arrays and one loop per connection: the per-sample choice of
  // formula and walk over the current list cost four times the arithmetic.
  const double* v_a = buffer_[0].data();
  const double* v_c = buffer_[2].data();
  const auto store = [&star](std::size_t n, const std::array<double, kPhases>& v) {
    for (std::size_t i = 0; i < kPhases; ++i) {
      if (star[i] != nullptr) star[i][n] = v[i];
    }
  };
  if (config_.connection == VoltageConnection::kDelta) {
    const double* v_b = buffer_[1].data();
    for (std::size_t n = from; n < to; ++n) store(n, StarPointVoltages(v_a[n], v_b[n], v_c[n]));
  } else {
    for (std::size_t n = from; n < to; ++n) store(n, StarPointVoltagesFromV(v_a[n], v_c[n]));
  }
}

const double* MeasurementEngine::PowerVoltage(int p) const {
  const auto i = static_cast<std::size_t>(p);
  if (!window_.current_present[i] || phases_present_.empty()) return nullptr;
  return config_.connection == VoltageConnection::kWye ? buffer_[i].data() : star_buffer_[i].data();
}

void MeasurementEngine::DetectCrossings(const io::SampleBlock& block) {
  new_crossings_.clear();
  // From the reference's buffer, where BufferBlock has just put the block's
  // samples: the block itself is not read again.
  const ChannelBuffer& reference = *reference_buffer_;
  detector_->Process(reference.data() + reference.size() - block.frames, 1, block.frames,
                     new_crossings_);
  if (new_crossings_.empty()) return;
  for (const Crossing& x : new_crossings_) {
    if (last_crossing_ && !last_crossing_->synthetic && !x.synthetic) {
      meter_.AddCycle(ToTime(last_crossing_->position),
                      (x.position - last_crossing_->position) / sample_rate_hz_);
    }
    last_crossing_ = x;
    crossings_.push_back(x);
  }
  // No later cycle can begin before the latest crossing.
  meter_.AdvanceTo(ToTime(new_crossings_.back().position));
  TakeFrequencies();
}

double MeasurementEngine::PositionOfPhase(double phase) const {
  const double k = std::floor(phase);
  const std::size_t i =
      crossing_head_ + static_cast<std::size_t>(static_cast<std::int64_t>(k) - crossing_origin_);
  const double t = crossings_[i].position;
  const double frac = phase - k;
  if (frac == 0) return t;
  return t + frac * (crossings_[i + 1].position - t);
}

double MeasurementEngine::PhaseOfPosition(double position, double from_phase) const {
  std::size_t i =
      crossing_head_ + static_cast<std::size_t>(static_cast<std::int64_t>(std::floor(from_phase)) -
                                                crossing_origin_);
  while (i + 1 < crossings_.size() && crossings_[i + 1].position <= position) ++i;
  const double phase =
      static_cast<double>(crossing_origin_) + static_cast<double>(i - crossing_head_);
  if (i + 1 >= crossings_.size()) return phase;
  const double t0 = crossings_[i].position, t1 = crossings_[i + 1].position;
  return phase + std::clamp((position - t0) / (t1 - t0), 0.0, 1.0);
}

void MeasurementEngine::FormWindows() {
  // First the windows the buffered crossings complete (positions, times,
  // flags), then their analysis in one batch (an accelerator takes them in
  // one run), then delivery in order. Only times decide where the next
  // window starts, so nothing in the first pass waits for an analysis.
  const int half_width = kernel_margin_;
  const std::int64_t available_end = segment_frames_;  // one past the last sample
  std::size_t formed = 0;
  while (crossing_head_ < crossings_.size()) {
    const std::int64_t last_cycle =
        crossing_origin_ + static_cast<std::int64_t>(crossings_.size() - crossing_head_) - 1;
    if (!have_sequence_) {
      have_sequence_ = true;
      next_phase_ = static_cast<double>(crossing_origin_);
    }
    const double end_phase = next_phase_ + cycles_;
    if (static_cast<std::int64_t>(std::ceil(end_phase)) > last_cycle) break;
    const double first = resync_at_ ? ToPosition(*resync_at_) : PositionOfPhase(next_phase_);
    const double last = PositionOfPhase(end_phase);
    if (static_cast<std::int64_t>(std::floor(last)) + half_width >= available_end) break;
    if (static_cast<std::int64_t>(std::floor(first)) - half_width + 1 < buffer_origin_) {
      // Never expected (crossings start after the detector settles); skip
      // rather than read before the buffer.
      next_phase_ = end_phase;
      resync_at_.reset();
      continue;
    }

    if (formed == pending_results_.size()) {
      pending_results_.emplace_back();
      pending_spans_.emplace_back();
      pending_closes_at_tick_.push_back(false);
    }
    WindowSpan& span = pending_spans_[formed];
    span.first = first - static_cast<double>(buffer_origin_);
    span.last = last - static_cast<double>(buffer_origin_);
    WindowResult& w = pending_results_[formed];
    w = window_;  // the engine's fields (present phases, cycles)
    w.start = resync_at_ ? *resync_at_ : ToTime(first);
    w.end = ToTime(last);
    w.frequency_hz = cycles_ * sample_rate_hz_ / (last - first);
    w.resynchronised = resync_at_.has_value();
    w.max_harmonic_order = max_order_;
    w.synchronised = true;
    const std::size_t from =
        crossing_head_ +
        static_cast<std::size_t>(static_cast<std::int64_t>(next_phase_) - crossing_origin_);
    const std::size_t to =
        crossing_head_ + static_cast<std::size_t>(static_cast<std::int64_t>(std::ceil(end_phase)) -
                                                  crossing_origin_);
    for (std::size_t i = from; i <= to; ++i) w.synchronised &= !crossings_[i].synthetic;
    if (!w.synchronised && free_run_design_ && !free_run_resampler_) {
      // HalfWidthFor() accepted the design in StartSegment().
      free_run_resampler_ = *SincResampler::Create(*free_run_design_);
    }

    const TimeNs tick = FloorTo(w.start, kTenMinutesNs) + kTenMinutesNs;
    // IEC 61000-4-30 4.5.3: the window in progress at the tick completes and
    // belongs to the ending interval; a new sequence starts at the tick.
    const bool closes_at_tick = w.end >= tick;
    pending_closes_at_tick_[formed] = closes_at_tick;
    ++formed;
    if (closes_at_tick) {
      next_phase_ = PhaseOfPosition(ToPosition(tick), next_phase_);
      resync_at_ = tick;
    } else {
      next_phase_ = end_phase;
      resync_at_.reset();
    }
    const auto keep = static_cast<std::int64_t>(std::floor(next_phase_));
    while (crossing_head_ < crossings_.size() && crossing_origin_ < keep) {
      ++crossing_head_;
      ++crossing_origin_;
    }
  }
  if (formed == 0) return;
  AnalyseWindows(formed);
  for (std::size_t i = 0; i < formed; ++i) {
    WindowResult& w = pending_results_[i];
    CompleteWindow(pending_spans_[i], w);
    FlagUnrepresentableWindow(w);
    Deliver(w);
    if (pending_closes_at_tick_[i]) {
      Close150Cycle();
      CloseTenMinute(true);
    }
  }
}

void MeasurementEngine::CompleteWindow(const WindowSpan& span, WindowResult& w) const {
  // Orders above what the rate resolves are not measured: the resampler
  // attenuated them, what is left there is not the signal.
  for (PhaseWindow& pw : w.phases) {
    for (int h = w.max_harmonic_order + 1; h <= kMaxHarmonicOrder; ++h) {
      pw.subgroups[static_cast<std::size_t>(h)] = 0;
      pw.i_subgroups[static_cast<std::size_t>(h)] = 0;
    }
  }
  if (!currents_present_.empty() && !phases_present_.empty()) {
    // The fundamental of the voltage each current multiplies: the star-point
    // transform is linear, so it applies to the phasors as to the samples.
    const auto v = [&w](int p) { return w.phases[static_cast<std::size_t>(p)].fundamental; };
    std::array<std::complex<double>, kPhases> v1;
    switch (config_.connection) {
      case VoltageConnection::kWye:
        v1 = {v(0), v(1), v(2)};
        break;
      case VoltageConnection::kDelta:
        v1 = StarPointVoltages(v(0), v(1), v(2));
        break;
      case VoltageConnection::kV:
        v1 = StarPointVoltagesFromV(v(0), v(2));
        break;
    }
    for (int p : currents_present_)
      w.phases[static_cast<std::size_t>(p)].power_v_fundamental = v1[static_cast<std::size_t>(p)];
  }
  if (config_.neutral_current_channel >= 0)
    w.in_rms_a = WindowRms(neutral_buffer_.data(), span.first, span.last);
}

void MeasurementEngine::AnalyseWindows(std::size_t n) {
  if (analysis_ != nullptr) {
    for (std::size_t i = 0; i < n; ++i) {
      WindowSpan& span = pending_spans_[i];
      for (int p : phases_present_) {
        span.samples[static_cast<std::size_t>(p)] = buffer_[static_cast<std::size_t>(p)].data();
      }
      for (int p : currents_present_) {
        span.currents[static_cast<std::size_t>(p)] =
            current_buffer_[static_cast<std::size_t>(p)].data();
        span.power_voltages[static_cast<std::size_t>(p)] = PowerVoltage(p);
      }
      span.available = buffers_[0]->size();
    }
    analysis_->AnalyseBatch(pending_spans_.data(), pending_results_.data(), n);
    return;
  }
  sharing_.Run(n, [this](std::size_t i, bool helper) { AnalysePendingWindow(i, helper); });
}

std::size_t MeasurementEngine::HelpAnalyseWindows(std::uint64_t batch) {
  return sharing_.Help(batch,
                       [this](std::size_t i, bool helper) { AnalysePendingWindow(i, helper); });
}

void MeasurementEngine::AnalysePendingWindow(std::size_t i, bool helper) {
  AnalyseWindow(pending_spans_[i].first, pending_spans_[i].last, pending_results_[i],
                analyzers_[helper ? 1 : 0]);
}

void MeasurementEngine::AnalyseWindow(double first, double last, WindowResult& w,
                                      AnalyzerSet& set) {
  const std::size_t points = points_;
  const SincResampler& kernel =
      w.synchronised || !free_run_resampler_ ? *resampler_ : *free_run_resampler_;
  // Voltages and currents resampled in one pass: each output instant's
  // kernel weights serve every channel. The instants are counted from the
  // first sample the kernel reads, not from the start of the buffer: that
  // start moves as the buffers are compacted, block by block, and instants
  // first + m step rounded at another magnitude would give other bits. So
  // a window's values do not depend on how the recording was cut into
  // blocks (and `--threads 2` may read larger blocks than one thread).
  const double step = (last - first) / static_cast<double>(points);
  const double whole = std::floor(first);
  const int reach = kernel.half_width() - 1;  // samples read before floor(first)
  const auto origin = static_cast<std::ptrdiff_t>(whole) - reach;
  const double start = (first - whole) + reach;  // first - whole is exact
  std::array<const double*, 2 * kPhases> in{};
  std::array<double*, 2 * kPhases> out{};
  std::size_t channels = 0;
  for (int p : phases_present_) {
    in[channels] = buffer_[static_cast<std::size_t>(p)].data() + origin;
    out[channels++] = set.voltage[static_cast<std::size_t>(p)]->input();
  }
  for (int p : currents_present_) {
    in[channels] = current_buffer_[static_cast<std::size_t>(p)].data() + origin;
    out[channels++] = set.current[static_cast<std::size_t>(p)]->input();
  }
  kernel.Resample(in.data(), channels, start, step, points, out.data());
  // IEC 61000-4-7 applies to currents as to voltages (same window, same
  // subgroups); IEEE 1459 P and S from the time-domain samples, read in one
  // pass with the RMS of the voltage and the current (for a wye input the
  // phase voltage's own RMS).
  for (int p : currents_present_) {
    const auto i = static_cast<std::size_t>(p);
    PhaseWindow& pw = w.phases[i];
    set.current[i]->Analyse(pw.i_fundamental, pw.i_subgroups);
    if (const double* v = PowerVoltage(p); v != nullptr) {
      const WindowPowerMeans power = WindowPower(v, current_buffer_[i].data(), first, last);
      pw.i_rms_a = power.i_rms;
      pw.p_w = power.p;
      pw.power_v_rms = power.v_rms;
      if (v == buffer_[i].data()) pw.rms_v = power.v_rms;
    } else {
      pw.i_rms_a = WindowRms(current_buffer_[i].data(), first, last);
    }
  }
  for (int p : phases_present_) {
    const auto i = static_cast<std::size_t>(p);
    PhaseWindow& pw = w.phases[i];
    set.voltage[i]->Analyse(pw.fundamental, pw.subgroups);
    if (PowerVoltage(p) != buffer_[i].data()) pw.rms_v = WindowRms(buffer_[i].data(), first, last);
  }
  if (phases_present_.size() == kPhases) {
    w.sequence = ToSymmetricalComponents(w.phases[0].fundamental, w.phases[1].fundamental,
                                         w.phases[2].fundamental);
    w.unbalance = ComputeUnbalance(w.sequence);
  }
}

void MeasurementEngine::CompactBuffers() {
  const int half_width = kernel_margin_;
  std::int64_t keep_from;
  if (crossing_head_ < crossings_.size()) {
    keep_from = static_cast<std::int64_t>(std::floor(crossings_[crossing_head_].position));
  } else {
    // The next crossing lies at most the filter delay before the newest sample.
    keep_from = detector_->samples_seen() -
                static_cast<std::int64_t>(std::ceil(detector_->delay_samples())) - 2;
  }
  keep_from -= half_width + 2;
  const std::int64_t drop = keep_from - buffer_origin_;
  const std::size_t size = buffers_[0]->size();
  if (drop > 8192 && static_cast<std::size_t>(drop) * 2 > size) {
    for (ChannelBuffer* b : buffers_) b->erase(b->begin(), b->begin() + drop);
    buffer_origin_ += drop;
  }
  if (crossing_head_ > 1024) {
    crossings_.erase(crossings_.begin(),
                     crossings_.begin() + static_cast<std::ptrdiff_t>(crossing_head_));
    crossing_head_ = 0;
  }
}

void MeasurementEngine::TakeFrequencies() {
  for (const FrequencyValue& v : meter_.Take()) {
    if (observer_ != nullptr) observer_->OnFrequency(v);
    pending_frequencies_.push_back(v);
  }
}

void MeasurementEngine::Deliver(const WindowResult& w) {
  ++windows_done_;
  if (observer_ != nullptr) observer_->OnWindow(w);
  const TimeNs interval = FloorTo(w.start, kTenMinutesNs);
  if (open10_ && interval != start10_) CloseTenMinute(false);
  if (!open10_) {
    open10_ = true;
    start10_ = interval;
    from_tick10_ = w.resynchronised && w.start == interval;
    broken10_ = false;
    agg10_.Reset();
  }
  if (!w.valid) {
    // Not aggregated: the 150-cycle interval in progress closes short and
    // the 10-minute one is not complete (its records carry no garbage).
    ++invalid_windows_;
    Close150Cycle();
    broken10_ = true;
    return;
  }
  agg10_.AddWindow(w);
  if (config_.emit_window) {
    RmsAggregator one;
    one.AddWindow(w);
    Emit(ToRecord(one.Result(), w.start, cycles_ / config_.nominal_frequency_hz, kIntervalWindow,
                  true, 3));
  }
  if (agg150_.inputs() == 0) start150_ = w.start;
  agg150_.AddWindow(w);
  if (agg150_.inputs() == kWindowsPer150Cycle) Close150Cycle();
}

void MeasurementEngine::Emit(pqa::v1::Record r) {
  // What was measured, the same in every record of the recording.
  constexpr const char* kConnectionNames[] = {"wye", "delta", "v"};
  r.set_connection(
      phases_present_.empty() ? "" : kConnectionNames[static_cast<int>(config_.connection)]);
  r.set_current_channels(static_cast<int>(currents_present_.size()) +
                         (config_.neutral_current_channel >= 0 ? 1 : 0));
  if (sink_) sink_(r);
}

void MeasurementEngine::Close150Cycle() {
  if (agg150_.inputs() == 0) return;
  if (config_.emit_150_cycle) {
    const double duration_s = kWindowsPer150Cycle * cycles_ / config_.nominal_frequency_hz;
    Emit(ToRecord(agg150_.Result(), start150_, duration_s, kInterval150Cycle,
                  agg150_.inputs() == kWindowsPer150Cycle, 3));
  }
  agg150_.Reset();
}

void MeasurementEngine::CloseTenMinute(bool at_tick) {
  if (!open10_) return;
  open10_ = false;
  const TimeNs end = start10_ + kTenMinutesNs;
  // IEC 61000-4-30 5.1: the interval's frequency is the mean of its 10 s values.
  auto it = pending_frequencies_.begin();
  for (; it != pending_frequencies_.end() && it->start < end; ++it) {
    if (it->start < start10_) continue;
    agg10_.AddFrequency(it->frequency_hz);
    frequency_bands_.AddTenSecond(*it);
  }
  pending_frequencies_.erase(pending_frequencies_.begin(), it);
  const bool complete = at_tick && from_tick10_ && !broken10_;
  const AggregatedValues values = agg10_.Result();
  // A 2-hour interval left open by missing data closes first, so that records
  // also come out in time order across interval kinds.
  const TimeNs slot = FloorTo(start10_, kTwoHoursNs);
  if (open2h_ && slot != start2h_) CloseTwoHour();
  pqa::v1::Record record = ToRecord(values, start10_, static_cast<double>(kTenMinutesNs) / 1e9,
                                    kInterval10Min, complete, 0);
  frequency_bands_.CloseTenMinute(start10_, record);  // also when not emitted: the 2 h record's
  if (config_.emit_10_min) Emit(record);
  if (!open2h_) {
    open2h_ = true;
    start2h_ = slot;
    agg2h_.Reset();
    complete10_in_2h_ = 0;
  }
  agg2h_.AddInterval(values);
  if (complete) ++complete10_in_2h_;
  if (end == slot + kTwoHoursNs) CloseTwoHour();
}

void MeasurementEngine::CloseTwoHour() {
  if (!open2h_) return;
  open2h_ = false;
  pqa::v1::Record record =
      ToRecord(agg2h_.Result(), start2h_, static_cast<double>(kTwoHoursNs) / 1e9, kInterval2Hour,
               complete10_in_2h_ == static_cast<int>(kTwoHoursNs / kTenMinutesNs), 0);
  frequency_bands_.CloseTwoHour(record);
  if (config_.emit_2_hour) Emit(record);
}

}  // namespace pqa::measure
