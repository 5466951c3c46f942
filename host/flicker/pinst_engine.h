// The per-sample part of the flickermeter (IEC 61000-4-15 blocks 1 to 4,
// voltage samples in, Pinst out) as a replaceable unit, fed block by block.
// FlickerMeter keeps time keeping, settling, intervals and block 5.
//
// Without a factory in FlickerConfig the meter runs PinstChain, the
// double-precision golden reference; host/accel supplies accelerator backends.
#ifndef PQA_HOST_FLICKER_PINST_ENGINE_H_
#define PQA_HOST_FLICKER_PINST_ENGINE_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"

namespace pqa::flicker {

struct FlickerConfig;

struct PinstValue {
  std::size_t sample = 0;  // index (within the call) of the input sample that completed it
  double pinst = 0;        // dimensionless; NaN after a non-finite input (restart the engine)
};

class PinstEngine {
 public:
  virtual ~PinstEngine() = default;
  // Feeds x[0], x[stride], ... x[(n - 1) stride] (volts, any unit) and
  // appends the Pinst values they complete to `out`, in order (out is not
  // cleared). Values before warm-up are 0, as PinstChain's.
  virtual void Process(const double* x, std::size_t n, std::size_t stride,
                       std::vector<PinstValue>& out) = 0;
  virtual void Clear() = 0;  // back to the state at construction
  virtual bool warmed_up() const = 0;
  virtual int decimation() const = 0;           // input samples per Pinst value
  virtual double internal_rate_hz() const = 0;  // Pinst values per second
  // An independent copy with the same state (FlickerMeter is copyable).
  virtual std::unique_ptr<PinstEngine> Clone() const = 0;
};

// Called with a validated config (sample rate, supply, lamp).
using PinstEngineFactory =
    std::function<absl::StatusOr<std::unique_ptr<PinstEngine>>(const FlickerConfig&)>;

}  // namespace pqa::flicker

#endif  // PQA_HOST_FLICKER_PINST_ENGINE_H_
