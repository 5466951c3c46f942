// Top-level kernel: one phase of the IEC 61000-4-15 flickermeter over one
// block of samples, under DATAFLOW
//   read -> square_and_decimate -> flicker_chain -> write (+ classify_pinst)
// with the filter state loaded from and stored to a host buffer, so that a
// recording is processed block by block with no state lost between calls.
// Buffers and their layouts: hls/kernels/buffer_contract.h.
#ifndef PQA_HLS_KERNELS_FLICKER_KERNEL_H_
#define PQA_HLS_KERNELS_FLICKER_KERNEL_H_

#include "hls/blocks/fir_decimator.h"
#include "hls/blocks/flicker_chain.h"
#include "hls/blocks/pinst_classifier.h"
#include "hls/kernels/buffer_contract.h"

namespace pqa {
namespace kernels {

struct flicker_kernel_config {
  struct decimator : decimator_default_config {
    static constexpr int taps_per_phase = kFirTapsPerPhase;
    static constexpr int max_decimation = kMaxDecimation;
  };
  struct chain : flicker_chain_default_config {
    static constexpr int butterworth_sections = kButterworthSections;
    static constexpr int weighting_sections = kWeightingSections;
  };
  struct classifier : classifier_default_config {
    static constexpr int log_classes = kPinstLogClasses;
  };
};
static_assert(sizeof(flicker_kernel_config::decimator::sample_t) == sizeof(float),
              "the sample buffer carries float32");

// Pinst values a call produces: (state.phase + n) / decimation.
inline unsigned FlickerOutputs(const FlickerState& state, const FlickerCoefficients& c,
                               unsigned n) {
  return static_cast<unsigned>(decimator_outputs(static_cast<int>(state.phase), static_cast<int>(n),
                                                 static_cast<int>(c.decimation)));
}

}  // namespace kernels
}  // namespace pqa

extern "C" {
// samples[0..n-1]: one phase, volts, n <= kMaxFlickerBlock. pinst: room for
// FlickerOutputs(*state, *coefficients, n) values, written in order; each
// belongs to the input sample that completed it (the D-th of its block).
// histogram: kPinstClasses counts; the Pinst values with index >= classify_from
// (within this call) are added to it (classify_from >= outputs: none).
void pqa_flicker_kernel(const float* samples, unsigned n,
                        const pqa::kernels::FlickerCoefficients* coefficients,
                        pqa::kernels::FlickerState* state, float* pinst, unsigned* histogram,
                        unsigned classify_from);
}

#endif  // PQA_HLS_KERNELS_FLICKER_KERNEL_H_
