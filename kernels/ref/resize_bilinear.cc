// RESIZE_BILINEAR, as LiteRT's reference kernels (QUANTIZATION.md §2.17):
// float32 and uint8 interpolate in float (uint8 adds 0.5 and truncates);
// int8 and int16 use the 10-bit fixed-point ResizeBilinearInteger with a
// rounding divide by 2^20 (ties away from zero). Each output row and column's
// source coordinates and weights are computed once, in Prepare.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/resize.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

constexpr int32_t kMaxBilinearSize = 1 << 20;  // keeps 1024 * size in int32

// One output row's (or column's) two source lines and their weights: float
// (dy, 1 - dy) for float/uint8, 10-bit (1024 - w1, w1) for int8/int16.
struct Taps {
  int32_t low = 0, high = 0;
  float weight_low = 0.0f, weight_high = 0.0f;
  int32_t fixed_low = 0, fixed_high = 0;
};

struct BilinearData {
  ResizeGeometry geometry;
  const Taps* rows = nullptr;
  const Taps* columns = nullptr;
};

// ComputeInterpolationValues (float): Y = (i + 0.5) s - 0.5 or i s.
Taps FloatTaps(int32_t i, int32_t in, int32_t out, const ResizeParams& params) {
  const float scale = params.align_corners && out > 1
                          ? static_cast<float>(in - 1) / static_cast<float>(out - 1)
                          : static_cast<float>(in) / static_cast<float>(out);
  const float position = params.half_pixel_centers ? (static_cast<float>(i) + 0.5f) * scale - 0.5f
                                                   : static_cast<float>(i) * scale;
  Taps taps;
  taps.low = std::max(static_cast<int32_t>(std::floor(position)), int32_t{0});
  taps.high = std::min(static_cast<int32_t>(std::ceil(position)), in - 1);
  taps.weight_high = position - static_cast<float>(taps.low);
  taps.weight_low = 1.0f - taps.weight_high;
  return taps;
}

// ComputeInterpolationValuesInteger: positions in 1/1024 with truncating
// divisions, exactly as LiteRT.
Taps IntegerTaps(int32_t i, int32_t in, int32_t out, const ResizeParams& params) {
  int32_t scale = (1024 * in + out / 2) / out;
  if (params.align_corners && out > 1) scale = (1024 * (in - 1) + (out - 1) / 2) / (out - 1);
  const int32_t position = params.half_pixel_centers ? i * scale + scale / 2 - 512 : i * scale;
  Taps taps;
  taps.low = std::max(position / 1024, int32_t{0});
  taps.high = std::min((position + 1023) / 1024, in - 1);
  taps.fixed_high = position - 1024 * taps.low;
  taps.fixed_low = 1024 - taps.fixed_high;
  return taps;
}

Status Prepare(KernelContext& context) {
  BilinearData* data = context.NewOpData<BilinearData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  BRASA_RETURN_IF_ERROR(PrepareResize(context, &data->geometry));
  const DataType type = context.input(0)->type;
  if (type != DataType::kFloat32 && type != DataType::kUInt8 && type != DataType::kInt8 &&
      type != DataType::kInt16) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "input type %s is not supported (float32, uint8, int8, int16)",
                                 DataTypeName(type));
  }
  const ResizeGeometry& g = data->geometry;
  if (std::max({g.in_h, g.in_w, g.out_h, g.out_w}) >= kMaxBilinearSize) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "sizes of 2^20 or more");
  }
  auto* taps = static_cast<Taps*>(
      context.AllocatePersistent(sizeof(Taps) * static_cast<size_t>(g.out_h + g.out_w)));
  if (taps == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  const ResizeParams params =
      context.raw_params() != nullptr ? context.params<ResizeParams>() : ResizeParams{};
  const bool fixed_point = type == DataType::kInt8 || type == DataType::kInt16;
  auto make = fixed_point ? IntegerTaps : FloatTaps;
  for (int32_t y = 0; y < g.out_h; ++y) taps[y] = make(y, g.in_h, g.out_h, params);
  for (int32_t x = 0; x < g.out_w; ++x) taps[g.out_h + x] = make(x, g.in_w, g.out_w, params);
  // LiteRT does not clamp the lower line to the image (it can pass the end
  // for tiny inputs scaled up a lot); brasa refuses instead of reading past it.
  for (int32_t i = 0; i < g.out_h + g.out_w; ++i) {
    const int32_t limit = i < g.out_h ? g.in_h : g.in_w;
    if (taps[i].low >= limit) {
      return context.ErrorWithCode(StatusCode::kUnsupported,
                                   "resizing %dx%d to %dx%d reads outside the input in LiteRT",
                                   g.in_h, g.in_w, g.out_h, g.out_w);
    }
  }
  data->rows = taps;
  data->columns = taps + g.out_h;
  return Status::Ok();
}

