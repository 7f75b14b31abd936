# sk_add_module(NAME DEPS ... SOURCES ... TESTS ... BENCHES ...)
# One static library per folder, alias siklus::NAME; every dependency edge is declared, so a module
# that includes a header it does not link fails to build. TESTS become one GoogleTest binary per
# module (NAME_test); BENCHES one Google Benchmark binary (NAME_bench) when SK_BENCH is on.

add_library(sk_options INTERFACE)
target_compile_options(sk_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wno-missing-field-initializers
                                            $<$<BOOL:${SK_WERROR}>:-Werror>)
if(SK_SANITIZE)
  target_compile_options(sk_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                              -fno-sanitize-recover=undefined)
  target_link_options(sk_options INTERFACE -fsanitize=address,undefined)
endif()

function(sk_add_module NAME)
  cmake_parse_arguments(M "" "" "DEPS;SOURCES;TESTS;BENCHES;TEST_DEPS" ${ARGN})
  add_library(sk_${NAME} STATIC ${M_SOURCES})
  add_library(siklus::${NAME} ALIAS sk_${NAME})
  target_include_directories(sk_${NAME} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(sk_${NAME} PUBLIC ${M_DEPS} PRIVATE sk_options)
  if(M_TESTS)
    add_executable(${NAME}_test ${M_TESTS})
    target_link_libraries(${NAME}_test PRIVATE sk_${NAME} ${M_TEST_DEPS} GTest::gtest_main GTest::gmock
                                               sk_options)
    target_compile_definitions(${NAME}_test PRIVATE SK_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
    gtest_discover_tests(${NAME}_test DISCOVERY_TIMEOUT 60
                         PROPERTIES ENVIRONMENT "SK_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
  endif()
  if(M_BENCHES AND SK_BENCH)
    add_executable(${NAME}_bench ${M_BENCHES})
    target_link_libraries(${NAME}_bench PRIVATE sk_${NAME} benchmark::benchmark_main sk_options)
  endif()
endfunction()
