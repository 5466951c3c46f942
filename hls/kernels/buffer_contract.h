// The buffer contract between the host and the top-level HLS kernels: what
// every memory buffer holds, in which layout, units and counts. The native
// backend (host/accel) and the XRT backend both fill and read buffers through
// these declarations only; a change here is a change of the hardware
// interface, so fields are only ever appended and kContractVersion bumped.
//
// Plain C++ (fixed-width integers and float), no HLS types, so that host code
// includes it without the kernels' headers. All structures are
// trivially copyable, little-endian, with 4-byte alignment and no implicit
// padding (static_asserts below), so a host buffer maps onto an AXI master
// port byte for byte.
#ifndef PQA_HLS_KERNELS_BUFFER_CONTRACT_H_
#define PQA_HLS_KERNELS_BUFFER_CONTRACT_H_

#include <cstdint>

namespace pqa {
namespace kernels {

// 2: the phase currents and the power products (issue 17): WindowJob's
// reserved word became current_mask, power_mask and power_voltage_slot were
// appended, WindowOutput's current and power fields appended.
constexpr std::uint32_t kContractVersion = 2;

// ---------------------------------------------------------------------------
// Window kernel (pqa_window_kernel): one synchronised 10/12-cycle window per
// job (IEC 61000-4-30 5.2, IEC 61000-4-7 4.4).
// ---------------------------------------------------------------------------
constexpr int kPhases = 3;                         // A, B, C
constexpr int kMaxHarmonicOrder = 50;              // IEC 61000-4-7 / PRODIST: orders 2..50
constexpr int kSubgroups = kMaxHarmonicOrder + 1;  // index 0: DC, 1..50: Ysg,h
constexpr int kDistortionMaxOrder = 40;            // PRODIST Module 8: hmax of DTT and family
constexpr int kWindowPoints = 4096;                // points per window after resampling
constexpr int kMaxSpanSamples = 16384;     // input samples per phase per window, incl. margins
constexpr int kMaxResamplerTaps = 128;     // 2 K, K the kernel half-width (SincResampler <= 64)
constexpr int kMaxResamplerPhases = 1024;  // rows of the tabulated resampling kernel
constexpr int kVoltageSlot = 0;            // sample buffer slots of a job (below)
constexpr int kCurrentSlot = 3;
constexpr int kPowerVoltageSlot = 6;
constexpr int kChannelSlots = 9;  // the most slots one job reads

// Sample buffer: float32, in slots of span_samples values. Job j reads
// WindowJobSlots(job) slots starting at float index sample_offset:
//   samples[sample_offset + slot * span_samples + n], n = 0..span_samples-1,
//   slot p      (kVoltageSlot + p):      phase p's voltage, volts (phase_mask);
//   slot 3 + p  (kCurrentSlot + p):      phase p's current, amperes (current_mask);
//   slot 6 + p  (kPowerVoltageSlot + p): the voltage phase p's current multiplies
//                                        for power, volts, when power_voltage_slot
//                                        is kPowerVoltageSlot (a delta or V input:
//                                        the voltage to the artificial star point,
//                                        which the host derives).
// p = 0..2 (A, B, C). Sample n of every slot was taken at the same instant.
// An absent channel's slot is not read (it may be anything); a job without
// currents reads 3 slots, the layout of contract version 1.
//
// Resampler coefficient buffer: float32, 2 * phases * taps values:
//   table[r * taps + j]                  (r = 0..phases-1, j = 0..taps-1)
//   slope[r * taps + j] at offset phases * taps
// Row r holds the tap weights for the fractional offset r / phases; the weight
// at offset (r + a) / phases (0 <= a < 1) is table + a * slope. Output point at
// input position t (span samples) reads inputs floor(t) - taps/2 + 1 ..
// floor(t) + taps/2 (host/measure/sinc_resampler.h, same table).
struct WindowJob {
  std::uint32_t sample_offset_lo;  // float index of the job's first sample, low 32 bits
  std::uint32_t sample_offset_hi;  // high 32 bits
  std::uint32_t span_samples;      // samples per phase, 1..kMaxSpanSamples
  std::uint32_t phase_mask;        // bit p set: phase p present (1..7)
  std::uint32_t cycles;            // fundamental cycles in the window: 10 (50 Hz) or 12 (60 Hz)
  std::uint32_t current_mask;      // bit p set: phase p's current in slot kCurrentSlot + p
                                   // (0..7; 0: voltages only, the contract-1 `reserved` word)
  // Window start and point spacing in input samples from the span's first
  // sample, unsigned fixed point with 32 fractional bits. Output point m is at
  // first + m * step (m = 0..kWindowPoints-1); the window (for the RMS) is
  // [first, first + kWindowPoints * step).
  std::uint32_t first_lo, first_hi;  // first_q32 = first_hi * 2^32 + first_lo
  std::uint32_t step_lo, step_hi;
  // Contract 2. Bit p set: the active power and the RMS of the voltage phase
  // p's current multiplies (a subset of current_mask). That voltage is in
  // slot power_voltage_slot + p: kVoltageSlot (a wye input: the phase
  // voltage itself, bit p of phase_mask set, nothing copied twice) or
  // kPowerVoltageSlot (the host's derived voltages).
  std::uint32_t power_mask;
  std::uint32_t power_voltage_slot;
};
static_assert(sizeof(WindowJob) == 48, "WindowJob layout is part of the contract");

// Slots job `job` reads from its sample_offset: 3 (voltages), 6 (currents
// too) or 9 (derived power voltages too). What a host allocates per job.
inline std::uint32_t WindowJobSlots(const WindowJob& job) {
  if (job.power_mask != 0 && job.power_voltage_slot == kPowerVoltageSlot) return kChannelSlots;
  return job.current_mask != 0 ? kPowerVoltageSlot : kCurrentSlot;
}

// One output record per job. Volts are RMS values; phasor angles are those of
// a cosine at the window start, common to all phases. Values of an absent
// phase are 0; sequence values are 0 unless phase_mask == 7.
// A window the float32 arithmetic cannot represent (a value beyond
// kWindowFullScaleV volts, an overflow to Infinity, a NaN) is flagged, not
// written as numbers the host would aggregate. The host's golden engine uses
// the same full scales (host/measure/window_result.h), so both agree. A
// current's is of the same size in amperes (1 GA: a 16,384-sample sum of
// squares still fits float32, as does its product with 1 GV).
constexpr float kWindowFullScaleV = 1e9f;
constexpr float kWindowFullScaleA = 1e9f;
constexpr std::uint32_t kWindowFlagUnrepresentable = 1u;

struct WindowOutput {
  std::uint32_t phase_mask;       // copied from the job
  std::uint32_t flags;            // kWindowFlag* bits; 0 for a sound window
  float rms_v[kPhases];           // time-domain RMS over the window, volts
  float fundamental_re[kPhases];  // fundamental RMS phasor, volts
  float fundamental_im[kPhases];
  float subgroup_v[kPhases][kSubgroups];  // Ysg,h, volts RMS; [p][0] the DC magnitude
  float dtt_pct[kPhases];                 // sqrt(sum h=2..40 Vh^2) / V1 x 100, %
  float dttp_pct[kPhases];                // even orders not multiple of 3, %
  float dtti_pct[kPhases];                // odd orders not multiple of 3, %
  float dtt3_pct[kPhases];                // multiples of 3, %
  float v0_re, v0_im;                     // zero sequence, volts
  float vpos_re, vpos_im;                 // positive sequence, volts
  float vneg_re, vneg_im;                 // negative sequence, volts
  float fd_pct;                           // |V-| / |V+| x 100, %
  float u0_pct;                           // |V0| / |V+| x 100, %
  // Contract 2: the phases of current_mask (0 elsewhere), over the same exact
  // cycles; phasor angles on the voltages' reference (a cosine at the
  // window start). IEC 61000-4-7 5.6 subgroups of the current, IEEE 1459
  // active power.
  float i_rms_a[kPhases];           // time-domain RMS current, amperes
  float i_fundamental_re[kPhases];  // fundamental RMS phasor, amperes
  float i_fundamental_im[kPhases];
  float i_subgroup_a[kPhases][kSubgroups];  // Isg,h, amperes RMS; [p][0] the DC magnitude
  // The phases of power_mask (0 elsewhere): mean of v i over the window
  // (the RMS's cell weights), watts; the RMS of that v, volts (for a wye
  // input the same arithmetic as rms_v, so equal to it bit for bit).
  float p_w[kPhases];
  float power_v_rms[kPhases];
};
static_assert(sizeof(WindowOutput) == 4 * (2 + 3 * kPhases + kPhases * kSubgroups + 4 * kPhases +
                                           8 + 3 * kPhases + kPhases * kSubgroups + 2 * kPhases),
              "WindowOutput has no padding");

// ---------------------------------------------------------------------------
// Flicker kernel (pqa_flicker_kernel): IEC 61000-4-15 blocks 1 to 4 and the
// block 5 classification for one phase, block by block; the filter state
// lives in a host buffer between calls.
// ---------------------------------------------------------------------------
constexpr int kFirTapsPerPhase = 8;      // host/flicker/decimator.h
constexpr int kMaxDecimation = 128;      // input rate up to 128 x 1.6 kHz = 204.8 kHz
constexpr int kButterworthSections = 3;  // sixth-order demodulation low-pass
constexpr int kWeightingSections = 2;    // lamp-eye weighting filter
constexpr int kMaxFlickerBlock = 65536;  // input samples per call
// Pinst classes (host/flicker/pinst_histogram.h): [0] below kPinstLowest,
// [1 + k] for Pinst in [lowest 10^(k/512), lowest 10^((k+1)/512)), k = 0..4095,
// [4097] at or above kPinstHighest.
constexpr int kPinstLogClasses = 4096;
constexpr int kPinstClasses = kPinstLogClasses + 2;
constexpr float kPinstLowest = 1e-4f;
constexpr float kPinstClassesPerDecade = 512.0f;

struct Biquad {
  float b0, b1, b2, a1, a2;  // H(z) = (b0 + b1 z^-1 + b2 z^-2) / (1 + a1 z^-1 + a2 z^-2)
};

// Written once per sample rate by the host (host/flicker design code).
struct FlickerCoefficients {
  std::uint32_t decimation;     // D, 1..kMaxDecimation
  std::uint32_t warm_up_steps;  // internal samples that only fill the filters (0.5 s)
  // Polyphase anti-alias FIR: fir[p * kFirTapsPerPhase + j] is the tap that
  // input position p (0..D-1) of a block contributes to the output j blocks
  // ahead (host/flicker/decimator.h phase_taps_).
  float fir[kMaxDecimation * kFirTapsPerPhase];
  Biquad butterworth[kButterworthSections];  // demodulation low-pass at fo
  Biquad weighting[kWeightingSections];      // lamp-eye filter at fo
  float adaptor_alpha;                       // 1 - exp(-1 / (60 s fo))
  float high_pass_alpha;                     // 2 K / (1 + K), K = tan(pi 0.05 Hz / fo)
  float mean_alpha;                          // 1 - exp(-1 / (0.3 s fo))
  float scale;  // Pinst = scale x sliding mean (1.0 for the 8.8 Hz reference)
};

// Filter state, read at the start and written at the end of every call.
// Zero-filled means "just started" (the host's Clear()).
struct FlickerState {
  std::uint32_t phase;     // position of the next input sample in its block of D
  std::uint32_t steps_lo;  // internal samples since the start, low 32 bits
  std::uint32_t steps_hi;
  std::uint32_t reserved;
  float fir_acc[kFirTapsPerPhase];
  float butterworth_z[kButterworthSections][2];
  float weighting_z[kWeightingSections][2];
  double mean_rms;      // block 1 adaptor mean: float32 cannot carry a = 1e-5 steps
  double high_pass_dc;  // block 3 high-pass low-pass complement, also fine steps
  float previous_normalised;
  float sliding_mean;  // block 4
};
static_assert(sizeof(FlickerCoefficients) == 4220,
              "FlickerCoefficients layout is part of the contract");
static_assert(sizeof(FlickerState) == 112, "FlickerState layout is part of the contract");

}  // namespace kernels
}  // namespace pqa

#endif  // PQA_HLS_KERNELS_BUFFER_CONTRACT_H_
