// Mean square of the one-cycle window: sum * floor(2^32 / n) >> 32
// (pipeline stages r3 -> r4 -> r5: table read, then a registered multiply
// that maps onto DSP blocks). The result is Urms(1/2)^2 in LSB^2, floored;
// its relative error from the reciprocal is below n / 2^32 (< 5e-7).
// `meta_i` travels alongside with the same latency.
module pqa_fe_mean_square
  import pqa_fe_pkg::*;
#(
  parameter int unsigned WindowLog2 = 11,
  parameter int unsigned SumWidth = 42,
  parameter int unsigned MsWidth = 31,
  parameter int unsigned MetaWidth = 1
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic                  adv_i,
  input  logic [SumWidth-1:0]   sum_i,     // r3, LSB^2
  input  logic [WindowLog2-1:0] n_i,       // r3, samples
  input  logic [MetaWidth-1:0]  meta_i,    // r3
  output logic [MsWidth-1:0]    mean_square_o,  // r5, LSB^2
  output logic [MetaWidth-1:0]  meta_o          // r5
);

  localparam int unsigned ProdWidth = SumWidth + RecipWidth;

  logic [RecipWidth-1:0] recip;
  logic [SumWidth-1:0] sum_q;
  logic [MetaWidth-1:0] meta_q;
  logic [ProdWidth-1:0] prod_q;

  pqa_fe_recip_rom #(
    .WindowLog2(WindowLog2)
  ) u_recip_rom (
    .clk_i,
    .en_i   (adv_i),
    .n_i,
    .recip_o(recip)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sum_q <= '0;
      meta_q <= '0;
      prod_q <= '0;
      meta_o <= '0;
    end else if (adv_i) begin
      sum_q <= sum_i;
      meta_q <= meta_i;
      prod_q <= ProdWidth'(sum_q) * ProdWidth'(recip);
      meta_o <= meta_q;
    end
  end

  // sum / n never exceeds the largest square, so the high bits are zero.
  assign mean_square_o = prod_q[RecipFrac +: MsWidth];
  // The fraction bits are dropped (floor); the top bits are zero by range.
  logic unused_prod_bits;
  assign unused_prod_bits = ^{prod_q[ProdWidth-1:RecipFrac+MsWidth], prod_q[RecipFrac-1:0]};

endmodule
