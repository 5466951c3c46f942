#include "host/sv/sv_publisher.h"

#include <time.h>

#include <chrono>
#include <cmath>
#include <optional>
#include <thread>

#include "absl/strings/str_cat.h"
#include "host/common/clocks.h"
#include "host/common/status_macros.h"

namespace pqa::sv {
namespace {

void SleepUntil(TimeNs t) {
  timespec ts{static_cast<time_t>(t / kNsPerSecond), static_cast<long>(t % kNsPerSecond)};
  while (::clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &ts, nullptr) == EINTR) {
  }
}

}  // namespace

absl::StatusOr<SvFrameMaker> SvFrameMaker::Create(const io::StreamInfo& info, FrameConfig config) {
  PQA_ASSIGN_OR_RETURN(io::ChannelMap map, io::SelectChannels(info, config.channels));
  // 9-2LE carries phase-to-neutral voltages VA, VB, VC and, when present,
  // all three phase currents.
  if (map.connection != io::Connection::kWye || map.voltage[0] < 0 || map.voltage[1] < 0 ||
      map.voltage[2] < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(info.source_name,
                     ": 9-2LE sends line-to-neutral voltages VA, VB, VC; the recording "
                     "gives ",
                     map.description, " (name the three with --channels)"));
  }
  if (map.current_channels() > 0 &&
      (map.current[0] < 0 || map.current[1] < 0 || map.current[2] < 0)) {
    map.current = {-1, -1, -1};  // an incomplete current set goes out as invalid values
  }
  map.neutral_current = -1;  // 9-2LE's neutral entries are the residual sums
  double f = config.nominal_frequency_hz;
  if (f == 0) {
    f = info.nominal_frequency_hz == 50 || info.nominal_frequency_hz == 60
            ? info.nominal_frequency_hz
            : 60;
  }
  config.nominal_frequency_hz = f;
  if (config.app_id < 0x4000 || config.app_id > 0x7FFF) {
    return absl::InvalidArgumentError(
        absl::StrCat("APPID 0x", absl::Hex(config.app_id), ": sampled values use 0x4000..0x7FFF"));
  }
  if (config.sv_id.empty() || config.sv_id.size() > 129) {
    return absl::InvalidArgumentError("svID: expected 1..129 characters");
  }
  return SvFrameMaker(std::move(config), map, 0, f);
}

