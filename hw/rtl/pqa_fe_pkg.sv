// Shared types, widths, tags and the register map of the pqa front end.
// The output word layout here is mirrored bit for bit by the C++ model in
// host/frontend/output_word.h; change both together.
package pqa_fe_pkg;

  // Frame sample index as delivered by the ADC interface (TUSER), wraps.
  localparam int unsigned IndexWidth = 32;

  // Output stream sideband: {tag, channel, frame index}.
  localparam int unsigned TagWidth = 4;
  localparam int unsigned ChanWidth = 4;
  localparam int unsigned OutUserWidth = TagWidth + ChanWidth + IndexWidth;

  // Per-unit fractions of the reference voltage: unsigned Q1.15
  // (1.0 pu = 32768), so levels up to 1.99997 pu fit in 16 bits.
  localparam int unsigned PuWidth = 16;
  localparam int unsigned PuFrac = 15;
  // Reciprocal of the window length: floor(2^RecipFrac / n), n >= 1.
  localparam int unsigned RecipFrac = 32;
  localparam int unsigned RecipWidth = RecipFrac + 1;

  typedef enum logic [TagWidth-1:0] {
    TagSamples    = 4'd0,  // the input frame, passed through
    TagHalfCycle  = 4'd1,  // Urms(1/2)^2 of one channel (IEC 61000-4-30 5.4.2)
    TagPeriod     = 4'd2,  // one fundamental period ending at an upward zero crossing
    TagEventStart = 4'd3,  // a threshold crossed: start of a sag/swell/interruption
    TagEventEnd   = 4'd4   // return across threshold + hysteresis: end, with extreme
  } tag_e;

  // Event kinds, also the order of the marker slots of one channel.
  localparam int unsigned NumEventKinds = 3;
  typedef enum logic [1:0] {
    EventSag          = 2'd0,  // Urms(1/2) < sag threshold (0.9 pu)
    EventSwell        = 2'd1,  // Urms(1/2) > swell threshold (1.1 pu)
    EventInterruption = 2'd2   // Urms(1/2) < interruption threshold (0.1 pu)
  } event_kind_e;

  // Output word slots per voltage channel, in emission order:
  // period, half-cycle value, then one marker slot per event kind.
  localparam int unsigned SlotPeriod = 0;
  localparam int unsigned SlotHalfCycle = 1;
  localparam int unsigned SlotFirstEvent = 2;
  localparam int unsigned SlotsPerChannel = SlotFirstEvent + NumEventKinds;

  // Result words need 128 data bits; sample words need every channel.
  function automatic int unsigned out_data_width(int unsigned frame_width);
    int unsigned w = ((frame_width + 31) / 32) * 32;
    return (w > 128) ? w : 128;
  endfunction

  // Width of the square of a signed sample: (-2^(W-1))^2 = 2^(2W-2).
  function automatic int unsigned sq_width(int unsigned sample_width);
    return 2 * sample_width - 1;
  endfunction

  // Half-cycle word fields (TDATA).
  localparam int unsigned HcEndIndexLsb = 0;   // sample index one past the window
  localparam int unsigned HcLengthLsb = 32;    // window length, samples (16 bits)
  localparam int unsigned HcFlagsLsb = 48;     // bit 0: window ends at a zero crossing,
                                               // bit 1: window starts at one
  localparam int unsigned HcValueLsb = 64;     // mean square, LSB^2 (64 bits)
  // Period word fields.
  localparam int unsigned PerCrossIndexLsb = 0;   // first sample >= 0 after the crossing
  localparam int unsigned PerLengthLsb = 32;      // samples since the previous one
  localparam int unsigned PerBeforeLsb = 64;      // sample before the crossing (< 0)
  localparam int unsigned PerAfterLsb = 96;       // sample at the crossing (>= 0)
  // Event marker fields.
  localparam int unsigned EvIndexLsb = 0;   // end index of the half-cycle window that crossed
  localparam int unsigned EvKindLsb = 32;   // event_kind_e, 8 bits
  localparam int unsigned EvLengthLsb = 48; // that window's length, samples (16 bits)
  localparam int unsigned EvValueLsb = 64;  // start: crossing value; end: extreme (LSB^2)

  // AXI4-Lite register map (byte addresses, 32-bit registers).
  localparam int unsigned RegAddrWidth = 8;
  localparam logic [RegAddrWidth-1:0] RegId = 8'h00;  // RO "PQ" + version
  localparam logic [RegAddrWidth-1:0] RegShape = 8'h04;  // RO configuration
  localparam logic [RegAddrWidth-1:0] RegChannelEnable = 8'h08;
  localparam logic [RegAddrWidth-1:0] RegStatus = 8'h0C;  // RO event state
  localparam logic [RegAddrWidth-1:0] RegUrefSqLo = 8'h10;
  localparam logic [RegAddrWidth-1:0] RegUrefSqHi = 8'h14;
  localparam logic [RegAddrWidth-1:0] RegSagPu = 8'h18;
  localparam logic [RegAddrWidth-1:0] RegSwellPu = 8'h1C;
  localparam logic [RegAddrWidth-1:0] RegInterruptionPu = 8'h20;
  localparam logic [RegAddrWidth-1:0] RegHysteresisPu = 8'h24;
  localparam logic [RegAddrWidth-1:0] RegZcHysteresis = 8'h28;
  localparam logic [RegAddrWidth-1:0] RegZcDebounce = 8'h2C;
  localparam logic [RegAddrWidth-1:0] RegHalfTimeout = 8'h30;
  localparam logic [RegAddrWidth-1:0] RegCounterClear = 8'h34;  // WO, bit 0
  localparam logic [RegAddrWidth-1:0] RegFramesIn = 8'h40;  // RO counters
  localparam logic [RegAddrWidth-1:0] RegWordsOut = 8'h44;
  localparam logic [RegAddrWidth-1:0] RegMarkers = 8'h48;
  localparam logic [RegAddrWidth-1:0] RegIndexGaps = 8'h4C;
  localparam logic [RegAddrWidth-1:0] RegStallCycles = 8'h50;
  localparam logic [31:0] IdValue = 32'h5051_0001;

  // Register reset values: IEC 61000-4-30 5.4 thresholds in Q1.15 pu.
  localparam logic [PuWidth-1:0] SagPuDefault = 16'd29491;  // 0.9 pu
  localparam logic [PuWidth-1:0] SwellPuDefault = 16'd36045;  // 1.1 pu
  localparam logic [PuWidth-1:0] InterruptionPuDefault = 16'd3277;  // 0.1 pu
  localparam logic [PuWidth-1:0] HysteresisPuDefault = 16'd655;  // 0.02 pu

  // The six thresholds derived from the per-unit registers.
  localparam int unsigned NumThresholds = 2 * NumEventKinds;
  // Index: 2 * kind + (0: start level, 1: return level).

endpackage
