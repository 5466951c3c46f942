// Text forms of waveform content, as given on the `pqa synth` command line.
// Each parser names the item it could not read and shows the expected form.
#ifndef PQA_HOST_SYNTH_SPEC_TEXT_H_
#define PQA_HOST_SYNTH_SPEC_TEXT_H_

#include <array>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "host/synth/waveform.h"

namespace pqa::synth {

// "5:4,7:3@30,7.5:0.5": order:percent-of-fundamental[@phase-degrees], comma separated.
absl::StatusOr<std::vector<Component>> ParseHarmonics(const std::string& text);

// "sine:8.8:0.321" or "rect:0.9167:0.844": shape:frequency-hz:dvv-percent-peak-to-peak.
// "rect-cpm:110:0.844" gives the rate in changes per minute (f = CPM / 120).
absl::StatusOr<Modulation> ParseModulation(const std::string& text);

// "10:0.15:0.55:A,30:5:0:ABC": start-s:duration-s:residual-pu[:phases], comma separated.
absl::StatusOr<std::vector<Variation>> ParseVariations(const std::string& text);

// "1,0.98,1.02": exactly three numbers (per phase A, B, C).
absl::StatusOr<std::array<double, 3>> ParseTriple(const std::string& what, const std::string& text);

// "300:59.5,600:60": at-s:frequency-hz, comma separated.
absl::StatusOr<std::vector<FrequencyStep>> ParseFrequencySteps(const std::string& text);

}  // namespace pqa::synth

#endif  // PQA_HOST_SYNTH_SPEC_TEXT_H_
