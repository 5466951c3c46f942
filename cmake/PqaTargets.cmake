# One helper declares every library, program, test and benchmark the same way,
# so that include paths, warnings and sanitizer flags never drift apart.
#
#   pqa_library(NAME io SRCS a.cc b.cc DEPS pqa_common absl::status)
#   pqa_program(NAME pqa SRCS main.cc DEPS pqa_cli)
#   pqa_test(NAME io_comtrade_test SRCS comtrade_reader_test.cc DEPS pqa_io [LABELS slow])
#   pqa_benchmark(NAME replay_bench SRCS replay_bench.cc DEPS pqa_measure)
#
# Libraries are named pqa_<NAME>; headers are included from the repository
# root ("host/io/comtrade_reader.h").

set(PQA_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wno-unused-parameter)
# GCC 12's -Wrestrict reports overlapping memcpy inside libstdc++'s
# std::string (char_traits.h) where there is none (GCC bug 105329): Debian
# 12's compiler would print it for every string concatenation it inlines,
# burying real warnings.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  list(APPEND PQA_WARNINGS -Wno-restrict)
endif()

function(pqa_library)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS" ${ARGN})
  add_library(pqa_${ARG_NAME} STATIC ${ARG_SRCS})
  target_include_directories(pqa_${ARG_NAME} PUBLIC ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR})
  target_compile_options(pqa_${ARG_NAME} PRIVATE ${PQA_WARNINGS})
  target_link_libraries(pqa_${ARG_NAME} PUBLIC ${ARG_DEPS})
endfunction()

function(pqa_program)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SRCS})
  target_include_directories(${ARG_NAME} PRIVATE ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR})
  target_compile_options(${ARG_NAME} PRIVATE ${PQA_WARNINGS})
  # Allocations on cache lines (host/common/cache_line_new.h).
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} pqa_cache_line_new)
endfunction()

function(pqa_test)
  if(NOT PQA_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "NAME;TIMEOUT" "SRCS;DEPS;LABELS" ${ARGN})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  add_executable(${ARG_NAME} ${ARG_SRCS})
  target_include_directories(${ARG_NAME} PRIVATE ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR})
  target_compile_options(${ARG_NAME} PRIVATE ${PQA_WARNINGS})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} pqa_test_main)
  # An empty LABELS value would swallow the next keyword, so pass it only when set.
  set(labels "")
  if(ARG_LABELS)
    set(labels LABELS "${ARG_LABELS}")
  endif()
  gtest_discover_tests(${ARG_NAME}
    DISCOVERY_TIMEOUT 60
    PROPERTIES TIMEOUT ${ARG_TIMEOUT}
               # One variable only: a ';' here would split the property list.
               ENVIRONMENT "PQA_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
               ${labels})
endfunction()

function(pqa_benchmark)
  if(NOT PQA_BUILD_BENCHMARKS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SRCS})
  target_include_directories(${ARG_NAME} PRIVATE ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} benchmark::benchmark pqa_cache_line_new)
endfunction()

# pqa_embed_text(OUTPUT var FILE path NAMESPACE ns SYMBOL name): generates a
# source that defines `const std::string_view ns::name` holding the file's
# text, so the program needs no data files at run time while the data stays
# a file a user can read and replace (re-run the build after editing it).
function(pqa_embed_text)
  cmake_parse_arguments(ARG "" "OUTPUT;FILE;NAMESPACE;SYMBOL" "" ${ARGN})
  file(READ ${ARG_FILE} PQA_EMBED_TEXT)
  set(PQA_EMBED_NAMESPACE ${ARG_NAMESPACE})
  set(PQA_EMBED_SYMBOL ${ARG_SYMBOL})
  set(PQA_EMBED_SOURCE ${ARG_FILE})
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${ARG_SYMBOL}_embedded.cc)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/embedded_text.cc.in ${out} @ONLY)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${ARG_FILE})
  set(${ARG_OUTPUT} ${out} PARENT_SCOPE)
endfunction()
