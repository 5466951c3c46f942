#include "host/analyzer/analyzer.h"

#include <algorithm>
#include <array>
#include <limits>
#include <span>
#include <utility>

#include "absl/strings/str_cat.h"
#include "host/common/status_macros.h"
#include "host/common/time.h"
#include "host/vtcd/record_flags.h"

namespace pqa::analyzer {
namespace {

constexpr const char* kPhaseNames[3] = {"A", "B", "C"};

// The flickermeter closes a 10-minute interval when its first Pinst after
// the tick arrives, a few internal sample periods (milliseconds) late; two
// seconds of data past the tick mean a missing Pst will not come.
constexpr TimeNs kFlickerLatencyNs = 2 * kNsPerSecond;

TimeNs DurationNs(const pqa::v1::Record& r) {
  return static_cast<TimeNs>(r.duration_s() * 1e9 + 0.5);
}

}  // namespace

absl::Status AnalyzerConfig::Validate() const {
  for (const std::string& kind : intervals) {
    if (kind != "window" && kind != "150cycle" && kind != "10min" && kind != "2h") {
      return absl::InvalidArgumentError(
          absl::StrCat("interval '", kind, "' is not one of window, 150cycle, 10min, 2h"));
    }
  }
  if (threads != 1 && threads != 2) {
    return absl::InvalidArgumentError(absl::StrCat("threads = ", threads, ": expected 1 or 2"));
  }
  if (!(flicker_settling_s >= 1 && flicker_settling_s <= 3600)) {
    return absl::InvalidArgumentError(
        absl::StrCat("flicker_settling_s = ", flicker_settling_s, ": expected 1 to 3600 seconds"));
  }
  return engine.Validate();
}

bool BlocksAreFree(const AnalyzerConfig& config) {
  return config.backend == accel::Backend::kCpu && !config.window_analysis &&
         !config.event_source && !config.backend_status &&
         (!config.events || config.detector.reference == vtcd::ReferenceKind::kDeclared);
}

Analyzer::Analyzer(AnalyzerConfig config, RecordSink records, EventSink events)
    : config_(std::move(config)), records_(std::move(records)), events_(std::move(events)) {}

absl::StatusOr<std::unique_ptr<Analyzer>> Analyzer::Create(const AnalyzerConfig& config,
                                                           RecordSink records, EventSink events) {
  PQA_RETURN_IF_ERROR(config.Validate());
  std::unique_ptr<Analyzer> a(new Analyzer(config, std::move(records), std::move(events)));
  for (int p = 0; p < 3; ++p) {
    const int channel = config.engine.phase_channels[p];
    if (channel < 0) continue;
    a->phase_names_.push_back(kPhaseNames[p]);
    a->phase_channels_.push_back(static_cast<std::size_t>(channel));
    a->engine_phases_.push_back(p);
  }
  measure::EngineConfig engine = config.engine;
  PQA_RETURN_IF_ERROR(accel::ConfigureEngine(config.backend, engine));
  if (config.window_analysis) engine.window_analysis = config.window_analysis;
  // Flicker needs the 10-minute records and Plt the 2-hour ones even when
  // only another kind is printed, so the engine always aggregates them.
  engine.emit_150_cycle = config.intervals.count("150cycle") > 0;
  engine.emit_window = config.intervals.count("window") > 0;
  engine.emit_10_min = true;
  engine.emit_2_hour = true;
  // From the codes on either thread count: a quarter of the bytes to read,
  // which leaves the block's doubles in the cache for the flickermeters and
  // the event detector (BENCHMARKS.md, issue 21 round 12).
  engine.read_codes = true;
  Analyzer* self = a.get();
  const bool sliding = config.events && config.detector.reference == vtcd::ReferenceKind::kSliding;
  PQA_ASSIGN_OR_RETURN(
      a->engine_,
      measure::MeasurementEngine::Create(
          engine,
          [self](const pqa::v1::Record& r) {
            self->engine_records_[static_cast<std::size_t>(self->engine_slot_)].push_back(r);
          },
          sliding ? static_cast<measure::MeasurementObserver*>(self) : nullptr));
  if (config.threads == 2) a->worker_ = std::make_unique<Worker>();
  a->pipelined_ = config.pipelined && config.threads == 2 && BlocksAreFree(config);
  if (config.events) {
    vtcd::DetectorConfig detector = config.detector;
    detector.limits.nominal_frequency_hz = config.engine.nominal_frequency_hz;
    detector.declared_voltage_v = config.engine.nominal_voltage_v;
    detector.phase_names = a->phase_names_;
    detector.window_rms_from_caller = sliding;
    const EventSourceFactory& create =
        config.event_source ? config.event_source : EventSourceFactory(&CreateHostEventSource);
    PQA_ASSIGN_OR_RETURN(a->detector_, create(detector, a->phase_channels_));
    if (config.urms_observer) a->detector_->SetUrmsObserver(config.urms_observer);
  }
  return a;
}

void Analyzer::OnWindow(const measure::WindowResult& window) {
  // Runs on the engine's thread: only collect here (see Process()).
  window_rms_.resize(engine_phases_.size());
  for (std::size_t p = 0; p < engine_phases_.size(); ++p) {
    window_rms_[p].push_back(window.phases[engine_phases_[p]].rms_v);
  }
}

void Analyzer::set_pinst_observer(PinstObserver observer) {
  pinst_observer_ = std::move(observer);
  for (std::size_t p = 0; p < flicker_.size(); ++p) {
    if (!pinst_observer_) {
      flicker_[p].meter.set_pinst_observer({});
      continue;
    }
    flicker_[p].meter.set_pinst_observer([this, p](TimeNs t, double pinst, bool settled) {
      pinst_observer_(static_cast<int>(p), t, pinst, settled);
    });
  }
}

absl::Status Analyzer::StartFlicker(double sample_rate_hz) {
  if (!flicker_.empty()) {
    // IEC 61000-4-15: the filters are designed for the sample rate; a new
    // rate restarts them (the meter treats it as a gap).
    for (PhaseFlicker& f : flicker_) PQA_RETURN_IF_ERROR(f.meter.SetSampleRate(sample_rate_hz));
    flicker_rate_hz_ = sample_rate_hz;
    return absl::OkStatus();
  }
  flicker::FlickerConfig fc;
  fc.sample_rate_hz = sample_rate_hz;
  fc.supply_hz = config_.engine.nominal_frequency_hz;
  fc.lamp = config_.lamp;
  fc.settling_s = config_.flicker_settling_s;
  PQA_RETURN_IF_ERROR(accel::ConfigureFlicker(config_.backend, fc));
  if (config_.pinst_engine) fc.pinst_engine = config_.pinst_engine;
  for (std::size_t p = 0; p < phase_names_.size(); ++p) {
    PQA_ASSIGN_OR_RETURN(flicker::FlickerMeter meter, flicker::FlickerMeter::Create(fc));
    flicker_.push_back(PhaseFlicker{std::move(meter), flicker::PltTracker()});
  }
  flicker_rate_hz_ = sample_rate_hz;
  set_pinst_observer(pinst_observer_);
  return absl::OkStatus();
}

absl::Status Analyzer::Process(const io::SampleBlock& block) { return Process(block, {}); }

absl::Status Analyzer::Process(const io::SampleBlock& block,
                               const std::function<void()>& meanwhile) {
  // `meanwhile` (the caller's next read) may reuse the buffer of the block
  // before this one, so the engine must be done with that block first.
  const auto read_next = [&] {
    Drain();
    if (meanwhile) meanwhile();
  };
  if (block.frames == 0) {
    read_next();
    return absl::OkStatus();
  }
  for (std::size_t channel : phase_channels_) {
    if (channel >= block.channels) {
      read_next();
      return absl::InvalidArgumentError(
          absl::StrCat("block at ", FormatRfc3339(block.start, 6), " has ", block.channels,
                       " channels; phase channel ", channel, " does not exist"));
    }
  }
  // With threads = 2 the engine reads the block on a second core while this
  // one runs the event detector, the flickermeters and then `meanwhile`
  // (the caller's read of the next block), then helps with the block's
  // windows (MeasurementEngine::HelpAnalyseWindows): two threads for two
  // cores, sharing the work whichever part is longer. Nothing the engine
  // writes (its records' slot, window_rms_) is touched here before its task
  // has finished. Pipelined, this thread then returns without waiting for
  // the engine's last window and the block's end: it takes that block's
  // records in the next Process() (before its `meanwhile`), by when the
  // engine has usually long gone on to the next block.
  absl::Status engine_status, detector_status, flicker_status;
  std::uint64_t ticket = 0;
  const int slot = static_cast<int>(++batch_ % 2);
  if (worker_) {
    ticket = worker_->Post([this, &block, batch = batch_, slot] { RunEngine(block, batch, slot); });
  }
  if (detector_) detector_status = detector_->Process(block);
  if (detector_status.ok()) flicker_status = ProcessFlicker(block);
  if (!worker_) {
    if (detector_status.ok() && flicker_status.ok()) {
      RunEngine(block, batch_, slot);
      engine_status = TakeEngineOutput(slot);
    }
    if (meanwhile) meanwhile();
  } else if (pipelined_) {
    // The block before this one: its engine task has finished by now, or
    // soon (this thread has run the detector and the flickermeters since).
    if (pending_ticket_ != 0) {
      worker_->WaitFor(pending_ticket_);
      engine_status = TakeEngineOutput(pending_slot_);
    }
    if (meanwhile) meanwhile();
    engine_->HelpAnalyseWindows(batch_);
    pending_ticket_ = ticket;
    pending_slot_ = slot;
  } else {
    if (meanwhile) meanwhile();
    // Free now: take some of the block's windows if the engine is still at them.
    engine_->HelpAnalyseWindows(batch_);
    worker_->WaitFor(ticket);
    engine_status = TakeEngineOutput(slot);
  }
  if (!detector_status.ok() || !flicker_status.ok() || !engine_status.ok()) Drain();
  PQA_RETURN_IF_ERROR(detector_status);
  if (detector_) PQA_RETURN_IF_ERROR(CollectEvents());
  PQA_RETURN_IF_ERROR(flicker_status);
  PQA_RETURN_IF_ERROR(engine_status);
  if (config_.backend_status) PQA_RETURN_IF_ERROR(config_.backend_status());
  // The sliding reference takes the block's windows only now, after the
  // detector has judged the block's samples: it lags by one block (seconds,
  // against its one-minute time constant) and never looks ahead.
  for (std::size_t p = 0; p < window_rms_.size(); ++p) {
    for (double rms : window_rms_[p]) {
      PQA_RETURN_IF_ERROR(detector_->AddWindowRms(static_cast<int>(p), rms));
    }
    window_rms_[p].clear();
  }
  data_end_ =
      block.start +
      static_cast<TimeNs>(static_cast<double>(block.frames) * 1e9 / block.sample_rate_hz + 0.5);
  return Release(false);
}

void Analyzer::RunEngine(const io::SampleBlock& block, std::uint64_t batch, int slot) {
  engine_slot_ = slot;
  if (worker_) engine_->OpenWindowSharing(batch);
  engine_status_[static_cast<std::size_t>(slot)] = engine_->Process(block);
  if (worker_) engine_->CloseWindowSharing();
}

absl::Status Analyzer::TakeEngineOutput(int slot) {
  std::vector<pqa::v1::Record>& records = engine_records_[static_cast<std::size_t>(slot)];
  for (pqa::v1::Record& r : records) held_.push_back(std::move(r));
  records.clear();
  return std::exchange(engine_status_[static_cast<std::size_t>(slot)], absl::OkStatus());
}

void Analyzer::Drain() {
  if (worker_) worker_->Wait();
}

absl::Status Analyzer::ProcessFlicker(const io::SampleBlock& block) {
  if (config_.flicker && block.sample_rate_hz < flicker::kMinSampleRateHz) {
    flicker_skipped_ = true;  // below the chain's design range: no Pst rather than a wrong one
  } else if (config_.flicker) {
    if (flicker_.empty() || block.sample_rate_hz != flicker_rate_hz_) {
      PQA_RETURN_IF_ERROR(StartFlicker(block.sample_rate_hz));
    }
    // The phases side by side (one vector lane each), as three Process() calls would.
    std::array<flicker::FlickerMeter*, 3> meters{};
    std::array<const double*, 3> inputs{};
    for (std::size_t p = 0; p < flicker_.size(); ++p) {
      meters[p] = &flicker_[p].meter;
      inputs[p] = block.samples.data() + phase_channels_[p];
    }
    flicker::FlickerMeter::ProcessTogether(meters.data(), flicker_.size(), block.start,
                                           inputs.data(), block.frames, block.channels);
    CollectFlicker();
  }
  return absl::OkStatus();
}

absl::Status Analyzer::Finish() {
  Drain();
  if (pending_ticket_ != 0) {
    pending_ticket_ = 0;
    PQA_RETURN_IF_ERROR(TakeEngineOutput(pending_slot_));
  }
  // The engine's last records come on this thread.
  engine_slot_ = 0;
  const absl::Status engine_finished = engine_->Finish();
  PQA_RETURN_IF_ERROR(TakeEngineOutput(0));
  PQA_RETURN_IF_ERROR(engine_finished);
  if (config_.flicker) {
    for (PhaseFlicker& f : flicker_) f.meter.Flush();
    CollectFlicker();
  }
  if (config_.backend_status) PQA_RETURN_IF_ERROR(config_.backend_status());
  if (detector_) {
    detector_->Finish();
    PQA_RETURN_IF_ERROR(CollectEvents());
  }
  return Release(true);
}

void Analyzer::CollectFlicker() {
  for (std::size_t p = 0; p < flicker_.size(); ++p) {
    for (const flicker::PstResult& pst : flicker_[p].meter.TakeResults()) {
      pst_[pst.interval_start][p] = pst;
    }
  }
}

absl::Status Analyzer::CollectEvents() {
  std::vector<vtcd::AggregatedEvent> fresh = detector_->TakeNewEvents();
  if (!events_) return absl::OkStatus();
  for (const vtcd::AggregatedEvent& e : fresh) PQA_RETURN_IF_ERROR(events_(e));
  return absl::OkStatus();
}

bool Analyzer::FlickerKnown(const pqa::v1::Record& r, TimeNs start, TimeNs end) const {
  // A 2-hour record follows its twelve 10-minute records, whose release fed
  // the Plt trackers: nothing to wait for.
  if (!config_.flicker || r.interval() != "10min") return true;
  auto it = pst_.find(start);
  if (it != pst_.end() && std::all_of(it->second.begin(), it->second.begin() + flicker_.size(),
                                      [](const auto& v) { return v.has_value(); })) {
    return true;
  }
  return data_end_ >= end + kFlickerLatencyNs;
}

int Analyzer::PhaseIndex(const std::string& name) const {
  for (std::size_t p = 0; p < phase_names_.size(); ++p) {
    if (phase_names_[p] == name) return static_cast<int>(p);
  }
  return -1;
}

absl::Status Analyzer::ApplyFlicker(pqa::v1::Record& r, TimeNs start, bool end_of_data) {
  r.set_flicker_complete(false);
  if (!config_.flicker || flicker_.empty() || r.interval() == "150cycle" ||
      r.interval() == "window") {
    return absl::OkStatus();
  }
  bool complete = r.phases_size() > 0;
  if (r.interval() == "2h") {
    if (end_of_data && plt_fixed_.find(start) == plt_fixed_.end()) {
      for (std::size_t p = 0; p < flicker_.size(); ++p) {
        flicker_[p].plt.Flush();
        for (const flicker::PltResult& plt : flicker_[p].plt.TakeFixed()) {
          plt_fixed_[plt.interval_start][p] = plt;
        }
      }
    }
    auto it = plt_fixed_.find(start);
    for (pqa::v1::PhaseRecord& phase : *r.mutable_phases()) {
      const int p = PhaseIndex(phase.phase());
      const std::optional<flicker::PltResult> plt =
          it != plt_fixed_.end() && p >= 0 ? it->second[p] : std::nullopt;
      if (plt) phase.set_plt(plt->plt);
      complete = complete && plt && plt->valid;
    }
    r.set_flicker_complete(complete);
    return absl::OkStatus();
  }
  // IEC 61000-4-30 4.7: during an interruption the flickermeter's input
  // adaptor divides by a voltage that is not there; that Pst is flagged and
  // invalid, and kept out of Plt, which counts valid Pst only.
  bool interrupted = r.long_interruption();
  for (const std::string& type : r.vtcd_types()) interrupted |= type == "IMT" || type == "ITT";
  auto it = pst_.find(start);
  for (pqa::v1::PhaseRecord& phase : *r.mutable_phases()) {
    const int p = PhaseIndex(phase.phase());
    std::optional<flicker::PstResult> value =
        it != pst_.end() && p >= 0 ? it->second[p] : std::nullopt;
    if (!value) {
      complete = false;
      continue;
    }
    phase.set_pst(value->pst);
    if (interrupted) value->valid = false;
    complete = complete && value->valid;
    // The trackers see each Pst once its record's flags are final.
    flicker::PltTracker& tracker = flicker_[p].plt;
    PQA_RETURN_IF_ERROR(tracker.Add(*value));
    for (const flicker::PltResult& plt : tracker.TakeSliding()) phase.set_plt_sliding(plt.plt);
    for (const flicker::PltResult& plt : tracker.TakeFixed()) {
      plt_fixed_[plt.interval_start][p] = plt;
    }
  }
  r.set_flicker_complete(complete);
  return absl::OkStatus();
}

absl::Status Analyzer::Release(bool end_of_data) {
  while (!held_.empty()) {
    pqa::v1::Record& r = held_.front();
    PQA_ASSIGN_OR_RETURN(const TimeNs start, ParseRfc3339(r.start()));
    const TimeNs end = start + DurationNs(r);
    if (!end_of_data) {
      if (detector_ && detector_->final_through() < end) break;
      if (!FlickerKnown(r, start, end)) break;
    }
    if (detector_) {
      PQA_RETURN_IF_ERROR(vtcd::FlagRecords(detector_->events(), std::span(&r, 1)));
    }
    PQA_RETURN_IF_ERROR(ApplyFlicker(r, start, end_of_data));
    pqa::v1::Record out = std::move(r);
    held_.pop_front();
    if (out.interval() == "10min") pst_.erase(pst_.begin(), pst_.upper_bound(start));
    if (out.interval() == "2h") plt_fixed_.erase(plt_fixed_.begin(), plt_fixed_.upper_bound(start));
    if (config_.intervals.count(out.interval())) PQA_RETURN_IF_ERROR(records_(out));
  }
  return absl::OkStatus();
}

std::vector<vtcd::PhaseEvent> Analyzer::phase_events() const {
  if (!detector_) return {};
  return detector_->phase_events();
}

}  // namespace pqa::analyzer
