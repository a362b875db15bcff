// Prepare shared by RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR: a 4-D NHWC
// input, a constant int32[2] size (new height, width) and an output of the
// input's type [N, height, width, C]. Quantized values are resized raw, as
// in LiteRT (its kernels never look at the quantization parameters).
#ifndef BRASA_KERNELS_REF_COMMON_RESIZE_H_
#define BRASA_KERNELS_REF_COMMON_RESIZE_H_

#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/params.h"

namespace brasa {

struct ResizeGeometry {
  int32_t batches = 0, in_h = 0, in_w = 0, channels = 0;
  int32_t out_h = 0, out_w = 0;
};

inline Status PrepareResize(KernelContext& context, ResizeGeometry* geometry) {
  if (context.num_inputs() != 2 || context.num_outputs() != 1) {
    return context.Error("expects 2 inputs and 1 output, got %d and %d", context.num_inputs(),
                         context.num_outputs());
  }
  const Tensor* input = context.input(0);
  const Tensor* size = context.input(1);
  if (input == nullptr || size == nullptr) return context.Error("an input is missing");
  if (context.raw_params() != nullptr) {
    const ResizeParams& params = context.params<ResizeParams>();
    if (params.align_corners && params.half_pixel_centers) {
      return context.Error("align_corners and half_pixel_centers cannot both be true");
    }
  }
  if (context.output(0)->type != input->type) {
    return context.Error("output type %s differs from input type %s",
                         DataTypeName(context.output(0)->type), DataTypeName(input->type));
  }
  if (input->rank() != 4) return context.Error("input must be 4-D, has rank %d", input->rank());
  if (size->type != DataType::kInt32 || size->rank() != 1 || size->dim(0) != 2) {
    return context.Error("size must be int32[2], got %s%s", DataTypeName(size->type),
                         ShapeToString(size->shape).c_str());
  }
  if (size->allocation != Allocation::kConstant) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "size is not a constant tensor (brasa fixes shapes at Prepare)");
  }
  const int32_t* values = size->data_as<int32_t>();
  if (values[0] <= 0 || values[1] <= 0) {
    return context.Error("size (%d, %d) must be positive", values[0], values[1]);
  }
  // Output pixels are computed from input pixels: an input of height or width
  // 0 with a non-empty output has none to read (fuzz_model_structured).
  if ((input->dim(1) == 0 || input->dim(2) == 0) && input->dim(0) > 0 && input->dim(3) > 0) {
    return context.Error("input %s is empty but the output %d x %d is not",
                         ShapeToString(input->shape).c_str(), values[0], values[1]);
  }
  geometry->batches = input->dim(0);
  geometry->in_h = input->dim(1);
  geometry->in_w = input->dim(2);
  geometry->channels = input->dim(3);
  geometry->out_h = values[0];
  geometry->out_w = values[1];
  return context.ResizeOutput(0, {input->dim(0), values[0], values[1], input->dim(3)});
}

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_RESIZE_H_
