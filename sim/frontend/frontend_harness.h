// Testbench harness for hw/rtl/pqa_frontend.sv: programs the registers over
// AXI4-Lite, streams frames from a FrameSource with random TVALID gaps,
// applies random TREADY back-pressure on the output, and compares every
// output word with the bit-exact C++ model (host/frontend).
//
//   FrontEndHarness<Vpqa_frontend_default> h(shape);
//   h.Setup(scenario, /*trace_path=*/"");
//   h.Run(source, frames);
//   RunReport report = h.Finish();
#ifndef PQA_SIM_FRONTEND_FRONTEND_HARNESS_H_
#define PQA_SIM_FRONTEND_FRONTEND_HARNESS_H_

#include <algorithm>
#include <cstdint>
#include <deque>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "host/frontend/front_end.h"
#include "sim/common/clocked_model.h"
#include "sim/common/frontend_registers.h"
#include "sim/common/port_bits.h"
#include "sim/frontend/frame_source.h"

namespace pqa::sim {

struct Scenario {
  frontend::Registers registers;
  double gap_probability = 0.0;    // chance per cycle that the input holds TVALID low
  double stall_probability = 0.0;  // chance per cycle that the output holds TREADY low
  uint32_t seed = 1;               // for gaps and stalls
  uint32_t first_index = 0;        // sample index of the first frame
};

struct RunReport {
  size_t frames = 0;  // accepted by the RTL
  size_t words = 0;   // output words received and compared
  size_t mismatches = 0;
  std::string first_mismatch;                 // empty when every word matched
  std::vector<frontend::OutputWord> results;  // RTL result words (not sample words)
  uint64_t first_accept_cycle = 0, last_word_cycle = 0;
  // Clocks from the input handshake of a frame to the handshake of each of
  // its result words, per tag: minimum and maximum.
  std::map<frontend::Tag, std::pair<uint64_t, uint64_t>> latency;
  uint32_t frames_counter = 0, words_counter = 0, markers_counter = 0, index_gaps_counter = 0;
  size_t model_markers = 0;
};

template <typename Dut>
class FrontEndHarness {
 public:
  explicit FrontEndHarness(const frontend::Shape& shape) : shape_(shape) {}

  // Resets the design, opens a trace when `trace_path` is not empty, and
  // programs every register of `scenario`.
  void Setup(const Scenario& scenario, const std::string& trace_path) {
    scenario_ = scenario;
    rng_.seed(scenario.seed);
    model_ = std::make_unique<frontend::FrontEnd>(
        *frontend::FrontEnd::Create({shape_, scenario.registers}));
    if (!trace_path.empty()) sim_.OpenTrace(trace_path);
    Dut& d = sim_.dut();
    d.s_axis_tvalid_i = 0;
    d.m_axis_tready_i = 0;
    d.s_axil_awvalid_i = d.s_axil_wvalid_i = d.s_axil_arvalid_i = 0;
    d.s_axil_bready_i = d.s_axil_rready_i = 1;
    sim_.Reset(4);
    for (auto [address, value] : RegisterWrites(scenario.registers)) WriteRegister(address, value);
    for (int i = 0; i < kRegisterSettleClocks; ++i) sim_.Tick();
  }

  // Streams `frames` frames from `source` and compares every output word.
  void Run(FrameSource& source, size_t frames) {
    Dut& d = sim_.dut();
    std::vector<int32_t> codes;
    bool have_frame = false;
    bool presented = false;
    size_t taken = 0;
    uint32_t index = scenario_.first_index;
    std::bernoulli_distribution gap(scenario_.gap_probability);
    std::bernoulli_distribution stall(scenario_.stall_probability);
    const int out_words = shape_.output_data_width() / 32;
    uint64_t idle = 0;
    while (true) {
      if (!have_frame && taken < frames) {
        have_frame = source.Next(codes);
        if (have_frame) {
          ++taken;
          // The channels fill TDATA exactly, so every bit is written.
          for (size_t c = 0; c < codes.size(); ++c) {
            SetPortBits(d.s_axis_tdata_i, static_cast<int>(c) * shape_.sample_width,
                        shape_.sample_width, static_cast<uint64_t>(static_cast<int64_t>(codes[c])));
          }
          d.s_axis_tuser_i = index;
        }
      }
      // AXI4-Stream: once presented, a frame stays until accepted.
      if (have_frame && !presented) presented = !gap(rng_);
      d.s_axis_tvalid_i = presented;
      d.m_axis_tready_i = !stall(rng_);
      sim_.Settle();
      const bool in_fire = d.s_axis_tvalid_i && d.s_axis_tready_o;
      const bool out_fire = d.m_axis_tvalid_o && d.m_axis_tready_i;
      frontend::OutputWord got;
      if (out_fire) {
        const uint64_t user = d.m_axis_tuser_o;
        got.tag = static_cast<frontend::Tag>((user >> 36) & 0xF);
        got.channel = static_cast<uint8_t>((user >> 32) & 0xF);
        got.frame_index = static_cast<uint32_t>(user);
        got.last = d.m_axis_tlast_o;
        got.data = PortWords(d.m_axis_tdata_o, out_words);
      }
      const uint64_t cycle = sim_.cycle();
      sim_.Tick();
      if (in_fire) {
        if (report_.frames == 0) report_.first_accept_cycle = cycle;
        accept_cycle_[index] = cycle;
        frontend::FrameOutput out;
        const absl::Status st = model_->Push(index, codes, out);
        if (!st.ok()) Mismatch("model rejected frame: " + std::string(st.message()));
        report_.model_markers += out.markers.size();
        expected_.insert(expected_.end(), out.words.begin(), out.words.end());
        ++report_.frames;
        ++index;
        have_frame = presented = false;
      }
      if (out_fire) Compare(got, cycle);
      idle = (in_fire || out_fire) ? 0 : idle + 1;
      const bool done = taken >= frames && !have_frame && expected_.empty();
      if (done || idle > 1000) break;
    }
    d.s_axis_tvalid_i = 0;
    if (!expected_.empty()) {
      Mismatch(absl::StrFormat("%d expected words never came out", expected_.size()));
    }
  }