absl::Status SvFrameMaker::Add(const io::SampleBlock& block, std::vector<SvFrame>& frames,
                               std::vector<TimeNs>& times) {
  if (samples_per_cycle_ == 0) {
    // rate_ holds the nominal frequency until the first block tells the rate.
    const double f = rate_;
    for (int spc : {80, 256}) {
      if (std::abs(block.sample_rate_hz - spc * f) < 1e-6) samples_per_cycle_ = spc;
    }
    if (samples_per_cycle_ == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("the recording has ", block.sample_rate_hz, " samples/s; 9-2LE sends ",
                       80 * f, " (80 per cycle) or ", 256 * f, " (256 per cycle) at ", f,
                       " Hz: resample the recording (or give --nominal-frequency)"));
    }
    rate_ = block.sample_rate_hz;
  } else if (block.sample_rate_hz != rate_) {
    return absl::InvalidArgumentError(absl::StrCat("the sample rate changes from ", rate_, " to ",
                                                   block.sample_rate_hz,
                                                   " samples/s: a merging unit keeps one rate"));
  }
  const int rate = static_cast<int>(rate_);
  const std::size_t per_frame = static_cast<std::size_t>(asdus_per_frame());
  for (std::size_t i = 0; i < block.frames; ++i) {
    const TimeNs t = block.start + config_.time_shift +
                     static_cast<TimeNs>(std::llround(static_cast<double>(i) * 1e9 / rate_));
    const TimeNs second = FloorTo(t, kNsPerSecond);
    SvAsdu a;
    a.sv_id = config_.sv_id;
    a.smp_cnt = static_cast<std::uint16_t>(
        std::llround(static_cast<double>(t - second) * rate_ / 1e9) % rate);
    a.conf_rev = config_.conf_rev;
    a.smp_synch = config_.smp_synch;
    if (config_.refr_tm) a.refr_tm = UtcTime::FromTime(t);
    double sum_v = 0, sum_i = 0;
    const bool has_currents = map_.current[0] >= 0;
    bool currents_ok = has_currents;
    for (int p = 0; p < 3; ++p) {
      const double v = block.value(i, static_cast<std::size_t>(map_.voltage[p]));
      a.values[kFirstVoltage + p] = ValueToCounts(kFirstVoltage + p, v);
      a.quality[kFirstVoltage + p] = std::isfinite(v) ? quality::kGood : quality::kInvalid;
      sum_v += v;
      if (has_currents) {
        const double c = block.value(i, static_cast<std::size_t>(map_.current[p]));
        currents_ok &= std::isfinite(c);
        a.values[p] = std::isfinite(c) ? ValueToCounts(p, c) : 0;
        a.quality[p] = std::isfinite(c) ? quality::kGood : quality::kInvalid;
        sum_i += c;
      } else {
        // No current in the recording: a value the receiver must not use.
        a.quality[p] = quality::kInvalid | quality::kFailure;
      }
    }
    // 9-2LE: the neutral entries are the residual sums, marked derived.
    a.values[kFirstVoltage + 3] = ValueToCounts(kFirstVoltage + 3, sum_v);
    a.quality[kFirstVoltage + 3] = quality::kDerived;
    a.values[3] = currents_ok ? ValueToCounts(3, sum_i) : 0;
    a.quality[3] = currents_ok ? quality::kDerived : quality::kInvalid | quality::kDerived;
    pending_.asdus.push_back(std::move(a));
    if (pending_.asdus.size() == per_frame) {
      pending_.app_id = config_.app_id;
      pending_.destination = config_.destination;
      pending_.source = config_.source;
      pending_.vlan_tci = config_.vlan_tci;
      frames.push_back(std::move(pending_));
      times.push_back(t);
      pending_ = SvFrame();
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<PublishSummary> Publish(io::SampleSource& source, SvSocket& socket,
                                       PublishOptions options, const std::atomic<bool>* stop) {
  options.frame.source = socket.mac();
  if (options.pace == Pace::kRealtime) {
    options.frame.time_shift = FloorTo(RealTimeNs(), kNsPerSecond) + 2 * kNsPerSecond -
                               FloorTo(source.info().start, kNsPerSecond);
  }
  std::optional<ResampledSource> resampled;
  if (options.samples_per_cycle != 0) {
    double f = options.frame.nominal_frequency_hz;
    if (f == 0) f = source.info().nominal_frequency_hz == 50 ? 50 : 60;
    resampled.emplace(source, options.samples_per_cycle * f);
  }
  io::SampleSource& input = resampled ? *resampled : source;
  PQA_ASSIGN_OR_RETURN(SvFrameMaker maker, SvFrameMaker::Create(input.info(), options.frame));
  PQA_RETURN_IF_ERROR(input.SetRequiredChannels(maker.required_channels()));
  PublishSummary summary;
  const auto wall_start = std::chrono::steady_clock::now();
  const TimeNs wall_anchor = RealTimeNs();
  TimeNs first = 0;
  bool any = false;
  io::SampleBlock block;
  std::vector<SvFrame> frames;
  std::vector<TimeNs> times;
  std::int64_t index = 0;
  while (stop == nullptr || !stop->load()) {
    PQA_ASSIGN_OR_RETURN(const bool got, input.Next(block, options.frames_per_block));
    if (!got) break;
    frames.clear();
    times.clear();
    PQA_RETURN_IF_ERROR(maker.Add(block, frames, times));
    if (!any && !times.empty()) first = times.front();
    for (std::size_t k = 0; k < frames.size(); ++k) {
      if (stop != nullptr && stop->load()) break;
      SvFrame& frame = frames[k];
      if (options.tamper && !options.tamper(index++, frame)) continue;
      if (!any) {
        any = true;
        first = times[k];
      }
      if (options.pace != Pace::kMax) {
        const TimeNs due =
            options.pace == Pace::kRealtime
                ? times[k]
                : wall_anchor +
                      static_cast<TimeNs>(static_cast<double>(times[k] - first) / options.factor);
        // A frame due within 200 us goes now: a sleep for each of tens of
        // thousands of frames a second would cost more than it paces.
        if (due - RealTimeNs() > 200 * 1000) SleepUntil(due);
      }
      PQA_ASSIGN_OR_RETURN(const std::vector<std::uint8_t> bytes, EncodeSvFrame(frame));
      PQA_RETURN_IF_ERROR(socket.Send(bytes));
      ++summary.frames;
      summary.asdus += static_cast<std::int64_t>(frame.asdus.size());
      summary.signal_s = static_cast<double>(times[k] - first) / 1e9;
    }
    if (options.progress) options.progress(summary.signal_s);
  }
  summary.wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  if (summary.frames == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(source.info().source_name, ": the recording holds no samples to publish"));
  }
  return summary;
}

}  // namespace pqa::sv
