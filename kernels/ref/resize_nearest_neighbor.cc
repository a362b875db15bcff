// RESIZE_NEAREST_NEIGHBOR: each output pixel copies the input pixel that
// LiteRT's reference GetNearestNeighbor picks: scale = in / out (or
// (in - 1) / (out - 1) with align_corners) in float; source =
// min(floor((i + offset) * scale), in - 1), rounded half away from zero
// instead of floored with align_corners, offset 0.5 and a floor at 0 with
// half_pixel_centers. Any 1/2/4-byte type is moved raw.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/quant_math.h"
#include "kernels/ref/common/resize.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

constexpr int32_t kMaxResizeSize = 1 << 24;  // source tables stay small

struct NearestData {
  ResizeGeometry geometry;
  const int32_t* source_y = nullptr;  // input row of each output row
  const int32_t* source_x = nullptr;  // input column of each output column
};

int32_t NearestSource(int32_t i, int32_t in, int32_t out, const ResizeParams& params) {
  const float scale = params.align_corners && out > 1
                          ? static_cast<float>(in - 1) / static_cast<float>(out - 1)
                          : static_cast<float>(in) / static_cast<float>(out);
  const float offset = params.half_pixel_centers ? 0.5f : 0.0f;
  const float position = (static_cast<float>(i) + offset) * scale;
  const float picked = params.align_corners ? RoundAway(position) : std::floor(position);
  const int32_t source = std::min(static_cast<int32_t>(picked), in - 1);
  return std::max<int32_t>(source, 0);
}

Status Prepare(KernelContext& context) {
  NearestData* data = context.NewOpData<NearestData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  BRASA_RETURN_IF_ERROR(PrepareResize(context, &data->geometry));
  const size_t element_size = DataTypeSize(context.input(0)->type);
  if (element_size != 1 && element_size != 2 && element_size != 4) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "input type %s is not supported",
                                 DataTypeName(context.input(0)->type));
  }
  const ResizeGeometry& g = data->geometry;
  if (g.out_h > kMaxResizeSize || g.out_w > kMaxResizeSize) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "size (%d, %d) is too large", g.out_h,
                                 g.out_w);
  }
  auto* table = static_cast<int32_t*>(
      context.AllocatePersistent(sizeof(int32_t) * static_cast<size_t>(g.out_h + g.out_w)));
  if (table == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  const ResizeParams params =
      context.raw_params() != nullptr ? context.params<ResizeParams>() : ResizeParams{};
  for (int32_t y = 0; y < g.out_h; ++y) table[y] = NearestSource(y, g.in_h, g.out_h, params);
  for (int32_t x = 0; x < g.out_w; ++x) {
    table[g.out_h + x] = NearestSource(x, g.in_w, g.out_w, params);
  }
  data->source_y = table;
  data->source_x = table + g.out_h;
  return Status::Ok();
}

Status Eval(KernelContext& context) {
  const NearestData& d = *context.op_data<NearestData>();
  const ResizeGeometry& g = d.geometry;
  const size_t pixel = DataTypeSize(context.input(0)->type) * static_cast<size_t>(g.channels);
  const auto* input = static_cast<const uint8_t*>(context.input(0)->data);
  auto* output = static_cast<uint8_t*>(context.output(0)->data);
  for (int32_t b = 0; b < g.batches; ++b) {
    const uint8_t* image = input + pixel * static_cast<size_t>(b) * g.in_h * g.in_w;
    for (int32_t y = 0; y < g.out_h; ++y) {
      const uint8_t* row = image + pixel * static_cast<size_t>(d.source_y[y]) * g.in_w;
      for (int32_t x = 0; x < g.out_w; ++x) {
        std::memcpy(output, row + pixel * static_cast<size_t>(d.source_x[x]), pixel);
        output += pixel;
      }
    }
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_RESIZE_NEAREST_NEIGHBOR() {
  static const OpKernel kernel = {"RESIZE_NEAREST_NEIGHBOR", Prepare, Eval,
                                  internal::ParseResizeNearestNeighborOptions};
  return &kernel;
}

}  // namespace brasa
