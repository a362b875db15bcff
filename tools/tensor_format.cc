#include "tools/tensor_format.h"

#include <cstdio>

namespace brasa {
namespace tools {
std::string FormatValue(const Tensor& tensor, int64_t i) {
  char text[64];
  switch (tensor.type) {
    case DataType::kFloat32: std::snprintf(text, sizeof(text), "%.6g", tensor.data_as<float>()[i]); break;
    case DataType::kInt8: std::snprintf(text, sizeof(text), "%d", tensor.data_as<int8_t>()[i]); break;
    case DataType::kUInt8: std::snprintf(text, sizeof(text), "%u", tensor.data_as<uint8_t>()[i]); break;
    case DataType::kInt16: std::snprintf(text, sizeof(text), "%d", tensor.data_as<int16_t>()[i]); break;
    case DataType::kInt32: std::snprintf(text, sizeof(text), "%d", tensor.data_as<int32_t>()[i]); break;
    case DataType::kInt64:
      std::snprintf(text, sizeof(text), "%lld", static_cast<long long>(tensor.data_as<int64_t>()[i]));
      break;
    case DataType::kBool: std::snprintf(text, sizeof(text), "%s", tensor.data_as<bool>()[i] ? "true" : "false"); break;
    default: std::snprintf(text, sizeof(text), "?"); break;
  }
  return text;
}

double ValueAt(const Tensor& tensor, int64_t i, bool dequantize) {
  double raw = 0;
  switch (tensor.type) {
    case DataType::kFloat32: return tensor.data_as<float>()[i];
    case DataType::kInt8: raw = tensor.data_as<int8_t>()[i]; break;
    case DataType::kUInt8: raw = tensor.data_as<uint8_t>()[i]; break;
    case DataType::kInt16: raw = tensor.data_as<int16_t>()[i]; break;
    case DataType::kInt32: raw = tensor.data_as<int32_t>()[i]; break;
    case DataType::kInt64: raw = static_cast<double>(tensor.data_as<int64_t>()[i]); break;
    case DataType::kBool: raw = tensor.data_as<bool>()[i] ? 1 : 0; break;
    default: return 0;
  }
  const Quantization& q = tensor.quantization;
  if (!dequantize || !q.is_quantized()) return raw;
  size_t channel = 0;
  if (q.is_per_channel()) {  // the channel of element i along quantized_dimension
    const size_t dim = static_cast<size_t>(q.quantized_dimension);
    int64_t inner = 1;
    for (size_t d = dim + 1; d < tensor.shape.size(); ++d) inner *= tensor.shape[d];
    const int64_t extent = dim < tensor.shape.size() ? tensor.shape[dim] : 1;
    channel = static_cast<size_t>((i / inner) % extent);
    if (channel >= q.scales.size()) channel = 0;
  }
  const int32_t zero_point = channel < q.zero_points.size() ? q.zero_points[channel] : 0;
  return static_cast<double>(q.scales[channel]) * (raw - zero_point);
}

std::string FormatDequantized(const Tensor& tensor, int count) {
  if (tensor.data == nullptr) return "[]";
  const int64_t total = tensor.element_count();
  const int64_t shown = total < count ? total : count;
  std::string text = "[";
  char value[32];
  for (int64_t i = 0; i < shown; ++i) {
    std::snprintf(value, sizeof(value), "%s%.6g", i ? ", " : "", ValueAt(tensor, i, true));
    text += value;
  }
  if (shown < total) text += ", ...";
  return text + "]";
}

std::string QuantizationJson(const Quantization& q) {
  if (!q.is_quantized()) return "null";
  std::string text = "{\"scales\": [";
  char value[32];
  for (size_t i = 0; i < q.scales.size(); ++i) {
    std::snprintf(value, sizeof(value), "%s%.9g", i ? ", " : "", static_cast<double>(q.scales[i]));
    text += value;
  }
  text += "], \"zero_points\": [";
  for (size_t i = 0; i < q.zero_points.size(); ++i) {
    text += (i ? ", " : "") + std::to_string(q.zero_points[i]);
  }
  return text + "], \"quantized_dimension\": " + std::to_string(q.quantized_dimension) + "}";
}

std::string FormatValues(const Tensor& tensor, int count) {
  if (tensor.data == nullptr) return "[]";
  const int64_t total = tensor.element_count();
  const int64_t shown = total < count ? total : count;
  std::string text = "[";
  for (int64_t i = 0; i < shown; ++i) {
    if (i > 0) text += ", ";
    text += FormatValue(tensor, i);
  }
  if (shown < total) text += ", ...";
  return text + "]";
}

std::string FormatQuantization(const Quantization& q) {
  if (!q.is_quantized()) return "-";
  char text[96];
  if (q.is_per_channel()) {
    std::snprintf(text, sizeof(text), "per-channel(%zu) dim=%d", q.scales.size(),
                  q.quantized_dimension);
  } else {
    std::snprintf(text, sizeof(text), "s=%.6g zp=%d", q.scale(), q.zero_point());
  }
  return text;
}

std::string ShapeJson(const Shape& shape) {
  std::string text = "[";
  for (size_t d = 0; d < shape.size(); ++d) text += (d ? ", " : "") + std::to_string(shape[d]);
  return text + "]";
}

std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof(escaped), "\\u%04x", c);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace tools
}  // namespace brasa
