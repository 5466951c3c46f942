// Half-cycle partial sums of squares of one voltage channel (pipeline stage
// r2 -> r3). IEC 61000-4-30 5.4.2: Urms(1/2) is measured over one cycle that
// starts at a fundamental zero crossing and is refreshed every half cycle, so
// at every half-cycle boundary the window is the sum of the two most recent
// half-cycle partial sums. Because a crossing is confirmed only after the
// debounce run, samples after the latest raw crossing are kept apart (the
// "tail") until the crossing is confirmed or superseded.
// If no crossing arrives within `timeout_i` samples (interruption, DC) a
// boundary is forced so that Urms(1/2) keeps being reported.
// Also measures the fundamental period between confirmed upward crossings.
module pqa_fe_half_cycle #(
  parameter int unsigned SampleWidth = 16,
  parameter int unsigned WindowLog2 = 11,  // windows of up to 2^WindowLog2 - 2 samples
  parameter int unsigned SqWidth = 2 * SampleWidth - 1,
  parameter int unsigned SumWidth = SqWidth + WindowLog2
) (
  input  logic                          clk_i,
  input  logic                          rst_ni,
  input  logic                          clear_i,
  input  logic                          adv_i,
  input  logic [15:0]                   timeout_i,  // samples per forced half cycle

  // From pqa_fe_zero_cross (r2).
  input  logic                          valid_i,
  input  logic [31:0]                   index_i,
  input  logic [SqWidth-1:0]            square_i,
  input  logic                          candidate_i,
  input  logic                          confirm_i,
  input  logic                          sync_i,
  input  logic                          upward_i,
  input  logic [31:0]                   cross_index_i,
  input  logic signed [SampleWidth-1:0] cross_before_i,
  input  logic signed [SampleWidth-1:0] cross_after_i,

  // r3: one-cycle window, valid at every half-cycle boundary once two full
  // half cycles are known.
  output logic                          valid_o,
  output logic                          window_valid_o,
  output logic [SumWidth-1:0]           window_sum_o,    // LSB^2
  output logic [WindowLog2-1:0]         window_length_o, // samples
  output logic [31:0]                   window_end_o,    // index one past the window
  output logic [1:0]                    window_flags_o,  // {starts at crossing, ends at one}
  output logic                          period_valid_o,
  output logic [31:0]                   period_o,        // samples between upward crossings
  output logic [31:0]                   cross_index_o,
  output logic signed [SampleWidth-1:0] cross_before_o,
  output logic signed [SampleWidth-1:0] cross_after_o
);

  localparam int unsigned CountWidth = WindowLog2;
  // Halves never exceed the effective timeout + 1, so that a window (two
  // halves) stays below the depth of the reciprocal table.
  localparam logic [15:0] TimeoutMax = 16'((1 << (WindowLog2 - 1)) - 2);

  logic [SumWidth-1:0] head_q, head_d, tail_q, tail_d, prev_q, prev_d;
  logic [CountWidth-1:0] head_n_q, head_n_d, tail_n_q, tail_n_d, prev_n_q, prev_n_d;
  logic [1:0] boundaries_q, boundaries_d;  // since reset, saturating
  logic cur_start_real_q, cur_start_real_d, prev_start_real_q, prev_start_real_d;
  logic [31:0] last_up_q, last_up_d;
  logic last_up_valid_q, last_up_valid_d;

  logic [SumWidth-1:0] head1, tail1, half_sum;
  logic [CountWidth-1:0] head1_n, tail1_n, half_n, elapsed;
  logic [15:0] timeout_eff;
  logic forced, boundary;
  logic [31:0] end_index;
  logic per_valid;
  logic [31:0] period;

  always_comb begin
    timeout_eff = (timeout_i > TimeoutMax) ? TimeoutMax :
                  (timeout_i == '0) ? 16'd1 : timeout_i;
    // A newer raw crossing supersedes the previous one: its tail joins the head.
    if (candidate_i) begin
      head1 = head_q + tail_q;
      head1_n = head_n_q + tail_n_q;
      tail1 = SumWidth'(square_i);
      tail1_n = CountWidth'(1);
    end else begin
      head1 = head_q;
      head1_n = head_n_q;
      tail1 = tail_q + SumWidth'(square_i);
      tail1_n = tail_n_q + CountWidth'(1);
    end
    elapsed = head1_n + tail1_n;
    forced = !confirm_i && !sync_i && (16'(elapsed) >= timeout_eff);
    boundary = confirm_i || sync_i || forced;

    head_d = head1;
    head_n_d = head1_n;
    tail_d = tail1;
    tail_n_d = tail1_n;
    half_sum = head1 + tail1;
    half_n = head1_n + tail1_n;
    end_index = index_i + 32'd1;
    if (confirm_i) begin
      // The half cycle ends at the confirmed crossing; the tail starts the next.
      half_sum = head1;
      half_n = head1_n;
      end_index = cross_index_i;
      head_d = tail1;
      head_n_d = tail1_n;
      tail_d = '0;
      tail_n_d = '0;
    end else if (boundary) begin
      head_d = '0;
      head_n_d = '0;
      tail_d = '0;
      tail_n_d = '0;
    end

    prev_d = prev_q;
    prev_n_d = prev_n_q;
    boundaries_d = boundaries_q;
    cur_start_real_d = cur_start_real_q;
    prev_start_real_d = prev_start_real_q;
    if (boundary) begin
      prev_d = half_sum;
      prev_n_d = half_n;
      boundaries_d = (boundaries_q == 2'd3) ? 2'd3 : boundaries_q + 2'd1;
      prev_start_real_d = cur_start_real_q;
      cur_start_real_d = confirm_i;
    end

    // Period between confirmed upward crossings, invalidated by a forced
    // boundary (no crossing seen: the count would span a gap).
    last_up_d = last_up_q;
    last_up_valid_d = last_up_valid_q;
    per_valid = 1'b0;
    period = cross_index_i - last_up_q;
    if (confirm_i && upward_i) begin
      per_valid = last_up_valid_q;
      last_up_d = cross_index_i;
      last_up_valid_d = 1'b1;
    end else if (forced || sync_i) begin
      last_up_valid_d = 1'b0;
    end

    if (clear_i) begin
      head_d = '0;
      head_n_d = '0;
      tail_d = '0;
      tail_n_d = '0;
      prev_d = '0;
      prev_n_d = '0;
      boundaries_d = '0;
      cur_start_real_d = 1'b0;
      prev_start_real_d = 1'b0;
      last_up_d = '0;
      last_up_valid_d = 1'b0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      head_q <= '0;
      head_n_q <= '0;
      tail_q <= '0;
      tail_n_q <= '0;
      prev_q <= '0;
      prev_n_q <= '0;
      boundaries_q <= '0;
      cur_start_real_q <= 1'b0;
      prev_start_real_q <= 1'b0;
      last_up_q <= '0;
      last_up_valid_q <= 1'b0;
    end else if (adv_i && (valid_i || clear_i)) begin
      head_q <= head_d;
      head_n_q <= head_n_d;
      tail_q <= tail_d;
      tail_n_q <= tail_n_d;
      prev_q <= prev_d;
      prev_n_q <= prev_n_d;
      boundaries_q <= boundaries_d;
      cur_start_real_q <= cur_start_real_d;
      prev_start_real_q <= prev_start_real_d;
      last_up_q <= last_up_d;
      last_up_valid_q <= last_up_valid_d;
    end
  end

  // Output register r3.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_o <= 1'b0;
      window_valid_o <= 1'b0;
      window_sum_o <= '0;
      window_length_o <= '0;
      window_end_o <= '0;
      window_flags_o <= '0;
      period_valid_o <= 1'b0;
      period_o <= '0;
      cross_index_o <= '0;
      cross_before_o <= '0;
      cross_after_o <= '0;
    end else if (adv_i) begin
      valid_o <= valid_i;
      // The half cut by reset is partial, and so is the one that starts at the
      // first polarity found (not a crossing): windows are reported from the
      // fourth boundary on.
      window_valid_o <= valid_i && !clear_i && boundary && (boundaries_q == 2'd3);
      window_sum_o <= prev_q + half_sum;
      window_length_o <= prev_n_q + half_n;
      window_end_o <= end_index;
      window_flags_o <= {prev_start_real_q, confirm_i};
      period_valid_o <= valid_i && !clear_i && per_valid;
      period_o <= period;
      cross_index_o <= cross_index_i;
      cross_before_o <= cross_before_i;
      cross_after_o <= cross_after_i;
    end
  end

endmodule
