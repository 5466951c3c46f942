# Named hardware configurations of the front end (hw/rtl/pqa_frontend.sv
# parameters). This is the one place that lists them: hw/ lints each one and
# sim/ builds a testbench for each, and the C++ model receives the same
# values through compile definitions.
#
#   default             3 voltages + 4 currents, 16-bit ADC (three-phase, four-wire)
#   single_phase_24bit  1 voltage + 1 current, 24-bit sigma-delta ADC
set(PQA_FE_CONFIGS default single_phase_24bit)
set(PQA_FE_CONFIG_default NumVoltage=3 NumCurrent=4 SampleWidth=16 WindowLog2=11)
set(PQA_FE_CONFIG_single_phase_24bit NumVoltage=1 NumCurrent=1 SampleWidth=24 WindowLog2=11)

set(PQA_FE_RTL_DIR ${CMAKE_CURRENT_LIST_DIR}/rtl)
file(STRINGS ${PQA_FE_RTL_DIR}/pqa_frontend.f _pqa_fe_files)
set(PQA_FE_RTL_SOURCES "")
foreach(_f IN LISTS _pqa_fe_files)
  list(APPEND PQA_FE_RTL_SOURCES ${PQA_FE_RTL_DIR}/${_f})
endforeach()
set(PQA_FE_LINT_WAIVERS ${CMAKE_CURRENT_LIST_DIR}/lint/pqa_frontend.vlt)
# The testbenches and the lint both compile the handshake assertions.
set(PQA_FE_ASSERT_ARGS --assert +define+PQA_ASSERT)

# pqa_fe_config_args(<config> <out-var-G> <out-var-defs>): Verilator -G
# overrides and C++ compile definitions (PQA_FE_NUM_VOLTAGE=3 ...).
function(pqa_fe_config_args cfg out_g out_defs)
  set(g "")
  set(defs "")
  foreach(kv IN LISTS PQA_FE_CONFIG_${cfg})
    string(REPLACE "=" ";" pair ${kv})
    list(GET pair 0 key)
    list(GET pair 1 value)
    list(APPEND g -G${key}=${value})
    string(REGEX REPLACE "([a-z0-9])([A-Z])" "\\1_\\2" macro ${key})
    string(TOUPPER ${macro} macro)
    list(APPEND defs PQA_FE_${macro}=${value})
  endforeach()
  set(${out_g} ${g} PARENT_SCOPE)
  set(${out_defs} ${defs} PARENT_SCOPE)
endfunction()
