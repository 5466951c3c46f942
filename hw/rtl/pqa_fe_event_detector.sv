// Threshold comparison of Urms(1/2)^2 with hysteresis (pipeline stage
// r5 -> r6). IEC 61000-4-30 5.4.2-5.4.4: a dip starts when Urms(1/2) falls
// below the dip threshold and ends when it is equal to or above the threshold
// plus the hysteresis; a swell starts above the swell threshold and ends at
// or below it minus the hysteresis; an interruption is a dip below the
// interruption threshold. The comparisons are made on squares, so no square
// root is needed. Each marker carries the value that crossed (start) or the
// extreme over the event (end: minimum for dips and interruptions, maximum
// for swells), both as mean squares in LSB^2.
module pqa_fe_event_detector
  import pqa_fe_pkg::*;
#(
  parameter int unsigned MsWidth = 31,
  parameter int unsigned ThrWidth = 36
) (
  input  logic                              clk_i,
  input  logic                              rst_ni,
  input  logic                              clear_i,
  input  logic                              adv_i,
  input  logic                              hc_valid_i,     // r5: a new Urms(1/2)
  input  logic [MsWidth-1:0]                mean_square_i,  // r5, LSB^2
  input  logic [NumThresholds-1:0][ThrWidth-1:0] thresholds_i,  // LSB^2, 2*kind+return

  output logic [NumEventKinds-1:0]          marker_valid_o,  // r6
  output logic [NumEventKinds-1:0]          marker_start_o,  // r6: 1 start, 0 end
  output logic [NumEventKinds-1:0][MsWidth-1:0] marker_value_o,  // r6, LSB^2
  output logic [NumEventKinds-1:0]          active_o         // event in progress
);

  logic [NumEventKinds-1:0] active_q, active_d;
  logic [NumEventKinds-1:0][MsWidth-1:0] extreme_q, extreme_d;
  logic [NumEventKinds-1:0] mk_valid, mk_start;
  logic [NumEventKinds-1:0][MsWidth-1:0] mk_value;

  logic [ThrWidth-1:0] ms_wide;
  assign ms_wide = ThrWidth'(mean_square_i);

  always_comb begin
    active_d = active_q;
    extreme_d = extreme_q;
    mk_valid = '0;
    mk_start = '0;
    mk_value = '0;
    for (int unsigned k = 0; k < NumEventKinds; k++) begin
      logic above;  // a swell: the event is above its threshold
      logic starts, ends, more_extreme;
      above = (k == int'(EventSwell));
      starts = above ? (ms_wide > thresholds_i[2*k]) : (ms_wide < thresholds_i[2*k]);
      ends = above ? (ms_wide <= thresholds_i[2*k+1]) : (ms_wide >= thresholds_i[2*k+1]);
      more_extreme = above ? (mean_square_i > extreme_q[k]) : (mean_square_i < extreme_q[k]);
      if (hc_valid_i) begin
        if (!active_q[k] && starts) begin
          active_d[k] = 1'b1;
          extreme_d[k] = mean_square_i;
          mk_valid[k] = 1'b1;
          mk_start[k] = 1'b1;
          mk_value[k] = mean_square_i;
        end else if (active_q[k] && ends) begin
          active_d[k] = 1'b0;
          mk_valid[k] = 1'b1;
          mk_value[k] = extreme_q[k];
        end else if (active_q[k] && more_extreme) begin
          extreme_d[k] = mean_square_i;
        end
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      active_q <= '0;
      extreme_q <= '0;
      marker_valid_o <= '0;
      marker_start_o <= '0;
      marker_value_o <= '0;
    end else if (adv_i) begin
      if (clear_i) begin
        active_q <= '0;
        extreme_q <= '0;
      end else begin
        active_q <= active_d;
        extreme_q <= extreme_d;
      end
      marker_valid_o <= clear_i ? '0 : mk_valid;
      marker_start_o <= mk_start;
      marker_value_o <= mk_value;
    end
  end

  assign active_o = active_q;

endmodule
