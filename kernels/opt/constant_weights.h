// Optimized kernels pack weights at Prepare, so they need the filter and
// bias as constants. A model may legally feed them from other ops (or a
// corrupted one may point them anywhere): those nodes run the reference
// kernel, which reads them at Eval.
#ifndef BRASA_KERNELS_OPT_CONSTANT_WEIGHTS_H_
#define BRASA_KERNELS_OPT_CONSTANT_WEIGHTS_H_

#include "brasa/tensor.h"
#include "kernels/ref/common/conv_common.h"

namespace brasa {

inline bool IsConstantData(const Tensor& tensor) {
  return tensor.allocation == Allocation::kConstant && tensor.data != nullptr;
}

inline bool HasConstantWeights(const WeightedOpTensors& tensors) {
  return IsConstantData(*tensors.filter) &&
         (tensors.bias == nullptr || IsConstantData(*tensors.bias));
}

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_CONSTANT_WEIGHTS_H_
