# Shared compile settings for every ArchSim target.
function(archsim_set_warnings target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
    if(ARCHSIM_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()

# Sanitizers apply to every target below the top directory (libraries, GUI, CLI, tests,
# benchmarks); a finding stops the program (scripts/test.sh --sanitize, --tsan).
if(ARCHSIM_SANITIZE)
    add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all
        -fno-omit-frame-pointer)
    add_link_options(-fsanitize=address,undefined)
endif()
if(ARCHSIM_SANITIZE_THREAD)
    add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
    add_link_options(-fsanitize=thread)
endif()
# libFuzzer: coverage instrumentation and the address and undefined sanitizers on every
# library; the targets in tests/fuzz link the fuzzer's main (scripts/fuzz.sh).
if(ARCHSIM_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        message(FATAL_ERROR "ARCHSIM_FUZZ needs clang (CC=clang CXX=clang++); see scripts/fuzz.sh")
    endif()
    add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
        -fno-omit-frame-pointer)
    add_link_options(-fsanitize=address,undefined)
endif()

# archsim_core_library(NAME ALIAS DEPS...): a display-free core layer whose sources are
# found by glob (so parallel work adds files without touching this list).
function(archsim_core_library name alias)
    file(GLOB_RECURSE _srcs CONFIGURE_DEPENDS
        ${CMAKE_CURRENT_SOURCE_DIR}/src/*.cpp
        ${CMAKE_CURRENT_SOURCE_DIR}/src/*.h
        ${CMAKE_CURRENT_SOURCE_DIR}/include/*.h)
    add_library(${name} STATIC ${_srcs})
    add_library(ArchSim::${alias} ALIAS ${name})
    target_include_directories(${name}
        PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
        PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
    set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
    # Position-independent code must not make every function interposable: that would keep
    # the compiler from inlining the simulator's hot handlers into each other (the libraries
    # are static, nothing interposes them). docs/PERFORMANCE.md, simulator section.
    if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
        target_compile_options(${name} PRIVATE -fno-semantic-interposition)
    endif()
    archsim_set_warnings(${name})
endfunction()

# Fails the configure step if a core layer links Qt Widgets, Gui, Charts or any display library.
function(archsim_assert_headless target)
    get_target_property(_libs ${target} LINK_LIBRARIES)
    foreach(_lib IN LISTS _libs)
        if(_lib MATCHES "Qt6?::(Widgets|Gui|Charts|OpenGL|Svg)")
            message(FATAL_ERROR "${target} must not link ${_lib}: core layers build without a display")
        endif()
    endforeach()
endfunction()
