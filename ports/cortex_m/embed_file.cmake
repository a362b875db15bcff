# cmake -DINPUT=<file> -DOUTPUT=<file.cc> -DSYMBOL=<name> [-DNPY=ON] -P embed_file.cmake
#
# Writes a C++ source defining `const unsigned char SYMBOL[]` (16-byte aligned:
# Model::FromBuffer reads model bytes in place) and `SYMBOL_size`. With NPY,
# the .npy header is dropped and only the array's raw bytes are embedded.
file(READ "${INPUT}" hex HEX)
if(NPY)
  # .npy: "\x93NUMPY", major, minor, header length (uint16 little-endian, v1).
  string(SUBSTRING "${hex}" 0 12 magic)
  string(SUBSTRING "${hex}" 12 2 major)
  if(NOT magic STREQUAL "934e554d5059" OR NOT major STREQUAL "01")
    message(FATAL_ERROR "${INPUT}: not a version 1 .npy file")
  endif()
  string(SUBSTRING "${hex}" 16 2 length_low)
  string(SUBSTRING "${hex}" 18 2 length_high)
  math(EXPR header_bytes "10 + 0x${length_high}${length_low}")
  math(EXPR header_digits "2 * ${header_bytes}")
  string(SUBSTRING "${hex}" ${header_digits} -1 hex)
endif()
string(LENGTH "${hex}" digits)
math(EXPR size "${digits} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x..,){24})" "\\1\n" bytes "${bytes}")
file(WRITE "${OUTPUT}"
  "// Generated from ${INPUT} by ports/cortex_m/embed_file.cmake: do not edit.\n"
  "extern \"C\" alignas(16) const unsigned char ${SYMBOL}[] = {\n${bytes}\n};\n"
  "extern \"C\" const unsigned int ${SYMBOL}_size = ${size};\n")
