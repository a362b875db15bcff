// Text forms of tensors for the command line.
#ifndef BRASA_TOOLS_TENSOR_FORMAT_H_
#define BRASA_TOOLS_TENSOR_FORMAT_H_

#include <string>

#include "brasa/tensor.h"

namespace brasa {
namespace tools {

// "[0.1, 0.2, ...]": the first `count` values (all if fewer).
std::string FormatValues(const Tensor& tensor, int count);
// "s=0.0078 zp=-1", "per-channel(8) dim=0", or "-" when not quantized.
std::string FormatQuantization(const Quantization& quantization);
// A JSON string literal.
std::string JsonString(const std::string& text);

}  // namespace tools
}  // namespace brasa

#endif  // BRASA_TOOLS_TENSOR_FORMAT_H_
