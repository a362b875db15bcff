// What every optimized kernel's Prepare shares: the reference Prepare runs
// first (validation, shapes and quantization parameters stay in one place),
// then the optimized part decides whether a micro-kernel applies.
#ifndef BRASA_KERNELS_OPT_OPT_PREPARE_H_
#define BRASA_KERNELS_OPT_OPT_PREPARE_H_

#include "brasa/kernel.h"
#include "brasa/tensor.h"
#include "kernels/ref/common/conv_common.h"

namespace brasa {

// Allocates OptData (which extends the reference op data RefData), runs
// the reference Prepare on it, then `optimized` unless the interpreter asked
// for the reference kernels. `optimized` leaves its micro-kernel unset (so
// Eval falls back to the reference Eval) where none applies.
template <typename OptData, typename RefData>
Status PrepareOptimized(KernelContext& context, Status (*reference)(KernelContext&, RefData*),
                        Status (*optimized)(KernelContext&, OptData*)) {
  OptData* data = context.NewOpData<OptData>();
  if (data == nullptr) return OutOfMemory(context);
  BRASA_RETURN_IF_ERROR(reference(context, data));
  if (context.use_reference_kernels()) return Status::Ok();
  return optimized(context, data);
}

// Optimized kernels pack weights at Prepare, so they need the filter and
// bias as constants. A model may legally feed them from other ops (or a
// corrupted one may point them anywhere): those nodes run the reference
// kernel, which reads them at Eval.
// DENSIFY's output counts too: pruned weights the converter stores sparse
// are expanded by DENSIFY's Prepare, which runs first, into persistent
// memory that nothing writes again (variables, the only other persistent
// tensors, are excluded).
inline bool IsConstantData(const Tensor& tensor) {
  return tensor.data != nullptr &&
         (tensor.allocation == Allocation::kConstant ||
          (tensor.allocation == Allocation::kPersistent && !tensor.is_variable));
}

inline bool HasConstantWeights(const WeightedOpTensors& tensors) {
  return IsConstantData(*tensors.filter) &&
         (tensors.bias == nullptr || IsConstantData(*tensors.bias));
}

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_OPT_PREPARE_H_
