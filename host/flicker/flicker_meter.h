// One phase of an IEC 61000-4-15 class F1 flickermeter: Pinst continuously
// and Pst over 10-minute intervals aligned to the UTC clock
// ([k 600 s, (k + 1) 600 s), IEC 61000-4-30 4.6 / PRODIST Module 8).
//
// Use: one FlickerMeter per phase; feed contiguous blocks with Process(),
// drain completed intervals with TakeResults(), feed those to a PltTracker.
#ifndef PQA_HOST_FLICKER_FLICKER_METER_H_
#define PQA_HOST_FLICKER_FLICKER_METER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "host/common/time.h"
#include "host/flicker/flicker_config.h"
#include "host/flicker/pinst_chain.h"
#include "host/flicker/pinst_engine.h"
#include "host/flicker/pinst_histogram.h"

namespace pqa::flicker {

struct PstResult {
  TimeNs interval_start = 0;  // UTC, a multiple of 10 minutes; the interval lasts 600 s
  double pst = 0;             // short-term severity, dimensionless, >= 0; 0 when measured_s = 0
  // True only when the whole interval was measured, gapless, with settled
  // filters (config.settling_s after the last start or gap).
  bool valid = false;
  double measured_s = 0;  // settled Pinst time classified in the interval, s, 0..600
};

class FlickerMeter {
 public:
  static absl::StatusOr<FlickerMeter> Create(const FlickerConfig& config);

  // Feeds n samples (volts, or any unit: the input adaptor normalises),
  // x[0], x[stride], ... x[(n - 1) stride], the first taken at
  // first_sample_time; stride >= 1 lets one channel of a frame-major block
  // be passed in place. A first_sample_time that is not where the previous
  // block ended (beyond half a sample period) is a gap, handled as Reset().
  // A non-finite sample is a gap too (settling restarts after it).
  void Process(TimeNs first_sample_time, const double* x, std::size_t n, std::size_t stride = 1);

  // Process() for `count` meters (the phases of one recording), meters[m]
  // taking x[m][i * stride], i = 0..n-1, all from first_sample_time. The
  // same results as one Process() per meter; golden chains at one rate, at
  // the same place in their decimation (the usual case), run side by side
  // (PinstChain::RunTogether), the others one by one.
  static void ProcessTogether(FlickerMeter* const* meters, std::size_t count,
                              TimeNs first_sample_time, const double* const* x, std::size_t n,
                              std::size_t stride);

  // A gap told by the caller: settling restarts at the next sample. The
  // interval in progress is reported now if it was measured to its end;
  // otherwise it stays open (invalid from now on) and collects the settled
  // Pinst of any data that resumes within it, so that each interval is
  // reported once.
  void Reset();
  // End of stream: Reset() and report the interval in progress.
  void Flush();
  // A new sample rate is a restart with filters designed for it.
  absl::Status SetSampleRate(double sample_rate_hz);

  // Completed 10-minute intervals, oldest first, each reported once.
  std::vector<PstResult> TakeResults();

  // Largest settled Pinst since the last call (0 if none), then forgets it.
  double TakeMaxPinst();
  // Called for every Pinst value (at internal_rate_hz()) with its instant and
  // whether the filters had settled. For tests and diagnostics.
  using PinstObserver = std::function<void(TimeNs t, double pinst, bool settled)>;
  void set_pinst_observer(PinstObserver observer) {
    observer_ = std::move(observer);
    quiet_until_index_ = -1;  // the observer sees every value from now on
  }

  const FlickerConfig& config() const { return config_; }
  double internal_rate_hz() const {
    return engine_.get() != nullptr ? engine_.get()->internal_rate_hz() : chain_.internal_rate_hz();
  }
  bool settled() const { return running_ && settled_; }

