#include "hls/kernels/window_kernel.h"

#include <cstdint>

#include "hls_stream.h"

namespace pqa {
namespace kernels {
namespace {

using cfg = window_kernel_config;
using sample_t = cfg::resampler::sample_t;
using bin_t = cplx<cfg::fft::data_t>;
using power_t = power_result<cfg::power>;

// The channels a job analyses, in stream order: the phase voltages
// (slots 0..2), then the phase currents (slots 3..5).
constexpr int kChannels = kCurrentSlot + kPhases;

std::uint64_t Join(std::uint32_t lo, std::uint32_t hi) {
  return (static_cast<std::uint64_t>(hi) << 32) | lo;
}

bool Present(const WindowJob& job, int p) { return ((job.phase_mask >> p) & 1u) != 0; }
bool CurrentPresent(const WindowJob& job, int p) { return ((job.current_mask >> p) & 1u) != 0; }
// A power voltage slot other than the two of the contract gives no power.
bool PowerPresent(const WindowJob& job, int p) {
  if (!CurrentPresent(job, p) || ((job.power_mask >> p) & 1u) == 0) return false;
  return job.power_voltage_slot == static_cast<std::uint32_t>(kPowerVoltageSlot) ||
         (job.power_voltage_slot == static_cast<std::uint32_t>(kVoltageSlot) && Present(job, p));
}
// Channel c: voltage c (c < 3) or current c - 3.
bool Analysed(const WindowJob& job, int c) {
  return c < kCurrentSlot ? Present(job, c) : CurrentPresent(job, c - kCurrentSlot);
}

// Comparisons, not isfinite(): NaN and Infinity fail them, and they
// synthesise to plain float compares.
bool WithinFullScale(float v) { return v >= -kWindowFullScaleV && v <= kWindowFullScaleV; }
bool Finite(float v) { return v >= -3.0e38f && v <= 3.0e38f; }

bool WithinCurrentFullScale(float i) { return i >= -kWindowFullScaleA && i <= kWindowFullScaleA; }

void ReadSpans(const float* samples, const WindowJob& job, hls::stream<sample_t>& to_resampler,
               hls::stream<sample_t>& to_rms, hls::stream<cfg::power::sample_t>& power_v,
               hls::stream<cfg::power::sample_t>& power_i) {
  const std::uint64_t offset = Join(job.sample_offset_lo, job.sample_offset_hi);
read_channels:
  for (int c = 0; c < kChannels; ++c) {
    if (!Analysed(job, c)) continue;
    const float* x = samples + offset + static_cast<std::uint64_t>(c) * job.span_samples;
  read_span:
    for (std::uint32_t n = 0; n < job.span_samples; ++n) {
#pragma HLS PIPELINE II = 1
#pragma HLS LOOP_TRIPCOUNT min = 2048 max = 16384
      const sample_t v = static_cast<sample_t>(x[n]);
      to_resampler.write(v);
      to_rms.write(v);
    }
  }
  // The power pairs, after the channels: the voltage and current of one
  // instant together. Two reads per sample on one port (II = 2).
read_power_phases:
  for (int p = 0; p < kPhases; ++p) {
    if (!PowerPresent(job, p)) continue;
    const float* v = samples + offset +
                     static_cast<std::uint64_t>(job.power_voltage_slot + p) * job.span_samples;
    const float* i =
        samples + offset + static_cast<std::uint64_t>(kCurrentSlot + p) * job.span_samples;
  read_power_span:
    for (std::uint32_t n = 0; n < job.span_samples; ++n) {
#pragma HLS PIPELINE II = 2
#pragma HLS LOOP_TRIPCOUNT min = 2048 max = 16384
      power_v.write(static_cast<cfg::power::sample_t>(v[n]));
      power_i.write(static_cast<cfg::power::sample_t>(i[n]));
    }
  }
}

void ResampleChannels(hls::stream<sample_t>& in, const WindowJob& job, const float* table,
                      const float* slope, int taps, int phases, hls::stream<sample_t>& out) {
resample_channels:
  for (int c = 0; c < kChannels; ++c) {
    if (!Analysed(job, c)) continue;
    sync_resample<cfg::resampler>(in, static_cast<int>(job.span_samples),
                                  Join(job.first_lo, job.first_hi), Join(job.step_lo, job.step_hi),
                                  table, slope, taps, phases, out);
  }
}

void TransformChannels(hls::stream<sample_t>& in, const WindowJob& job, hls::stream<bin_t>& out) {
transform_channels:
  for (int c = 0; c < kChannels; ++c) {
    if (Analysed(job, c)) real_fft<cfg::fft>(in, out);
  }
}

void SubgroupChannels(hls::stream<bin_t>& in, const WindowJob& job,
                      hls::stream<cfg::subgroups::result_t>& subgroups,
                      hls::stream<bin_t>& fundamental) {
subgroup_channels:
  for (int c = 0; c < kChannels; ++c) {
    if (Analysed(job, c)) {
      harmonic_subgroups<cfg::subgroups>(in, static_cast<int>(job.cycles), subgroups, fundamental);
    }
  }
}

void RmsChannels(hls::stream<sample_t>& in, const WindowJob& job,
                 hls::stream<cfg::rms::result_t>& out) {
  const std::uint64_t first = Join(job.first_lo, job.first_hi);
  const std::uint64_t end =
      first + static_cast<std::uint64_t>(kWindowPoints) * Join(job.step_lo, job.step_hi);
rms_channels:
  for (int c = 0; c < kChannels; ++c) {
    if (Analysed(job, c)) {
      window_rms<cfg::rms>(in, static_cast<int>(job.span_samples), first, end, out);
    }
  }
}

void PowerPhases(hls::stream<cfg::power::sample_t>& v, hls::stream<cfg::power::sample_t>& i,
                 const WindowJob& job, hls::stream<power_t>& out) {
  const std::uint64_t first = Join(job.first_lo, job.first_hi);
  const std::uint64_t end =
      first + static_cast<std::uint64_t>(kWindowPoints) * Join(job.step_lo, job.step_hi);
power_phases:
  for (int p = 0; p < kPhases; ++p) {
    if (PowerPresent(job, p)) {
      window_power<cfg::power>(v, i, static_cast<int>(job.span_samples), first, end, out);
    }
  }
}

// The current channels' results (after the voltages' on the same streams)
// and the power products, into `r`; false if one is beyond the full scale
// or not finite.
bool WriteCurrents(hls::stream<cfg::subgroups::result_t>& subgroups,
                   hls::stream<bin_t>& fundamental, hls::stream<cfg::rms::result_t>& rms,
                   hls::stream<power_t>& power, const WindowJob& job, WindowOutput& r) {
  bool fits = true;
write_currents:
  for (int p = 0; p < kPhases; ++p) {
    if (!CurrentPresent(job, p)) continue;
  read_current_subgroups:
    for (int h = 0; h < kSubgroups; ++h) {
#pragma HLS PIPELINE II = 1
      const cfg::subgroups::result_t a = subgroups.read();
      r.i_subgroup_a[p][h] = a;
      fits = fits && WithinCurrentFullScale(a);
    }
    const cplx<cfg::rms::result_t> phasor = fundamental_phasor<cfg::rms>(fundamental.read());
    r.i_fundamental_re[p] = phasor.re;
    r.i_fundamental_im[p] = phasor.im;
    r.i_rms_a[p] = rms.read();
    fits = fits && WithinCurrentFullScale(r.i_rms_a[p]) && WithinCurrentFullScale(phasor.re) &&
           WithinCurrentFullScale(phasor.im);
  }
write_power:
  for (int p = 0; p < kPhases; ++p) {
    if (!PowerPresent(job, p)) continue;
    const power_t w = power.read();
    r.p_w[p] = w.p_w;
    r.power_v_rms[p] = w.v_rms;
    fits = fits && Finite(w.p_w) && WithinFullScale(w.v_rms);
  }
  return fits;
}

void WriteOutput(hls::stream<cfg::subgroups::result_t>& subgroups, hls::stream<bin_t>& fundamental,
                 hls::stream<cfg::rms::result_t>& rms, hls::stream<power_t>& power,
                 const WindowJob& job, WindowOutput& out) {
  using data_t = cfg::thd::data_t;
  WindowOutput r = {};
  r.phase_mask = job.phase_mask;
  cplx<cfg::sequence::data_t> phasor[kPhases] = {};
write_phases:
  for (int p = 0; p < kPhases; ++p) {
    if (!Present(job, p)) continue;
    data_t v[kSubgroups];
    for (int h = 0; h < kSubgroups; ++h) {
#pragma HLS PIPELINE II = 1
      v[h] = subgroups.read();
      r.subgroup_v[p][h] = v[h];
    }
    phasor[p] = fundamental_phasor<cfg::rms>(fundamental.read());
    r.fundamental_re[p] = phasor[p].re;
    r.fundamental_im[p] = phasor[p].im;
    r.rms_v[p] = rms.read();
    const thd_result<cfg::thd> d = thd_family<cfg::thd>(v);
    r.dtt_pct[p] = d.dtt_pct;
    r.dttp_pct[p] = d.dttp_pct;
    r.dtti_pct[p] = d.dtti_pct;
    r.dtt3_pct[p] = d.dtt3_pct;
    bool fits = WithinFullScale(r.rms_v[p]) && WithinFullScale(phasor[p].re) &&
                WithinFullScale(phasor[p].im) && Finite(d.dtt_pct) && Finite(d.dttp_pct) &&
                Finite(d.dtti_pct) && Finite(d.dtt3_pct);
  check_subgroups:
    for (int h = 0; h < kSubgroups; ++h) {
#pragma HLS UNROLL factor = 4
      fits = fits && WithinFullScale(v[h]);
    }
    if (!fits) r.flags = kWindowFlagUnrepresentable;
  }
  if (job.phase_mask == 7u) {
    const sequence_result<cfg::sequence> s =
        symmetrical_components<cfg::sequence>(phasor[0], phasor[1], phasor[2]);
    r.v0_re = s.zero.re;
    r.v0_im = s.zero.im;
    r.vpos_re = s.positive.re;
    r.vpos_im = s.positive.im;
    r.vneg_re = s.negative.re;
    r.vneg_im = s.negative.im;
    r.fd_pct = s.fd_pct;
    r.u0_pct = s.u0_pct;
    if (!Finite(s.fd_pct) || !Finite(s.u0_pct)) r.flags = kWindowFlagUnrepresentable;
  }
  if (!WriteCurrents(subgroups, fundamental, rms, power, job, r)) {
    r.flags = kWindowFlagUnrepresentable;
  }
  out = r;
}

// `job` by value: every process of the region reads it, so each gets the
// scalar copy instead of sharing one memory-mapped struct.
void AnalyseJob(const float* samples, const WindowJob job, const float* table, const float* slope,
                int taps, int phases, WindowOutput& out) {
#pragma HLS DATAFLOW
  // Depths: the resampler and the RMS each hold a whole span before they
  // finish, so the raw-sample FIFOs need no more than a burst; the transform
  // emits its bins after its last input. The RMS and power results wait
  // for the spectra of the channels before them: room for all of them.
  hls::stream<sample_t> raw_to_resampler("raw_to_resampler");
  hls::stream<sample_t> raw_to_rms("raw_to_rms");
  hls::stream<sample_t> points("points");
  hls::stream<bin_t> bins("bins");
  hls::stream<cfg::subgroups::result_t> subgroups("subgroups");
  hls::stream<bin_t> fundamental("fundamental");
  hls::stream<cfg::rms::result_t> rms("rms");
  hls::stream<cfg::power::sample_t> power_v("power_v");
  hls::stream<cfg::power::sample_t> power_i("power_i");
  hls::stream<power_t> power("power");
#pragma HLS STREAM variable = raw_to_rms depth = 16384
#pragma HLS STREAM variable = rms depth = 6
#pragma HLS STREAM variable = power depth = 3
  ReadSpans(samples, job, raw_to_resampler, raw_to_rms, power_v, power_i);
  ResampleChannels(raw_to_resampler, job, table, slope, taps, phases, points);
  TransformChannels(points, job, bins);
  SubgroupChannels(bins, job, subgroups, fundamental);
  RmsChannels(raw_to_rms, job, rms);
  PowerPhases(power_v, power_i, job, power);
  WriteOutput(subgroups, fundamental, rms, power, job, out);
}

}  // namespace
}  // namespace kernels
}  // namespace pqa

