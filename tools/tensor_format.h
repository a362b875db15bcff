// Text forms of tensors for the command line.
#ifndef BRASA_TOOLS_TENSOR_FORMAT_H_
#define BRASA_TOOLS_TENSOR_FORMAT_H_

#include <string>

#include "brasa/tensor.h"

namespace brasa {
namespace tools {

// "[0.1, 0.2, ...]": the first `count` values (all if fewer).
std::string FormatValues(const Tensor& tensor, int count);
// Element `i` as text ("12", "0.5", "true"; "?" for other types).
std::string FormatValue(const Tensor& tensor, int64_t i);
// Element `i` as a number: raw for float32, integers and bool; scale * (q - zero
// point) of its channel for a quantized tensor when `dequantize`.
double ValueAt(const Tensor& tensor, int64_t i, bool dequantize);
// "[0.1, 0.2, ...]" of the dequantized values (quantized tensors only).
std::string FormatDequantized(const Tensor& tensor, int count);
// Numeric quantization as JSON: null, or {"scales": [...], "zero_points":
// [...], "quantized_dimension": d}.
std::string QuantizationJson(const Quantization& quantization);
// "s=0.0078 zp=-1", "per-channel(8) dim=0", or "-" when not quantized.
std::string FormatQuantization(const Quantization& quantization);
// A shape as a JSON array: [1, 96, 96, 1].
std::string ShapeJson(const Shape& shape);
// A JSON string literal.
std::string JsonString(const std::string& text);

}  // namespace tools
}  // namespace brasa

#endif  // BRASA_TOOLS_TENSOR_FORMAT_H_
