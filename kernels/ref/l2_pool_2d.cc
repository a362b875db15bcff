// L2_POOL_2D (float32 only, as in LiteRT): each output is
// sqrt(sum x^2 / n) over the n in-image taps of its window (sum in tap
// order), then the fused activation. Window geometry as the other pools
// (QUANTIZATION.md §1.9).
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/activation.h"
#include "kernels/ref/common/padding.h"
#include "kernels/ref/common/unary_op.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

struct L2PoolData {
  PoolParams params;
  int32_t pad_top = 0, pad_left = 0;
  FloatRange range;
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
  L2PoolData* d = context.NewOpData<L2PoolData>();
  if (d == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  d->params = context.params<PoolParams>();
  const PoolParams& p = d->params;
  if (!IsSupportedActivation(p.activation)) {
    return context.Error("fused activation %d is not supported", static_cast<int>(p.activation));
  }
  if (p.padding != Padding::kSame && p.padding != Padding::kValid) {
    return context.Error("padding %d is not supported", static_cast<int>(p.padding));
  }
  const int32_t out_h = WindowOutputSize(p.padding, input.dim(1), p.filter_h, p.stride_h, 1);
  const int32_t out_w = WindowOutputSize(p.padding, input.dim(2), p.filter_w, p.stride_w, 1);
  if (out_h <= 0 || out_w <= 0) {
    return context.Error("a %dx%d window (strides %d, %d) gives no output on a %dx%d input",
                         p.filter_h, p.filter_w, p.stride_h, p.stride_w, input.dim(1),
                         input.dim(2));
  }
  d->pad_top = WindowPaddingBefore(input.dim(1), p.filter_h, p.stride_h, 1, out_h);
  d->pad_left = WindowPaddingBefore(input.dim(2), p.filter_w, p.stride_w, 1, out_w);
  d->range = FloatActivationRange(p.activation);
  return context.ResizeOutput(0, {input.dim(0), out_h, out_w, input.dim(3)});
}

Status Eval(KernelContext& context) {
  const L2PoolData& d = *context.op_data<L2PoolData>();
  const PoolParams& p = d.params;
  const Tensor& input = *context.input(0);
  const Tensor& output = *context.output(0);
  const int32_t in_h = input.dim(1), in_w = input.dim(2), depth = input.dim(3);
  const float* in = input.data_as<float>();
  float* out = context.output(0)->data_as<float>();
  for (int32_t b = 0; b < input.dim(0); ++b) {
    for (int32_t oy = 0; oy < output.dim(1); ++oy) {
      const int32_t y0 = oy * p.stride_h - d.pad_top;
      const int32_t fy_begin = std::max<int32_t>(0, -y0);
      const int32_t fy_end = std::min<int32_t>(p.filter_h, in_h - y0);
      for (int32_t ox = 0; ox < output.dim(2); ++ox) {
        const int32_t x0 = ox * p.stride_w - d.pad_left;
        const int32_t fx_begin = std::max<int32_t>(0, -x0);
        const int32_t fx_end = std::min<int32_t>(p.filter_w, in_w - x0);
        for (int32_t c = 0; c < depth; ++c) {
          float squares = 0.0f;
          int32_t count = 0;
          for (int32_t fy = fy_begin; fy < fy_end; ++fy) {
            for (int32_t fx = fx_begin; fx < fx_end; ++fx) {
              const float v = in[((int64_t{b} * in_h + y0 + fy) * in_w + x0 + fx) * depth + c];
              squares += v * v;
              ++count;
            }
          }
          *out++ = ApplyFloatRange(std::sqrt(squares / static_cast<float>(count)), d.range);
        }
      }
    }
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_L2_POOL_2D() {
  static const OpKernel kernel = {"L2_POOL_2D", Prepare, Eval, internal::ParsePool2DOptions};
  return &kernel;
}

}  // namespace brasa
