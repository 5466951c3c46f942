// Emits the words of the frame held in stage r6 on the AXI4-Stream master,
// one per clock: the sample word first, then the result words that are
// valid, in slot order. TLAST marks the frame's last word. The pipeline
// advances (and the input is ready) only when the frame's last word leaves
// or r6 is empty, so words keep frame order whatever the back-pressure.
module pqa_fe_serializer #(
  parameter int unsigned NumWords = 16,  // slot 0 is the sample word
  parameter int unsigned DataWidth = 128,
  parameter int unsigned UserWidth = 40
) (
  input  logic                                clk_i,
  input  logic                                rst_ni,
  input  logic                                frame_valid_i,  // r6 holds a frame
  input  logic [NumWords-1:0]                 word_valid_i,   // slots present (bit 0 must be set)
  input  logic [NumWords-1:0][DataWidth-1:0]  word_data_i,
  input  logic [NumWords-1:0][UserWidth-1:0]  word_user_i,
  output logic                                adv_o,          // r6 may be replaced this clock

  output logic                                m_tvalid_o,
  input  logic                                m_tready_i,
  output logic [DataWidth-1:0]                m_tdata_o,
  output logic [UserWidth-1:0]                m_tuser_o,
  output logic                                m_tlast_o
);

  localparam int unsigned SelWidth = $clog2(NumWords);

  // Words of the current r6 frame already sent.
  logic [NumWords-1:0] sent_q, sent_d, pending;
  logic [SelWidth-1:0] sel;
  logic last;

  always_comb begin
    pending = word_valid_i & ~sent_q;
    sel = '0;
    for (int i = NumWords - 1; i >= 0; i--) begin
      if (pending[i]) sel = SelWidth'(i);
    end
    // The word at `sel` is the last one if nothing above it is pending.
    last = (pending >> sel) == NumWords'(1);
    if (!frame_valid_i) begin
      sent_d = '0;
    end else if (m_tready_i) begin
      sent_d = last ? '0 : (sent_q | (NumWords'(1) << sel));
    end else begin
      sent_d = sent_q;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sent_q <= '0;
    end else begin
      sent_q <= sent_d;
    end
  end

  assign adv_o = !frame_valid_i || (m_tready_i && last);
  assign m_tvalid_o = frame_valid_i;
  assign m_tdata_o = word_data_i[sel];
  assign m_tuser_o = word_user_i[sel];
  assign m_tlast_o = last;

endmodule
