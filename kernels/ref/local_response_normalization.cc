// LOCAL_RESPONSE_NORMALIZATION (float32, 4-D) as LiteRT's reference: along
// the last dimension, y_c = x_c * pow(bias + alpha * sum x_k^2, -beta) over
// k in [max(0, c - radius), min(depth, c + radius)), the sum in order and in
// float (LiteRT's window ends before c + radius).
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/unary_op.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

struct LrnData {
  LocalResponseNormParams params;
  int64_t outer = 0;
  int32_t depth = 0;
};

Status Prepare(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckOneInputOneOutput(context));
  if (context.raw_params() == nullptr) return context.Error("missing options");
  const Tensor& input = *context.input(0);
  if (input.type != DataType::kFloat32 || context.output(0)->type != DataType::kFloat32) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "types %s -> %s are not supported (float32 only)",
                                 DataTypeName(input.type), DataTypeName(context.output(0)->type));
  }
  if (input.rank() != 4) return context.Error("input must be 4-D, has rank %d", input.rank());
  LrnData* data = context.NewOpData<LrnData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  data->params = context.params<LocalResponseNormParams>();
  data->depth = input.dim(3);
  data->outer = data->depth > 0 ? input.element_count() / data->depth : 0;
  return context.ResizeOutput(0, input.shape);
}

Status Eval(KernelContext& context) {
  const LrnData& d = *context.op_data<LrnData>();
  const LocalResponseNormParams& p = d.params;
  const float* in = context.input(0)->data_as<float>();
  float* out = context.output(0)->data_as<float>();
  for (int64_t i = 0; i < d.outer; ++i, in += d.depth, out += d.depth) {
    for (int32_t c = 0; c < d.depth; ++c) {
      const int64_t begin = std::max<int64_t>(0, int64_t{c} - p.radius);
      const int64_t end = std::min<int64_t>(d.depth, int64_t{c} + p.radius);
      float sum = 0.0f;
      for (int64_t k = begin; k < end; ++k) sum += in[k] * in[k];
      out[c] = in[c] * std::pow(p.bias + p.alpha * sum, -p.beta);
    }
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_LOCAL_RESPONSE_NORMALIZATION() {
  static const OpKernel kernel = {"LOCAL_RESPONSE_NORMALIZATION", Prepare, Eval,
                                  internal::ParseLocalResponseNormalizationOptions};
  return &kernel;
}

}  // namespace brasa
