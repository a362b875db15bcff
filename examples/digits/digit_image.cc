#include "examples/digits/digit_image.h"

namespace brasa_examples {
namespace {

// Mean of the outermost ring of pixels: the background, whatever the digit.
float BorderMean(const FloatImage& image) {
  float sum = 0.0f;
  int count = 0;
  for (int y = 0; y < image.height; ++y) {
    for (int x = 0; x < image.width; ++x) {
      if (y == 0 || x == 0 || y == image.height - 1 || x == image.width - 1) {
        sum += image.pixels[static_cast<size_t>(y * image.width + x)];
        ++count;
      }
    }
  }
  return sum / static_cast<float>(count);
}

}  // namespace

std::vector<float> DigitInput(const Image& image) {
  const FloatImage small = ResizeImage(image, kDigitSide, kDigitSide, ResizeFilter::kArea);
  const bool dark_on_light = BorderMean(small) > 127.5f;
  std::vector<float> input(small.pixels.size());
  for (size_t i = 0; i < input.size(); ++i) {
    const float pixel = dark_on_light ? 255.0f - small.pixels[i] : small.pixels[i];
    input[i] = pixel / 255.0f;
  }
  return input;
}

}  // namespace brasa_examples
