#include "sim/systemc/kernel_timing.h"

#include <algorithm>
#include <array>

#include "hls/kernels/buffer_contract.h"

namespace pqa::sim {
namespace {

namespace k = ::pqa::kernels;

// Pipeline depths and control: float32 multiply-add chains of 10-20 cycles
// at 250-300 MHz, an AXI4 burst's address-to-data latency, ap_ctrl start and
// done over AXI4-Lite. Conservative round figures.
constexpr std::uint64_t kStageDepth = 24;     // cycles to fill one pipelined loop
constexpr std::uint64_t kMemoryLatency = 64;  // first beat of an m_axi burst
constexpr std::uint64_t kControl = 100;       // ap_start to the first read, done to interrupt
constexpr unsigned kFftHalf = k::kWindowPoints / 2;
constexpr unsigned kFftStages = 11;  // log2(kFftHalf)
constexpr unsigned kFftOutBins = 12 * k::kMaxHarmonicOrder + 2;
// flicker_chain's loop has no II pragma: the recursive biquads carry a
// float multiply-add (about 8 cycles) from one iteration to the next.
constexpr std::uint64_t kChainIi = 8;

}  // namespace

KernelCycles WindowJobCycles(unsigned span_samples, unsigned channels, unsigned power_phases,
                             unsigned taps) {
  const std::uint64_t span = span_samples;
  // Per channel, per DATAFLOW stage (window_kernel.cc):
  const std::array<std::uint64_t, 5> stage = {
      // ReadSpans: one sample per cycle (PIPELINE II=1).
      span + kMemoryLatency,
      // sync_resampler: load_span II=1, then output_points at II=4 with the
      // taps loop unrolled by 4, so max(4, taps/4) cycles per point.
      span + std::uint64_t{k::kWindowPoints} * std::max(4u, taps / 4),
      // real_fft: bit reversal II=2 over N/2, log2(N/2) stages of N/4
      // butterflies at II=1, the split over the bins kept.
      2ull * kFftHalf + std::uint64_t{kFftStages} * (kFftHalf / 2) + kFftOutBins,
      // harmonic_subgroups II=1 over the bins; window_rms II=1 over the span.
      std::max<std::uint64_t>(kFftOutBins, span),
      // WriteOutput: 51 subgroups per channel at II=1.
      std::uint64_t{k::kSubgroups},
  };
  const std::uint64_t slowest = *std::max_element(stage.begin(), stage.end());
  std::uint64_t first = 0;
  for (std::uint64_t s : stage) first += s + kStageDepth;
  // The power pairs follow the channels through ReadSpans at II=2 (two
  // reads on one port) into window_power at II=1. They start once the last
  // channel is in the resampler and overlap its points, transform and
  // subgroups; the reader's own total bounds the interval too.
  const std::uint64_t power = power_phases * (2 * span + kMemoryLatency);
  const std::uint64_t channels_done = kControl + first + (channels - 1) * slowest;
  const std::uint64_t power_done = kControl + (channels - 1) * slowest + stage[0] + power +
                                   (power_phases > 0 ? 2 * kStageDepth : 0);
  const std::uint64_t reader = channels * stage[0] + power;
  KernelCycles c;
  c.latency = std::max(channels_done, power_done) + 32 /* sequence, THD */;
  c.interval = std::max(channels * slowest, reader);
  return c;
}

KernelCycles FlickerCallCycles(unsigned n, unsigned d) {
  const std::uint64_t outputs = (n + d - 1) / d;
  // Coefficients (D x 8 FIR taps + the biquads) and the state in and out.
  const std::uint64_t setup = std::uint64_t{d} * k::kFirTapsPerPhase + 40 +
                              2 * sizeof(k::FlickerState) / 4 + 2 * kMemoryLatency;
  // read II=1, square_and_decimate II=1, chain at kChainIi per output,
  // write II=2 per output.
  const std::uint64_t slowest = std::max<std::uint64_t>({n, outputs * kChainIi, outputs * 2});
  KernelCycles c;
  c.latency = kControl + setup + slowest + 4 * kStageDepth;
  c.interval = setup + slowest;
  return c;
}

}  // namespace pqa::sim
