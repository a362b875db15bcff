// Shared by the reductions (MEAN, SUM, REDUCE_MAX/MIN/PROD/ANY): resolving
// the constant axes, the output shape, and LiteRT's reference walk over the
// input (reference_ops::Reduce): row-major input order, so float sums and
// products keep LiteRT's order, and "first" marks the element where every
// reduced index is 0 (the one QuantizedReduceProd starts from).
#ifndef BRASA_KERNELS_REF_COMMON_REDUCE_H_
#define BRASA_KERNELS_REF_COMMON_REDUCE_H_

#include <cstdint>

#include "brasa/kernel.h"

namespace brasa {

constexpr int kMaxReduceRank = 8;

struct ReduceGeometry {
  int32_t rank = 0;
  int32_t input_dims[kMaxReduceRank];
  int64_t output_strides[kMaxReduceRank];  // 0 along reduced axes
  bool reduced[kMaxReduceRank];
  int64_t input_count = 0;
  int64_t output_count = 0;
  int64_t reduced_count = 1;  // N, input elements folded into each output
};

// Input 0: the data, input 1: constant int32 axes (negative counts from the
// end, repeats count once: LiteRT's ResolveAxis). Sets the output shape
// (reduced axes dropped, or kept as 1 with keep_dims).
inline Status PrepareReduceGeometry(KernelContext& context, bool keep_dims, ReduceGeometry* g,
                                    Shape* output_shape) {
  if (context.num_inputs() != 2 || context.num_outputs() != 1) {
    return context.Error("expects 2 inputs and 1 output, got %d and %d", context.num_inputs(),
                         context.num_outputs());
  }
  const Tensor* input = context.input(0);
  const Tensor* axes = context.input(1);
  if (input == nullptr || axes == nullptr) return context.Error("an input is missing");
  const int rank = input->rank();
  if (rank > kMaxReduceRank) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "input has rank %d, at most %d supported", rank, kMaxReduceRank);
  }
  if (axes->type != DataType::kInt32) {
    return context.Error("axes must be int32, got %s", DataTypeName(axes->type));
  }
  if (axes->allocation != Allocation::kConstant) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "axes is not a constant tensor (brasa fixes shapes at Prepare)");
  }
  for (int d = 0; d < kMaxReduceRank; ++d) g->reduced[d] = false;
  const int32_t* axis_values = axes->data_as<int32_t>();
  const int64_t num_axes = axes->element_count();
  for (int64_t i = 0; i < num_axes && rank > 0; ++i) {
    const int32_t axis = axis_values[i] < 0 ? axis_values[i] + rank : axis_values[i];
    if (axis < 0 || axis >= rank) {
      return context.Error("axis %d is out of range for rank %d", axis_values[i], rank);
    }
    g->reduced[axis] = true;
  }
  g->rank = rank;
  g->reduced_count = 1;
  int64_t stride = 1;
  for (int d = rank - 1; d >= 0; --d) {
    g->input_dims[d] = input->dim(d);
    g->output_strides[d] = g->reduced[d] ? 0 : stride;
    (g->reduced[d] ? g->reduced_count : stride) *= input->dim(d);
  }
  output_shape->clear();
  for (int d = 0; d < rank; ++d) {
    if (!g->reduced[d] || keep_dims) output_shape->push_back(g->reduced[d] ? 1 : input->dim(d));
  }
  g->input_count = input->element_count();
  g->output_count = stride;
  return Status::Ok();
}

// Calls fold(accumulator[offset of x's output], x, first) for each input x in
// row-major order: one innermost row at a time, then an odometer over the
// outer axes. `first`: every reduced index of x is 0.
template <typename In, typename Acc, typename Fold>
void ReduceInto(const ReduceGeometry& g, const In* input, Acc* accumulator, Fold fold) {
  const int last = g.rank - 1;  // rank 0: one element, one output
  const int64_t row = g.rank > 0 ? g.input_dims[last] : 1;
  const int64_t step = g.rank > 0 ? g.output_strides[last] : 0;  // 0: the row is reduced
  int32_t index[kMaxReduceRank] = {};
  int nonzero_reduced = 0;  // outer reduced axes whose index is not 0
  int64_t output_offset = 0;
  for (int64_t i = 0; i < g.input_count; i += row) {
    Acc* target = accumulator + output_offset;
    const In* source = input + i;
    const bool outer_first = nonzero_reduced == 0;
    if (step == 1) {  // the common case (channels kept): a loop the compiler vectorizes
      for (int64_t j = 0; j < row; ++j) fold(target[j], source[j], outer_first);
    } else {
      for (int64_t j = 0; j < row; ++j) {
        fold(target[j * step], source[j], outer_first && (step != 0 || j == 0));
      }
    }
    for (int dim = last - 1; dim >= 0; --dim) {
      if (++index[dim] < g.input_dims[dim]) {
        output_offset += g.output_strides[dim];
        if (g.reduced[dim] && index[dim] == 1) ++nonzero_reduced;
        break;
      }
      output_offset -= g.output_strides[dim] * (g.input_dims[dim] - 1);
      if (g.reduced[dim] && index[dim] > 1) --nonzero_reduced;
      index[dim] = 0;
    }
  }
}

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_REDUCE_H_
