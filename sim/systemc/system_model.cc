#include "sim/systemc/system_model.h"

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <mutex>

#include "sim/systemc/front_end_unit.h"
#include "sim/systemc/kernel_units.h"
#include "sim/systemc/monitored_fifo.h"
#include "sim/systemc/systemc.h"

// libsystemc's own main() calls sc_main; pqa has its own main and drives
// the simulation from there, but the shared library still needs the symbol.
int sc_main(int, char**) { return 1; }

namespace pqa::sim {
namespace {

// Depths as the hardware would have them: the ADC interface's small
// clock-crossing FIFO, one BRAM (512 x 128 bits) in front of the DMA, and
// the kernels' command queues (XRT keeps a few runs in flight per kernel).
constexpr int kAdcFifoDepth = 16;
constexpr int kResultFifoDepth = 512;
constexpr int kJobFifoDepth = 4;

// Hands host work to an SC_THREAD-side FIFO: the host fills `box` between
// simulation runs and notifies; the feeder writes into the FIFO (blocking,
// so a full FIFO is back-pressure on the host, counted by the FIFO).
template <typename T>
class HostFeeder : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(HostFeeder);
  HostFeeder(sc_core::sc_module_name name, sc_core::sc_fifo<T>& fifo)
      : sc_core::sc_module(name), fifo_(fifo) {
    SC_THREAD(Run);
  }
  void Push(const T& item) {
    box_.push_back(item);
    wake_.notify(sc_core::SC_ZERO_TIME);
  }
  bool idle() const { return box_.empty(); }

 private:
  void Run() {
    while (true) {
      if (box_.empty()) {
        wait(wake_);
        continue;
      }
      const T item = box_.front();
      box_.pop_front();
      fifo_.write(item);
    }
  }
  sc_core::sc_fifo<T>& fifo_;
  std::deque<T> box_;
  sc_core::sc_event wake_;
};

// The host's completion handler: takes finished calls off a done FIFO.
template <typename Call>
class DoneCollector : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(DoneCollector);
  DoneCollector(sc_core::sc_module_name name, sc_core::sc_fifo<Call*>& fifo)
      : sc_core::sc_module(name), fifo_(fifo) {
    SC_THREAD(Run);
  }

 private:
  void Run() {
    while (true) fifo_.read()->done = true;
  }
  sc_core::sc_fifo<Call*>& fifo_;
};

}  // namespace

struct SystemModel::Impl : public sc_core::sc_module {
  SC_HAS_PROCESS(Impl);
  explicit Impl(sc_core::sc_module_name name)
      : sc_core::sc_module(name),
        period(sc_core::sc_time(1.0 / kModelClockHz, sc_core::SC_SEC)),
        adc_fifo("adc_fifo", kAdcFifoDepth),
        result_fifo("front_end_results", kResultFifoDepth),
        window_jobs("window_jobs", kJobFifoDepth),
        window_done("window_done", kJobFifoDepth),
        flicker_jobs("flicker_jobs", kJobFifoDepth),
        flicker_done("flicker_done", kJobFifoDepth),
        adc("adc", adc_fifo),
        front_end("front_end", adc_fifo, result_fifo),
        window_kernel("window_kernel", period, window_jobs, window_done),
        flicker_kernel("flicker_kernel", period, flicker_jobs, flicker_done),
        window_host("window_host", window_jobs),
        flicker_host("flicker_host", flicker_jobs),
        window_irq("window_irq", window_done),
        flicker_irq("flicker_irq", flicker_done) {
    front_end.clk(clk);
    SC_THREAD(ClockDriver);
    SC_METHOD(Dma);
    sensitive << clk.posedge_event();
    dont_initialize();
  }

  // The front end's clock, gated while it has no work (see system_model.h).
  void ClockDriver() {
    const sc_core::sc_time half = period / 2;
    while (true) {
      if (!front_end.Busy() && adc.idle()) {
        wait(front_end.work_event() | adc_fifo.data_written_event());
        continue;
      }
      clk.write(true);
      wait(half);
      clk.write(false);
      wait(half);
    }
  }

  // The DMA engine: one word per clock from the result FIFO to host memory.
  void Dma() {
    ResultWord w;
    if (result_fifo.nb_read(w)) host_words.push_back(std::move(w.word));
  }

  void Run() {
    sc_core::sc_start(sc_core::sc_max_time() - sc_core::sc_time_stamp(),
                      sc_core::SC_EXIT_ON_STARVATION);
  }

