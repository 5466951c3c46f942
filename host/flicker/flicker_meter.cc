#include "host/flicker/flicker_meter.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <utility>

#include "host/common/status_macros.h"

namespace pqa::flicker {
namespace {
// Timestamps are integral nanoseconds: allow for their rounding when
// deciding whether Pinst covered an interval's first and last instants.
constexpr double kRoundingSlackNs = 2;

// std::llround (halves away from zero) inline: it runs for every Pinst, and
// the library call was a tenth of the meter's time. Exact: x - trunc(x) is
// exact for a double, and beyond 2^52 every double is whole.
std::int64_t RoundHalfAway(double x) {
  const auto whole = static_cast<std::int64_t>(x);
  const double fraction = x - static_cast<double>(whole);
  return whole + (fraction >= 0.5 ? 1 : 0) - (fraction <= -0.5 ? 1 : 0);
}
}  // namespace

absl::StatusOr<FlickerMeter> FlickerMeter::Create(const FlickerConfig& config) {
  PQA_RETURN_IF_ERROR(Validate(config));
  FlickerMeter meter(config);
  if (config.pinst_engine) {
    PQA_ASSIGN_OR_RETURN(std::unique_ptr<PinstEngine> engine, config.pinst_engine(config));
    meter.engine_ = EngineHolder(std::move(engine));
  }
  return meter;
}

FlickerMeter::FlickerMeter(const FlickerConfig& config)
    : config_(config),
      chain_(config),
      sample_period_ns_(1e9 / config.sample_rate_hz),
      internal_period_ns_(1e9 * chain_.decimation() / config.sample_rate_hz),
      settling_ns_(std::llround(config.settling_s * 1e9)) {}

absl::Status FlickerMeter::SetSampleRate(double sample_rate_hz) {
  FlickerConfig config = config_;
  config.sample_rate_hz = sample_rate_hz;
  PQA_RETURN_IF_ERROR(Validate(config));
  EngineHolder engine;
  if (config.pinst_engine) {
    PQA_ASSIGN_OR_RETURN(std::unique_ptr<PinstEngine> e, config.pinst_engine(config));
    engine = EngineHolder(std::move(e));
  }
  Reset();
  config_ = config;
  chain_ = PinstChain(config);
  engine_ = std::move(engine);
  sample_period_ns_ = 1e9 / sample_rate_hz;
  internal_period_ns_ = 1e9 * chain_.decimation() / sample_rate_hz;
  return absl::OkStatus();
}

TimeNs FlickerMeter::InputSampleTime(std::int64_t index) const {
  return start_ + RoundHalfAway(static_cast<double>(index) * sample_period_ns_);
}

void FlickerMeter::BeginBlock(TimeNs first_sample_time) {
  if (running_ && std::abs(static_cast<double>(first_sample_time - InputSampleTime(next_index_))) >
                      sample_period_ns_ / 2) {
    Reset();
  }
  if (!running_) {
    running_ = true;
    settled_ = false;
    start_ = first_sample_time;
    next_index_ = 0;
  }
}

void FlickerMeter::Restart() {
  const TimeNs next = InputSampleTime(next_index_);
  Reset();
  running_ = true;
  start_ = next;
  next_index_ = 0;
}

void FlickerMeter::Process(TimeNs first_sample_time, const double* x, std::size_t n,
                           std::size_t stride) {
  if (n == 0) return;
  BeginBlock(first_sample_time);
  ProcessRun(x, n, stride);
}

// Inline in its callers: it runs for every Pinst of every phase (about
// 400 Hz each), and the call was a third of its cost.
inline __attribute__((always_inline)) void FlickerMeter::OnPinst(double pinst) {
  // IEC 61000-4-15 block 5 classifies Pinst as it comes; blocks 1-4 deliver
  // it at about 400 Hz (pinst_chain.h), too coarse for P0.1 on a sag: that
  // is the 240th highest of 240,000 values, on a transient that moves about
  // 0.85 % (two classes) per 2.5 ms, so its class depended on where the sag
  // fell on the Pinst grid (Pst of a demo sag 0.44 % apart between grid
  // phases). Pinst is smooth after the 300 ms smoothing: the straight line
  // from the previous value is classified as a continuous Pinst
  // (PinstHistogram::AddSegment).
  if (next_index_ <= quiet_until_index_) {
    // Inside the open interval, no observer, settled or not as the value
    // before: only block 5 if settled. last_pinst_time_ is worked out from
    // the index when needed (SyncLastPinstTime).
    if (settled_) {
      histogram_.AddSegment(previous_pinst_, pinst);
      max_pinst_ = std::max(max_pinst_, pinst);
    }
    previous_pinst_ = pinst;
    last_quiet_index_ = next_index_;
    return;
  }
  SyncLastPinstTime();
  // The Pinst value belongs to the instant of the input sample that completed it.
  const TimeNs t = InputSampleTime(next_index_ - 1);
  settled_ = t - start_ >= settling_ns_ && WarmedUp();
  if (observer_) observer_(t, pinst, settled_);
  // Also closes an interval left open by a gap when data resumes later (or,
  // with timestamps that jumped backwards, earlier).
  // (FloorTo(t) != interval_start_ without its division, for every Pinst.)
  if (interval_open_ && (t < interval_start_ || t - interval_start_ >= kTenMinutesNs)) {
    CloseInterval();
  }
  if (!interval_open_) {
    interval_open_ = true;
    interval_start_ = FloorTo(t, kTenMinutesNs);
    interval_start_measured_ = settled_ && static_cast<double>(t - interval_start_) <
                                               internal_period_ns_ + kRoundingSlackNs;
    interval_broken_ = false;
    histogram_.Clear();
  }
  last_pinst_time_ = t;
  const double previous = have_previous_pinst_ ? previous_pinst_ : pinst;
  previous_pinst_ = pinst;
  have_previous_pinst_ = true;
  if (settled_) {
    histogram_.AddSegment(previous, pinst);
    max_pinst_ = std::max(max_pinst_, pinst);
  }
  if (!observer_) quiet_until_index_ = LastQuietIndex();
}

void FlickerMeter::OnQuietPinst(const double* values, std::size_t stride, std::size_t n,
                                std::int64_t last_index) {
  if (settled_) {
    max_pinst_ = std::max(max_pinst_, histogram_.AddPolyline(previous_pinst_, values, stride, n));
  }
  previous_pinst_ = values[(n - 1) * stride];
  last_quiet_index_ = last_index;
}

void FlickerMeter::ProcessTogether(FlickerMeter* const* meters, std::size_t count,
                                   TimeNs first_sample_time, const double* const* x, std::size_t n,
                                   std::size_t stride) {
  if (n == 0) return;
  std::array<PinstChain*, PinstChain::kMaxTogether> chains{};
  bool together = count >= 2 && count <= PinstChain::kMaxTogether;
  for (std::size_t m = 0; m < count; ++m) {
    meters[m]->BeginBlock(first_sample_time);
    if (together) {
      together = meters[m]->engine_.get() == nullptr;
      chains[m] = &meters[m]->chain_;
    }
  }
  together = together && PinstChain::CanRunTogether(chains.data(), count);
  std::size_t done = 0;
  if (together) {
    FlickerMeter& first = *meters[0];
    std::array<std::int64_t, PinstChain::kMaxTogether> base{};
    for (std::size_t m = 0; m < count; ++m) base[m] = meters[m]->next_index_;
    // Scratch that only grows: no zero-filling per run.
    const std::size_t most = PinstChain::MaxOutputs(*chains[0], n);
    if (first.together_at_.size() < most) first.together_at_.resize(most);
    const std::size_t room = most * count + PinstChain::kMaxTogether - count;
    if (first.together_pinst_.size() < room) first.together_pinst_.resize(room);
    std::size_t outputs = 0;
    done = PinstChain::RunTogether(chains.data(), count, x, n, stride, first.together_at_.data(),
                                   first.together_pinst_.data(), &outputs);
    // Meter after meter (each one's values only change its own state).
    bool poisoned = false;
    const std::size_t* const at = first.together_at_.data();
    for (std::size_t m = 0; m < count; ++m) {
      FlickerMeter& meter = *meters[m];
      const double* const values = first.together_pinst_.data() + m;
      const std::int64_t next = base[m] + 1;
      // Only the last output can be non-finite (the run stopped after it).
      const std::size_t finite =
          outputs > 0 && !std::isfinite(values[(outputs - 1) * count]) ? outputs - 1 : outputs;
      std::size_t o = 0;
      while (o < outputs) {
        // The values OnPinst would take by its quiet path, all at once.
        if (o < finite && next + static_cast<std::int64_t>(at[o]) <= meter.quiet_until_index_) {
          const auto last = static_cast<std::size_t>(meter.quiet_until_index_ - next);
          const auto end =
              static_cast<std::size_t>(std::upper_bound(at + o, at + finite, last) - at);
          meter.OnQuietPinst(values + o * count, count, end - o,
                             next + static_cast<std::int64_t>(at[end - 1]));
          o = end;
          continue;
        }
        const double pinst = values[o * count];
        meter.next_index_ = next + static_cast<std::int64_t>(at[o]);
        if (std::isfinite(pinst)) {
          meter.OnPinst(pinst);
        } else {
          poisoned = true;  // the last output: the run stopped after it
        }
        ++o;
      }
    }
    for (std::size_t m = 0; m < count; ++m) {
      FlickerMeter& meter = *meters[m];
      meter.next_index_ = base[m] + static_cast<std::int64_t>(done);
      if (poisoned && !std::isfinite(first.together_pinst_[(outputs - 1) * count + m])) {
        meter.Restart();  // bad samples poison recursive filters for ever
      }
    }
  }
  // What did not run side by side, one meter at a time.
  if (done == n) return;
  for (std::size_t m = 0; m < count; ++m) {
    meters[m]->ProcessRun(x[m] + done * stride, n - done, stride);
  }
}

void FlickerMeter::ProcessRun(const double* x, std::size_t n, std::size_t stride) {
  if (engine_.get() != nullptr) {
    ProcessWithEngine(x, n, stride);
    return;
  }
  std::size_t done = 0;
  while (done < n) {
    const std::int64_t base = next_index_;
    bool poisoned = false;
    const std::size_t used =
        chain_.PushBlock(x + done * stride, n - done, stride, [&](std::size_t i, double pinst) {
          next_index_ = base + static_cast<std::int64_t>(i) + 1;
          if (!std::isfinite(pinst)) {
            poisoned = true;
            return false;
          }
          OnPinst(pinst);
          return true;
        });
    done += used;
    next_index_ = base + static_cast<std::int64_t>(used);
    if (!poisoned) break;
    // Bad samples poison recursive filters for ever: start again after them.
    Restart();
  }
}

// The same steps as the per-sample loop above, one block at a time.
void FlickerMeter::ProcessWithEngine(const double* x, std::size_t n, std::size_t stride) {
  std::size_t done = 0;  // samples of the call consumed
  while (done < n) {
    engine_out_.clear();
    engine_.get()->Process(x + done * stride, n - done, stride, engine_out_);
    const std::int64_t block_start = next_index_;
    std::size_t restart_at = n;  // past a non-finite value: where the fresh chain starts
    for (const PinstValue& v : engine_out_) {
      next_index_ = block_start + static_cast<std::int64_t>(v.sample) + 1;
      if (std::isfinite(v.pinst)) {
        OnPinst(v.pinst);
        continue;
      }
      // Bad samples poison recursive filters for ever: start again after them.
      const TimeNs next = InputSampleTime(next_index_);
      Reset();
      running_ = true;
      start_ = next;
      next_index_ = 0;
      restart_at = done + v.sample + 1;
      break;
    }
    if (restart_at == n) {
      next_index_ = block_start + static_cast<std::int64_t>(n - done);
      return;
    }
    done = restart_at;
  }
}

std::int64_t FlickerMeter::LastIndexBefore(TimeNs end) const {
  // The Pinst completed by input sample j - 1 (next_index_ = j) comes before
  // `end` while InputSampleTime(j - 1) < end: from an estimate, the exact
  // boundary of that rounded, increasing time.
  auto before = [&](std::int64_t j) { return InputSampleTime(j - 1) < end; };
  auto j = static_cast<std::int64_t>(static_cast<double>(end - start_) / sample_period_ns_) + 1;
  while (!before(j)) --j;
  while (before(j + 1)) ++j;
  return j;
}

std::int64_t FlickerMeter::LastQuietIndex() const {
  // Up to the end of the interval; unsettled, up to the settling time (the
  // value there takes the full path, which checks it).
  const std::int64_t in_interval = LastIndexBefore(interval_start_ + kTenMinutesNs);
  return settled_ ? in_interval : std::min(in_interval, LastIndexBefore(start_ + settling_ns_));
}

void FlickerMeter::SyncLastPinstTime() {
  if (last_quiet_index_ < 0) return;
  last_pinst_time_ = InputSampleTime(last_quiet_index_ - 1);
  last_quiet_index_ = -1;
}

bool FlickerMeter::IntervalReachedEnd() const {
  return static_cast<double>(last_pinst_time_ - interval_start_) + internal_period_ns_ +
             kRoundingSlackNs >=
         static_cast<double>(kTenMinutesNs);
}

void FlickerMeter::CloseInterval() {
  if (!interval_open_) return;
  interval_open_ = false;
  PstResult r;
  r.interval_start = interval_start_;
  r.measured_s = static_cast<double>(histogram_.count()) * internal_period_ns_ / 1e9;
  r.pst = histogram_.count() > 0 ? ShortTermSeverity(histogram_) : 0;
  r.valid = interval_start_measured_ && !interval_broken_ && IntervalReachedEnd() &&
            histogram_.count() > 0;
  results_.push_back(r);
}

void FlickerMeter::Reset() {
  SyncLastPinstTime();  // before start_ moves
  quiet_until_index_ = -1;
  if (interval_open_) {
    if (IntervalReachedEnd()) {
      CloseInterval();
    } else {
      interval_broken_ = true;
    }
  }
  chain_.Clear();
  if (engine_.get() != nullptr) engine_.get()->Clear();
  have_previous_pinst_ = false;  // a fresh chain: nothing to interpolate from
  running_ = false;
  settled_ = false;
}

void FlickerMeter::Flush() {
  Reset();
  CloseInterval();
}

std::vector<PstResult> FlickerMeter::TakeResults() { return std::exchange(results_, {}); }

double FlickerMeter::TakeMaxPinst() { return std::exchange(max_pinst_, 0.0); }

}  // namespace pqa::flicker
