// What `brasa run` prints: every output's raw and dequantized values, the
// top-k classes of the first output with their labels, as text or JSON.
#ifndef BRASA_TOOLS_RUN_OUTPUT_H_
#define BRASA_TOOLS_RUN_OUTPUT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "brasa/interpreter.h"
#include "brasa/status.h"

namespace brasa {
namespace tools {

struct RankedClass {
  int64_t index = 0;
  double score = 0;   // dequantized for a quantized output
  std::string label;  // empty without --labels or past the file's end
};

// One label per line (a trailing '\r' is dropped). Fails naming the file.
Result<std::vector<std::string>> ReadLabels(const std::string& path);

// The `k` highest scores of `tensor`, highest first (ties: lower index first).
std::vector<RankedClass> TopK(const Tensor& tensor, int k, const std::vector<std::string>& labels);

// "output 0 'name': int8 [1,2] [-128, 127] dequantized [0, 0.996]", then the
// ranked classes, if any.
void PrintOutputsText(const Interpreter& interpreter, const std::vector<RankedClass>& top);
// {"outputs": [{"index", "name", "dtype", "shape", "quantization", "values",
// "dequantized"}...], "top_k": [{"index", "score", "label"}...]}
void PrintOutputsJson(const Interpreter& interpreter, const std::vector<RankedClass>& top);

}  // namespace tools
}  // namespace brasa

#endif  // BRASA_TOOLS_RUN_OUTPUT_H_
