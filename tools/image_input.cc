#include "tools/image_input.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>

#ifdef BRASA_CLI_IMAGES
#include "examples/common/image.h"
#endif

namespace brasa {
namespace tools {
namespace {

// Where height, width and channels sit in an image-shaped input.
struct ImageLayout {
  bool ok = false;
  bool channels_first = false;
  int height = 0, width = 0, channels = 0;
};

ImageLayout LayoutOf(const Shape& shape) {
  ImageLayout layout;
  if (shape.size() != 4 || shape[0] != 1) return layout;
  auto is_channels = [](int c) { return c == 1 || c == 3; };
  if (is_channels(shape[3])) {
    layout = {true, false, shape[1], shape[2], shape[3]};
  } else if (is_channels(shape[1])) {
    layout = {true, true, shape[2], shape[3], shape[1]};
  }
  return layout;
}

template <typename T>
void Append(std::vector<uint8_t>* bytes, T value) {
  uint8_t raw[sizeof(T)];
  std::memcpy(raw, &value, sizeof(T));
  bytes->insert(bytes->end(), raw, raw + sizeof(T));
}

}  // namespace

bool IsImagePath(const std::string& path) {
  std::string lower = path;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* extension : {".jpg", ".jpeg", ".png", ".bmp", ".gif", ".pgm", ".ppm", ".tga"}) {
    const size_t n = std::strlen(extension);
    if (lower.size() > n && lower.compare(lower.size() - n, n, extension) == 0) return true;
  }
  return false;
}

Result<NpyArray> LoadImageInput(const std::string& path, int index, const Tensor& input,
                                const PixelNormalization& normalization) {
  const std::string where = "input " + std::to_string(index) + " '" + input.name + "' ('" +
                            path + "'): ";
  const ImageLayout layout = LayoutOf(input.shape);
  if (!layout.ok) {
    return InvalidArgumentError(where + "an image needs an input of shape [1,H,W,1|3] or " +
                                "[1,1|3,H,W], the model's is " + ShapeToString(input.shape));
  }
  const bool quantized = input.quantization.is_quantized();
  const bool as_float = input.type == DataType::kFloat32 || (quantized && normalization.given);
  if (!as_float && input.type != DataType::kUInt8 && input.type != DataType::kInt8) {
    return InvalidArgumentError(where + "images feed uint8, int8 or float32 inputs, not " +
                                DataTypeName(input.type) + " (give --mean/--std to quantize)");
  }
#ifndef BRASA_CLI_IMAGES
  (void)as_float;
  return UnsupportedError(where + "this brasa was built without image support (libstb-dev)");
#else
  auto image = brasa_examples::LoadImage(path, layout.channels);
  if (!image.ok()) return image.status();
  const brasa_examples::FloatImage resized = brasa_examples::ResizeImage(
      *image, layout.width, layout.height, brasa_examples::ResizeFilter::kBilinear);
  NpyArray array;
  array.shape = input.shape;
  array.type = as_float ? DataType::kFloat32 : input.type;
  const size_t pixels = static_cast<size_t>(layout.height) * static_cast<size_t>(layout.width);
  array.bytes.reserve(pixels * static_cast<size_t>(layout.channels) * DataTypeSize(array.type));
  // Element order of the input: channel-major for NCHW, pixel-major for NHWC.
  for (size_t e = 0; e < pixels * static_cast<size_t>(layout.channels); ++e) {
    const size_t channel = layout.channels_first ? e / pixels : e % static_cast<size_t>(layout.channels);
    const size_t pixel = layout.channels_first ? e % pixels : e / static_cast<size_t>(layout.channels);
    const float value = resized.pixels[pixel * static_cast<size_t>(layout.channels) + channel];
    const float rounded = std::fmin(std::fmax(std::round(value), 0.0f), 255.0f);
    if (array.type == DataType::kFloat32) {
      Append(&array.bytes, (value - normalization.mean) / normalization.std);
    } else if (array.type == DataType::kUInt8) {
      Append(&array.bytes, static_cast<uint8_t>(rounded));
    } else {
      Append(&array.bytes, static_cast<int8_t>(rounded - 128.0f));
    }
  }
  return array;
#endif
}

}  // namespace tools
}  // namespace brasa
