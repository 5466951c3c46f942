#include "host/sv/rate_converter.h"

#include <algorithm>
#include <cmath>

#include "host/common/status_macros.h"

namespace pqa::sv {
namespace {

constexpr std::size_t kReadFrames = 16384;

// The first instant at or after `t` on the grid n / rate after each second.
TimeNs GridAtOrAfter(TimeNs t, double rate) {
  const TimeNs second = FloorTo(t, kNsPerSecond);
  const double k = std::ceil(static_cast<double>(t - second) * rate / 1e9 - 1e-6);
  return second + static_cast<TimeNs>(std::llround(k * 1e9 / rate));
}

}  // namespace

ResampledSource::ResampledSource(io::SampleSource& inner, double rate_hz)
    : inner_(inner), rate_(rate_hz) {}

double ResampledSource::Position(std::int64_t k) const {
  return static_cast<double>(first_out_ - run_start_) * in_rate_ / 1e9 +
         static_cast<double>(k) * in_rate_ / rate_;
}

absl::Status ResampledSource::StartRun(io::SampleBlock& b) {
  if (!resampler_ || resampler_rate_ != b.sample_rate_hz) {
    // Components up to 40 % of the lower rate pass; the stopband starts
    // where an input component would alias into that passband at the output.
    const double ratio = rate_ / b.sample_rate_hz;  // output per input sample
    measure::ResamplerDesign design;
    design.passband = 0.4 * std::min(1.0, ratio);
    design.stopband = std::min(1 - design.passband, ratio - design.passband);
    design.attenuation_db = 90;
    PQA_ASSIGN_OR_RETURN(measure::SincResampler r, measure::SincResampler::Create(design));
    resampler_ = std::move(r);
    resampler_rate_ = b.sample_rate_hz;
  }
  have_run_ = true;
  run_start_ = b.start;
  in_rate_ = b.sample_rate_hz;
  in_.assign(b.channels, {});
  in_first_ = 0;
  run_frames_ = 0;
  Append(b);
  const int half = resampler_->half_width();
  first_out_ = GridAtOrAfter(
      run_start_ + static_cast<TimeNs>(std::ceil((half - 1) * 1e9 / in_rate_)), rate_);
  next_k_ = 0;
  return absl::OkStatus();
}

void ResampledSource::Append(const io::SampleBlock& b) {
  // History the next outputs still read; the rest is dropped (memory stays
  // bounded however long the recording).
  if (run_frames_ > 0) {
    const std::int64_t keep_from =
        static_cast<std::int64_t>(std::floor(Position(next_k_))) - resampler_->half_width();
    const std::int64_t drop = std::max<std::int64_t>(0, keep_from - in_first_);
    if (drop > 0) {
      for (auto& c : in_) c.erase(c.begin(), c.begin() + drop);
      in_first_ += drop;
    }
  }
  for (std::size_t c = 0; c < b.channels; ++c) {
    for (std::size_t f = 0; f < b.frames; ++f) in_[c].push_back(b.value(f, c));
  }
  run_frames_ += static_cast<std::int64_t>(b.frames);
}

std::size_t ResampledSource::Available(std::size_t max) const {
  // Output k needs inputs up to floor(Position(k)) + half_width.
  const double limit = static_cast<double>(run_frames_ - resampler_->half_width());
  const double p0 = Position(0);
  const double step = in_rate_ / rate_;
  const std::int64_t last = static_cast<std::int64_t>(std::ceil((limit - p0) / step)) - 1;
  if (last < next_k_) return 0;
  return static_cast<std::size_t>(std::min<std::int64_t>(last - next_k_ + 1, max));
}

absl::StatusOr<bool> ResampledSource::Next(io::SampleBlock& block, std::size_t max_frames) {
  while (true) {
    const std::size_t n = have_run_ ? Available(max_frames) : 0;
    if (n > 0) {
      const std::size_t channels = in_.size();
      std::vector<const double*> in(channels);
      std::vector<std::vector<double>> out(channels, std::vector<double>(n));
      std::vector<double*> out_ptr(channels);
      for (std::size_t c = 0; c < channels; ++c) {
        in[c] = in_[c].data();
        out_ptr[c] = out[c].data();
      }
      resampler_->Resample(in.data(), channels, Position(next_k_) - static_cast<double>(in_first_),
                           in_rate_ / rate_, n, out_ptr.data());
      block.start = first_out_ +
                    static_cast<TimeNs>(std::llround(static_cast<double>(next_k_) * 1e9 / rate_));
      block.sample_rate_hz = rate_;
      block.channels = channels;
      block.frames = n;
      block.samples.resize(n * channels);
      for (std::size_t m = 0; m < n; ++m) {
        for (std::size_t c = 0; c < channels; ++c) block.samples[m * channels + c] = out[c][m];
      }
      next_k_ += static_cast<std::int64_t>(n);
      return true;
    }
    // The run can give nothing more: more input, or the next run.
    if (have_pending_) {
      have_pending_ = false;
      PQA_RETURN_IF_ERROR(StartRun(pending_));
      continue;
    }
    if (inner_done_) return false;
    io::SampleBlock b;
    PQA_ASSIGN_OR_RETURN(const bool got, inner_.Next(b, kReadFrames));
    if (!got) {
      inner_done_ = true;
      continue;
    }
    const TimeNs expected =
        run_start_ +
        static_cast<TimeNs>(std::llround(static_cast<double>(run_frames_) * 1e9 / in_rate_));
    if (!have_run_) {
      PQA_RETURN_IF_ERROR(StartRun(b));
    } else if (b.sample_rate_hz == in_rate_ &&
               std::abs(static_cast<double>(b.start - expected)) < 0.5e9 / in_rate_) {
      Append(b);
    } else {
      // A gap or a new rate: the run ends where its kernel runs out.
      pending_ = std::move(b);
      have_pending_ = true;
    }
  }
}

}  // namespace pqa::sv
