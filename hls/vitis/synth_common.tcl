# Shared C synthesis steps of the pqa HLS kernels (sourced by
# window_kernel.tcl and flicker_kernel.tcl): project, part, clock, interface
# widths, csynth, export of the Vitis kernel object (.xo).
#
# The sources are the ones g++ builds for the native backend; vitis_hls puts
# its own hls_stream.h first, so the in-tree shim is never seen.
# testbench: a self-checking main (hls/tests/*_tb.cc) run by csim first, or "".
proc pqa_synth {kernel source testbench argv} {
  if {[llength $argv] != 3} {
    puts "usage: vitis_hls -f <kernel>.tcl -tclargs <part> <clock_ns> <out_dir>"
    puts "  part:     xcu250-figd2104-2L-e (Alveo U250) | xck26-sfvc784-2LV-c (Kria K26)"
    puts "  clock_ns: 3.33 (300 MHz, Alveo) | 4.0 (250 MHz, Kria)"
    exit 2
  }
  lassign $argv part clock_ns out_dir
  set src [file normalize [file join [file dirname [info script]] .. ..]]
  file mkdir $out_dir
  cd $out_dir
  open_project -reset ${kernel}_prj
  set_top $kernel
  # C++14: the dialect every Vitis HLS front end accepts (hls/CMakeLists.txt
  # checks that the kernels build in it).
  add_files [file join $src $source] -cflags "-I$src -std=c++14"
  if {$testbench ne ""} {
    add_files -tb [file join $src $testbench] -cflags "-I$src -std=c++14"
  }
  open_solution -reset -flow_target vitis solution
  set_part $part
  create_clock -period $clock_ns -name default
  if {$testbench ne ""} {
    # The testbench exits non-zero on a result outside its tolerance.
    csim_design
  }
  # 512-bit bursts on the sample ports: one DDR/HBM beat carries 16 floats.
  config_interface -m_axi_max_widen_bitwidth 512 -m_axi_alignment_byte_size 64
  csynth_design
  export_design -format xo -output [file join $out_dir ${kernel}.xo]
}
