// Sparse float32 FULLY_CONNECTED: C = A W^T with A the [batches][depth]
// input and W the pruned [units][depth] weights, run by sparse_f32_plan
// (spmv for a few batch rows, spmm for many).
#include "kernels/opt/opt_prepare.h"
#include "kernels/opt/sparse_hooks.h"
#include "kernels/ref/fully_connected.h"

namespace brasa {
namespace {

// float32 input, constant float32 [units][depth] weights and bias: checked
// before the reference Prepare, so every other node goes straight to the
// dense kernel.
bool MaybeSparse(KernelContext& context) {
  if (context.num_inputs() < 2 || context.num_inputs() > 3 || context.num_outputs() != 1) {
    return false;
  }
  const Tensor* input = context.input(0);
  const Tensor* filter = context.input(1);
  const Tensor* bias = context.num_inputs() == 3 ? context.input(2) : nullptr;
  return input != nullptr && filter != nullptr && input->type == DataType::kFloat32 &&
         filter->type == DataType::kFloat32 && filter->rank() == 2 &&
         IsConstantData(*filter) &&
         (bias == nullptr || (bias->type == DataType::kFloat32 && IsConstantData(*bias)));
}

}  // namespace

Status PrepareSparseFullyConnectedOr(KernelContext& context, KernelPhase dense_prepare) {
  SparseOpData* data = context.NewOpData<SparseOpData>();
  if (data == nullptr) return OutOfMemory(context);
  if (context.use_reference_kernels() || !MaybeSparse(context)) {
    return internal::PrepareDenseUnder(context, data, dense_prepare);
  }
  // Validation, output shape and batches; float32 allocates nothing.
  FullyConnectedData reference;
  BRASA_RETURN_IF_ERROR(PrepareFullyConnectedReference(context, &reference));
  const Tensor& filter = *context.input(1);
  const Tensor* bias = context.num_inputs() == 3 ? context.input(2) : nullptr;
  BRASA_RETURN_IF_ERROR(PrepareSparseF32Plan(
      context, filter.data_as<float>(), bias != nullptr ? bias->data_as<float>() : nullptr,
      filter.dim(0), filter.dim(1), reference.batches, reference.float_range, &data->plan));
  if (data->plan.variant != nullptr) return Status::Ok();
  return internal::PrepareDenseUnder(context, data, dense_prepare);
}

}  // namespace brasa
