// The Verilated RTL front end (hw/rtl/pqa_frontend.sv, Verilator's SystemC
// output, configuration "default": 3 voltages + 4 currents, 16-bit codes)
// between the ADC's input FIFO and the DMA's output FIFO:
//
//   adc FIFO --AXI4-Stream--> pqa_frontend --AXI4-Stream--> result FIFO -> host
//
// Every clock edge moves at most one frame in and one word out, with the
// AXI4-Stream handshake the RTL sees in hardware. Registers are programmed
// over AXI4-Lite after a reset. The unit counts cycles, frames, words and
// the stalls on either side.
#ifndef PQA_SIM_SYSTEMC_FRONT_END_UNIT_H_
#define PQA_SIM_SYSTEMC_FRONT_END_UNIT_H_

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <ostream>
#include <utility>
#include <vector>

#include "host/frontend/front_end.h"
#include "host/frontend/output_word.h"
#include "sim/systemc/monitored_fifo.h"
#include "sim/systemc/systemc.h"

class Vpqa_frontend_sc;

namespace pqa::sim {

// The RTL configuration the system model instantiates (hw/configs.cmake
// "default"); its frame is 7 x 16 = 112 bits in, 128 bits out.
inline constexpr int kFrontEndVoltages = 3;
inline constexpr int kFrontEndCurrents = 4;
inline constexpr int kFrontEndChannels = kFrontEndVoltages + kFrontEndCurrents;
inline constexpr int kFrontEndSampleWidth = 16;
inline constexpr int kFrontEndWindowLog2 = 11;
inline constexpr int kFrontEndInBits = kFrontEndChannels * kFrontEndSampleWidth;
inline constexpr int kFrontEndOutBits = 128;

// One ADC conversion of every channel, as the ADC interface delivers it.
struct AdcFrame {
  std::uint32_t index = 0;  // TUSER: sample counter, wraps at 2^32
  std::array<std::int32_t, kFrontEndChannels> codes{};
  bool operator==(const AdcFrame&) const = default;
};
std::ostream& operator<<(std::ostream& os, const AdcFrame& f);

// One front-end output word on its way to the host.
struct ResultWord {
  frontend::OutputWord word;
  bool operator==(const ResultWord&) const = default;
};
std::ostream& operator<<(std::ostream& os, const ResultWord& w);

struct FrontEndCounters {
  std::uint64_t clocks = 0;         // edges the front end's (gated) clock gave
  std::uint64_t frames = 0;         // input handshakes
  std::uint64_t words = 0;          // output handshakes
  std::uint64_t input_stalls = 0;   // cycles a frame waited for s_axis_tready
  std::uint64_t output_stalls = 0;  // cycles a word waited for room in the result FIFO
  std::uint64_t busy_clocks = 0;    // clocks with a frame presented or a word pending
};

class FrontEndUnit : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(FrontEndUnit);
  FrontEndUnit(sc_core::sc_module_name name, MonitoredFifo<AdcFrame>& adc,
               MonitoredFifo<ResultWord>& results);
  ~FrontEndUnit() override;

  sc_core::sc_in<bool> clk;

  // Asks for a reset followed by the register writes of `registers`
  // (hw/README.md register map); done when programmed() turns true.
  void RequestProgram(const frontend::Registers& registers);
  bool programmed() const { return !program_pending_ && !programming_; }
  // True while the clock must run: a frame queued or in flight, a word on
  // its way out, registers being written, or the pipeline still draining.
  bool Busy() const;
  const sc_core::sc_event& work_event() const { return program_event_; }

  const FrontEndCounters& counters() const { return counters_; }
  void ClearCounters() { counters_ = {}; }

 private:
  void OnClock();     // SC_METHOD on the rising edge: both AXI4-Stream sides
  void Programmer();  // SC_THREAD: reset and AXI4-Lite writes
  void WriteRegister(std::uint32_t address, std::uint32_t value);
  template <typename Ready>
  void Handshake(Ready ready);

  MonitoredFifo<AdcFrame>& adc_;
  MonitoredFifo<ResultWord>& results_;
  std::unique_ptr<Vpqa_frontend_sc> rtl_;

  sc_core::sc_signal<bool> rst_n_{"rst_n"}, s_tvalid_{"s_tvalid"}, s_tready_{"s_tready"},
      m_tvalid_{"m_tvalid"}, m_tready_{"m_tready"}, m_tlast_{"m_tlast"}, awvalid_{"awvalid"},
      awready_{"awready"}, wvalid_{"wvalid"}, wready_{"wready"}, bvalid_{"bvalid"},
      bready_{"bready"}, arvalid_{"arvalid"}, arready_{"arready"}, rvalid_{"rvalid"},
      rready_{"rready"};
  sc_core::sc_signal<std::uint32_t> awaddr_{"awaddr"}, wstrb_{"wstrb"}, bresp_{"bresp"},
      araddr_{"araddr"}, rresp_{"rresp"}, s_tuser_{"s_tuser"}, wdata_{"wdata"}, rdata_{"rdata"};
  sc_core::sc_signal<std::uint64_t> m_tuser_{"m_tuser"};
  sc_core::sc_signal<sc_dt::sc_bv<kFrontEndInBits>> s_tdata_{"s_tdata"};
  sc_core::sc_signal<sc_dt::sc_bv<kFrontEndOutBits>> m_tdata_{"m_tdata"};

  bool in_valid_ = false;  // a frame is presented on s_axis
  int drain_ = 0;          // clocks left to run after the last activity
  bool program_pending_ = false, programming_ = false;
  frontend::Registers registers_;
  sc_core::sc_event program_event_;
  FrontEndCounters counters_;
};

}  // namespace pqa::sim

#endif  // PQA_SIM_SYSTEMC_FRONT_END_UNIT_H_
