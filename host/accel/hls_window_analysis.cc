#include "host/accel/hls_window_analysis.h"

#include <algorithm>
#include <cmath>
#include <complex>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"

namespace pqa::accel {
namespace {

namespace k = ::pqa::kernels;

constexpr double kQ32 = 4294967296.0;
// The engine designs its resampler for fundamentals down to 0.9 of nominal;
// the kernel's span buffer must hold such a window with its margins.
constexpr double kLowestFrequencyPu = 0.9;

void SplitQ32(double value, std::uint32_t& lo, std::uint32_t& hi) {
  const auto q = static_cast<std::uint64_t>(std::llround(value * kQ32));
  lo = static_cast<std::uint32_t>(q);
  hi = static_cast<std::uint32_t>(q >> 32);
}

}  // namespace

absl::StatusOr<std::unique_ptr<measure::WindowAnalysis>> HlsWindowAnalysis::Create(
    const measure::WindowAnalysisSpec& spec, std::shared_ptr<KernelLauncher> kernels) {
  if (spec.points != static_cast<std::size_t>(k::kWindowPoints)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("hls backend: points_per_window %d, the window kernel is built for %d",
                        spec.points, k::kWindowPoints));
  }
  if (spec.cycles != 10 && spec.cycles != 12) {
    return absl::InvalidArgumentError(
        absl::StrFormat("hls backend: %d cycles per window, expected 10 or 12", spec.cycles));
  }
  std::unique_ptr<HlsWindowAnalysis> a(new HlsWindowAnalysis(spec, std::move(kernels)));
  for (int p = 0; p < k::kPhases; ++p) {
    if (spec.present[static_cast<std::size_t>(p)]) a->phase_mask_ |= 1u << p;
    if (spec.current_present[static_cast<std::size_t>(p)]) a->current_mask_ |= 1u << p;
  }
  if (a->phase_mask_ == 0 && a->current_mask_ == 0) {
    return absl::InvalidArgumentError("hls backend: no phase voltage or current present");
  }
  return std::unique_ptr<measure::WindowAnalysis>(std::move(a));
}

absl::Status HlsWindowAnalysis::SetResampler(const measure::SincResampler& resampler,
                                             double sample_rate_hz) {
  const int taps = 2 * resampler.half_width();
  if (taps > k::kMaxResamplerTaps || taps % 4 != 0) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "hls backend: resampler of %d taps at %g Hz, the window kernel takes a multiple of 4 up "
        "to %d",
        taps, sample_rate_hz, k::kMaxResamplerTaps));
  }
  if (resampler.phases() > k::kMaxResamplerPhases) {
    return absl::InvalidArgumentError(
        absl::StrFormat("hls backend: resampler table of %d rows, the window kernel takes %d",
                        resampler.phases(), k::kMaxResamplerPhases));
  }
  const double longest =
      spec_.cycles * sample_rate_hz / (kLowestFrequencyPu * spec_.nominal_frequency_hz) + taps + 4;
  if (longest > k::kMaxSpanSamples) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "hls backend: sample rate %g Hz puts up to %.0f samples in a window, the window kernel "
        "holds %d (at most %.0f Hz at %g Hz nominal)",
        sample_rate_hz, longest, k::kMaxSpanSamples,
        (k::kMaxSpanSamples - taps - 4) * kLowestFrequencyPu * spec_.nominal_frequency_hz /
            spec_.cycles,
        spec_.nominal_frequency_hz));
  }
  half_width_ = resampler.half_width();
  taps_ = static_cast<unsigned>(taps);
  phases_ = static_cast<unsigned>(resampler.phases());
  const std::vector<double>& table = resampler.table();
  const std::vector<double>& slope = resampler.slope();
  coefficients_.resize(table.size() + slope.size());
  std::copy(table.begin(), table.end(), coefficients_.begin());
  std::copy(slope.begin(), slope.end(), coefficients_.begin() + static_cast<long>(table.size()));
  return absl::OkStatus();
}

void HlsWindowAnalysis::Analyse(const measure::WindowSpan& span, measure::WindowResult& w) {
  AnalyseBatch(&span, &w, 1);
}

void HlsWindowAnalysis::AnalyseBatch(const measure::WindowSpan* spans,
                                     measure::WindowResult* results, std::size_t n) {
  for (std::size_t from = 0; from < n; from += kMaxWindowJobsPerCall) {
    const std::size_t count = std::min<std::size_t>(kMaxWindowJobsPerCall, n - from);
    jobs_.clear();
    job_results_.clear();
    samples_.clear();
    for (std::size_t i = from; i < from + count; ++i) {
      measure::WindowResult& w = results[i];
      for (int p = 0; p < k::kPhases; ++p) {
        if (spec_.present[static_cast<std::size_t>(p)] ||
            spec_.current_present[static_cast<std::size_t>(p)]) {
          w.phases[static_cast<std::size_t>(p)] = measure::PhaseWindow();
        }
      }
      if (AddJob(spans[i])) job_results_.push_back(&w);
    }
    if (jobs_.empty()) continue;
    outputs_.resize(jobs_.size());
    kernels_->RunWindowKernel(samples_.data(), jobs_.data(), coefficients_.data(), outputs_.data(),
                              static_cast<unsigned>(jobs_.size()), taps_, phases_);
    for (std::size_t j = 0; j < jobs_.size(); ++j) ReadOutput(outputs_[j], *job_results_[j]);
  }
}

