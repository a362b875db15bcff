// Image files as model inputs for `brasa run --input photo.jpg`: decoded and
// resized (bilinear, as TensorFlow does) by examples/common/image.h, then
// converted the way image models expect their pixels.
#ifndef BRASA_TOOLS_IMAGE_INPUT_H_
#define BRASA_TOOLS_IMAGE_INPUT_H_

#include <string>

#include "brasa/status.h"
#include "brasa/tensor.h"
#include "tools/npy.h"

namespace brasa {
namespace tools {

// Pixel normalization for float inputs: (pixel - mean) / std. `given` when
// the user set --mean or --std; then a quantized input is fed the normalized
// floats quantized with its own scale and zero point.
struct PixelNormalization {
  float mean = 127.5f;
  float std = 127.5f;
  bool given = false;
};

// True for paths brasa reads as images rather than .npy arrays.
bool IsImagePath(const std::string& path);

// Decodes `path` and lays it out as `input` expects it: shape [1,H,W,C]
// (NHWC) or [1,C,H,W] (NCHW) with C = 1 (gray) or 3 (RGB). uint8 inputs get
// the pixels, int8 inputs pixel - 128, float32 inputs (pixel - mean) / std.
// Fails naming the file and the input when the input is not image-shaped.
Result<NpyArray> LoadImageInput(const std::string& path, int index, const Tensor& input,
                                const PixelNormalization& normalization);

}  // namespace tools
}  // namespace brasa

#endif  // BRASA_TOOLS_IMAGE_INPUT_H_
