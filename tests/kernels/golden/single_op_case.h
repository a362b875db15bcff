// One LiteRT-computed case of a single operator, as written by
// tests/kernels/golden/single_op_model.py (pooling, binary and activation
// case headers in this directory).
#ifndef BRASA_TESTS_KERNELS_GOLDEN_SINGLE_OP_CASE_H_
#define BRASA_TESTS_KERNELS_GOLDEN_SINGLE_OP_CASE_H_

#include <cstdint>
#include <vector>

#include "brasa/tensor.h"

namespace brasa {
namespace single_op_golden {

struct SingleOpTensor {
  DataType type;
  std::vector<int32_t> shape;
  float scale;  // 0: not quantized (per-tensor quantization only)
  int32_t zero_point;
  std::vector<double> values;  // exact for every stored type, float32 included
};

struct SingleOpCase {
  const char* name;
  const char* op;        // TensorFlow Lite builtin name
  int activation;        // fused activation (ADD, SUB, MUL, pools)
  bool pot_scale_int16;  // ADD, SUB
  int pool[5];           // padding (0 SAME, 1 VALID), filter_h, filter_w, stride_h, stride_w
  float beta;            // SOFTMAX
  std::vector<SingleOpTensor> inputs;
  SingleOpTensor output;
};

}  // namespace single_op_golden
}  // namespace brasa

#endif  // BRASA_TESTS_KERNELS_GOLDEN_SINGLE_OP_CASE_H_
