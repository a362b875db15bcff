// Sparse FULLY_CONNECTED: C = A W^T with A the [batches][depth] input and
// W the pruned [units][depth] weights. float32 runs sparse_f32_plan (spmv
// for a few batch rows, spmm for many), int8 sparse_s8_plan (1x4 blocks).
#include "kernels/opt/opt_prepare.h"
#include "kernels/opt/sparse_hooks.h"
#include "kernels/ref/fully_connected.h"

namespace brasa {
namespace {

// float32 (or int8) input, constant [units][depth] weights of the same type
// and a constant bias: checked
// before the reference Prepare, so every other node goes straight to the
// dense kernel.
bool MaybeSparse(KernelContext& context) {
  if (context.num_inputs() < 2 || context.num_inputs() > 3 || context.num_outputs() != 1) {
    return false;
  }
  const Tensor* input = context.input(0);
  const Tensor* filter = context.input(1);
  const Tensor* bias = context.num_inputs() == 3 ? context.input(2) : nullptr;
  if (input == nullptr || filter == nullptr || filter->rank() != 2 || !IsConstantData(*filter) ||
      (bias != nullptr && !IsConstantData(*bias))) {
    return false;
  }
  if (input->type == DataType::kInt8) {  // the rest is checked by PrepareSparseS8Plan
    return filter->type == DataType::kInt8;
  }
  return input->type == DataType::kFloat32 && filter->type == DataType::kFloat32 &&
         (bias == nullptr || bias->type == DataType::kFloat32);
}

}  // namespace

Status PrepareSparseFullyConnectedOr(KernelContext& context, KernelPhase dense_prepare) {
  SparseOpData* data = context.NewOpData<SparseOpData>();
  if (data == nullptr) return OutOfMemory(context);
  if (context.use_reference_kernels() || !MaybeSparse(context)) {
    return internal::PrepareDenseUnder(context, data, dense_prepare);
  }
  // Validation, output shape and batches; float32 allocates nothing, int8
  // its E[c] (a few bytes per unit, unused when the dense kernel runs).
  FullyConnectedData reference;
  BRASA_RETURN_IF_ERROR(PrepareFullyConnectedReference(context, &reference));
  const Tensor& filter = *context.input(1);
  const Tensor* bias = context.num_inputs() == 3 ? context.input(2) : nullptr;
  if (filter.type == DataType::kInt8) {
    // The reference Prepare allocated E[c] (output_scales) in persistent
    // memory: the sparse plan keeps using it.
    BRASA_RETURN_IF_ERROR(PrepareSparseS8Plan(context, reference, &data->s8));
    if (data->s8.variant != nullptr) {
      context.ReleaseConstantInput(1);
      return Status::Ok();
    }
    return internal::PrepareDenseUnder(context, data, dense_prepare);
  }
  BRASA_RETURN_IF_ERROR(PrepareSparseF32Plan(
      context, filter.data_as<float>(), bias != nullptr ? bias->data_as<float>() : nullptr,
      filter.dim(0), filter.dim(1), reference.batches, reference.float_range, &data->plan));
  if (data->plan.variant != nullptr) {
    // The packed weights replace DENSIFY's expanded ones (when nothing else
    // reads them).
    context.ReleaseConstantInput(1);
    return Status::Ok();
  }
  return internal::PrepareDenseUnder(context, data, dense_prepare);
}

}  // namespace brasa
