// pqa hardware front end: the part of the analyzer that runs at the sample
// rate with a fixed latency. Frames of ADC codes arrive on an AXI4-Stream
// slave (TDATA: channel c at bits [c*SampleWidth +: SampleWidth], voltages
// first; TUSER: the frame's sample index). Each frame leaves on the
// AXI4-Stream master as a sample word followed by its result words
// (half-cycle values, periods, event markers), TLAST on the frame's last
// word; TUSER = {tag, channel, frame index}. Layout: pqa_fe_pkg.
module pqa_frontend
  import pqa_fe_pkg::*;
#(
  parameter int unsigned NumVoltage = 3,    // channels with zero crossing, Urms(1/2), events
  parameter int unsigned NumCurrent = 4,    // channels passed through
  parameter int unsigned SampleWidth = 16,  // signed ADC code width
  parameter int unsigned WindowLog2 = 11,   // one-cycle windows of up to 2^WindowLog2 - 2 samples
  // Derived, not meant to be overridden.
  parameter int unsigned NumChannels = NumVoltage + NumCurrent,
  parameter int unsigned InDataWidth = NumChannels * SampleWidth,
  parameter int unsigned OutDataWidth = out_data_width(InDataWidth)
) (
  input  logic                     clk_i,
  input  logic                     rst_ni,

  // AXI4-Stream slave: ADC frames
  input  logic                     s_axis_tvalid_i,
  output logic                     s_axis_tready_o,
  input  logic [InDataWidth-1:0]   s_axis_tdata_i,
  input  logic [IndexWidth-1:0]    s_axis_tuser_i,

  // AXI4-Stream master: sample and result words to the kernels
  output logic                     m_axis_tvalid_o,
  input  logic                     m_axis_tready_i,
  output logic [OutDataWidth-1:0]  m_axis_tdata_o,
  output logic [OutUserWidth-1:0]  m_axis_tuser_o,
  output logic                     m_axis_tlast_o,

  // AXI4-Lite slave: registers
  input  logic                     s_axil_awvalid_i,
  output logic                     s_axil_awready_o,
  input  logic [RegAddrWidth-1:0]  s_axil_awaddr_i,
  input  logic                     s_axil_wvalid_i,
  output logic                     s_axil_wready_o,
  input  logic [31:0]              s_axil_wdata_i,
  input  logic [3:0]               s_axil_wstrb_i,
  output logic                     s_axil_bvalid_o,
  input  logic                     s_axil_bready_i,
  output logic [1:0]               s_axil_bresp_o,
  input  logic                     s_axil_arvalid_i,
  output logic                     s_axil_arready_o,
  input  logic [RegAddrWidth-1:0]  s_axil_araddr_i,
  output logic                     s_axil_rvalid_o,
  input  logic                     s_axil_rready_i,
  output logic [31:0]              s_axil_rdata_o,
  output logic [1:0]               s_axil_rresp_o
);

  localparam int unsigned SqWidth = sq_width(SampleWidth);
  localparam int unsigned UrefWidth = 2 * SampleWidth;
  localparam int unsigned ThrWidth = UrefWidth + 4;
  localparam int unsigned NumWords = 1 + NumVoltage * SlotsPerChannel;
  localparam int unsigned PipeDepth = 5;  // r1 .. r5; r6 is the serializer's frame

  // Compile-time facts the layout relies on.
  if (NumVoltage < 1 || NumVoltage > 15) begin : g_bad_num_voltage
    $error("NumVoltage must be 1..15 (4-bit channel field)");
  end
  if (SampleWidth < 8 || SampleWidth > 32) begin : g_bad_sample_width
    $error("SampleWidth must be 8..32 (32-bit fields in the period word)");
  end
  if (2 * SampleWidth - 1 > 64) begin : g_bad_ms_width
    $error("mean square must fit the 64-bit value field");
  end
  if (WindowLog2 < 4 || WindowLog2 > 16) begin : g_bad_window
    $error("WindowLog2 must be 4..16 (16-bit window length field)");
  end

  // ---------------------------------------------------------------- config
  logic [NumVoltage-1:0] channel_enable;
  logic [UrefWidth-1:0] uref_sq;
  logic [PuWidth-1:0] sag_pu, swell_pu, interruption_pu, hysteresis_pu;
  logic [SampleWidth-1:0] zc_hysteresis;
  logic [15:0] zc_debounce, half_timeout;
  logic [NumThresholds-1:0][ThrWidth-1:0] thresholds;
  logic [NumVoltage-1:0][NumEventKinds-1:0] active;

  // ---------------------------------------------------------------- pipeline
  logic adv;
  logic [PipeDepth:1] valid_q;  // valid_q[k]: stage rk holds a frame
  logic r6_valid_q;
  logic [InDataWidth-1:0] frame_q [PipeDepth+1];  // r1 .. r6 (index 0 = r1)
  logic [IndexWidth-1:0] index_q [PipeDepth+1];

  assign s_axis_tready_o = adv;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= '0;
      r6_valid_q <= 1'b0;
      for (int s = 0; s <= PipeDepth; s++) begin
        frame_q[s] <= '0;
        index_q[s] <= '0;
      end
    end else if (adv) begin
      valid_q <= {valid_q[PipeDepth-1:1], s_axis_tvalid_i};
      r6_valid_q <= valid_q[PipeDepth];
      frame_q[0] <= s_axis_tdata_i;
      index_q[0] <= s_axis_tuser_i;
      for (int s = 1; s <= PipeDepth; s++) begin
        frame_q[s] <= frame_q[s-1];
        index_q[s] <= index_q[s-1];
      end
    end
  end

  // ---------------------------------------------------------------- channels
  logic [NumWords-1:0] word_valid;
  logic [NumWords-1:0][OutDataWidth-1:0] word_data;
  logic [NumWords-1:0][OutUserWidth-1:0] word_user;

  function automatic logic [OutUserWidth-1:0] user(tag_e tag, logic [ChanWidth-1:0] ch,
                                                    logic [IndexWidth-1:0] index);
    return {tag, ch, index};
  endfunction

  assign word_valid[0] = 1'b1;
  assign word_data[0] = OutDataWidth'(frame_q[PipeDepth]);
  assign word_user[0] = user(TagSamples, '0, index_q[PipeDepth]);

  for (genvar c = 0; c < NumVoltage; c++) begin : g_voltage
    logic hc_valid, period_valid;
    logic [SqWidth-1:0] hc_ms;
    logic [WindowLog2-1:0] hc_length;
    logic [31:0] hc_end, period, cross_index;
    logic [1:0] hc_flags;
    logic signed [SampleWidth-1:0] cross_before, cross_after;
    logic [NumEventKinds-1:0] mk_valid, mk_start;
    logic [NumEventKinds-1:0][SqWidth-1:0] mk_value;
    localparam int unsigned Base = 1 + c * SlotsPerChannel;

    pqa_fe_channel #(
      .SampleWidth(SampleWidth),
      .WindowLog2 (WindowLog2),
      .SqWidth    (SqWidth),
      .ThrWidth   (ThrWidth)
    ) u_channel (
      .clk_i,
      .rst_ni,
      .enable_i        (channel_enable[c]),
      .adv_i           (adv),
      .valid_i         (valid_q[1]),
      .sample_i        (frame_q[0][c*SampleWidth +: SampleWidth]),
      .index_i         (index_q[0]),
      .zc_hysteresis_i (zc_hysteresis),
      .zc_debounce_i   (zc_debounce),
      .half_timeout_i  (half_timeout),
      .thresholds_i    (thresholds),
      .hc_valid_o      (hc_valid),
      .hc_mean_square_o(hc_ms),
      .hc_length_o     (hc_length),
      .hc_end_o        (hc_end),
      .hc_flags_o      (hc_flags),
      .period_valid_o  (period_valid),
      .period_o        (period),
      .cross_index_o   (cross_index),
      .cross_before_o  (cross_before),
      .cross_after_o   (cross_after),
      .marker_valid_o  (mk_valid),
      .marker_start_o  (mk_start),
      .marker_value_o  (mk_value),
      .active_o        (active[c])
    );

    assign word_valid[Base+SlotPeriod] = period_valid;
    assign word_user[Base+SlotPeriod] = user(TagPeriod, ChanWidth'(c), index_q[PipeDepth]);
    always_comb begin
      word_data[Base+SlotPeriod] = '0;
      word_data[Base+SlotPeriod][PerCrossIndexLsb +: 32] = cross_index;
      word_data[Base+SlotPeriod][PerLengthLsb +: 32] = period;
      word_data[Base+SlotPeriod][PerBeforeLsb +: 32] = 32'(cross_before);
      word_data[Base+SlotPeriod][PerAfterLsb +: 32] = 32'(cross_after);
    end

    assign word_valid[Base+SlotHalfCycle] = hc_valid;
    assign word_user[Base+SlotHalfCycle] = user(TagHalfCycle, ChanWidth'(c), index_q[PipeDepth]);
    always_comb begin
      word_data[Base+SlotHalfCycle] = '0;
      word_data[Base+SlotHalfCycle][HcEndIndexLsb +: 32] = hc_end;
      word_data[Base+SlotHalfCycle][HcLengthLsb +: 16] = 16'(hc_length);
      word_data[Base+SlotHalfCycle][HcFlagsLsb +: 16] = 16'(hc_flags);
      word_data[Base+SlotHalfCycle][HcValueLsb +: 64] = 64'(hc_ms);
    end

    for (genvar k = 0; k < NumEventKinds; k++) begin : g_event
      assign word_valid[Base+SlotFirstEvent+k] = mk_valid[k];
      assign word_user[Base+SlotFirstEvent+k] =
          user(mk_start[k] ? TagEventStart : TagEventEnd, ChanWidth'(c), index_q[PipeDepth]);
      always_comb begin
        word_data[Base+SlotFirstEvent+k] = '0;
        word_data[Base+SlotFirstEvent+k][EvIndexLsb +: 32] = hc_end;
        word_data[Base+SlotFirstEvent+k][EvKindLsb +: 8] = 8'(k);
        word_data[Base+SlotFirstEvent+k][EvLengthLsb +: 16] = 16'(hc_length);
        word_data[Base+SlotFirstEvent+k][EvValueLsb +: 64] = 64'(mk_value[k]);
      end
    end
  end

  pqa_fe_serializer #(
    .NumWords (NumWords),
    .DataWidth(OutDataWidth),
    .UserWidth(OutUserWidth)
  ) u_serializer (
    .clk_i,
    .rst_ni,
    .frame_valid_i(r6_valid_q),
    .word_valid_i (word_valid),
    .word_data_i  (word_data),
    .word_user_i  (word_user),
    .adv_o        (adv),
    .m_tvalid_o   (m_axis_tvalid_o),
    .m_tready_i   (m_axis_tready_i),
    .m_tdata_o    (m_axis_tdata_o),
    .m_tuser_o    (m_axis_tuser_o),
    .m_tlast_o    (m_axis_tlast_o)
  );

  pqa_fe_thresholds #(
    .UrefWidth(UrefWidth),
    .ThrWidth (ThrWidth)
  ) u_thresholds (
    .clk_i,
    .rst_ni,
    .uref_sq_i        (uref_sq),
    .sag_pu_i         (sag_pu),
    .swell_pu_i       (swell_pu),
    .interruption_pu_i(interruption_pu),
    .hysteresis_pu_i  (hysteresis_pu),
    .thresholds_o     (thresholds)
  );

  // ---------------------------------------------------------------- counters
  logic in_fire, out_fire, out_marker, index_gap;
  logic [IndexWidth-1:0] last_index_q;
  logic seen_frame_q;
  tag_e out_tag;

  assign in_fire = s_axis_tvalid_i && s_axis_tready_o;
  assign out_fire = m_axis_tvalid_o && m_axis_tready_i;
  assign out_tag = tag_e'(m_axis_tuser_o[OutUserWidth-1 -: TagWidth]);
  assign out_marker = out_fire && (out_tag == TagEventStart || out_tag == TagEventEnd);
  assign index_gap = in_fire && seen_frame_q && (s_axis_tuser_i != last_index_q + 32'd1);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      last_index_q <= '0;
      seen_frame_q <= 1'b0;
    end else if (in_fire) begin
      last_index_q <= s_axis_tuser_i;
      seen_frame_q <= 1'b1;
    end
  end

  pqa_fe_regs #(
    .NumVoltage (NumVoltage),
    .NumCurrent (NumCurrent),
    .SampleWidth(SampleWidth),
    .WindowLog2 (WindowLog2),
    .UrefWidth  (UrefWidth)
  ) u_regs (
    .clk_i,
    .rst_ni,
    .s_axil_awvalid_i,
    .s_axil_awready_o,
    .s_axil_awaddr_i,
    .s_axil_wvalid_i,
    .s_axil_wready_o,
    .s_axil_wdata_i,
    .s_axil_wstrb_i,
    .s_axil_bvalid_o,
    .s_axil_bready_i,
    .s_axil_bresp_o,
    .s_axil_arvalid_i,
    .s_axil_arready_o,
    .s_axil_araddr_i,
    .s_axil_rvalid_o,
    .s_axil_rready_i,
    .s_axil_rdata_o,
    .s_axil_rresp_o,
    .channel_enable_o (channel_enable),
    .uref_sq_o        (uref_sq),
    .sag_pu_o         (sag_pu),
    .swell_pu_o       (swell_pu),
    .interruption_pu_o(interruption_pu),
    .hysteresis_pu_o  (hysteresis_pu),
    .zc_hysteresis_o  (zc_hysteresis),
    .zc_debounce_o    (zc_debounce),
    .half_timeout_o   (half_timeout),
    .active_i         (active),
    .frame_in_i       (in_fire),
    .word_out_i       (out_fire),
    .marker_out_i     (out_marker),
    .index_gap_i      (index_gap),
    .stall_i          (s_axis_tvalid_i && !s_axis_tready_o)
  );

`ifdef PQA_ASSERT
  // AXI4-Stream (IHI0051 2.2.1): once TVALID is asserted it stays asserted,
  // with TDATA/TUSER/TLAST unchanged, until the handshake.
  OutValidHeld: assert property (@(posedge clk_i) disable iff (!rst_ni)
      m_axis_tvalid_o && !m_axis_tready_i |=> m_axis_tvalid_o &&
      $stable(m_axis_tdata_o) && $stable(m_axis_tuser_o) && $stable(m_axis_tlast_o));
  // The same rule for the upstream master: a testbench or ADC bridge that
  // drops a frame before it is accepted is caught here.
  InValidHeld: assert property (@(posedge clk_i) disable iff (!rst_ni)
      s_axis_tvalid_i && !s_axis_tready_o |=> s_axis_tvalid_i &&
      $stable(s_axis_tdata_i) && $stable(s_axis_tuser_i));
  // Every frame's group starts with its sample word.
  FirstWordIsSamples: assert property (@(posedge clk_i) disable iff (!rst_ni)
      out_fire && m_axis_tlast_o |=> !m_axis_tvalid_o ||
      tag_e'(m_axis_tuser_o[OutUserWidth-1 -: TagWidth]) == TagSamples);
`endif

endmodule