  // Reads the counters, closes the trace and returns what was seen.
  RunReport Finish() {
    sim_.dut().m_axis_tready_i = 1;
    report_.frames_counter = ReadRegister(reg::kFramesIn);
    report_.words_counter = ReadRegister(reg::kWordsOut);
    report_.markers_counter = ReadRegister(reg::kMarkers);
    report_.index_gaps_counter = ReadRegister(reg::kIndexGaps);
    sim_.Finish();
    return report_;
  }

  uint32_t ReadRegister(uint32_t address) {
    Dut& d = sim_.dut();
    d.s_axil_araddr_i = static_cast<uint8_t>(address);
    d.s_axil_arvalid_i = 1;
    d.s_axil_rready_i = 0;
    Handshake([&] { return d.s_axil_arready_o != 0; });
    d.s_axil_arvalid_i = 0;
    d.s_axil_rready_i = 1;
    Handshake([&] { return d.s_axil_rvalid_o != 0; });
    return d.s_axil_rdata_o;
  }

  void WriteRegister(uint32_t address, uint32_t value) {
    Dut& d = sim_.dut();
    d.s_axil_awaddr_i = static_cast<uint8_t>(address);
    d.s_axil_wdata_i = value;
    d.s_axil_wstrb_i = 0xF;
    d.s_axil_awvalid_i = d.s_axil_wvalid_i = 1;
    d.s_axil_bready_i = 1;
    Handshake([&] { return d.s_axil_awready_o && d.s_axil_wready_o; });
    d.s_axil_awvalid_i = d.s_axil_wvalid_i = 0;
    Handshake([&] { return d.s_axil_bvalid_o != 0; });
  }

 private:
  template <typename Ready>
  void Handshake(Ready ready) {
    for (int i = 0; i < 100; ++i) {
      sim_.Settle();
      const bool fire = ready();
      sim_.Tick();
      if (fire) return;
    }
    Mismatch("AXI4-Lite handshake timed out");
  }

  void Compare(const frontend::OutputWord& got, uint64_t cycle) {
    ++report_.words;
    report_.last_word_cycle = cycle;
    if (got.tag != frontend::Tag::kSamples) {
      report_.results.push_back(got);
      const auto it = accept_cycle_.find(got.frame_index);
      if (it != accept_cycle_.end()) {
        const uint64_t latency = cycle - it->second;
        auto [slot, fresh] = report_.latency.try_emplace(got.tag, latency, latency);
        slot->second.first = std::min(slot->second.first, latency);
        slot->second.second = std::max(slot->second.second, latency);
      }
    }
    if (expected_.empty()) {
      Mismatch("unexpected word " + got.DebugString());
      return;
    }
    const frontend::OutputWord want = expected_.front();
    expected_.pop_front();
    if (!(got == want)) {
      Mismatch(absl::StrFormat("word %d: RTL %s, model %s", report_.words - 1, got.DebugString(),
                               want.DebugString()));
    }
  }

  void Mismatch(const std::string& what) {
    if (report_.mismatches++ == 0) report_.first_mismatch = what;
  }

  frontend::Shape shape_;
  Scenario scenario_;
  ClockedModel<Dut> sim_;
  std::unique_ptr<frontend::FrontEnd> model_;
  std::mt19937 rng_;
  std::deque<frontend::OutputWord> expected_;
  std::map<uint32_t, uint64_t> accept_cycle_;
  RunReport report_;
};

}  // namespace pqa::sim

#endif  // PQA_SIM_FRONTEND_FRONTEND_HARNESS_H_
