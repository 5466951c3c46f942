# vitis_hls -f flicker_kernel.tcl -tclargs <part> <clock_ns> <out_dir>
# The flicker kernel: squaring, decimation, filters, Pinst, classification.
source [file join [file dirname [info script]] synth_common.tcl]
pqa_synth pqa_flicker_kernel hls/kernels/flicker_kernel.cc "" $argv
exit
