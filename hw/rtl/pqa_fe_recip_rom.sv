// Reciprocal table floor(2^RecipFrac / n) for window lengths n, so that the
// mean square is a multiplication instead of a division. One synchronous
// read port with enable: maps to block RAM (2^WindowLog2 x 33 bits).
module pqa_fe_recip_rom
  import pqa_fe_pkg::*;
#(
  parameter int unsigned WindowLog2 = 11
) (
  input  logic                  clk_i,
  input  logic                  en_i,
  input  logic [WindowLog2-1:0] n_i,      // window length, samples
  output logic [RecipWidth-1:0] recip_o   // floor(2^32 / n); 0 for n = 0
);

  localparam int unsigned Depth = 1 << WindowLog2;

  logic [RecipWidth-1:0] mem [Depth];

  initial begin
    mem[0] = '0;
    for (int unsigned n = 1; n < Depth; n++) begin
      mem[n] = RecipWidth'((64'd1 << RecipFrac) / 64'(n));
    end
  end

  always_ff @(posedge clk_i) begin
    if (en_i) begin
      recip_o <= mem[n_i];
    end
  end

endmodule
