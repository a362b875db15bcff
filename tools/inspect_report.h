// What `brasa inspect` knows about a model: operators in execution order with
// their output shapes, key options, MACs and weight bytes; tensors with their
// numeric quantization; the arena plan and the step at which it peaks.
#ifndef BRASA_TOOLS_INSPECT_REPORT_H_
#define BRASA_TOOLS_INSPECT_REPORT_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "brasa/model.h"
#include "brasa/tensor.h"
#include "src/runtime/arena_layout.h"

namespace brasa {
namespace tools {

struct OperatorRow {
  int index = 0;  // model operator index (the first one of a delegate partition)
  std::string name;
  std::vector<int> inputs, outputs;
  bool supported = true;
  Shape output_shape;   // the first output's, as prepared (or as the file says)
  // Key options in order: {"stride", "2x2"}, {"padding", "SAME"}, ...
  std::vector<std::pair<std::string, std::string>> options;
  int64_t macs = 0;     // multiply-accumulates of one invoke
  size_t weight_bytes = 0;  // constant inputs (weights, bias)
  std::vector<int> delegated_nodes;  // a delegate partition's model operators
};

struct TensorRow {
  int index = 0;
  std::string name;
  DataType type = DataType::kFloat32;
  Shape shape;
  Quantization quantization;
  bool constant = false;
  // A constant stored sparse (pruned weights): the bytes of its stored
  // values in the file and of its dense form (DENSIFY's output, or what a
  // dense kernel reads); both 0 for any other tensor.
  size_t sparse_stored_bytes = 0, sparse_dense_bytes = 0;
};

struct InspectReport {
  std::vector<int> inputs, outputs;
  std::vector<OperatorRow> operators;  // execution order
  std::vector<TensorRow> tensors;
  std::vector<std::string> unsupported;
  int64_t total_macs = 0;
  size_t total_weight_bytes = 0;
  bool planned = false;
  size_t arena_bytes = 0, lower_bound = 0, persistent_bytes = 0;
  std::string plan_error;
  internal::ArenaLayout layout;  // the main graph's buffers (planned only)
  int peak_step = -1;            // the step with the most live bytes
  size_t peak_bytes = 0;
  std::vector<int> peak_tensors;  // tensors live at peak_step, largest first
  size_t peak_scratch_bytes = 0;  // scratch live at peak_step
};

// `microcontroller`: plan as brasa's Cortex-M firmware does (ports/cortex_m):
// the reference CONV_2D and DEPTHWISE_CONV_2D kernels, whose nodes may run in
// place, and InterpreterOptions::preserve_inputs = false.
InspectReport BuildInspectReport(const Model& model, bool microcontroller = false);

// Writes the SVG files; errors name the file.
std::string GraphSvg(const InspectReport& report);
std::string ArenaSvg(const InspectReport& report);

}  // namespace tools
}  // namespace brasa

#endif  // BRASA_TOOLS_INSPECT_REPORT_H_
