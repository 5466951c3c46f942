// Sample-rate processing of one voltage channel: zero crossing (r1 -> r2),
// half-cycle sums (r2 -> r3), mean square (r3 -> r5), event detection
// (r5 -> r6). Every stage advances together on `adv_i`, so the results of a
// frame leave stage r6 together with that frame's samples.
module pqa_fe_channel
  import pqa_fe_pkg::*;
#(
  parameter int unsigned SampleWidth = 16,
  parameter int unsigned WindowLog2 = 11,
  parameter int unsigned SqWidth = 2 * SampleWidth - 1,
  parameter int unsigned ThrWidth = 2 * SampleWidth + 4
) (
  input  logic                          clk_i,
  input  logic                          rst_ni,
  input  logic                          enable_i,  // 0: state held in reset, no results
  input  logic                          adv_i,
  input  logic                          valid_i,   // r1
  input  logic signed [SampleWidth-1:0] sample_i,  // r1, ADC code
  input  logic [31:0]                   index_i,   // r1, frame sample index
  input  logic [SampleWidth-1:0]        zc_hysteresis_i,
  input  logic [15:0]                   zc_debounce_i,
  input  logic [15:0]                   half_timeout_i,
  input  logic [NumThresholds-1:0][ThrWidth-1:0] thresholds_i,

  // r6
  output logic                          hc_valid_o,
  output logic [SqWidth-1:0]            hc_mean_square_o,  // Urms(1/2)^2, LSB^2
  output logic [WindowLog2-1:0]         hc_length_o,
  output logic [31:0]                   hc_end_o,
  output logic [1:0]                    hc_flags_o,
  output logic                          period_valid_o,
  output logic [31:0]                   period_o,
  output logic [31:0]                   cross_index_o,
  output logic signed [SampleWidth-1:0] cross_before_o,
  output logic signed [SampleWidth-1:0] cross_after_o,
  output logic [NumEventKinds-1:0]      marker_valid_o,
  output logic [NumEventKinds-1:0]      marker_start_o,
  output logic [NumEventKinds-1:0][SqWidth-1:0] marker_value_o,
  output logic [NumEventKinds-1:0]      active_o
);

  localparam int unsigned SumWidth = SqWidth + WindowLog2;

  // Everything of a window but its sum, carried beside the multiplier.
  typedef struct packed {
    logic                          hc_valid;
    logic [WindowLog2-1:0]         length;
    logic [31:0]                   end_index;
    logic [1:0]                    flags;
    logic                          period_valid;
    logic [31:0]                   period;
    logic [31:0]                   cross_index;
    logic signed [SampleWidth-1:0] cross_before;
    logic signed [SampleWidth-1:0] cross_after;
  } meta_t;

  logic clear;
  assign clear = !enable_i;

  // r2
  logic zc_valid, zc_candidate, zc_confirm, zc_sync, zc_upward;
  logic [31:0] zc_index, zc_cross_index;
  logic [SqWidth-1:0] zc_square;
  logic signed [SampleWidth-1:0] zc_before, zc_after;

  pqa_fe_zero_cross #(
    .SampleWidth(SampleWidth),
    .SqWidth    (SqWidth)
  ) u_zero_cross (
    .clk_i,
    .rst_ni,
    .clear_i       (clear),
    .adv_i,
    .valid_i,
    .sample_i,
    .index_i,
    .hysteresis_i  (zc_hysteresis_i),
    .debounce_i    (zc_debounce_i),
    .valid_o       (zc_valid),
    .index_o       (zc_index),
    .square_o      (zc_square),
    .candidate_o   (zc_candidate),
    .confirm_o     (zc_confirm),
    .sync_o        (zc_sync),
    .upward_o      (zc_upward),
    .cross_index_o (zc_cross_index),
    .cross_before_o(zc_before),
    .cross_after_o (zc_after)
  );

  // r3
  meta_t meta3, meta5, meta6_q;
  logic [SumWidth-1:0] window_sum;
  logic hc3_unused_valid;

  pqa_fe_half_cycle #(
    .SampleWidth(SampleWidth),
    .WindowLog2 (WindowLog2),
    .SqWidth    (SqWidth),
    .SumWidth   (SumWidth)
  ) u_half_cycle (
    .clk_i,
    .rst_ni,
    .clear_i        (clear),
    .adv_i,
    .timeout_i      (half_timeout_i),
    .valid_i        (zc_valid),
    .index_i        (zc_index),
    .square_i       (zc_square),
    .candidate_i    (zc_candidate),
    .confirm_i      (zc_confirm),
    .sync_i         (zc_sync),
    .upward_i       (zc_upward),
    .cross_index_i  (zc_cross_index),
    .cross_before_i (zc_before),
    .cross_after_i  (zc_after),
    .valid_o        (hc3_unused_valid),
    .window_valid_o (meta3.hc_valid),
    .window_sum_o   (window_sum),
    .window_length_o(meta3.length),
    .window_end_o   (meta3.end_index),
    .window_flags_o (meta3.flags),
    .period_valid_o (meta3.period_valid),
    .period_o       (meta3.period),
    .cross_index_o  (meta3.cross_index),
    .cross_before_o (meta3.cross_before),
    .cross_after_o  (meta3.cross_after)
  );

  // r5
  logic [SqWidth-1:0] mean_square;

  pqa_fe_mean_square #(
    .WindowLog2(WindowLog2),
    .SumWidth  (SumWidth),
    .MsWidth   (SqWidth),
    .MetaWidth ($bits(meta_t))
  ) u_mean_square (
    .clk_i,
    .rst_ni,
    .adv_i,
    .sum_i        (window_sum),
    .n_i          (meta3.length),
    .meta_i       (meta3),
    .mean_square_o(mean_square),
    .meta_o       (meta5)
  );

  // r6
  pqa_fe_event_detector #(
    .MsWidth (SqWidth),
    .ThrWidth(ThrWidth)
  ) u_event_detector (
    .clk_i,
    .rst_ni,
    .clear_i       (clear),
    .adv_i,
    .hc_valid_i    (meta5.hc_valid),
    .mean_square_i (mean_square),
    .thresholds_i,
    .marker_valid_o,
    .marker_start_o,
    .marker_value_o,
    .active_o
  );

  logic [SqWidth-1:0] mean_square6_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      meta6_q <= '0;
      mean_square6_q <= '0;
    end else if (adv_i) begin
      meta6_q <= meta5;
      mean_square6_q <= mean_square;
    end
  end

  assign hc_valid_o = meta6_q.hc_valid && enable_i;
  assign hc_mean_square_o = mean_square6_q;
  assign hc_length_o = meta6_q.length;
  assign hc_end_o = meta6_q.end_index;
  assign hc_flags_o = meta6_q.flags;
  assign period_valid_o = meta6_q.period_valid && enable_i;
  assign period_o = meta6_q.period;
  assign cross_index_o = meta6_q.cross_index;
  assign cross_before_o = meta6_q.cross_before;
  assign cross_after_o = meta6_q.cross_after;

endmodule
