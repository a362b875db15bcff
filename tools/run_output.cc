#include "tools/run_output.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

#include "tools/tensor_format.h"

namespace brasa {
namespace tools {
namespace {

constexpr int kValuesShown = 10;  // text output: values per output

std::string JsonNumber(double value) {
  if (!std::isfinite(value)) return "null";
  char text[32];
  std::snprintf(text, sizeof(text), "%.9g", value);
  return text;
}


std::string JsonValues(const Tensor& tensor, bool dequantize) {
  std::string text = "[";
  for (int64_t i = 0; i < tensor.element_count(); ++i) {
    if (i) text += ", ";
    if (tensor.type == DataType::kBool && !dequantize) {
      text += tensor.data_as<bool>()[i] ? "true" : "false";
    } else if (tensor.type == DataType::kInt64 && !dequantize) {
      text += std::to_string(tensor.data_as<int64_t>()[i]);  // exact, not through a double
    } else {
      text += JsonNumber(ValueAt(tensor, i, dequantize));
    }
  }
  return text + "]";
}

}  // namespace

Result<std::vector<std::string>> ReadLabels(const std::string& path) {
  std::ifstream file(path);
  if (!file) return NotFoundError("cannot read labels '" + path + "'");
  std::vector<std::string> labels;
  std::string line;
  while (std::getline(file, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    labels.push_back(line);
  }
  return labels;
}

std::vector<RankedClass> TopK(const Tensor& tensor, int k, const std::vector<std::string>& labels) {
  std::vector<RankedClass> all(static_cast<size_t>(tensor.element_count()));
  for (size_t i = 0; i < all.size(); ++i) {
    all[i].index = static_cast<int64_t>(i);
    all[i].score = ValueAt(tensor, static_cast<int64_t>(i), true);
  }
  const size_t count = std::min(all.size(), static_cast<size_t>(std::max(k, 0)));
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(count), all.end(),
                    [](const RankedClass& a, const RankedClass& b) {
                      return a.score != b.score ? a.score > b.score : a.index < b.index;
                    });
  all.resize(count);
  for (RankedClass& c : all) {
    if (static_cast<size_t>(c.index) < labels.size()) c.label = labels[static_cast<size_t>(c.index)];
  }
  return all;
}

void PrintOutputsText(const Interpreter& interpreter, const std::vector<RankedClass>& top) {
  for (int i = 0; i < interpreter.num_outputs(); ++i) {
    const Tensor& output = *interpreter.output(i);
    std::printf("output %d '%s': %s %s %s", i, output.name.c_str(), DataTypeName(output.type),
                ShapeToString(output.shape).c_str(), FormatValues(output, kValuesShown).c_str());
    if (output.quantization.is_quantized()) {
      std::printf(" dequantized %s", FormatDequantized(output, kValuesShown).c_str());
    }
    std::printf("\n");
  }
  if (top.empty()) return;
  std::printf("top %zu of output 0:\n", top.size());
  for (size_t r = 0; r < top.size(); ++r) {
    std::printf("  %zu. %-6lld %.6f %s\n", r + 1, static_cast<long long>(top[r].index),
                top[r].score, top[r].label.c_str());
  }
}

void PrintOutputsJson(const Interpreter& interpreter, const std::vector<RankedClass>& top) {
  std::printf("{\"outputs\": [");
  for (int i = 0; i < interpreter.num_outputs(); ++i) {
    const Tensor& output = *interpreter.output(i);
    const bool quantized = output.quantization.is_quantized();
    std::printf("%s\n  {\"index\": %d, \"name\": %s, \"dtype\": \"%s\", \"shape\": %s, "
                "\"quantization\": %s, \"values\": %s, \"dequantized\": %s}",
                i ? "," : "", i, JsonString(output.name).c_str(), DataTypeName(output.type),
                ShapeJson(output.shape).c_str(), QuantizationJson(output.quantization).c_str(),
                JsonValues(output, false).c_str(),
                quantized ? JsonValues(output, true).c_str() : "null");
  }
  std::printf("\n], \"top_k\": [");
  for (size_t r = 0; r < top.size(); ++r) {
    std::printf("%s{\"index\": %lld, \"score\": %s, \"label\": %s}", r ? ", " : "",
                static_cast<long long>(top[r].index), JsonNumber(top[r].score).c_str(),
                top[r].label.empty() ? "null" : JsonString(top[r].label).c_str());
  }
  std::printf("]}\n");
}

}  // namespace tools
}  // namespace brasa
