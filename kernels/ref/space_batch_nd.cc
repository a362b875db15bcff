// SPACE_TO_BATCH_ND and BATCH_TO_SPACE_ND on 3-D [N, H, C] or 4-D
// [N, H, W, C] tensors, with constant block shape and paddings / crops, as
// LiteRT's reference kernels: output batch index b * blocks... is laid out
// as (block_y, block_x, batch); SPACE_TO_BATCH fills padding with the byte
// of the output zero point (memset, 0 for float), BATCH_TO_SPACE drops the
// cropped pixels. Whole pixels (C elements) move raw.
#include <cstdint>
#include <cstring>

#include "brasa/kernel.h"
#include "kernels/ref/common/layout.h"

namespace brasa {
namespace {

constexpr int32_t kSpaceToBatchCode = 38;

// Everything as 4-D (a 3-D tensor has width 1, block width 1, no W padding).
struct SpaceBatchData {
  bool to_batch = true;
  int32_t in_n = 0, in_h = 0, in_w = 0;
  int32_t out_n = 0, out_h = 0, out_w = 0;
  int32_t block_h = 1, block_w = 1;
  int32_t before_h = 0, before_w = 0;  // padding top/left or crop top/left
  size_t pixel_bytes = 0;
  uint8_t pad_byte = 0;
};

Status Prepare(KernelContext& context) {
  if (context.num_inputs() != 3 || context.num_outputs() != 1) {
    return context.Error("expects 3 inputs and 1 output, got %d and %d", context.num_inputs(),
                         context.num_outputs());
  }
  const Tensor* input = context.input(0);
  if (input == nullptr) return context.Error("input is missing");
  const Tensor& output = *context.output(0);
  BRASA_RETURN_IF_ERROR(CheckLayoutTypes(context, *input, output));
  const int rank = input->rank();
  if (rank != 3 && rank != 4) return context.Error("input must be 3-D or 4-D, has rank %d", rank);
  const int spatial = rank - 2;
  const int32_t *block = nullptr, *pads = nullptr;
  BRASA_RETURN_IF_ERROR(GetConstantInt32(context, 1, "block shape", spatial, &block));
  BRASA_RETURN_IF_ERROR(GetConstantInt32(context, 2, "paddings/crops", spatial * 2, &pads));
  SpaceBatchData* d = context.NewOpData<SpaceBatchData>();
  if (d == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  d->to_batch = context.builtin_code() == kSpaceToBatchCode;
  d->in_n = input->dim(0);
  d->in_h = input->dim(1);
  d->in_w = rank == 4 ? input->dim(2) : 1;
  Shape shape = input->shape;
  int64_t batch = input->dim(0);
  for (int i = 0; i < spatial; ++i) {
    const int32_t b = block[i], before = pads[2 * i], after = pads[2 * i + 1];
    const int64_t size = input->dim(i + 1);
    if (b <= 0 || before < 0 || after < 0) {
      return context.Error("block %d must be positive and paddings/crops (%d, %d) not negative", b,
                           before, after);
    }
    int64_t out_size = 0;
    if (d->to_batch) {
      if ((size + before + after) % b != 0) {
        return context.Error("padded size %lld is not a multiple of block %d",
                             static_cast<long long>(size + before + after), b);
      }
      out_size = (size + before + after) / b;
      batch *= b;
    } else {
      if (batch % b != 0) {
        return context.Error("batch %lld is not a multiple of block %d",
                             static_cast<long long>(batch), b);
      }
      batch /= b;
      out_size = size * b - before - after;
      if (out_size < 0) {
        return context.Error("crops (%d, %d) exceed size %lld", before, after,
                             static_cast<long long>(size * b));
      }
    }
    shape[static_cast<size_t>(i + 1)] = static_cast<int32_t>(out_size);
  }
  shape[0] = static_cast<int32_t>(batch);
  d->block_h = block[0];
  d->block_w = rank == 4 ? block[1] : 1;
  d->before_h = pads[0];
  d->before_w = rank == 4 ? pads[2] : 0;
  d->out_n = shape[0];
  d->out_h = shape[1];
  d->out_w = rank == 4 ? shape[2] : 1;
  d->pixel_bytes = DataTypeSize(input->type) * static_cast<size_t>(input->dim(rank - 1));
  d->pad_byte = static_cast<uint8_t>(
      output.quantization.is_quantized() ? output.quantization.zero_point() : 0);
  return context.ResizeOutput(0, shape);
}

// The first byte of pixel (n, h, w) of an [*, height, width, C] tensor.
template <typename Byte>
Byte* Pixel(Byte* base, const SpaceBatchData& d, int64_t n, int64_t h, int64_t w, int64_t height,
            int64_t width) {
  return base + ((n * height + h) * width + w) * static_cast<int64_t>(d.pixel_bytes);
}

void SpaceToBatch(const SpaceBatchData& d, const uint8_t* in, uint8_t* out) {
  for (int32_t ob = 0; ob < d.out_n; ++ob) {
    const int32_t b = ob % d.in_n;
    const int32_t shift_w = (ob / d.in_n) % d.block_w, shift_h = (ob / d.in_n) / d.block_w;
    for (int32_t oh = 0; oh < d.out_h; ++oh) {
      const int32_t h = oh * d.block_h + shift_h - d.before_h;
      for (int32_t ow = 0; ow < d.out_w; ++ow, out += d.pixel_bytes) {
        const int32_t w = ow * d.block_w + shift_w - d.before_w;
        if (h < 0 || h >= d.in_h || w < 0 || w >= d.in_w) {
          std::memset(out, d.pad_byte, d.pixel_bytes);
        } else {
          std::memcpy(out, Pixel(in, d, b, h, w, d.in_h, d.in_w), d.pixel_bytes);
        }
      }
    }
  }
}

void BatchToSpace(const SpaceBatchData& d, const uint8_t* in, uint8_t* out) {
  for (int32_t ib = 0; ib < d.in_n; ++ib) {
    const int32_t b = ib % d.out_n, offset = ib / d.out_n;
    for (int32_t ih = 0; ih < d.in_h; ++ih) {
      const int32_t h = ih * d.block_h + offset / d.block_w - d.before_h;
      if (h < 0 || h >= d.out_h) continue;
      for (int32_t iw = 0; iw < d.in_w; ++iw) {
        const int32_t w = iw * d.block_w + offset % d.block_w - d.before_w;
        if (w < 0 || w >= d.out_w) continue;
        std::memcpy(Pixel(out, d, b, h, w, d.out_h, d.out_w),
                    Pixel(in, d, ib, ih, iw, d.in_h, d.in_w), d.pixel_bytes);
      }
    }
  }
}

Status Eval(KernelContext& context) {
  const SpaceBatchData& d = *context.op_data<SpaceBatchData>();
  const auto* in = static_cast<const uint8_t*>(context.input(0)->data);
  auto* out = static_cast<uint8_t*>(context.output(0)->data);
  if (d.pixel_bytes == 0) return Status::Ok();
  if (d.to_batch) {
    SpaceToBatch(d, in, out);
  } else {
    BatchToSpace(d, in, out);
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_SPACE_TO_BATCH_ND() {
  static const OpKernel kernel = {"SPACE_TO_BATCH_ND", Prepare, Eval};
  return &kernel;
}

const OpKernel* Register_BATCH_TO_SPACE_ND() {
  static const OpKernel kernel = {"BATCH_TO_SPACE_ND", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
