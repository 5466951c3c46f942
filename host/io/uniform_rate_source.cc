#include "host/io/uniform_rate_source.h"

#include <algorithm>
#include <cmath>

#include "host/common/status_macros.h"

namespace pqa::io {

UniformRateSource::UniformRateSource(std::unique_ptr<SampleSource> inner, double rate_hz,
                                     double content_rate_hz)
    : inner_(std::move(inner)),
      rate_hz_(rate_hz),
      content_rate_hz_(content_rate_hz < rate_hz ? content_rate_hz : 0),
      period_ns_(1e9 / rate_hz) {}

void UniformRateSource::StartRun(const SampleBlock& b) {
  origin_ = b.start;
  times_.clear();
  values_.clear();
  cursor_ = 0;
  next_out_ = 0;
  run_closed_ = false;
  channels_ = b.channels;
  Append(b);
}

void UniformRateSource::Append(const SampleBlock& b) {
  // Drop what no output can need any more (the stencil reaches one sample back).
  if (cursor_ > 4096) {
    const std::size_t drop = cursor_ - 2;
    times_.erase(times_.begin(), times_.begin() + static_cast<std::ptrdiff_t>(drop));
    values_.erase(values_.begin(), values_.begin() + static_cast<std::ptrdiff_t>(drop * channels_));
    cursor_ -= drop;
  }
  const double period = 1e9 / b.sample_rate_hz;
  const double offset = static_cast<double>(b.start - origin_);
  for (std::size_t k = 0; k < b.frames; ++k)
    times_.push_back(offset + static_cast<double>(k) * period);
  values_.insert(values_.end(), b.samples.begin(), b.samples.begin() + b.frames * b.channels);
  inner_period_ns_ = period;
  expected_next_ =
      b.start + static_cast<TimeNs>(std::llround(static_cast<double>(b.frames) * period));
}

absl::StatusOr<bool> UniformRateSource::ReadInner() {
  if (inner_done_) return false;
  // Modest reads: a frequency-tracking recorder's segment is one cycle, and
  // the inner source prepares room for as many frames as asked. One block
  // reused: its storage is allocated once, not for every segment.
  SampleBlock& b = inner_block_;
  PQA_ASSIGN_OR_RETURN(const bool got, inner_->Next(b, 1024));
  if (!got) {
    inner_done_ = true;
    run_closed_ = true;
    return false;
  }
  if (!started_) {
    started_ = true;
    StartRun(b);
    return true;
  }
  // A block that does not follow the previous one (beyond half a period) is a gap.
  const double offset = static_cast<double>(b.start - expected_next_);
  if (std::fabs(offset) > 0.5 * std::min(inner_period_ns_, 1e9 / b.sample_rate_hz)) {
    pending_ = b;  // a copy: inner_block_ keeps its storage
    have_pending_ = true;
    run_closed_ = true;
    return true;
  }
  Append(b);
  return true;
}

bool UniformRateSource::Interpolate(std::int64_t k, double* out) {
  const double t = static_cast<double>(k) * period_ns_;
  const std::size_t n = times_.size();
  if (n < 4) return false;
  if (t > times_[n - 1]) return false;
  while (cursor_ + 1 < n && times_[cursor_ + 1] <= t) ++cursor_;
  // Stencil i-1..i+2 around [t_i, t_i+1), shifted inward at the run's ends.
  if (!run_closed_ && cursor_ + 2 >= n) return false;
  std::size_t j = cursor_ > 0 ? cursor_ - 1 : 0;
  j = std::min(j, n - 4);
  const double* x = &times_[j];
  // Lagrange weights: w_a = prod_{b != a} (t - x_b) / (x_a - x_b).
  const double d0 = t - x[0], d1 = t - x[1], d2 = t - x[2], d3 = t - x[3];
  const double w[4] = {d1 * d2 * d3 / ((x[0] - x[1]) * (x[0] - x[2]) * (x[0] - x[3])),
                       d0 * d2 * d3 / ((x[1] - x[0]) * (x[1] - x[2]) * (x[1] - x[3])),
                       d0 * d1 * d3 / ((x[2] - x[0]) * (x[2] - x[1]) * (x[2] - x[3])),
                       d0 * d1 * d2 / ((x[3] - x[0]) * (x[3] - x[1]) * (x[3] - x[2]))};
  const double* v = &values_[j * channels_];
  for (std::size_t c = 0; c < channels_; ++c) {
    out[c] = w[0] * v[c] + w[1] * v[channels_ + c] + w[2] * v[2 * channels_ + c] +
             w[3] * v[3 * channels_ + c];
  }
  return true;
}

absl::StatusOr<bool> UniformRateSource::Next(SampleBlock& block, std::size_t max_frames) {
  while (true) {
    if (!started_) {
      PQA_ASSIGN_OR_RETURN(const bool got, ReadInner());
      if (!got) return false;
    }
    // Written in place into the caller's block, grown (zero-filled) only
    // when larger than ever before; cut back to its size if nothing comes,
    // so that the block is untouched at the end.
    std::vector<double>& samples = block.samples;
    const std::size_t size_before = samples.size();
    if (samples.size() < max_frames * channels_) samples.resize(max_frames * channels_);
    const std::int64_t first = next_out_;
    while (static_cast<std::size_t>(next_out_ - first) < max_frames) {
      double* out = samples.data() + static_cast<std::size_t>(next_out_ - first) * channels_;
      if (Interpolate(next_out_, out)) {
        ++next_out_;
        continue;
      }
      if (run_closed_) break;
      PQA_RETURN_IF_ERROR(ReadInner().status());
    }
    const std::size_t frames = static_cast<std::size_t>(next_out_ - first);
    if (frames > 0) {
      samples.resize(frames * channels_);  // keeps the capacity for the next block
      block.start =
          origin_ + static_cast<TimeNs>(std::llround(static_cast<double>(first) * period_ns_));
      block.sample_rate_hz = rate_hz_;
      block.content_rate_hz = content_rate_hz_;
      block.channels = channels_;
      block.frames = frames;
      return true;
    }
    samples.resize(size_before);
    // The run is exhausted: the next starts after the gap, or the end.
    if (!have_pending_) return false;
    have_pending_ = false;
    StartRun(pending_);
  }
}

}  // namespace pqa::io
