// Value types shared by the VTCD (short-duration voltage variation) pipeline:
// per-phase excursions, their polyphase aggregation (PRODIST Module 8 item 88
// e/f) and the 3-minute temporal aggregation (item 88 c/d).
#ifndef PQA_HOST_VTCD_VTCD_EVENT_H_
#define PQA_HOST_VTCD_VTCD_EVENT_H_

#include <vector>

#include "host/common/time.h"

namespace pqa::vtcd {

// Item 88 g: sags and swells are aggregated separately. Interruptions are sags
// whose residual voltage falls below the interruption threshold (table 5).
enum class Family { kSag, kSwell };

// PRODIST Module 8 table 5, plus the variations of 3 minutes or more that are
// not VTCD: a long interruption (section 8.2 continuity) or a sustained
// under/over-voltage (a steady-state deviation).
enum class VtcdClass {
  kNone,              // not a VTCD: a sag or swell shorter than one cycle, or inside 0.9..1.1 pu
  kImt,               // momentary interruption: <= 3 s, < 0.1 pu
  kAmt,               // momentary sag: >= 1 cycle and <= 3 s, 0.1..0.9 pu
  kEmt,               // momentary swell: >= 1 cycle and <= 3 s, > 1.1 pu
  kItt,               // temporary interruption: > 3 s and < 3 min, < 0.1 pu
  kAtt,               // temporary sag: > 3 s and < 3 min, 0.1..0.9 pu
  kEtt,               // temporary swell: > 3 s and < 3 min, > 1.1 pu
  kLongInterruption,  // >= 3 min below the interruption threshold
  kLongSag,           // >= 3 min sag above the interruption threshold (not a VTCD)
  kLongSwell,         // >= 3 min swell (not a VTCD)
};

// One phase's excursion of Urms(1/2) beyond a threshold (IEC 61000-4-30 5.4.2).
struct PhaseEvent {
  int phase = 0;  // index into DetectorConfig::phase_names (0..)
  Family family = Family::kSag;
  TimeNs start = 0;          // threshold crossing, ns since epoch UTC
  TimeNs end = 0;            // return crossing (threshold +- hysteresis), ns since epoch UTC
  double extreme_v = 0.0;    // lowest (sag) or highest (swell) Urms(1/2), volts
  double reference_v = 0.0;  // reference voltage when the event started, volts (> 0)
  bool truncated = false;    // the data ended before the voltage returned

  double extreme_pu() const { return extreme_v / reference_v; }  // per unit of reference_v
  TimeNs duration() const { return end - start; }                // ns (>= 0)
};

// Simultaneous phase events combined into one event at the monitoring point
// (item 88 b, e, f).
struct PolyphaseEvent {
  Family family = Family::kSag;
  TimeNs start = 0;           // ns since epoch UTC
  TimeNs end = 0;             // ns since epoch UTC; duration per the aggregation criterion
  double amplitude_pu = 0.0;  // residual voltage Vres/Vref of the critical phase, per unit
  double amplitude_v = 0.0;   // residual voltage Vres of the critical phase, volts
  double reference_v = 0.0;   // Vref of the critical phase, volts
  std::vector<int> phases;    // phases that took part, ascending indices
  VtcdClass vtcd_class = VtcdClass::kNone;
  bool truncated = false;  // some phase was still in the event when the data ended

  TimeNs duration() const { return end - start; }  // ns (>= 0)
};

// The events of one family inside one 3-minute aggregation window (item 88 c),
// represented by the most severe (item 88 d). Variations of 3 minutes or more
// are never merged: each forms its own AggregatedEvent with one member.
struct AggregatedEvent {
  PolyphaseEvent representative;        // lowest-amplitude sag or highest-amplitude swell
  std::vector<PolyphaseEvent> members;  // every event merged, in start order (>= 1)

  TimeNs window_start() const { return members.front().start; }  // ns since epoch UTC
  TimeNs window_end() const {                                    // latest member end, ns
    TimeNs end = members.front().end;
    for (const PolyphaseEvent& m : members) end = m.end > end ? m.end : end;
    return end;
  }
};

}  // namespace pqa::vtcd

#endif  // PQA_HOST_VTCD_VTCD_EVENT_H_
