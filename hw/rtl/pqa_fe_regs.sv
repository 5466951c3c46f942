// AXI4-Lite register block of the front end (map in hw/README.md and
// pqa_fe_pkg). 32-bit registers; a write needs AW and W together and is
// answered OKAY; reads of unmapped addresses return 0 with OKAY, writes to
// them are ignored (SLVERR would stall simple drivers for no benefit).
module pqa_fe_regs
  import pqa_fe_pkg::*;
#(
  parameter int unsigned NumVoltage = 3,
  parameter int unsigned NumCurrent = 4,
  parameter int unsigned SampleWidth = 16,
  parameter int unsigned WindowLog2 = 11,
  parameter int unsigned UrefWidth = 2 * SampleWidth
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,

  // AXI4-Lite slave
  input  logic                    s_axil_awvalid_i,
  output logic                    s_axil_awready_o,
  input  logic [RegAddrWidth-1:0] s_axil_awaddr_i,
  input  logic                    s_axil_wvalid_i,
  output logic                    s_axil_wready_o,
  input  logic [31:0]             s_axil_wdata_i,
  input  logic [3:0]              s_axil_wstrb_i,
  output logic                    s_axil_bvalid_o,
  input  logic                    s_axil_bready_i,
  output logic [1:0]              s_axil_bresp_o,
  input  logic                    s_axil_arvalid_i,
  output logic                    s_axil_arready_o,
  input  logic [RegAddrWidth-1:0] s_axil_araddr_i,
  output logic                    s_axil_rvalid_o,
  input  logic                    s_axil_rready_i,
  output logic [31:0]             s_axil_rdata_o,
  output logic [1:0]              s_axil_rresp_o,

  // Configuration
  output logic [NumVoltage-1:0]   channel_enable_o,
  output logic [UrefWidth-1:0]    uref_sq_o,          // reference RMS^2, LSB^2
  output logic [PuWidth-1:0]      sag_pu_o,           // Q1.15 pu
  output logic [PuWidth-1:0]      swell_pu_o,         // Q1.15 pu
  output logic [PuWidth-1:0]      interruption_pu_o,  // Q1.15 pu
  output logic [PuWidth-1:0]      hysteresis_pu_o,    // Q1.15 pu
  output logic [SampleWidth-1:0]  zc_hysteresis_o,    // ADC codes
  output logic [15:0]             zc_debounce_o,      // samples
  output logic [15:0]             half_timeout_o,     // samples

  // Status and counter events (one pulse per clock at most)
  input  logic [NumVoltage-1:0][NumEventKinds-1:0] active_i,
  input  logic                    frame_in_i,
  input  logic                    word_out_i,
  input  logic                    marker_out_i,
  input  logic                    index_gap_i,
  input  logic                    stall_i
);

  localparam int unsigned NumCounters = 5;

  logic [63:0] uref_sq_q;
  logic [NumCounters-1:0][31:0] counter_q;
  logic [NumCounters-1:0] counter_inc;
  logic counter_clear;
  logic [31:0] rdata_d;

  // Byte-lane write merge.
  function automatic logic [31:0] merge(logic [31:0] old, logic [31:0] data, logic [3:0] strb);
    logic [31:0] r = old;
    for (int b = 0; b < 4; b++) begin
      if (strb[b]) r[8*b +: 8] = data[8*b +: 8];
    end
    return r;
  endfunction

  logic write;
  assign write = s_axil_awvalid_i && s_axil_wvalid_i && !s_axil_bvalid_o;
  assign s_axil_awready_o = write;
  assign s_axil_wready_o = write;
  assign s_axil_bresp_o = 2'b00;
  assign s_axil_arready_o = !s_axil_rvalid_o;
  assign s_axil_rresp_o = 2'b00;

  assign counter_clear = write && (s_axil_awaddr_i == RegCounterClear) &&
                         s_axil_wstrb_i[0] && s_axil_wdata_i[0];
  assign counter_inc = {stall_i, index_gap_i, marker_out_i, word_out_i, frame_in_i};

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      channel_enable_o <= '1;
      uref_sq_q <= '0;
      sag_pu_o <= SagPuDefault;
      swell_pu_o <= SwellPuDefault;
      interruption_pu_o <= InterruptionPuDefault;
      hysteresis_pu_o <= HysteresisPuDefault;
      zc_hysteresis_o <= '0;
      zc_debounce_o <= 16'd1;
      half_timeout_o <= 16'hFFFF;
      s_axil_bvalid_o <= 1'b0;
    end else begin
      if (write) begin
        s_axil_bvalid_o <= 1'b1;
        unique case (s_axil_awaddr_i)
          RegChannelEnable:
            channel_enable_o <= NumVoltage'(merge(32'(channel_enable_o), s_axil_wdata_i, s_axil_wstrb_i));
          RegUrefSqLo: uref_sq_q[31:0] <= merge(uref_sq_q[31:0], s_axil_wdata_i, s_axil_wstrb_i);
          RegUrefSqHi: uref_sq_q[63:32] <= merge(uref_sq_q[63:32], s_axil_wdata_i, s_axil_wstrb_i);
          RegSagPu: sag_pu_o <= PuWidth'(merge(32'(sag_pu_o), s_axil_wdata_i, s_axil_wstrb_i));
          RegSwellPu: swell_pu_o <= PuWidth'(merge(32'(swell_pu_o), s_axil_wdata_i, s_axil_wstrb_i));
          RegInterruptionPu:
            interruption_pu_o <= PuWidth'(merge(32'(interruption_pu_o), s_axil_wdata_i, s_axil_wstrb_i));
          RegHysteresisPu:
            hysteresis_pu_o <= PuWidth'(merge(32'(hysteresis_pu_o), s_axil_wdata_i, s_axil_wstrb_i));
          RegZcHysteresis:
            zc_hysteresis_o <= SampleWidth'(merge(32'(zc_hysteresis_o), s_axil_wdata_i, s_axil_wstrb_i));
          RegZcDebounce:
            zc_debounce_o <= 16'(merge(32'(zc_debounce_o), s_axil_wdata_i, s_axil_wstrb_i));
          RegHalfTimeout:
            half_timeout_o <= 16'(merge(32'(half_timeout_o), s_axil_wdata_i, s_axil_wstrb_i));
          default: ;
        endcase
      end else if (s_axil_bready_i) begin
        s_axil_bvalid_o <= 1'b0;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      counter_q <= '0;
    end else begin
      for (int i = 0; i < NumCounters; i++) begin
        if (counter_clear) begin
          counter_q[i] <= '0;
        end else if (counter_inc[i]) begin
          counter_q[i] <= counter_q[i] + 32'd1;
        end
      end
    end
  end

  always_comb begin
    unique case (s_axil_araddr_i)
      RegId: rdata_d = IdValue;
      RegShape: rdata_d = {8'(WindowLog2), 8'(SampleWidth), 8'(NumCurrent), 8'(NumVoltage)};
      RegChannelEnable: rdata_d = 32'(channel_enable_o);
      RegStatus: rdata_d = 32'(active_i);
      RegUrefSqLo: rdata_d = uref_sq_q[31:0];
      RegUrefSqHi: rdata_d = uref_sq_q[63:32];
      RegSagPu: rdata_d = 32'(sag_pu_o);
      RegSwellPu: rdata_d = 32'(swell_pu_o);
      RegInterruptionPu: rdata_d = 32'(interruption_pu_o);
      RegHysteresisPu: rdata_d = 32'(hysteresis_pu_o);
      RegZcHysteresis: rdata_d = 32'(zc_hysteresis_o);
      RegZcDebounce: rdata_d = 32'(zc_debounce_o);
      RegHalfTimeout: rdata_d = 32'(half_timeout_o);
      RegFramesIn: rdata_d = counter_q[0];
      RegWordsOut: rdata_d = counter_q[1];
      RegMarkers: rdata_d = counter_q[2];
      RegIndexGaps: rdata_d = counter_q[3];
      RegStallCycles: rdata_d = counter_q[4];
      default: rdata_d = '0;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      s_axil_rvalid_o <= 1'b0;
      s_axil_rdata_o <= '0;
    end else if (s_axil_arvalid_i && s_axil_arready_o) begin
      s_axil_rvalid_o <= 1'b1;
      s_axil_rdata_o <= rdata_d;
    end else if (s_axil_rready_i) begin
      s_axil_rvalid_o <= 1'b0;
    end
  end

  assign uref_sq_o = UrefWidth'(uref_sq_q);
  logic unused_uref_high;
  assign unused_uref_high = ^uref_sq_q;

`ifdef PQA_ASSERT
  // AXI4-Lite (IHI0022 A3.2.1): a response, once valid, stays until taken.
  BValidHeld: assert property (@(posedge clk_i) disable iff (!rst_ni)
      s_axil_bvalid_o && !s_axil_bready_i |=> s_axil_bvalid_o);
  RValidHeld: assert property (@(posedge clk_i) disable iff (!rst_ni)
      s_axil_rvalid_o && !s_axil_rready_i |=> s_axil_rvalid_o && $stable(s_axil_rdata_o));
`endif

endmodule