 private:
  // Owns a backend's PinstEngine and copies it with the meter.
  class EngineHolder {
   public:
    EngineHolder() = default;
    explicit EngineHolder(std::unique_ptr<PinstEngine> e) : engine_(std::move(e)) {}
    EngineHolder(const EngineHolder& o) : engine_(o.engine_ ? o.engine_->Clone() : nullptr) {}
    EngineHolder& operator=(const EngineHolder& o) {
      if (this != &o) engine_ = o.engine_ ? o.engine_->Clone() : nullptr;
      return *this;
    }
    EngineHolder(EngineHolder&&) = default;
    EngineHolder& operator=(EngineHolder&&) = default;
    PinstEngine* get() const { return engine_.get(); }

   private:
    std::unique_ptr<PinstEngine> engine_;
  };

  explicit FlickerMeter(const FlickerConfig& config);
  // Process() in two parts: the gap check and time base of a block, then
  // its samples.
  void BeginBlock(TimeNs first_sample_time);
  void ProcessRun(const double* x, std::size_t n, std::size_t stride);
  // After a non-finite sample: a fresh chain from the next sample on.
  void Restart();
  void ProcessWithEngine(const double* x, std::size_t n, std::size_t stride);
  bool WarmedUp() const {
    return engine_.get() != nullptr ? engine_.get()->warmed_up() : chain_.warmed_up();
  }
  void OnPinst(double pinst);
  // OnPinst() for n values, values[0], values[stride], ..., that all take
  // its quiet path (the last one completed by input next_index_ =
  // last_index): the same state after, with block 5 in one loop.
  void OnQuietPinst(const double* values, std::size_t stride, std::size_t n,
                    std::int64_t last_index);
  // The last next_index_ whose Pinst comes before `end`.
  std::int64_t LastIndexBefore(TimeNs end) const;
  // The last next_index_ that OnPinst's quiet path may take (see there).
  std::int64_t LastQuietIndex() const;
  // last_pinst_time_ after values taken by OnPinst's quiet path.
  void SyncLastPinstTime();
  void CloseInterval();
  bool IntervalReachedEnd() const;
  TimeNs InputSampleTime(std::int64_t index) const;

  FlickerConfig config_;
  PinstChain chain_;
  EngineHolder engine_;                 // a backend's blocks 1-4; null: chain_
  std::vector<PinstValue> engine_out_;  // scratch for engine_
  // Scratch for ProcessTogether (of the first meter of a group).
  std::vector<std::size_t> together_at_;
  std::vector<double> together_pinst_;
  double sample_period_ns_;
  double internal_period_ns_;
  TimeNs settling_ns_;

  // Block 5 classifies the line from the previous Pinst to each new one.
  double previous_pinst_ = 0;  // the last Pinst since the chain (re)started
  bool have_previous_pinst_ = false;
  // OnPinst's quiet path, while next_index_ <= quiet_until_index_: within
  // the open interval, no observer, settled as the value before (unsettled
  // only up to the settling time), so a value only goes to the histogram if
  // settled (its time is not needed). -1: every value takes the full path.
  std::int64_t quiet_until_index_ = -1;
  std::int64_t last_quiet_index_ =
      -1;  // next_index_ of the last quiet value not yet in last_pinst_time_

  bool running_ = false;  // a time base exists: start_ and next_index_ mean something
  bool settled_ = false;
  TimeNs start_ = 0;             // instant of the first sample since the last (re)start
  std::int64_t next_index_ = 0;  // index of the next input sample since start_

  bool interval_open_ = false;
  TimeNs interval_start_ = 0;
  bool interval_start_measured_ = false;  // settled Pinst from the interval's first instant
  bool interval_broken_ = false;          // a gap occurred inside the interval
  TimeNs last_pinst_time_ = 0;
  PinstHistogram histogram_;

  double max_pinst_ = 0;
  PinstObserver observer_;
  std::vector<PstResult> results_;
};

}  // namespace pqa::flicker

#endif  // PQA_HOST_FLICKER_FLICKER_METER_H_
