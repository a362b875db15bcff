#include "tools/tensor_format.h"

#include <cstdio>

namespace brasa {
namespace tools {
namespace {

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

}  // namespace

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
