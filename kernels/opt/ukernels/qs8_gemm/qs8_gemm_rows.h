// The entry point of a qs8_gemm variant whose body is a template over the
// row count (GemmRows<R>, so each count gets fully unrolled code): a switch
// from the run-time `rows` to the instantiations 1..MR.
#ifndef BRASA_KERNELS_OPT_UKERNELS_QS8_GEMM_QS8_GEMM_ROWS_H_
#define BRASA_KERNELS_OPT_UKERNELS_QS8_GEMM_QS8_GEMM_ROWS_H_

#define BRASA_QS8_GEMM_ROWS_CASE(R)                                                     \
  case R:                                                                               \
    GemmRows<R>(columns, depth, a, a_stride, packed, c, c_stride, row_offsets, params); \
    break;

#define BRASA_QS8_GEMM_ROWS_UP_TO_4 \
  BRASA_QS8_GEMM_ROWS_CASE(1)       \
  BRASA_QS8_GEMM_ROWS_CASE(2)       \
  BRASA_QS8_GEMM_ROWS_CASE(3)       \
  BRASA_QS8_GEMM_ROWS_CASE(4)

#define BRASA_QS8_GEMM_ROWS_5_TO_8 \
  BRASA_QS8_GEMM_ROWS_CASE(5)      \
  BRASA_QS8_GEMM_ROWS_CASE(6)      \
  BRASA_QS8_GEMM_ROWS_CASE(7)      \
  BRASA_QS8_GEMM_ROWS_CASE(8)

#endif  // BRASA_KERNELS_OPT_UKERNELS_QS8_GEMM_QS8_GEMM_ROWS_H_
