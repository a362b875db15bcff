// AVERAGE_POOL_2D and MAX_POOL_2D over NHWC tensors: float32, int8, uint8,
// int16 (QUANTIZATION.md §2.6, LiteRT's pooling.cc and reference pooling.h).
// The window is clipped to the image: padding taps are skipped, never
// counted. Quantized pooling works on raw values, so input and output must
// share their quantization. The _INT8 registrations run int8 only (no other
// type's loops in a microcontroller image).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/activation.h"
#include "kernels/ref/common/padding.h"
#include "kernels/ref/common/quant_math.h"
#include "kernels/ref/common/unary_op.h"
#include "kernels/ref/pooling.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

enum class PoolKind { kAverage, kMax };

// Every output position along one axis must see at least one in-image tap.
// Windows start further right as o grows, so the first window is the one
// that may end before the image and the last the one that may start after
// it: two checks, not one per position (a hostile width made this loop run
// for seconds in Prepare).
bool EveryWindowTouchesImage(int32_t input, int32_t filter, int32_t stride, int32_t pad,
                             int32_t output) {
  if (output <= 0) return true;
  const int64_t first_start = -int64_t{pad};
  const int64_t last_start = int64_t{output - 1} * stride - pad;
  return first_start + filter > 0 && last_start < input;
}

template <typename T>
Status PrepareQuantized(KernelContext& context, const Tensor& input, const Tensor& output,
                        const PoolParams& params, PoolData* data) {
  const Quantization& qi = input.quantization;
  const Quantization& qo = output.quantization;
  if (!qi.is_quantized() || !qo.is_quantized()) {
    return context.Error("%s input and output must be quantized", DataTypeName(input.type));
  }
  // Raw values pass through unchanged (LiteRT only DCHECKs this).
  if (qi.zero_point() != qo.zero_point() ||
      std::fabs(qi.scale() - qo.scale()) > 1e-6f * qo.scale()) {
    return context.Error("input quantization (scale %g, zero point %d) differs from the "
                         "output's (scale %g, zero point %d)",
                         qi.scale(), qi.zero_point(), qo.scale(), qo.zero_point());
  }
  if (input.type == DataType::kInt16 && qi.zero_point() != 0) {
    return context.Error("int16 zero point must be 0, got %d", qi.zero_point());
  }
  // The int32 window sum must not overflow.
  const int64_t taps = static_cast<int64_t>(std::min(params.filter_h, input.dim(1))) *
                       std::min(params.filter_w, input.dim(2));
  if (taps * (int64_t{TypeMax<T>()} - TypeMin<T>()) > std::numeric_limits<int32_t>::max()) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "window of %lld taps is too large",
                                 static_cast<long long>(taps));
  }
  data->range = QuantizedActivationRange<T>(params.activation, qo.scale(), qo.zero_point());
  return Status::Ok();
}

