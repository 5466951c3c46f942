// The SystemC model's window kernel unit carries the phase currents
// (issue 17): the same analysis through SystemModelKernels() as through
// the native kernels gives the same values bit for bit (the unit runs the
// kernel's own C++ on the same buffers), and the unit accounts the current
// channels and power pairs in its cycles (kernel_timing.cc).
#include <cmath>
#include <iostream>
#include <memory>
#include <numbers>
#include <vector>

#include "gtest/gtest.h"
#include "host/accel/hls_window_analysis.h"
#include "host/accel/kernel_launcher.h"
#include "host/measure/measurement_engine.h"
#include "sim/systemc/system_model.h"
#include "sim/systemc/system_model_backend.h"

namespace pqa::sim {
namespace {

constexpr double kRate = 15360;
constexpr int kWindows = 5;

// Five 12-cycle windows at 60 Hz: voltages (slots 0..2), currents lagging
// by 0.5 rad with a 5th harmonic, and separate star voltages (delta).
struct Spans {
  std::vector<double> x[9];
  std::vector<measure::WindowSpan> spans;
  measure::SincResampler resampler;
};

std::unique_ptr<Spans> MakeSpans(bool currents, bool delta) {
  // The engine's full-rejection design for 4,096 points at this rate.
  auto r = measure::SincResampler::Create(
      measure::WindowResamplerDesign(kRate, 60, 12, 4096, /*free_running=*/true));
  EXPECT_TRUE(r.ok()) << r.status();
  auto s = std::unique_ptr<Spans>(new Spans{{}, {}, *std::move(r)});
  const double window = 12 * kRate / 60;
  const auto available = static_cast<std::size_t>((kWindows + 1) * window);
  for (int c = 0; c < 9; ++c) {
    const double rms = c < 3 ? 127 : c < 6 ? 60 : 73;
    for (std::size_t n = 0; n < available; ++n) {
      const double theta = 2 * std::numbers::pi * 60 * static_cast<double>(n) / kRate -
                           2 * std::numbers::pi / 3 * (c % 3) - (c / 3 == 1 ? 0.5 : 0);
      s->x[c].push_back(std::sqrt(2.0) * rms *
                        (std::cos(theta) + (c / 3 == 1 ? 0.1 : 0.03) * std::cos(5 * theta)));
    }
  }
  s->spans.resize(kWindows);
  for (int w = 0; w < kWindows; ++w) {
    measure::WindowSpan& span = s->spans[static_cast<std::size_t>(w)];
    for (std::size_t p = 0; p < 3; ++p) {
      span.samples[p] = s->x[p].data();
      if (!currents) continue;
      span.currents[p] = s->x[3 + p].data();
      span.power_voltages[p] = delta ? s->x[6 + p].data() : s->x[p].data();
    }
    span.available = available;
    span.first = 40 + w * window;
    span.last = span.first + window;
  }
  return s;
}

std::vector<measure::WindowResult> Analyse(const Spans& s, bool currents,
                                           std::shared_ptr<accel::KernelLauncher> kernels) {
  measure::WindowAnalysisSpec spec;
  spec.present = {true, true, true};
  spec.current_present = {currents, currents, currents};
  auto a = accel::HlsWindowAnalysis::Create(spec, std::move(kernels));
  EXPECT_TRUE(a.ok()) << a.status();
  std::vector<measure::WindowResult> out(kWindows);
  if (!a.ok()) return out;
  EXPECT_TRUE((*a)->SetResampler(s.resampler, kRate).ok());
  (*a)->AnalyseBatch(s.spans.data(), out.data(), kWindows);
  return out;
}

TEST(SystemModelWindowUnit, CarriesTheCurrentsBitForBitAndCountsTheirCycles) {
  SystemModel& model = SystemModel::Get();
  for (const bool delta : {false, true}) {
    const std::unique_ptr<Spans> s = MakeSpans(true, delta);
    const std::vector<measure::WindowResult> native = Analyse(*s, true, accel::NativeKernels());
    const std::vector<measure::WindowResult> modelled = Analyse(*s, true, SystemModelKernels());
    for (int w = 0; w < kWindows; ++w) {
      for (std::size_t p = 0; p < 3; ++p) {
        const measure::PhaseWindow& a = native[static_cast<std::size_t>(w)].phases[p];
        const measure::PhaseWindow& b = modelled[static_cast<std::size_t>(w)].phases[p];
        EXPECT_GT(a.i_rms_a, 59) << "window " << w << " phase " << p;
        EXPECT_GT(a.p_w, 1000) << "window " << w << " phase " << p;
        EXPECT_EQ(b.rms_v, a.rms_v);
        EXPECT_EQ(b.i_rms_a, a.i_rms_a);
        EXPECT_EQ(b.i_fundamental, a.i_fundamental);
        EXPECT_EQ(b.i_subgroups, a.i_subgroups);
        EXPECT_EQ(b.p_w, a.p_w);
        EXPECT_EQ(b.power_v_rms, a.power_v_rms);
      }
    }
  }

  // Cycles per window: three voltages; with three currents and wye power;
  // with derived power voltages. The currents are channels of their own.
  std::uint64_t cycles[3] = {};
  for (int k = 0; k < 3; ++k) {
    const std::unique_ptr<Spans> s = MakeSpans(k > 0, k == 2);
    model.ClearReport();
    Analyse(*s, k > 0, SystemModelKernels());
    const UnitReport unit = model.Report().window;
    ASSERT_EQ(unit.items, static_cast<std::uint64_t>(kWindows));
    cycles[k] = unit.interval_cycles / kWindows;
  }
  std::cout << "window kernel, cycles per window back to back: voltages " << cycles[0]
            << ", with currents (wye) " << cycles[1] << ", with derived power voltages "
            << cycles[2] << "\n";
  EXPECT_GE(cycles[1], 2 * cycles[0]);  // six channels through the resampler instead of three
  EXPECT_EQ(cycles[2], cycles[1]);      // the power pairs read the same amount either way
}

}  // namespace
}  // namespace pqa::sim
