# Shared by the Arm Linux toolchain files: Debian's cross compilers, target
# libraries from /usr/<triple>, host programs (flatc) from the build machine.
set(CMAKE_C_COMPILER ${BRASA_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${BRASA_CROSS_TRIPLE}-g++)
set(CMAKE_FIND_ROOT_PATH /usr/${BRASA_CROSS_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
# Libraries must be the target's; headers may come from the host's
# architecture-independent packages (flatbuffers, eigen: header-only use).
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)
# GoogleTest is built from Debian's googletest source package with the cross
# compiler (the host's libgtest is x86-64).
set(BRASA_GTEST_FROM_SOURCE /usr/src/googletest CACHE PATH "GoogleTest sources")
# flatbuffers: the host's package gives flatc (run at build time) and the
# headers brasa uses (its reader and verifier are header-only).
execute_process(COMMAND gcc -dumpmachine OUTPUT_VARIABLE BRASA_HOST_TRIPLE
                OUTPUT_STRIP_TRAILING_WHITESPACE)
set(FlatBuffers_DIR /usr/lib/${BRASA_HOST_TRIPLE}/cmake/flatbuffers CACHE PATH "")