// kInt8Only: the _INT8 registrations' Prepare, which refuses other types.
template <bool kInt8Only>
Status Prepare(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckOneInputOneOutput(context));
  const Tensor* input = context.input(0);
  const Tensor& output = *context.output(0);
  if (kInt8Only && input->type != DataType::kInt8) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "%s input: this kernel (Register_%s_INT8) runs int8 only; "
                                 "register Register_%s for other types",
                                 DataTypeName(input->type), context.op_name(), context.op_name());
  }
  if (context.raw_params() == nullptr) return context.Error("pool options are missing");
  const PoolParams& params = context.params<PoolParams>();
  if (input->rank() != 4) return context.Error("input must be 4-D NHWC, got rank %d", input->rank());
  if (output.type != input->type) {
    return context.Error("output type %s differs from input type %s", DataTypeName(output.type),
                         DataTypeName(input->type));
  }
  if (params.filter_h <= 0 || params.filter_w <= 0 || params.stride_h <= 0 ||
      params.stride_w <= 0) {
    return context.Error("filter %dx%d and stride %dx%d must be positive", params.filter_h,
                         params.filter_w, params.stride_h, params.stride_w);
  }
  if (!IsSupportedActivation(params.activation)) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "fused activation %d is not supported",
                                 static_cast<int>(params.activation));
  }
  const int32_t in_h = input->dim(1), in_w = input->dim(2);
  const int32_t out_h = WindowOutputSize(params.padding, in_h, params.filter_h, params.stride_h, 1);
  const int32_t out_w = WindowOutputSize(params.padding, in_w, params.filter_w, params.stride_w, 1);
  if (out_h == 0 || out_w == 0) {
    return context.Error("%dx%d window does not fit the %dx%d input", params.filter_h,
                         params.filter_w, in_h, in_w);
  }
  PoolData* data = context.NewOpData<PoolData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory for op data");
  }
  data->pad_h = WindowPaddingBefore(in_h, params.filter_h, params.stride_h, 1, out_h);
  data->pad_w = WindowPaddingBefore(in_w, params.filter_w, params.stride_w, 1, out_w);
  if (!EveryWindowTouchesImage(in_h, params.filter_h, params.stride_h, data->pad_h, out_h) ||
      !EveryWindowTouchesImage(in_w, params.filter_w, params.stride_w, data->pad_w, out_w)) {
    return context.Error("a pooling window lies entirely in the padding");
  }
  Status status;
  if (kInt8Only) {  // checked above
    status = PrepareQuantized<int8_t>(context, *input, output, params, data);
    if (!status.ok()) return status;
    return context.ResizeOutput(0, {input->dim(0), out_h, out_w, input->dim(3)});
  }
  switch (input->type) {
    case DataType::kFloat32: data->float_range = FloatActivationRange(params.activation); break;
    case DataType::kInt8: status = PrepareQuantized<int8_t>(context, *input, output, params, data); break;
    case DataType::kUInt8: status = PrepareQuantized<uint8_t>(context, *input, output, params, data); break;
    case DataType::kInt16: status = PrepareQuantized<int16_t>(context, *input, output, params, data); break;
    default:
      return context.ErrorWithCode(StatusCode::kUnsupported, "type %s is not supported",
                                   DataTypeName(input->type));
  }
  if (!status.ok()) return status;
  return context.ResizeOutput(0, {input->dim(0), out_h, out_w, input->dim(3)});
}

// The pooled value of one window: `acc` is the window sum (average) or
// maximum (max), `count` the number of in-image taps.
template <PoolKind kKind, typename T, typename Acc>
T FinishWindow(Acc acc, int32_t count, const PoolData& data) {
  if constexpr (std::is_same<T, float>::value) {
    const float value = kKind == PoolKind::kMax ? acc : acc / static_cast<float>(count);
    return ApplyFloatRange(value, data.float_range);
  } else {
    int32_t value = acc;
    if (kKind == PoolKind::kAverage) {
      // uint8 rounds half up; int8/int16 round half away from zero (§2.6).
      if (std::is_same<T, uint8_t>::value || value > 0) {
        value = (value + count / 2) / count;
      } else {
        value = (value - count / 2) / count;
      }
    }
    return static_cast<T>(std::min(std::max(value, data.range.min), data.range.max));
  }
}

