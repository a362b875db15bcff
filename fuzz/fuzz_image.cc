// libFuzzer target: arbitrary bytes as an image file (examples/common/image.cc,
// which `brasa run --input photo.jpg` and the examples use), decoded to gray
// and to RGB, then resized both ways to a model-sized input.
#include <cstddef>
#include <cstdint>

#include "examples/common/image.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  for (int channels : {1, 3}) {
    auto image = brasa_examples::DecodeImage(data, size, channels, "fuzz.img");
    if (!image.ok()) continue;
    // A decoded image holds exactly width x height x channels pixels.
    if (image->width <= 0 || image->height <= 0 ||
        image->pixels.size() != static_cast<size_t>(image->width) * image->height * channels) {
      __builtin_trap();
    }
    for (auto filter : {brasa_examples::ResizeFilter::kArea, brasa_examples::ResizeFilter::kBilinear}) {
      const auto resized = brasa_examples::ResizeImage(*image, 7, 5, filter);
      if (resized.pixels.size() != static_cast<size_t>(7 * 5 * channels)) __builtin_trap();
    }
  }
  return 0;
}
