#include "examples/common/image.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <vector>

#include "stb_image.h"
#include "stb_image_resize.h"

namespace brasa_examples {

brasa::Result<Image> LoadImage(const std::string& path, int channels) {
  // Open the file ourselves so a missing file says why, not "can't fopen".
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (file == nullptr) {
    return brasa::NotFoundError("cannot read image '" + path + "': " + std::strerror(errno));
  }
  std::vector<uint8_t> bytes;
  uint8_t chunk[1 << 16];
  size_t got = 0;
  while ((got = std::fread(chunk, 1, sizeof(chunk), file.get())) > 0) {
    bytes.insert(bytes.end(), chunk, chunk + got);
  }
  if (std::ferror(file.get())) {
    return brasa::InvalidArgumentError("cannot read image '" + path + "': read error");
  }
  return DecodeImage(bytes.data(), bytes.size(), channels, path);
}

brasa::Result<Image> DecodeImage(const uint8_t* data, size_t size, int channels,
                                 const std::string& name) {
  const std::string what = "cannot read image '" + name + "': ";
  if (size > static_cast<size_t>(std::numeric_limits<int>::max())) {
    return brasa::InvalidArgumentError(what + "file too large");
  }
  const int length = static_cast<int>(size);
  int width = 0, height = 0, file_channels = 0;
  if (stbi_info_from_memory(data, length, &width, &height, &file_channels) == 0) {
    return brasa::InvalidArgumentError(what + "not a valid image file (" + stbi_failure_reason() +
                                       ")");
  }
  // stb_image accepts a PNM header of height 0; nothing can be resized from it.
  if (width <= 0 || height <= 0) {
    return brasa::InvalidArgumentError(what + "empty image (" + std::to_string(width) + "x" +
                                       std::to_string(height) + " pixels)");
  }
  if (static_cast<int64_t>(width) * height > kMaxImagePixels) {
    return brasa::InvalidArgumentError(what + std::to_string(width) + "x" +
                                       std::to_string(height) + " pixels, more than the " +
                                       std::to_string(kMaxImagePixels) + " this reader accepts");
  }
  const int64_t pixels_allowed =
      std::max<int64_t>(int64_t{1} << 20, kMaxPixelsPerFileByte * static_cast<int64_t>(size));
  if (static_cast<int64_t>(width) * height > pixels_allowed) {
    return brasa::InvalidArgumentError(
        what + std::to_string(width) + "x" + std::to_string(height) + " pixels from a file of " +
        std::to_string(size) + " bytes, more than " + std::to_string(kMaxPixelsPerFileByte) +
        " pixels per byte: a truncated file or a decompression bomb");
  }
  // Debian's stb_image reads past the end of a binary PNM (P5/P6) whose pixel
  // data is shorter than its header says (found by fuzz/fuzz_image.cc).
  if (size >= 2 && data[0] == 'P' && (data[1] == '5' || data[1] == '6')) {
    const int sample_bytes = stbi_is_16_bit_from_memory(data, length) ? 2 : 1;
    const uint64_t pixel_bytes = static_cast<uint64_t>(width) * static_cast<uint64_t>(height) *
                                 static_cast<uint64_t>(file_channels) * sample_bytes;
    if (pixel_bytes > size) {
      return brasa::InvalidArgumentError(what + "truncated PNM image (" +
                                         std::to_string(pixel_bytes) + " bytes of pixels, file " +
                                         std::to_string(size) + " bytes)");
    }
  }
  std::unique_ptr<stbi_uc, void (*)(void*)> pixels(
      stbi_load_from_memory(data, length, &width, &height, &file_channels, channels),
      &stbi_image_free);
  if (pixels == nullptr) {
    return brasa::InvalidArgumentError(what + "not a valid image file (" + stbi_failure_reason() +
                                       ")");
  }
  if (width <= 0 || height <= 0) {
    return brasa::InvalidArgumentError(what + "empty image");
  }
  Image image;
  image.width = width;
  image.height = height;
  image.channels = channels;
  image.pixels.assign(pixels.get(), pixels.get() + static_cast<size_t>(width) * height * channels);
  return image;
}

FloatImage ToFloat(const Image& image) {
  FloatImage result;
  result.width = image.width;
  result.height = image.height;
  result.channels = image.channels;
  result.pixels.assign(image.pixels.begin(), image.pixels.end());
  return result;
}

namespace {

// Source coordinate of output pixel `i` (half-pixel centers), its two
// neighbours and the weight of the second.
struct Sample {
  int low, high;
  float weight;
};

Sample SampleAt(int i, int out_size, int in_size) {
  const float scale = static_cast<float>(in_size) / static_cast<float>(out_size);
  const float position = std::min(std::max((static_cast<float>(i) + 0.5f) * scale - 0.5f, 0.0f),
                                  static_cast<float>(in_size - 1));
  const int low = static_cast<int>(position);
  return {low, std::min(low + 1, in_size - 1), position - static_cast<float>(low)};
}

// Bilinear sampling without antialiasing, as TensorFlow's resize_bilinear
// (half_pixel_centers) and TensorFlow Lite's label_image do: each output
// pixel mixes the 4 input pixels around its center. stb_image_resize's
// triangle filter widens when it shrinks (antialiasing), which gives a
// different image than the one these models were evaluated on.
FloatImage SampleBilinear(const Image& image, int width, int height) {
  FloatImage result;
  result.width = width;
  result.height = height;
  result.channels = image.channels;
  result.pixels.resize(static_cast<size_t>(width) * height * image.channels);
  const int c_count = image.channels;
  auto at = [&](int y, int x, int c) {
    return static_cast<float>(
        image.pixels[(static_cast<size_t>(y) * image.width + x) * c_count + c]);
  };
  for (int y = 0; y < height; ++y) {
    const Sample sy = SampleAt(y, height, image.height);
    for (int x = 0; x < width; ++x) {
      const Sample sx = SampleAt(x, width, image.width);
      for (int c = 0; c < c_count; ++c) {
        const float top =
            at(sy.low, sx.low, c) * (1 - sx.weight) + at(sy.low, sx.high, c) * sx.weight;
        const float bottom =
            at(sy.high, sx.low, c) * (1 - sx.weight) + at(sy.high, sx.high, c) * sx.weight;
        result.pixels[(static_cast<size_t>(y) * width + x) * c_count + c] =
            top * (1 - sy.weight) + bottom * sy.weight;
      }
    }
  }
  return result;
}

}  // namespace

FloatImage ResizeImage(const Image& image, int width, int height, ResizeFilter filter) {
  if (filter == ResizeFilter::kBilinear) return SampleBilinear(image, width, height);
  const FloatImage source = ToFloat(image);
  FloatImage result;
  result.width = width;
  result.height = height;
  result.channels = image.channels;
  result.pixels.resize(static_cast<size_t>(width) * height * image.channels);
  // Box filter, linear color space, clamped edges: each output pixel is the
  // plain average of the input pixels it covers.
  stbir_resize_float_generic(source.pixels.data(), image.width, image.height, 0,
                             result.pixels.data(), width, height, 0, image.channels,
                             STBIR_ALPHA_CHANNEL_NONE, 0, STBIR_EDGE_CLAMP, STBIR_FILTER_BOX,
                             STBIR_COLORSPACE_LINEAR, nullptr);
  return result;
}

}  // namespace brasa_examples