// Never inlined: inlined into the int8-only Eval (its only caller there) it
// ran more instructions per Invoke on a Cortex-M4.
template <PoolKind kKind, typename T>
#if defined(__GNUC__)
__attribute__((noinline))
#endif
void Pool(const Tensor& input, Tensor& output, const PoolParams& params, const PoolData& data) {
  using Acc = typename std::conditional<std::is_same<T, float>::value, float, int32_t>::type;
  const int32_t in_h = input.dim(1), in_w = input.dim(2), channels = input.dim(3);
  const int32_t out_h = output.dim(1), out_w = output.dim(2);
  const T* in = input.data_as<T>();
  T* out = output.data_as<T>();
  for (int32_t b = 0; b < input.dim(0); ++b) {
    for (int32_t oy = 0; oy < out_h; ++oy) {
      const int32_t y0 = oy * params.stride_h - data.pad_h;
      const int32_t fy_begin = std::max<int32_t>(0, -y0);
      const int32_t fy_end = std::min<int32_t>(params.filter_h, in_h - y0);
      for (int32_t ox = 0; ox < out_w; ++ox) {
        const int32_t x0 = ox * params.stride_w - data.pad_w;
        const int32_t fx_begin = std::max<int32_t>(0, -x0);
        const int32_t fx_end = std::min<int32_t>(params.filter_w, in_w - x0);
        for (int32_t c = 0; c < channels; ++c) {
          Acc acc = kKind == PoolKind::kMax ? std::numeric_limits<T>::lowest() : 0;
          int32_t count = 0;
          for (int32_t fy = fy_begin; fy < fy_end; ++fy) {
            for (int32_t fx = fx_begin; fx < fx_end; ++fx) {
              const int64_t index =
                  ((static_cast<int64_t>(b) * in_h + y0 + fy) * in_w + x0 + fx) * channels + c;
              if (kKind == PoolKind::kMax) {
                acc = std::max<Acc>(acc, in[index]);
              } else {
                acc += in[index];
              }
              ++count;
            }
          }
          const int64_t out_index = ((static_cast<int64_t>(b) * out_h + oy) * out_w + ox) * channels + c;
          out[out_index] = FinishWindow<kKind, T>(acc, count, data);
        }
      }
    }
  }
}

template <PoolKind kKind, bool kInt8Only = false>
Status Eval(KernelContext& context) {
  const Tensor& input = *context.input(0);
  Tensor& output = *context.output(0);
  const PoolParams& params = context.params<PoolParams>();
  const PoolData& data = *context.op_data<PoolData>();
  if (kInt8Only) {  // Prepare admitted int8 only
    Pool<kKind, int8_t>(input, output, params, data);
    return Status::Ok();
  }
  switch (input.type) {
    case DataType::kFloat32: Pool<kKind, float>(input, output, params, data); break;
    case DataType::kInt8: Pool<kKind, int8_t>(input, output, params, data); break;
    case DataType::kUInt8: Pool<kKind, uint8_t>(input, output, params, data); break;
    case DataType::kInt16: Pool<kKind, int16_t>(input, output, params, data); break;
    default: return context.ErrorWithCode(StatusCode::kInternal, "type changed after Prepare");
  }
  return Status::Ok();
}

}  // namespace

Status PreparePoolReference(KernelContext& context) { return Prepare<false>(context); }
Status EvalAveragePoolReference(KernelContext& context) {
  return Eval<PoolKind::kAverage>(context);
}
Status EvalMaxPoolReference(KernelContext& context) { return Eval<PoolKind::kMax>(context); }

const OpKernel* Register_AVERAGE_POOL_2D() {
  static const OpKernel kernel = {"AVERAGE_POOL_2D", Prepare<false>, Eval<PoolKind::kAverage>,
                                  internal::ParsePool2DOptions};
  return &kernel;
}

const OpKernel* Register_MAX_POOL_2D() {
  static const OpKernel kernel = {"MAX_POOL_2D", Prepare<false>, Eval<PoolKind::kMax>,
                                  internal::ParsePool2DOptions};
  return &kernel;
}

const OpKernel* Register_AVERAGE_POOL_2D_INT8() {
  static const OpKernel kernel = {"AVERAGE_POOL_2D", Prepare<true>,
                                  Eval<PoolKind::kAverage, true>, internal::ParsePool2DOptions};
  return &kernel;
}

const OpKernel* Register_MAX_POOL_2D_INT8() {
  static const OpKernel kernel = {"MAX_POOL_2D", Prepare<true>, Eval<PoolKind::kMax, true>,
                                  internal::ParsePool2DOptions};
  return &kernel;
}

}  // namespace brasa