// v00 (1-dy)(1-dx) + v10 dy (1-dx) + v01 (1-dy) dx + v11 dy dx (+ 0.5 for
// uint8), left to right in float like LiteRT.
template <typename T>
T InterpolateFloat(T v00, T v10, T v01, T v11, const Taps& ty, const Taps& tx) {
  const float rounding = std::is_integral<T>::value ? 0.5f : 0.0f;
  return static_cast<T>(v00 * ty.weight_low * tx.weight_low + v10 * ty.weight_high * tx.weight_low +
                        v01 * ty.weight_low * tx.weight_high +
                        v11 * ty.weight_high * tx.weight_high + rounding);
}

template <typename T>
T InterpolateFixed(T v00, T v10, T v01, T v11, const Taps& ty, const Taps& tx) {
  const int64_t sum =
      int64_t{v00} * ty.fixed_low * tx.fixed_low + int64_t{v10} * ty.fixed_high * tx.fixed_low +
      int64_t{v01} * ty.fixed_low * tx.fixed_high + int64_t{v11} * ty.fixed_high * tx.fixed_high;
  const int64_t rounding = sum > 0 ? (1 << 19) : -(1 << 19);
  return static_cast<T>((sum + rounding) / (1 << 20));
}

template <typename T, T (*Interpolate)(T, T, T, T, const Taps&, const Taps&)>
void Resize(const BilinearData& d, const T* input, T* output) {
  const ResizeGeometry& g = d.geometry;
  const int64_t c = g.channels;
  for (int32_t b = 0; b < g.batches; ++b) {
    const T* image = input + int64_t{b} * g.in_h * g.in_w * c;
    for (int32_t y = 0; y < g.out_h; ++y) {
      const Taps& ty = d.rows[y];
      const T* row0 = image + int64_t{ty.low} * g.in_w * c;
      const T* row1 = image + int64_t{ty.high} * g.in_w * c;
      for (int32_t x = 0; x < g.out_w; ++x) {
        const Taps& tx = d.columns[x];
        const int64_t x0 = tx.low * c, x1 = tx.high * c;
        for (int64_t ch = 0; ch < c; ++ch) {
          *output++ =
              Interpolate(row0[x0 + ch], row1[x0 + ch], row0[x1 + ch], row1[x1 + ch], ty, tx);
        }
      }
    }
  }
}

Status Eval(KernelContext& context) {
  const BilinearData& d = *context.op_data<BilinearData>();
  const Tensor* in = context.input(0);
  Tensor* out = context.output(0);
  switch (in->type) {
    case DataType::kFloat32:
      Resize<float, InterpolateFloat<float>>(d, in->data_as<float>(), out->data_as<float>());
      break;
    case DataType::kUInt8:
      Resize<uint8_t, InterpolateFloat<uint8_t>>(d, in->data_as<uint8_t>(),
                                                 out->data_as<uint8_t>());
      break;
    case DataType::kInt8:
      Resize<int8_t, InterpolateFixed<int8_t>>(d, in->data_as<int8_t>(), out->data_as<int8_t>());
      break;
    case DataType::kInt16:
      Resize<int16_t, InterpolateFixed<int16_t>>(d, in->data_as<int16_t>(),
                                                 out->data_as<int16_t>());
      break;
    default: return context.Error("unexpected input type");
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_RESIZE_BILINEAR() {
  static const OpKernel kernel = {"RESIZE_BILINEAR", Prepare, Eval,
                                  internal::ParseResizeBilinearOptions};
  return &kernel;
}

}  // namespace brasa
