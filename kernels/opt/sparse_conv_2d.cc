// Sparse float32 1x1 CONV_2D: a pruned pointwise convolution is C = A W^T
// with A the input pixels ([pixels][in], NHWC) and W the [out][in] filter,
// so it runs sparse_f32_plan's spmm over the pixels. The shared wrapper
// Eval (EvalSparseOr) lives here too.
#include "kernels/opt/opt_prepare.h"
#include "kernels/opt/sparse_hooks.h"
#include "kernels/ref/conv_2d.h"

namespace brasa {
namespace {

// A float32 1x1 filter with constant weights: checked before the reference
// Prepare runs, so that every other node goes straight to the dense kernel.
bool MaybeSparsePointwise(KernelContext& context) {
  if (context.num_inputs() < 2 || context.num_inputs() > 3 || context.num_outputs() != 1) {
    return false;
  }
  const Tensor* input = context.input(0);
  const Tensor* filter = context.input(1);
  const Tensor* bias = context.num_inputs() == 3 ? context.input(2) : nullptr;
  return input != nullptr && filter != nullptr && input->type == DataType::kFloat32 &&
         input->rank() == 4 && filter->type == DataType::kFloat32 && filter->rank() == 4 &&
         filter->dim(1) == 1 && filter->dim(2) == 1 && filter->dim(3) == input->dim(3) &&
         IsConstantData(*filter) &&
         (bias == nullptr || (bias->type == DataType::kFloat32 && IsConstantData(*bias)));
}

}  // namespace

namespace internal {

Status PrepareDenseUnder(KernelContext& context, SparseOpData* data, KernelPhase dense_prepare) {
  BRASA_RETURN_IF_ERROR(dense_prepare(context));
  data->dense = context.raw_op_data();
  context.set_op_data(data);
  return Status::Ok();
}

}  // namespace internal

Status PrepareSparseConv2dOr(KernelContext& context, KernelPhase dense_prepare) {
  SparseOpData* data = context.NewOpData<SparseOpData>();
  if (data == nullptr) return OutOfMemory(context);
  if (context.use_reference_kernels() || !MaybeSparsePointwise(context)) {
    return internal::PrepareDenseUnder(context, data, dense_prepare);
  }
  const Tensor& filter = *context.input(1);
  const int32_t out_channels = filter.dim(0), depth = filter.dim(3);
  const int64_t rows = int64_t{context.input(0)->dim(0)} * context.input(0)->dim(1) *
                       context.input(0)->dim(2);
  // The reference Prepare validates the node and computes the window; its
  // float32 path requests no scratch, so running it again under the dense
  // Prepare (when the geometry is not pointwise) costs nothing.
  ConvData conv;
  BRASA_RETURN_IF_ERROR(PrepareConv2dReference(context, &conv));
  const WindowGeometry& w = conv.window;
  const bool pointwise = conv.filters_per_group == out_channels && w.stride_h == 1 &&
                         w.stride_w == 1 && w.pad_top == 0 && w.pad_left == 0 &&
                         w.out_h == context.input(0)->dim(1) &&
                         w.out_w == context.input(0)->dim(2) && rows <= INT32_MAX;
  if (pointwise) {
    const Tensor* bias = context.num_inputs() == 3 ? context.input(2) : nullptr;
    BRASA_RETURN_IF_ERROR(PrepareSparseF32Plan(
        context, filter.data_as<float>(), bias != nullptr ? bias->data_as<float>() : nullptr,
        out_channels, depth, static_cast<int32_t>(rows), conv.float_range, &data->plan));
    if (data->plan.variant != nullptr) {
      // The packed weights replace DENSIFY's expanded ones (when nothing else
      // reads them).
      context.ReleaseConstantInput(1);
      return Status::Ok();
    }
  }
  return internal::PrepareDenseUnder(context, data, dense_prepare);
}

Status EvalSparseOr(KernelContext& context, KernelPhase dense_eval) {
  SparseOpData* data = context.op_data<SparseOpData>();
  if (data->dense != nullptr) {
    context.set_op_data(data->dense);
    const Status status = dense_eval(context);
    context.set_op_data(data);
    return status;
  }
  if (data->s8.variant != nullptr) {
    RunSparseS8Plan(context, data->s8, context.input(0)->data_as<int8_t>(),
                    context.output(0)->data_as<int8_t>());
  } else {
    RunSparseF32Plan(context, data->plan, context.input(0)->data_as<float>(),
                     context.output(0)->data_as<float>());
  }
  return Status::Ok();
}

}  // namespace brasa
