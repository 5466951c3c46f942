// Derives the six squared thresholds (start and return level of each event
// kind) from the reference and the per-unit registers:
//   level  = pu (+- hysteresis)                 Q1.15 (17 bits)
//   level2 = (level * level) >> 15              Q2.15
//   thr    = (uref_sq * level2) >> 15           LSB^2
// The registers change rarely, so one shared two-stage multiplier pair
// refreshes one threshold per clock, round robin: a register write is in
// effect on every threshold at most 2 * NumThresholds + 2 clocks later.
module pqa_fe_thresholds
  import pqa_fe_pkg::*;
#(
  parameter int unsigned UrefWidth = 32,
  parameter int unsigned ThrWidth = UrefWidth + 4
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic [UrefWidth-1:0] uref_sq_i,          // reference RMS^2, LSB^2
  input  logic [PuWidth-1:0]   sag_pu_i,           // Q1.15 pu
  input  logic [PuWidth-1:0]   swell_pu_i,         // Q1.15 pu
  input  logic [PuWidth-1:0]   interruption_pu_i,  // Q1.15 pu
  input  logic [PuWidth-1:0]   hysteresis_pu_i,    // Q1.15 pu
  output logic [NumThresholds-1:0][ThrWidth-1:0] thresholds_o  // LSB^2, 2*kind+return
);

  localparam int unsigned LevelWidth = PuWidth + 1;
  localparam int unsigned Level2Width = 2 * LevelWidth - PuFrac;
  localparam int unsigned ProdWidth = UrefWidth + Level2Width;
  localparam int unsigned SelWidth = $clog2(NumThresholds);

  logic [SelWidth-1:0] sel_q, sel_d, sel2_q;
  logic [LevelWidth-1:0] level;
  logic [2*LevelWidth-1:0] level_sq;
  logic [Level2Width-1:0] level2_q;
  logic [ProdWidth-1:0] thr_prod;

  always_comb begin
    unique case (sel_q)
      SelWidth'(2 * EventSag):              level = LevelWidth'(sag_pu_i);
      SelWidth'(2 * EventSag + 1):          level = LevelWidth'(sag_pu_i) + LevelWidth'(hysteresis_pu_i);
      SelWidth'(2 * EventSwell):            level = LevelWidth'(swell_pu_i);
      SelWidth'(2 * EventSwell + 1):        level = (swell_pu_i > hysteresis_pu_i) ?
                                                    LevelWidth'(swell_pu_i - hysteresis_pu_i) : '0;
      SelWidth'(2 * EventInterruption):     level = LevelWidth'(interruption_pu_i);
      SelWidth'(2 * EventInterruption + 1): level = LevelWidth'(interruption_pu_i) +
                                                    LevelWidth'(hysteresis_pu_i);
      default:                              level = '0;
    endcase
    level_sq = (2 * LevelWidth)'(level) * (2 * LevelWidth)'(level);
    sel_d = (sel_q == SelWidth'(NumThresholds - 1)) ? '0 : sel_q + 1'b1;
    thr_prod = ProdWidth'(uref_sq_i) * ProdWidth'(level2_q);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sel_q <= '0;
      sel2_q <= '0;
      level2_q <= '0;
      thresholds_o <= '0;
    end else begin
      sel_q <= sel_d;
      sel2_q <= sel_q;
      level2_q <= Level2Width'(level_sq >> PuFrac);
      thresholds_o[sel2_q] <= ThrWidth'(thr_prod >> PuFrac);
    end
  end

endmodule
