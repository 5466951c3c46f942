// Fundamental zero-crossing detector of one voltage channel, with noise
// rejection: a polarity change is confirmed only after `debounce_i`
// consecutive samples beyond +-`hysteresis_i`; the crossing itself is the
// last raw sign change before the confirmation (IEC 61000-4-30 5.4.2: the
// Urms(1/2) window starts at a fundamental zero crossing). Also squares the
// sample for the half-cycle accumulator (pipeline stage r1 -> r2).
module pqa_fe_zero_cross #(
  parameter int unsigned SampleWidth = 16,
  parameter int unsigned SqWidth = 2 * SampleWidth - 1
) (
  input  logic                          clk_i,
  input  logic                          rst_ni,
  input  logic                          clear_i,       // channel disabled: hold in reset
  input  logic                          adv_i,         // pipeline advances this clock
  input  logic                          valid_i,       // r1 holds a frame
  input  logic signed [SampleWidth-1:0] sample_i,      // ADC code
  input  logic [31:0]                   index_i,       // frame sample index
  input  logic [SampleWidth-1:0]        hysteresis_i,  // ADC codes, >= 0
  input  logic [15:0]                   debounce_i,    // samples, 0 behaves as 1

  output logic                          valid_o,
  output logic [31:0]                   index_o,
  output logic [SqWidth-1:0]            square_o,      // sample^2, LSB^2
  output logic                          candidate_o,   // raw crossing in the awaited direction
  output logic                          confirm_o,     // a crossing was confirmed
  output logic                          sync_o,        // first polarity found after reset
  output logic                          upward_o,      // direction of the confirmed crossing
  output logic [31:0]                   cross_index_o, // first sample after the crossing
  output logic signed [SampleWidth-1:0] cross_before_o,
  output logic signed [SampleWidth-1:0] cross_after_o
);

  typedef enum logic [1:0] {
    PolUnknown,
    PolPositive,
    PolNegative
  } polarity_e;

  polarity_e polarity_q, polarity_d;
  logic [15:0] run_q, run_d;
  logic run_up_q, run_up_d;
  logic signed [SampleWidth-1:0] prev_q, prev_d;
  logic prev_valid_q, prev_valid_d;
  logic [31:0] cand_index_q, cand_index_d;
  logic signed [SampleWidth-1:0] cand_before_q, cand_before_d, cand_after_q, cand_after_d;

  logic signed [SampleWidth:0] hyst_pos, hyst_neg;
  logic beyond_pos, beyond_neg, raw_up, raw_down, cand, hit, hit_up, confirm;
  logic [15:0] debounce_min1;
  logic signed [2*SampleWidth-1:0] sample_wide, square_wide;
  logic unused_square_sign;  // a square is >= 0
  assign unused_square_sign = square_wide[2*SampleWidth-1];

  always_comb begin
    sample_wide = {{SampleWidth{sample_i[SampleWidth-1]}}, sample_i};
    square_wide = sample_wide * sample_wide;
    hyst_pos = $signed({1'b0, hysteresis_i});
    hyst_neg = -hyst_pos;
    beyond_pos = $signed({sample_i[SampleWidth-1], sample_i}) > hyst_pos;
    beyond_neg = $signed({sample_i[SampleWidth-1], sample_i}) < hyst_neg;
    raw_up = prev_valid_q && prev_q[SampleWidth-1] && !sample_i[SampleWidth-1];
    raw_down = prev_valid_q && !prev_q[SampleWidth-1] && sample_i[SampleWidth-1];
    cand = (polarity_q == PolNegative && raw_up) || (polarity_q == PolPositive && raw_down);

    unique case (polarity_q)
      PolNegative: begin hit = beyond_pos; hit_up = 1'b1; end
      PolPositive: begin hit = beyond_neg; hit_up = 1'b0; end
      default:     begin hit = beyond_pos || beyond_neg; hit_up = beyond_pos; end
    endcase

    debounce_min1 = (debounce_i == '0) ? 16'd1 : debounce_i;
    run_up_d = hit_up;
    if (!hit) begin
      run_d = '0;
    end else if (run_q != '0 && run_up_q == hit_up) begin
      run_d = run_q + 16'd1;
    end else begin
      run_d = 16'd1;
    end
    confirm = hit && (run_d >= debounce_min1);

    polarity_d = polarity_q;
    if (confirm) begin
      polarity_d = hit_up ? PolPositive : PolNegative;
      run_d = '0;
    end

    cand_index_d = cand_index_q;
    cand_before_d = cand_before_q;
    cand_after_d = cand_after_q;
    if (cand) begin
      cand_index_d = index_i;
      cand_before_d = prev_q;
      cand_after_d = sample_i;
    end
    prev_d = sample_i;
    prev_valid_d = 1'b1;

    if (clear_i) begin
      polarity_d = PolUnknown;
      run_d = '0;
      run_up_d = 1'b0;
      prev_d = '0;
      prev_valid_d = 1'b0;
      cand_index_d = '0;
      cand_before_d = '0;
      cand_after_d = '0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      polarity_q <= PolUnknown;
      run_q <= '0;
      run_up_q <= 1'b0;
      prev_q <= '0;
      prev_valid_q <= 1'b0;
      cand_index_q <= '0;
      cand_before_q <= '0;
      cand_after_q <= '0;
    end else if (adv_i && (valid_i || clear_i)) begin
      polarity_q <= polarity_d;
      run_q <= run_d;
      run_up_q <= run_up_d;
      prev_q <= prev_d;
      prev_valid_q <= prev_valid_d;
      cand_index_q <= cand_index_d;
      cand_before_q <= cand_before_d;
      cand_after_q <= cand_after_d;
    end
  end

  // Output register r2.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_o <= 1'b0;
      index_o <= '0;
      square_o <= '0;
      candidate_o <= 1'b0;
      confirm_o <= 1'b0;
      sync_o <= 1'b0;
      upward_o <= 1'b0;
      cross_index_o <= '0;
      cross_before_o <= '0;
      cross_after_o <= '0;
    end else if (adv_i) begin
      valid_o <= valid_i;
      index_o <= index_i;
      square_o <= square_wide[SqWidth-1:0];
      candidate_o <= valid_i && !clear_i && cand;
      confirm_o <= valid_i && !clear_i && confirm && (polarity_q != PolUnknown);
      sync_o <= valid_i && !clear_i && confirm && (polarity_q == PolUnknown);
      upward_o <= hit_up;
      cross_index_o <= cand_index_d;
      cross_before_o <= cand_before_d;
      cross_after_o <= cand_after_d;
    end
  end

endmodule
