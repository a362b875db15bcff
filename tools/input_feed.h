// Inputs for `brasa run`: reading .npy arrays and images, checking them
// against the model's inputs before anything runs, and copying them in.
#ifndef BRASA_TOOLS_INPUT_FEED_H_
#define BRASA_TOOLS_INPUT_FEED_H_

#include <string>

#include "brasa/interpreter.h"
#include "brasa/model.h"
#include "tools/image_input.h"
#include "tools/npy.h"

namespace brasa {
namespace tools {

// Reads input `index` from `path`: an image (by extension) laid out and
// converted for the input, or an .npy array as it is.
Result<NpyArray> ReadInput(const std::string& path, int index, const Tensor& input,
                           const PixelNormalization& normalization);

// The model's declared shape signature of input `index` (-1 marks a
// dimension that may change), or its shape when the file has none.
Shape InputSignature(const Model& model, int index, const Tensor& input);

// Checks `array` against input `index` before anything runs: its dtype must
// be the input's (or float32 for a quantized input), its shape the input's,
// except in dimensions the signature marks -1. Sets *resize when those
// differ. Errors name the input and both shapes; an array with the right
// element count but another shape (a flat array) says so.
Status CheckInput(const NpyArray& array, int index, const Tensor& input, const Shape& signature,
                  const std::string& path, bool* resize);

// Copies `array` into the allocated input tensor's `data`
// (Interpreter::input_data), quantizing float32 data for a quantized input
// (round half away from zero, clamp, as QUANTIZE does).
void FeedInput(const NpyArray& array, const Tensor& tensor, void* data);

}  // namespace tools
}  // namespace brasa

#endif  // BRASA_TOOLS_INPUT_FEED_H_