  sc_core::sc_time period;
  sc_core::sc_signal<bool> clk{"clk"};
  MonitoredFifo<AdcFrame> adc_fifo;
  MonitoredFifo<ResultWord> result_fifo;
  MonitoredFifo<WindowCall*> window_jobs, window_done;
  MonitoredFifo<FlickerCall*> flicker_jobs, flicker_done;
  HostFeeder<AdcFrame> adc;
  FrontEndUnit front_end;
  WindowKernelUnit window_kernel;
  FlickerKernelUnit flicker_kernel;
  HostFeeder<WindowCall*> window_host;
  HostFeeder<FlickerCall*> flicker_host;
  DoneCollector<WindowCall> window_irq;
  DoneCollector<FlickerCall> flicker_irq;
  std::vector<frontend::OutputWord> host_words;
  std::mutex mutex;
};

SystemModel& SystemModel::Get() {
  static SystemModel* model = new SystemModel();
  return *model;
}

SystemModel::SystemModel() {
  // SystemC's banner would go to stdout, where records may be going.
  setenv("SC_COPYRIGHT_MESSAGE", "DISABLE", 0);
  impl_ = new Impl("pqa_accelerator");
}

void SystemModel::RunWindowKernel(const float* samples, const kernels::WindowJob* jobs,
                                  const float* coefficients, kernels::WindowOutput* out,
                                  unsigned n_jobs, unsigned taps, unsigned phases) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  WindowCall call{samples, jobs, coefficients, out, n_jobs, taps, phases, false};
  impl_->window_host.Push(&call);
  impl_->Run();
  if (!call.done) SC_REPORT_FATAL("pqa/system_model", "window kernel call did not complete");
}

void SystemModel::RunFlickerKernel(const float* samples, unsigned n,
                                   const kernels::FlickerCoefficients* coefficients,
                                   kernels::FlickerState* state, float* pinst, unsigned* histogram,
                                   unsigned classify_from) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  FlickerCall call{samples, n, coefficients, state, pinst, histogram, classify_from, false};
  impl_->flicker_host.Push(&call);
  impl_->Run();
  if (!call.done) SC_REPORT_FATAL("pqa/system_model", "flicker kernel call did not complete");
}

void SystemModel::ProgramFrontEnd(const frontend::Registers& registers) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->front_end.RequestProgram(registers);
  impl_->Run();
}

void SystemModel::StreamFrames(const std::int32_t* codes, std::size_t frames, std::size_t channels,
                               std::uint32_t first_index,
                               std::vector<frontend::OutputWord>& words) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  channels = std::min<std::size_t>(channels, kFrontEndChannels);
  for (std::size_t k = 0; k < frames; ++k) {
    AdcFrame f;
    f.index = first_index + static_cast<std::uint32_t>(k);
    std::copy(codes + k * channels, codes + (k + 1) * channels, f.codes.begin());
    impl_->adc.Push(f);
  }
  impl_->Run();
  words.insert(words.end(), std::make_move_iterator(impl_->host_words.begin()),
               std::make_move_iterator(impl_->host_words.end()));
  impl_->host_words.clear();
}

SystemReport SystemModel::Report() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  SystemReport r;
  r.clock_hz = kModelClockHz;
  r.simulated_s = sc_core::sc_time_stamp().to_seconds();
  const FrontEndCounters& fe = impl_->front_end.counters();
  r.fe_clocks = fe.clocks;
  r.fe_frames = fe.frames;
  r.fe_words = fe.words;
  r.fe_busy_clocks = fe.busy_clocks;
  r.fe_input_stalls = fe.input_stalls;
  r.fe_output_stalls = fe.output_stalls;
  auto unit = [](const KernelCounters& c) {
    return UnitReport{c.calls,      c.items,      c.busy_cycles,
                      c.min_cycles, c.max_cycles, c.interval_cycles};
  };
  r.window = unit(impl_->window_kernel.counters());
  r.flicker = unit(impl_->flicker_kernel.counters());
  r.fifos = {impl_->adc_fifo.stats(),    impl_->result_fifo.stats(),  impl_->window_jobs.stats(),
             impl_->window_done.stats(), impl_->flicker_jobs.stats(), impl_->flicker_done.stats()};
  return r;
}

void SystemModel::ClearReport() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->front_end.ClearCounters();
  impl_->window_kernel.ClearCounters();
  impl_->flicker_kernel.ClearCounters();
  impl_->adc_fifo.ClearStats();
  impl_->result_fifo.ClearStats();
  impl_->window_jobs.ClearStats();
  impl_->window_done.ClearStats();
  impl_->flicker_jobs.ClearStats();
  impl_->flicker_done.ClearStats();
}

}  // namespace pqa::sim
