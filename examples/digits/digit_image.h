// Turns any image file into the digits model's input: 8x8 gray pixels,
// light ink on a dark background, values 0..255 (the model divides by 255).
#ifndef BRASA_EXAMPLES_DIGITS_DIGIT_IMAGE_H_
#define BRASA_EXAMPLES_DIGITS_DIGIT_IMAGE_H_

#include <vector>

#include "examples/common/image.h"

namespace brasa_examples {

constexpr int kDigitSide = 8;

// Area-averages `image` (gray) down or up to 8x8 and returns the 64 pixels
// divided by 255, the model's real-valued input. Scikit-learn's digits are
// light on dark; an image with a light border (dark ink on paper) is
// inverted first.
std::vector<float> DigitInput(const Image& image);

}  // namespace brasa_examples

#endif  // BRASA_EXAMPLES_DIGITS_DIGIT_IMAGE_H_
