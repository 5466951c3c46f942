# vitis_hls -f window_kernel.tcl -tclargs <part> <clock_ns> <out_dir>
# The window kernel: resampling, FFT, subgroups, RMS, THD family, sequence;
# the phase currents through the same stages and the active power.
source [file join [file dirname [info script]] synth_common.tcl]
pqa_synth pqa_window_kernel hls/kernels/window_kernel.cc hls/tests/window_kernel_tb.cc $argv
exit
