#include "sim/systemc/front_end_unit.h"

#include "Vpqa_frontend_sc.h"
#include "absl/strings/str_format.h"
#include "sim/common/frontend_registers.h"

namespace pqa::sim {
namespace {

// Clocks the gated clock keeps running after the last handshake: the RTL's
// deepest result (an event marker) leaves 8 clocks after its frame
// (hw/README.md); twice that plus margin.
constexpr int kDrainClocks = 32;
constexpr int kResetClocks = 4;
constexpr int kHandshakeTimeout = 100;  // clocks; the RTL answers in 1-2

}  // namespace

std::ostream& operator<<(std::ostream& os, const AdcFrame& f) { return os << "frame " << f.index; }
std::ostream& operator<<(std::ostream& os, const ResultWord& w) {
  return os << w.word.DebugString();
}

FrontEndUnit::FrontEndUnit(sc_core::sc_module_name name, MonitoredFifo<AdcFrame>& adc,
                           MonitoredFifo<ResultWord>& results)
    : sc_core::sc_module(name),
      clk("clk"),
      adc_(adc),
      results_(results),
      rtl_(std::make_unique<Vpqa_frontend_sc>("rtl")) {
  Vpqa_frontend_sc& r = *rtl_;
  r.clk_i(clk);
  r.rst_ni(rst_n_);
  r.s_axis_tvalid_i(s_tvalid_);
  r.s_axis_tready_o(s_tready_);
  r.s_axis_tdata_i(s_tdata_);
  r.s_axis_tuser_i(s_tuser_);
  r.m_axis_tvalid_o(m_tvalid_);
  r.m_axis_tready_i(m_tready_);
  r.m_axis_tlast_o(m_tlast_);
  r.m_axis_tdata_o(m_tdata_);
  r.m_axis_tuser_o(m_tuser_);
  r.s_axil_awvalid_i(awvalid_);
  r.s_axil_awready_o(awready_);
  r.s_axil_awaddr_i(awaddr_);
  r.s_axil_wvalid_i(wvalid_);
  r.s_axil_wready_o(wready_);
  r.s_axil_wstrb_i(wstrb_);
  r.s_axil_wdata_i(wdata_);
  r.s_axil_bvalid_o(bvalid_);
  r.s_axil_bready_i(bready_);
  r.s_axil_bresp_o(bresp_);
  r.s_axil_arvalid_i(arvalid_);
  r.s_axil_arready_o(arready_);
  r.s_axil_araddr_i(araddr_);
  r.s_axil_rvalid_o(rvalid_);
  r.s_axil_rready_i(rready_);
  r.s_axil_rresp_o(rresp_);
  r.s_axil_rdata_o(rdata_);
  rst_n_.write(true);
  bready_.write(true);
  rready_.write(true);
  m_tready_.write(true);

  SC_METHOD(OnClock);
  sensitive << clk.pos();
  dont_initialize();
  SC_THREAD(Programmer);
}

FrontEndUnit::~FrontEndUnit() = default;

void FrontEndUnit::RequestProgram(const frontend::Registers& registers) {
  registers_ = registers;
  program_pending_ = true;
  program_event_.notify(sc_core::SC_ZERO_TIME);
}

bool FrontEndUnit::Busy() const {
  return program_pending_ || programming_ || in_valid_ || drain_ > 0 || adc_.num_available() > 0 ||
         m_tvalid_.read();
}

void FrontEndUnit::OnClock() {
  ++counters_.clocks;
  bool active = false;
  // Input side: the handshake of the cycle that just ended (values before
  // this edge, as the RTL's flops sampled them).
  if (in_valid_) {
    if (s_tready_.read()) {
      in_valid_ = false;
      ++counters_.frames;
      active = true;
    } else {
      ++counters_.input_stalls;
    }
  }
  AdcFrame frame;
  if (!in_valid_ && !programming_ && adc_.nb_read(frame)) {
    sc_dt::sc_bv<kFrontEndInBits> data;
    for (int c = 0; c < kFrontEndChannels; ++c) {
      const auto code = static_cast<std::uint64_t>(static_cast<std::int64_t>(frame.codes[c]));
      data.range(c * kFrontEndSampleWidth + kFrontEndSampleWidth - 1, c * kFrontEndSampleWidth) =
          code & ((1u << kFrontEndSampleWidth) - 1);
    }
    s_tdata_.write(data);
    s_tuser_.write(frame.index);
    in_valid_ = true;
  }
  s_tvalid_.write(in_valid_);

  // Output side: a word handed over at this edge goes into the result FIFO,
  // which m_tready only promised when it had room.
  if (m_tvalid_.read()) {
    if (m_tready_.read()) {
      const std::uint64_t user = m_tuser_.read();
      ResultWord w;
      w.word.tag = static_cast<frontend::Tag>((user >> 36) & 0xF);
      w.word.channel = static_cast<std::uint8_t>((user >> 32) & 0xF);
      w.word.frame_index = static_cast<std::uint32_t>(user);
      w.word.last = m_tlast_.read();
      const sc_dt::sc_bv<kFrontEndOutBits> data = m_tdata_.read();
      w.word.data.resize(kFrontEndOutBits / 32);
      for (int i = 0; i < kFrontEndOutBits / 32; ++i) {
        w.word.data[static_cast<std::size_t>(i)] = static_cast<std::uint32_t>(data.get_word(i));
      }
      results_.nb_write(w);
      ++counters_.words;
      active = true;
    } else {
      ++counters_.output_stalls;
    }
  }
  m_tready_.write(results_.num_free() > 0);

  if (in_valid_ || m_tvalid_.read()) ++counters_.busy_clocks;
  if (active || in_valid_) {
    drain_ = kDrainClocks;
  } else if (drain_ > 0) {
    --drain_;
  }
}

template <typename Ready>
void FrontEndUnit::Handshake(Ready ready) {
  for (int i = 0; i < kHandshakeTimeout; ++i) {
    wait(clk.posedge_event());
    if (ready()) return;
  }
  SC_REPORT_ERROR("pqa/front_end", "AXI4-Lite handshake timed out");
}

void FrontEndUnit::WriteRegister(std::uint32_t address, std::uint32_t value) {
  awaddr_.write(address);
  wdata_.write(value);
  wstrb_.write(0xF);
  awvalid_.write(true);
  wvalid_.write(true);
  Handshake([&] { return awready_.read() && wready_.read(); });
  awvalid_.write(false);
  wvalid_.write(false);
  Handshake([&] { return bvalid_.read(); });
}

void FrontEndUnit::Programmer() {
  while (true) {
    if (!program_pending_) {
      wait(program_event_);
      continue;
    }
    program_pending_ = false;
    programming_ = true;
    // A new stream: reset the RTL (zero-crossing state, windows, counters).
    rst_n_.write(false);
    for (int i = 0; i < kResetClocks; ++i) wait(clk.posedge_event());
    rst_n_.write(true);
    wait(clk.posedge_event());
    for (auto [address, value] : RegisterWrites(registers_)) WriteRegister(address, value);
    for (int i = 0; i < kRegisterSettleClocks; ++i) wait(clk.posedge_event());
    programming_ = false;
  }
}

}  // namespace pqa::sim
