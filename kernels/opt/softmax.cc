// Optimized SOFTMAX.
// - float32: a SIMD row kernel (f32_softmax: its own exp polynomial, sums
//   in vector lanes), within float32's 1e-5 of the reference, for beta > 0.
// - 8-bit inputs (int8 -> int8, uint8 -> uint8, int8 -> int16) over rows of
//   at least 256 elements, where the reference computes two fixed-point
//   expressions per element. An 8-bit element's difference from its row's
//   maximum takes one of 256 values, so per call the sum terms of those 256
//   differences, and per row their 256 outputs, are computed once with the
//   reference's own functions (kernels/ref/softmax.h), as far as the row's
//   values spread; each element is then two table lookups. The row sum adds
//   with int32 wrap-around, as the reference's: the same value in any order.
// int16, short 8-bit rows and anything else run the reference kernel.
#include <algorithm>
#include <cstdint>
#include <limits>

#include "brasa/kernel.h"
#include "kernels/opt/ukernels/f32_softmax/f32_softmax.h"
#include "kernels/ref/softmax.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

// Differences an 8-bit row can have from its maximum: 0..255.
constexpr int32_t kDifferences = 256;

template <typename InT, typename OutT>
void SoftmaxByTables(const SoftmaxOpData& data, const InT* in, OutT* out, int64_t rows,
                     int32_t depth) {
  const int32_t out_min = std::numeric_limits<OutT>::min();
  const int32_t out_max = std::numeric_limits<OutT>::max();
  // Filled as far as the rows' differences reach (`known` entries).
  uint32_t sum_terms[kDifferences];
  int32_t known = 0;
  OutT outputs[kDifferences];
  for (int64_t r = 0; r < rows; ++r, in += depth, out += depth) {
    int32_t max = std::numeric_limits<InT>::min(), min = std::numeric_limits<InT>::max();
    for (int32_t c = 0; c < depth; ++c) {
      max = std::max<int32_t>(max, in[c]);
      min = std::min<int32_t>(min, in[c]);
    }
    const int32_t differences = max - min + 1;
    for (; known < differences; ++known) {
      sum_terms[known] = static_cast<uint32_t>(SoftmaxSumTerm(data, -known));
    }
    uint32_t sum = 0;  // wraps as the reference's fixed_point::Add
    for (int32_t c = 0; c < depth; ++c) sum += sum_terms[max - in[c]];
    const SoftmaxRowScale scale =
        SoftmaxRowScaleOf(static_cast<int32_t>(sum), 8 * static_cast<int>(sizeof(OutT)));
    for (int32_t d = 0; d < differences; ++d) {
      outputs[d] = static_cast<OutT>(SoftmaxOutput(data, scale, -d, out_min, out_max));
    }
    for (int32_t c = 0; c < depth; ++c) out[c] = outputs[max - in[c]];
  }
}

// Every row through the f32_softmax variant; false when none applies (the
// scalar level, or a beta the exp's range does not cover).
bool SoftmaxFloatRows(KernelContext& context, const SoftmaxOpData& data, const Tensor& input,
                      Tensor& output, int32_t depth) {
  // Selected here rather than at Prepare (the reference's): a scan of three
  // table rows, no allocation.
  const F32SoftmaxVariant* variant = SelectSimdUkernel(F32SoftmaxTable(), context.isa());
  if (variant == nullptr || !(data.beta > 0.0f) || depth <= 0) return false;
  const int64_t rows = input.element_count() / depth;
  const float* in = input.data_as<float>();
  float* out = output.data_as<float>();
  for (int64_t r = 0; r < rows; ++r, in += depth, out += depth) {
    variant->fn(in, out, depth, data.beta);
  }
  return true;
}

Status Eval(KernelContext& context) {
  const SoftmaxOpData& data = *context.op_data<SoftmaxOpData>();
  const Tensor& input = *context.input(0);
  Tensor& output = *context.output(0);
  const int32_t depth = input.rank() > 0 ? input.shape.back() : 0;
  if (!context.use_reference_kernels() && input.type == DataType::kFloat32 &&
      output.type == DataType::kFloat32 && SoftmaxFloatRows(context, data, input, output, depth)) {
    return Status::Ok();
  }
  // Below 256 elements a row costs less than its table of outputs.
  if (context.use_reference_kernels() || depth < kDifferences ||
      data.exp_of_difference == nullptr) {
    return EvalSoftmaxReference(context);
  }
  const int64_t rows = input.element_count() / depth;
  if (input.type == DataType::kInt8 && output.type == DataType::kInt8) {
    SoftmaxByTables(data, input.data_as<int8_t>(), output.data_as<int8_t>(), rows, depth);
  } else if (input.type == DataType::kInt8 && output.type == DataType::kInt16) {
    SoftmaxByTables(data, input.data_as<int8_t>(), output.data_as<int16_t>(), rows, depth);
  } else if (input.type == DataType::kUInt8 && output.type == DataType::kUInt8) {
    SoftmaxByTables(data, input.data_as<uint8_t>(), output.data_as<uint8_t>(), rows, depth);
  } else {
    return EvalSoftmaxReference(context);
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_SOFTMAX_OPT() {
  static const OpKernel kernel = {"SOFTMAX", PrepareSoftmaxReference, Eval,
                                  internal::ParseSoftmaxOptions};
  return &kernel;
}

}  // namespace brasa
