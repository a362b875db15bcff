// DEPTH_TO_SPACE and SPACE_TO_DEPTH on NHWC tensors with block size b (DCR
// order, as TensorFlow and LiteRT): depth-to-space output (y * b + dy,
// x * b + dx, c) is input (y, x, (dy * b + dx) * C_out + c); space-to-depth
// is its inverse. Elements move raw.
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/layout.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

constexpr int32_t kDepthToSpaceCode = 5;

struct DepthSpaceData {
  bool to_space = true;
  int32_t block = 1;
  // The space-side (large) shape: [N, H, W] and its depth C.
  int32_t batches = 0, height = 0, width = 0, depth = 0;
  size_t element_size = 0;
};

Status Prepare(KernelContext& context) {
  if (context.num_inputs() != 1 || context.num_outputs() != 1 || context.input(0) == nullptr) {
    return context.Error("expects 1 input and 1 output");
  }
  if (context.raw_params() == nullptr) return context.Error("missing options");
  const Tensor& input = *context.input(0);
  BRASA_RETURN_IF_ERROR(CheckLayoutTypes(context, input, *context.output(0)));
  if (input.rank() != 4) return context.Error("input must be 4-D, has rank %d", input.rank());
  const int32_t b = context.params<DepthSpaceParams>().block_size;
  if (b <= 0) return context.Error("block size %d must be positive", b);
  DepthSpaceData* d = context.NewOpData<DepthSpaceData>();
  if (d == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  d->to_space = context.builtin_code() == kDepthToSpaceCode;
  d->block = b;
  d->element_size = DataTypeSize(input.type);
  d->batches = input.dim(0);
  // In int64: a hostile block size overflows int32 products (b * b alone).
  const int64_t area = int64_t{b} * b;
  const int64_t grown = d->to_space ? std::max(input.dim(1), input.dim(2)) * int64_t{b}
                                    : input.dim(3) * area;
  if (grown > INT32_MAX) {
    return context.Error("block size %d makes an output dimension of %lld, over int32", b,
                         static_cast<long long>(grown));
  }
  Shape shape;
  if (d->to_space) {
    if (input.dim(3) % area != 0) {
      return context.Error("depth %d is not a multiple of block %d squared", input.dim(3), b);
    }
    d->height = input.dim(1) * b;
    d->width = input.dim(2) * b;
    d->depth = static_cast<int32_t>(input.dim(3) / area);
    shape = {d->batches, d->height, d->width, d->depth};
  } else {
    if (input.dim(1) % b != 0 || input.dim(2) % b != 0) {
      return context.Error("height %d and width %d must be multiples of block %d", input.dim(1),
                           input.dim(2), b);
    }
    d->height = input.dim(1);
    d->width = input.dim(2);
    d->depth = input.dim(3);
    shape = {d->batches, d->height / b, d->width / b, static_cast<int32_t>(d->depth * area)};
  }
  return context.ResizeOutput(0, shape);
}

// Walks the space-side tensor; each run of `depth` elements at (n, y, x)
// pairs with the depth-side run at (n, y / b, x / b, ((y % b) * b + x % b) * depth).
Status Eval(KernelContext& context) {
  const DepthSpaceData& d = *context.op_data<DepthSpaceData>();
  const auto* in = static_cast<const uint8_t*>(context.input(0)->data);
  auto* out = static_cast<uint8_t*>(context.output(0)->data);
  const size_t run = d.element_size * static_cast<size_t>(d.depth);
  const int64_t small_h = d.height / d.block, small_w = d.width / d.block;
  const int64_t small_depth = int64_t{d.depth} * d.block * d.block;
  for (int64_t n = 0; n < d.batches; ++n) {
    for (int64_t y = 0; y < d.height; ++y) {
      for (int64_t x = 0; x < d.width; ++x) {
        const int64_t space = ((n * d.height + y) * d.width + x) * d.depth;
        const int64_t depth_side =
            ((n * small_h + y / d.block) * small_w + x / d.block) * small_depth +
            ((y % d.block) * d.block + x % d.block) * d.depth;
        const int64_t from = d.to_space ? depth_side : space;
        const int64_t to = d.to_space ? space : depth_side;
        std::memcpy(out + to * static_cast<int64_t>(d.element_size),
                    in + from * static_cast<int64_t>(d.element_size), run);
      }
    }
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_DEPTH_TO_SPACE() {
  static const OpKernel kernel = {"DEPTH_TO_SPACE", Prepare, Eval,
                                  internal::ParseDepthToSpaceOptions};
  return &kernel;
}

const OpKernel* Register_SPACE_TO_DEPTH() {
  static const OpKernel kernel = {"SPACE_TO_DEPTH", Prepare, Eval,
                                  internal::ParseSpaceToDepthOptions};
  return &kernel;
}

}  // namespace brasa
