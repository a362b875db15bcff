// Image files for the examples: decoding (PNG, JPEG, BMP, PGM/PPM, GIF, ...)
// by Debian's libstb-dev (stb_image) and resizing: area averaging by
// stb_image_resize, bilinear sampling as TensorFlow does it.
#ifndef BRASA_EXAMPLES_COMMON_IMAGE_H_
#define BRASA_EXAMPLES_COMMON_IMAGE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "brasa/status.h"

namespace brasa_examples {

// 8-bit pixels, rows top first, channels interleaved (gray, or R G B).
struct Image {
  int width = 0;
  int height = 0;
  int channels = 0;
  std::vector<uint8_t> pixels;
};

// Pixel values 0..255 as floats, same layout as Image.
struct FloatImage {
  int width = 0;
  int height = 0;
  int channels = 0;
  std::vector<float> pixels;
};

// Images larger than this many pixels are refused before decoding: an image
// file is untrusted input, and its header alone could ask for gigabytes.
constexpr int64_t kMaxImagePixels = int64_t{1} << 25;  // 8K video: 7680 x 4320
// Nor may a file claim more pixels per byte of itself than this, past the
// first 2^20 pixels: compression that dense (a PNG of one color reaches about
// 350 RGB pixels a byte) is a decompression bomb, or a truncated file that
// stb_image would fill out (an 18-byte run-length TGA asked for 37 million
// pixels: 3.7 s and 545 MB).
constexpr int64_t kMaxPixelsPerFileByte = 1024;

// Decodes the file at `path` into `channels` channels (1: gray, 3: RGB),
// converting as needed. Fails with "cannot read image 'PATH': REASON".
brasa::Result<Image> LoadImage(const std::string& path, int channels);

// The same for an image file already in memory; `name` is used in errors.
brasa::Result<Image> DecodeImage(const uint8_t* data, size_t size, int channels,
                                 const std::string& name);

enum class ResizeFilter {
  kArea,      // each output pixel averages the input pixels it covers (stb)
  kBilinear,  // bilinear sampling at pixel centers, no antialiasing (TensorFlow's)
};

// Resizes `image` to width x height (same channels).
FloatImage ResizeImage(const Image& image, int width, int height, ResizeFilter filter);

// The same pixels as floats (no resizing).
FloatImage ToFloat(const Image& image);

}  // namespace brasa_examples

#endif  // BRASA_EXAMPLES_COMMON_IMAGE_H_
