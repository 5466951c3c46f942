// Reusable clock, reset and trace handling for a Verilated model whose ports
// follow the ibex conventions (clock `clk_i`, active-low reset `rst_ni`).
//
//   ClockedModel<Vtop> sim;               // no trace
//   sim.OpenTrace("failure.fst");         // optional, before Reset()
//   sim.Reset(4);
//   sim.dut().some_input = 1;
//   sim.Settle();                         // combinational outputs for this cycle
//   bool fire = sim.dut().valid_o && ...; // what the rising edge will sample
//   sim.Tick();                           // rising then falling edge
#ifndef PQA_SIM_COMMON_CLOCKED_MODEL_H_
#define PQA_SIM_COMMON_CLOCKED_MODEL_H_

#include <cstdint>
#include <memory>
#include <string>

#include "verilated.h"
#include "verilated_fst_c.h"

namespace pqa::sim {

template <typename Model>
class ClockedModel {
 public:
  ClockedModel() : context_(std::make_unique<VerilatedContext>()) {
    context_->traceEverOn(true);
    // Assertions (--assert) stop the simulation with a message naming the
    // property; the testbench then fails instead of running on.
    context_->fatalOnError(true);
    dut_ = std::make_unique<Model>(context_.get(), "dut");
    dut_->clk_i = 0;
    dut_->rst_ni = 1;
    dut_->eval();
  }
  ~ClockedModel() { Finish(); }
  ClockedModel(const ClockedModel&) = delete;
  ClockedModel& operator=(const ClockedModel&) = delete;

  Model& dut() { return *dut_; }
  uint64_t cycle() const { return cycle_; }

  // Starts an FST trace of every signal; the file is complete after Finish().
  void OpenTrace(const std::string& path) {
    trace_ = std::make_unique<VerilatedFstC>();
    dut_->trace(trace_.get(), 99);
    trace_->open(path.c_str());
  }

  // Holds rst_ni low for `cycles` rising edges.
  void Reset(int cycles) {
    dut_->rst_ni = 0;
    for (int i = 0; i < cycles; ++i) Tick();
    dut_->rst_ni = 1;
    Settle();
  }

  // Evaluates combinational logic after the testbench changed inputs.
  void Settle() { dut_->eval(); }

  // One clock period: rising edge, then falling edge; 10 time units.
  void Tick() {
    dut_->clk_i = 0;
    dut_->eval();
    Dump();
    dut_->clk_i = 1;
    context_->timeInc(5);
    dut_->eval();
    Dump();
    dut_->clk_i = 0;
    context_->timeInc(5);
    dut_->eval();
    ++cycle_;
  }

  void Finish() {
    if (finished_) return;
    finished_ = true;
    dut_->final();
    if (trace_) trace_->close();
  }

 private:
  void Dump() {
    if (trace_) trace_->dump(context_->time());
  }

  std::unique_ptr<VerilatedContext> context_;
  std::unique_ptr<Model> dut_;
  std::unique_ptr<VerilatedFstC> trace_;
  uint64_t cycle_ = 0;
  bool finished_ = false;
};

}  // namespace pqa::sim

#endif  // PQA_SIM_COMMON_CLOCKED_MODEL_H_
