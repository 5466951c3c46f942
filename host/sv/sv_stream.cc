#include "host/sv/sv_stream.h"

#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"

namespace pqa::sv {
namespace {

bool Measurable(std::uint32_t q) {
  // IEC 61850-7-3 6.2: only a good value is a measurement; a unit in test
  // mode (IEC 61850-7-4 mode "test") sends values that are not the network's.
  return (q & quality::kValidityMask) == quality::kGood && (q & quality::kTest) == 0;
}

TimeNs RoundToSecond(TimeNs t) { return FloorTo(t + kNsPerSecond / 2, kNsPerSecond); }

}  // namespace

StreamChecker::StreamChecker(StreamConfig config) : config_(config) {}

io::StreamInfo StreamChecker::Info(const std::string& name, double nominal_frequency_hz) {
  io::StreamInfo info;
  info.source_name = name;
  info.nominal_frequency_hz = nominal_frequency_hz;
  const char* phases[4] = {"A", "B", "C", "N"};
  for (int c = 0; c < kDatasetChannels; ++c) {
    const bool voltage = c >= kFirstVoltage;
    io::ChannelInfo ch;
    ch.phase = phases[c % 4];
    ch.name = absl::StrCat(voltage ? "V" : "I", ch.phase);
    ch.quantity = voltage ? io::Quantity::kVoltage : io::Quantity::kCurrent;
    ch.unit = voltage ? "V" : "A";
    info.channels.push_back(ch);
  }
  return info;
}

void StreamChecker::Notice(TimeNs at, std::string kind, std::string message) {
  notices_.push_back(StreamNotice{at, std::move(kind), std::move(message)});
}

TimeNs StreamChecker::SampleTime(std::uint16_t smp_cnt) const {
  return epoch_ + seconds_ * kNsPerSecond +
         static_cast<TimeNs>(std::llround(static_cast<double>(smp_cnt) * 1e9 / rate_));
}

void StreamChecker::EndBlock() {
  if (block_.frames == 0) return;
  done_.push_back(std::move(block_));
  block_ = io::SampleBlock();
}

TimeNs StreamChecker::AnchoredTime(const SvAsdu& a, TimeNs received) const {
  const TimeNs estimate = a.refr_tm ? a.refr_tm->ToTime() : received;
  const TimeNs offset =
      static_cast<TimeNs>(std::llround(static_cast<double>(a.smp_cnt) * 1e9 / rate_));
  const TimeNs epoch = a.smp_synch != 0 ? RoundToSecond(estimate - offset) : estimate - offset;
  return epoch + offset;
}

bool StreamChecker::Restart(const SvAsdu& a, TimeNs received, const std::string& why) {
  EndBlock();
  const bool synch = a.smp_synch != 0;
  const TimeNs estimate = a.refr_tm ? a.refr_tm->ToTime() : received;
  const TimeNs offset =
      static_cast<TimeNs>(std::llround(static_cast<double>(a.smp_cnt) * 1e9 / rate_));
  epoch_ = synch ? RoundToSecond(estimate - offset) : estimate - offset;
  seconds_ = 0;
  bool contiguous = false;
  if (have_last_) {
    // Never back in time: at the earliest where the next sample would have been.
    const TimeNs t = epoch_ + offset;
    if (t < next_time_) {
      epoch_ += synch ? (next_time_ - t + kNsPerSecond - 1) / kNsPerSecond * kNsPerSecond
                      : next_time_ - t;
    }
    contiguous = epoch_ + offset == next_time_;
  }
  const bool first = !started_;
  started_ = true;
  conf_rev_ = a.conf_rev;
  synchronised_ = synch;
  expected_ = a.smp_cnt;
  last_cnt_ = a.smp_cnt;
  if (!first) ++counters_.restarts;
  const TimeNs at = SampleTime(a.smp_cnt);
  Notice(at,
         first               ? "start"
         : why == "conf_rev" ? "conf_rev"
                             : "restart",
         absl::StrCat(first ? "stream started" : why, ": confRev ", a.conf_rev, ", smpSynch ",
                      a.smp_synch, synch ? " (synchronised" : " (NOT synchronised",
                      a.refr_tm ? ", second from refrTm)" : ", second from the local clock)", ", ",
                      rate_, " samples/s"));
  in_unsynchronised_ = false;
  return contiguous;
}

void StreamChecker::SkipAsGap(const SvAsdu& a, TimeNs received) {
  if (a.smp_cnt < last_cnt_) ++seconds_;
  last_cnt_ = a.smp_cnt;
  next_time_ = SampleTime(a.smp_cnt) + static_cast<TimeNs>(std::llround(1e9 / rate_));
  expected_ = static_cast<std::uint16_t>((a.smp_cnt + 1) % static_cast<int>(rate_));
  last_received_ = received;
  have_last_ = true;
}

void StreamChecker::Add(const SvAsdu& a, TimeNs received, std::size_t asdus_in_frame) {
  ++counters_.samples;
  if (rate_ == 0) {
    const int spc = config_.samples_per_cycle > 0 ? config_.samples_per_cycle
                    : asdus_in_frame >= 8         ? 256
                                                  : 80;
    rate_ = spc * config_.nominal_frequency_hz;
  }
  const int rate = static_cast<int>(rate_);
  if (a.smp_cnt >= rate) {
    // 9-2LE: smpCnt runs 0..rate-1; anything else cannot be placed in time.
    ++counters_.invalid;
    EndBlock();
    Notice(next_time_, "invalid",
           absl::StrCat("smpCnt ", a.smp_cnt, " out of range 0..", rate - 1, ": sample dropped"));
    return;
  }
  const bool synch = a.smp_synch != 0;
  const TimeNs max_lost = static_cast<TimeNs>(config_.max_lost_s * rate_);
  // A restart anchored right after the previous sample would hide the
  // discontinuity from the engine: that first sample is skipped as the gap.
  bool skip = false;
  if (!started_) {
    Restart(a, received, "start");
  } else if (a.conf_rev != conf_rev_) {
    ++counters_.conf_rev_changes;
    const std::uint32_t was = conf_rev_;
    Restart(a, received, "conf_rev");
    notices_.back().message =
        absl::StrCat("confRev changed from ", was, " to ", a.conf_rev,
                     ": the dataset may have changed; restarted (", notices_.back().message, ")");
    // The new configuration's first sample is always the gap.
    skip = true;
  } else if (synch != synchronised_) {
    skip = Restart(a, received,
                   synch ? "the merging unit is synchronised again"
                         : "the merging unit lost its synchronisation");
  } else if (static_cast<double>(received - last_received_) > config_.stop_after_s * 1e9 &&
             !(a.smp_cnt == expected_ && AnchoredTime(a, received) == next_time_)) {
    skip = Restart(a, received,
                   absl::StrCat("stream silent for ",
                                static_cast<double>(received - last_received_) / 1e9, " s"));
  } else if (static_cast<double>(received - last_received_) > config_.stop_after_s * 1e9) {
    // Silent, but the next sample in time and count: the frames were held
    // up on the way, none is missing; nothing to end.
    Notice(next_time_, "delayed",
           absl::StrCat("stream silent for ", static_cast<double>(received - last_received_) / 1e9,
                        " s, then resumed with the next sample: frames delayed, none lost"));
  } else if (a.smp_cnt != expected_) {
    const int ahead = (a.smp_cnt - expected_ + rate) % rate;
    if (ahead <= max_lost) {
      counters_.lost += ahead;
      EndBlock();
      Notice(next_time_, "lost",
             absl::StrCat(ahead, " samples lost (smpCnt ", expected_, " to ", a.smp_cnt - 1, ")"));
    } else if (rate - ahead <= max_lost) {
      ++counters_.late;
      if (!in_late_) {
        Notice(next_time_, "late",
               absl::StrCat("smpCnt ", a.smp_cnt, " arrived after ", (expected_ + rate - 1) % rate,
                            ": dropped (and any late sample right after it)"));
      }
      in_late_ = true;
      return;
    } else {
      skip = Restart(
          a, received,
          absl::StrCat("smpCnt jumped from ", (expected_ + rate - 1) % rate, " to ", a.smp_cnt));
    }
  }
  if (skip) {
    SkipAsGap(a, received);
    return;
  }
  in_late_ = false;
  if (a.smp_cnt < last_cnt_) ++seconds_;  // the counter wrapped at the second
  last_cnt_ = a.smp_cnt;
  expected_ = static_cast<std::uint16_t>((a.smp_cnt + 1) % rate);
  last_received_ = received;
  have_last_ = true;
  const TimeNs t = SampleTime(a.smp_cnt);
  const TimeNs period = static_cast<TimeNs>(std::llround(1e9 / rate_));
  next_time_ = t + period;

  bool measurable = true;
  for (int c = kFirstVoltage; c < kFirstVoltage + 3; ++c) measurable &= Measurable(a.quality[c]);
  if (!measurable) {
    ++counters_.invalid;
    if (!in_invalid_) {
      Notice(t, "invalid", "voltage samples invalid or questionable (quality): a gap until valid");
    }
    in_invalid_ = true;
    EndBlock();
    return;
  }
  in_invalid_ = false;
  if (!synchronised_) {
    if (in_unsynchronised_) {
      unsynchronised_.back().second = next_time_;
    } else {
      unsynchronised_.emplace_back(t, next_time_);
      in_unsynchronised_ = true;
    }
  }
  if (block_.frames == 0) {
    block_.start = t;
    block_.sample_rate_hz = rate_;
    block_.channels = kDatasetChannels;
    block_.samples.reserve(config_.block_frames * kDatasetChannels);
  }
  for (int c = 0; c < kDatasetChannels; ++c) {
    block_.samples.push_back(Measurable(a.quality[c]) ? CountsToValue(c, a.values[c])
                                                      : std::numeric_limits<double>::quiet_NaN());
  }
  if (++block_.frames >= config_.block_frames) EndBlock();
}

std::vector<io::SampleBlock> StreamChecker::TakeBlocks(bool flush) {
  if (flush) EndBlock();
  std::vector<io::SampleBlock> out;
  out.swap(done_);
  return out;
}

std::vector<StreamNotice> StreamChecker::TakeNotices() {
  std::vector<StreamNotice> out;
  out.swap(notices_);
  return out;
}

void StreamChecker::DropUnsynchronisedBefore(TimeNs t) {
  std::size_t keep = 0;
  while (keep + 1 < unsynchronised_.size() && unsynchronised_[keep].second < t) ++keep;
  unsynchronised_.erase(unsynchronised_.begin(), unsynchronised_.begin() + keep);
}

}  // namespace pqa::sv