bool HlsWindowAnalysis::AddJob(const measure::WindowSpan& span) {
  // The span the kernel reads: the resampler's reach around [first, last]
  // and the RMS cells (floor(x + 0.5)), one sample of margin either side.
  const auto begin =
      std::max<std::int64_t>(0, static_cast<std::int64_t>(std::floor(span.first)) - half_width_);
  const auto end =
      std::min<std::int64_t>(static_cast<std::int64_t>(span.available),
                             static_cast<std::int64_t>(std::floor(span.last)) + half_width_ + 2);
  const std::int64_t count = end - begin;
  if (count <= 0 || count > k::kMaxSpanSamples) {
    ++oversize_windows_;
    return false;
  }
  const auto n = static_cast<std::size_t>(count);
  const std::size_t offset = samples_.size();
  k::WindowJob job = {};
  job.current_mask = current_mask_;
  // Power where a current has its voltage; the phase voltages serve (no
  // copy) when every such voltage is one (a wye input), else the engine's
  // derived voltages go to their own slots (buffer_contract.h).
  job.power_voltage_slot = k::kVoltageSlot;
  for (int p = 0; p < k::kPhases; ++p) {
    const auto i = static_cast<std::size_t>(p);
    if ((current_mask_ >> p & 1u) == 0 || span.currents[i] == nullptr ||
        span.power_voltages[i] == nullptr) {
      continue;
    }
    job.power_mask |= 1u << p;
    if (span.power_voltages[i] != span.samples[i] || (phase_mask_ >> p & 1u) == 0) {
      job.power_voltage_slot = k::kPowerVoltageSlot;
    }
  }
  samples_.resize(offset + k::WindowJobSlots(job) * n);
  auto copy = [&](const double* x, int slot) {
    if (x == nullptr) return;  // an absent channel: its slot stays 0
    float* dst = samples_.data() + offset + static_cast<std::size_t>(slot) * n;
    for (std::size_t i = 0; i < n; ++i)
      dst[i] = static_cast<float>(x[begin + static_cast<std::int64_t>(i)]);
  };
  for (int p = 0; p < k::kPhases; ++p) {
    const auto i = static_cast<std::size_t>(p);
    copy(span.samples[i], k::kVoltageSlot + p);
    if ((current_mask_ >> p & 1u) != 0) copy(span.currents[i], k::kCurrentSlot + p);
    if ((job.power_mask >> p & 1u) != 0 && job.power_voltage_slot == k::kPowerVoltageSlot) {
      copy(span.power_voltages[i], k::kPowerVoltageSlot + p);
    }
  }
  job.sample_offset_lo = static_cast<std::uint32_t>(offset);
  job.sample_offset_hi = static_cast<std::uint32_t>(static_cast<std::uint64_t>(offset) >> 32);
  job.span_samples = static_cast<std::uint32_t>(n);
  job.phase_mask = phase_mask_;
  job.cycles = static_cast<std::uint32_t>(spec_.cycles);
  SplitQ32(span.first - static_cast<double>(begin), job.first_lo, job.first_hi);
  SplitQ32((span.last - span.first) / k::kWindowPoints, job.step_lo, job.step_hi);
  jobs_.push_back(job);
  return true;
}

static_assert(static_cast<double>(k::kWindowFullScaleV) == measure::kWindowFullScaleV,
              "the kernel and the golden engine flag windows at the same full scale");
static_assert(static_cast<double>(k::kWindowFullScaleA) == measure::kWindowFullScaleA,
              "the kernel and the golden engine flag currents at the same full scale");

void HlsWindowAnalysis::ReadOutput(const k::WindowOutput& out, measure::WindowResult& w) const {
  // The engine zeroes a flagged window (measure::FlagUnrepresentableWindow).
  if ((out.flags & k::kWindowFlagUnrepresentable) != 0) w.valid = false;
  for (int p = 0; p < k::kPhases; ++p) {
    if (!spec_.present[static_cast<std::size_t>(p)]) continue;
    measure::PhaseWindow& pw = w.phases[static_cast<std::size_t>(p)];
    pw.rms_v = out.rms_v[p];
    pw.fundamental = {out.fundamental_re[p], out.fundamental_im[p]};
    for (int h = 0; h < k::kSubgroups; ++h) {
      pw.subgroups[static_cast<std::size_t>(h)] = out.subgroup_v[p][h];
    }
  }
  for (int p = 0; p < k::kPhases; ++p) {
    if (!spec_.current_present[static_cast<std::size_t>(p)]) continue;
    measure::PhaseWindow& pw = w.phases[static_cast<std::size_t>(p)];
    pw.i_rms_a = out.i_rms_a[p];
    pw.i_fundamental = {out.i_fundamental_re[p], out.i_fundamental_im[p]};
    for (int h = 0; h < k::kSubgroups; ++h) {
      pw.i_subgroups[static_cast<std::size_t>(h)] = out.i_subgroup_a[p][h];
    }
    pw.p_w = out.p_w[p];  // 0 for a phase whose current has no voltage
    pw.power_v_rms = out.power_v_rms[p];
  }
  if (phase_mask_ == 7u) {
    w.sequence.zero = {out.v0_re, out.v0_im};
    w.sequence.positive = {out.vpos_re, out.vpos_im};
    w.sequence.negative = {out.vneg_re, out.vneg_im};
    w.unbalance.fd_pct = out.fd_pct;
    w.unbalance.u0_pct = out.u0_pct;
  }
}

}  // namespace pqa::accel
