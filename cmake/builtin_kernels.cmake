# Generates brasa/builtin_kernels.h from kernels/ops.def: one public
# declaration `const OpKernel* Register_<OP>();` per builtin kernel.
file(STRINGS "${CMAKE_CURRENT_SOURCE_DIR}/kernels/ops.def" BRASA_OPS_LINES REGEX "^BRASA_OP\\(")
set(BRASA_KERNEL_DECLARATIONS "")
foreach(line IN LISTS BRASA_OPS_LINES)
  string(REGEX REPLACE "^BRASA_OP\\(([A-Z0-9_]+), *([0-9]+)\\).*" "\\1;\\2" op "${line}")
  list(GET op 0 op_name)
  list(GET op 1 op_code)
  string(APPEND BRASA_KERNEL_DECLARATIONS
         "BRASA_API const OpKernel* Register_${op_name}();  // builtin ${op_code}\n")
endforeach()
configure_file("${CMAKE_CURRENT_SOURCE_DIR}/cmake/builtin_kernels.h.in"
               "${BRASA_GENERATED_DIR}/include/brasa/builtin_kernels.h" @ONLY)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             "${CMAKE_CURRENT_SOURCE_DIR}/kernels/ops.def")