extern "C" void pqa_window_kernel(const float* samples, const pqa::kernels::WindowJob* jobs,
                                  const float* coefficients, pqa::kernels::WindowOutput* out,
                                  unsigned n_jobs, unsigned taps, unsigned phases) {
#pragma HLS INTERFACE m_axi port = samples offset = slave bundle = gmem0 max_read_burst_length = 256
#pragma HLS INTERFACE m_axi port = jobs offset = slave bundle = gmem1
#pragma HLS INTERFACE m_axi port = coefficients offset = slave bundle = gmem1
#pragma HLS INTERFACE m_axi port = out offset = slave bundle = gmem1
#pragma HLS INTERFACE s_axilite port = n_jobs
#pragma HLS INTERFACE s_axilite port = taps
#pragma HLS INTERFACE s_axilite port = phases
#pragma HLS INTERFACE s_axilite port = return
  using namespace pqa::kernels;
  if (taps < 4 || taps > static_cast<unsigned>(kMaxResamplerTaps) || taps % 4 != 0 || phases < 1 ||
      phases > static_cast<unsigned>(kMaxResamplerPhases)) {
    return;  // the host validates; a bad call writes nothing
  }
  const unsigned size = taps * phases;
#ifdef __SYNTHESIS__
  // The kernel table sits in on-chip memory for all jobs of the call.
  static float table[kMaxResamplerPhases * kMaxResamplerTaps];
  static float slope[kMaxResamplerPhases * kMaxResamplerTaps];
load_coefficients:
  for (unsigned i = 0; i < size; ++i) {
#pragma HLS PIPELINE II = 1
    table[i] = coefficients[i];
    slope[i] = coefficients[size + i];
  }
#else
  // Native build: the host buffer is the ROM. No copy per call, and no
  // static state shared by engines on different threads.
  const float* table = coefficients;
  const float* slope = coefficients + size;
#endif
jobs_loop:
  for (unsigned j = 0; j < n_jobs; ++j) {
    AnalyseJob(samples, jobs[j], table, slope, static_cast<int>(taps), static_cast<int>(phases),
               out[j]);
  }
}
