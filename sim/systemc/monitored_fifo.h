// An sc_fifo that keeps what a hardware engineer sizes a FIFO by: its depth,
// the highest fill level it reached, and how often and how long a writer
// found it full (back-pressure, or lost samples if the writer is an ADC that
// cannot wait).
#ifndef PQA_SIM_SYSTEMC_MONITORED_FIFO_H_
#define PQA_SIM_SYSTEMC_MONITORED_FIFO_H_

#include <algorithm>
#include <cstdint>
#include <string>

#include "sim/systemc/systemc.h"

namespace pqa::sim {

struct FifoStats {
  std::string name;
  int depth = 0;                 // entries
  int high_water = 0;            // highest fill level seen, entries
  std::uint64_t full_waits = 0;  // blocking writes that found it full
  double full_wait_s = 0;        // simulated time writers spent waiting, s
  std::uint64_t writes = 0;
};

template <typename T>
class MonitoredFifo : public sc_core::sc_fifo<T> {
 public:
  MonitoredFifo(const char* name, int depth) : sc_core::sc_fifo<T>(name, depth), depth_(depth) {}

  // Blocking write (SC_THREAD writers).
  void write(const T& value) override {
    if (this->num_free() == 0) {
      const sc_core::sc_time t0 = sc_core::sc_time_stamp();
      ++full_waits_;
      sc_core::sc_fifo<T>::write(value);
      full_wait_ += sc_core::sc_time_stamp() - t0;
    } else {
      sc_core::sc_fifo<T>::write(value);
    }
    Wrote();
  }
  // Non-blocking write (SC_METHOD writers, which check num_free first).
  bool nb_write(const T& value) override {
    if (!sc_core::sc_fifo<T>::nb_write(value)) {
      ++full_waits_;
      return false;
    }
    Wrote();
    return true;
  }

  FifoStats stats() const {
    return {this->name(), depth_, high_water_, full_waits_, full_wait_.to_seconds(), writes_};
  }
  void ClearStats() {
    high_water_ = 0;
    full_waits_ = writes_ = 0;
    full_wait_ = sc_core::SC_ZERO_TIME;
  }

 private:
  void Wrote() {
    ++writes_;
    // num_free() already counts this delta's writes, num_available() not yet.
    high_water_ = std::max(high_water_, depth_ - this->num_free());
  }

  int depth_;
  int high_water_ = 0;
  std::uint64_t full_waits_ = 0, writes_ = 0;
  sc_core::sc_time full_wait_ = sc_core::SC_ZERO_TIME;
};

}  // namespace pqa::sim

#endif  // PQA_SIM_SYSTEMC_MONITORED_FIFO_H_
