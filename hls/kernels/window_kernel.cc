#include "hls/kernels/window_kernel.h"

#include <cstdint>

#include "hls_stream.h"

namespace pqa {
namespace kernels {
namespace {

using cfg = window_kernel_config;
using sample_t = cfg::resampler::sample_t;
using bin_t = cplx<cfg::fft::data_t>;

std::uint64_t Join(std::uint32_t lo, std::uint32_t hi) {
  return (static_cast<std::uint64_t>(hi) << 32) | lo;
}

bool Present(const WindowJob& job, int p) { return ((job.phase_mask >> p) & 1u) != 0; }

// Comparisons, not isfinite(): NaN and Infinity fail them, and they
// synthesise to plain float compares.
bool WithinFullScale(float v) { return v >= -kWindowFullScaleV && v <= kWindowFullScaleV; }
bool Finite(float v) { return v >= -3.0e38f && v <= 3.0e38f; }

void ReadSpans(const float* samples, const WindowJob& job, hls::stream<sample_t>& to_resampler,
               hls::stream<sample_t>& to_rms) {
  const std::uint64_t offset = Join(job.sample_offset_lo, job.sample_offset_hi);
read_phases:
  for (int p = 0; p < kPhases; ++p) {
    if (!Present(job, p)) continue;
    const float* x = samples + offset + static_cast<std::uint64_t>(p) * job.span_samples;
  read_span:
    for (std::uint32_t n = 0; n < job.span_samples; ++n) {
#pragma HLS PIPELINE II = 1
#pragma HLS LOOP_TRIPCOUNT min = 2048 max = 16384
      const sample_t v = static_cast<sample_t>(x[n]);
      to_resampler.write(v);
      to_rms.write(v);
    }
  }
}

void ResamplePhases(hls::stream<sample_t>& in, const WindowJob& job, const float* table,
                    const float* slope, int taps, int phases, hls::stream<sample_t>& out) {
resample_phases:
  for (int p = 0; p < kPhases; ++p) {
    if (!Present(job, p)) continue;
    sync_resample<cfg::resampler>(in, static_cast<int>(job.span_samples),
                                  Join(job.first_lo, job.first_hi), Join(job.step_lo, job.step_hi),
                                  table, slope, taps, phases, out);
  }
}

void TransformPhases(hls::stream<sample_t>& in, const WindowJob& job, hls::stream<bin_t>& out) {
transform_phases:
  for (int p = 0; p < kPhases; ++p) {
    if (Present(job, p)) real_fft<cfg::fft>(in, out);
  }
}

void SubgroupPhases(hls::stream<bin_t>& in, const WindowJob& job,
                    hls::stream<cfg::subgroups::result_t>& subgroups,
                    hls::stream<bin_t>& fundamental) {
subgroup_phases:
  for (int p = 0; p < kPhases; ++p) {
    if (Present(job, p)) {
      harmonic_subgroups<cfg::subgroups>(in, static_cast<int>(job.cycles), subgroups, fundamental);
    }
  }
}

void RmsPhases(hls::stream<sample_t>& in, const WindowJob& job,
               hls::stream<cfg::rms::result_t>& out) {
  const std::uint64_t first = Join(job.first_lo, job.first_hi);
  const std::uint64_t end =
      first + static_cast<std::uint64_t>(kWindowPoints) * Join(job.step_lo, job.step_hi);
rms_phases:
  for (int p = 0; p < kPhases; ++p) {
    if (Present(job, p)) {
      window_rms<cfg::rms>(in, static_cast<int>(job.span_samples), first, end, out);
    }
  }
}

void WriteOutput(hls::stream<cfg::subgroups::result_t>& subgroups, hls::stream<bin_t>& fundamental,
                 hls::stream<cfg::rms::result_t>& rms, const WindowJob& job, WindowOutput& out) {
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
  out = r;
}

// `job` by value: every process of the region reads it, so each gets the
// scalar copy instead of sharing one memory-mapped struct.
void AnalyseJob(const float* samples, const WindowJob job, const float* table, const float* slope,
                int taps, int phases, WindowOutput& out) {
#pragma HLS DATAFLOW
  // Depths: the resampler and the RMS each hold a whole span before they
  // finish, so the raw-sample FIFOs need no more than a burst; the transform
  // emits its bins after its last input.
  hls::stream<sample_t> raw_to_resampler("raw_to_resampler");
  hls::stream<sample_t> raw_to_rms("raw_to_rms");
  hls::stream<sample_t> points("points");
  hls::stream<bin_t> bins("bins");
  hls::stream<cfg::subgroups::result_t> subgroups("subgroups");
  hls::stream<bin_t> fundamental("fundamental");
  hls::stream<cfg::rms::result_t> rms("rms");
#pragma HLS STREAM variable = raw_to_rms depth = 16384
  ReadSpans(samples, job, raw_to_resampler, raw_to_rms);
  ResamplePhases(raw_to_resampler, job, table, slope, taps, phases, points);
  TransformPhases(points, job, bins);
  SubgroupPhases(bins, job, subgroups, fundamental);
  RmsPhases(raw_to_rms, job, rms);
  WriteOutput(subgroups, fundamental, rms, job, out);
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
