#include "tools/inspect_report.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <set>

#include "brasa/builtin_kernels.h"
#include "brasa/builtin_op.h"
#include "brasa/interpreter.h"
#include "src/model/builtin_names.h"
#include "src/model/model_data.h"
#include "src/planner/arena_planner.h"

namespace brasa {
namespace tools {
namespace {

std::vector<int> Indices(const flatbuffers::Vector<int32_t>* list) {
  std::vector<int> out;
  if (list) out.assign(list->begin(), list->end());
  return out;
}

std::string Pair(int a, int b) { return std::to_string(a) + "x" + std::to_string(b); }

using Options = std::vector<std::pair<std::string, std::string>>;

void AddActivation(Options* options, tflite::ActivationFunctionType activation) {
  if (activation != tflite::ActivationFunctionType::NONE) {
    options->emplace_back("activation", tflite::EnumNameActivationFunctionType(activation));
  }
}

// The options that say what a layer does; the rest are in the model file.
Options KeyOptions(const tflite::Operator& op) {
  Options o;
  if (const auto* c = op.builtin_options_as_Conv2DOptions()) {
    o = {{"stride", Pair(c->stride_h(), c->stride_w())},
         {"padding", tflite::EnumNamePadding(c->padding())},
         {"dilation", Pair(c->dilation_h_factor(), c->dilation_w_factor())}};
    AddActivation(&o, c->fused_activation_function());
  } else if (const auto* d = op.builtin_options_as_DepthwiseConv2DOptions()) {
    o = {{"stride", Pair(d->stride_h(), d->stride_w())},
         {"padding", tflite::EnumNamePadding(d->padding())},
         {"dilation", Pair(d->dilation_h_factor(), d->dilation_w_factor())},
         {"depth_multiplier", std::to_string(d->depth_multiplier())}};
    AddActivation(&o, d->fused_activation_function());
  } else if (const auto* p = op.builtin_options_as_Pool2DOptions()) {
    o = {{"filter", Pair(p->filter_height(), p->filter_width())},
         {"stride", Pair(p->stride_h(), p->stride_w())},
         {"padding", tflite::EnumNamePadding(p->padding())}};
    AddActivation(&o, p->fused_activation_function());
  } else if (const auto* t = op.builtin_options_as_TransposeConvOptions()) {
    o = {{"stride", Pair(t->stride_h(), t->stride_w())},
         {"padding", tflite::EnumNamePadding(t->padding())}};
    AddActivation(&o, t->fused_activation_function());
  } else if (const auto* f = op.builtin_options_as_FullyConnectedOptions()) {
    AddActivation(&o, f->fused_activation_function());
  } else if (const auto* a = op.builtin_options_as_AddOptions()) {
    AddActivation(&o, a->fused_activation_function());
  } else if (const auto* m = op.builtin_options_as_MulOptions()) {
    AddActivation(&o, m->fused_activation_function());
  } else if (const auto* s = op.builtin_options_as_SubOptions()) {
    AddActivation(&o, s->fused_activation_function());
  } else if (const auto* concat = op.builtin_options_as_ConcatenationOptions()) {
    o = {{"axis", std::to_string(concat->axis())}};
    AddActivation(&o, concat->fused_activation_function());
  } else if (const auto* softmax = op.builtin_options_as_SoftmaxOptions()) {
    char beta[32];
    std::snprintf(beta, sizeof(beta), "%g", static_cast<double>(softmax->beta()));
    o = {{"beta", beta}};
  }
  return o;
}

int64_t Dim(const Shape& shape, size_t d) { return d < shape.size() ? shape[d] : 0; }

// Multiply-accumulates of the ops that are mostly multiply-accumulates.
int64_t Macs(const std::string& name, const std::vector<int>& inputs, const Shape& output,
             const std::vector<TensorRow>& tensors) {
  auto shape_of = [&](size_t i) -> Shape {
    if (i >= inputs.size() || inputs[i] < 0 || static_cast<size_t>(inputs[i]) >= tensors.size()) {
      return Shape();
    }
    return tensors[static_cast<size_t>(inputs[i])].shape;
  };
  const int64_t out = ElementCount(output);
  const Shape weights = shape_of(1);
  if (name == "CONV_2D") return out * Dim(weights, 1) * Dim(weights, 2) * Dim(weights, 3);
  if (name == "DEPTHWISE_CONV_2D") return out * Dim(weights, 1) * Dim(weights, 2);
  if (name == "FULLY_CONNECTED") return out * (weights.empty() ? 0 : weights.back());
  if (name == "TRANSPOSE_CONV") {  // inputs: output shape, weights, activations
    return ElementCount(shape_of(2)) * Dim(weights, 0) * Dim(weights, 1) * Dim(weights, 2);
  }
  if (name == "BATCH_MATMUL") {
    const Shape lhs = shape_of(0);
    return lhs.empty() ? 0 : out * lhs.back();
  }
  return 0;
}

// The step with the most live bytes (sizes rounded as the planner rounds them).
void FindPeak(InspectReport* r) {
  const internal::ArenaLayout& layout = r->layout;
  for (int step = 0; step < layout.num_steps; ++step) {
    size_t live = 0;
    for (const internal::PlannedBuffer& b : layout.buffers) {
      if (b.first_step <= step && step <= b.last_step) {
        live += (b.bytes + kArenaAlignment - 1) / kArenaAlignment * kArenaAlignment;
      }
    }
    if (r->peak_step < 0 || live > r->peak_bytes) {
      r->peak_step = step;
      r->peak_bytes = live;
    }
  }
  if (r->peak_step < 0) return;
  std::vector<const internal::PlannedBuffer*> live;
  for (const internal::PlannedBuffer& b : layout.buffers) {
    if (b.first_step > r->peak_step || r->peak_step > b.last_step) continue;
    if (b.tensor >= 0) {
      live.push_back(&b);
    } else {
      r->peak_scratch_bytes += b.bytes;
    }
  }
  std::stable_sort(live.begin(), live.end(), [](const internal::PlannedBuffer* a,
                                                const internal::PlannedBuffer* b) {
    return a->bytes > b->bytes;
  });
  for (const internal::PlannedBuffer* b : live) r->peak_tensors.push_back(b->tensor);
}

}  // namespace

InspectReport BuildInspectReport(const Model& model, bool microcontroller) {
  InspectReport report;
  const internal::ModelData& data = model.internal_data();
  const tflite::SubGraph& subgraph = *data.root->subgraphs()->Get(0);
  report.inputs = Indices(subgraph.inputs());
  report.outputs = Indices(subgraph.outputs());
  const uint32_t num_tensors = subgraph.tensors() ? subgraph.tensors()->size() : 0;
  std::vector<size_t> constant_bytes(num_tensors, 0);
  for (uint32_t t = 0; t < num_tensors; ++t) {
    const tflite::Tensor& tensor = *subgraph.tensors()->Get(t);
    TensorRow row;
    row.index = static_cast<int>(t);
    row.name = tensor.name() ? tensor.name()->str() : "";
    row.type = static_cast<DataType>(tensor.type());
    if (tensor.shape()) row.shape.assign(tensor.shape()->begin(), tensor.shape()->end());
    if (const tflite::QuantizationParameters* q = tensor.quantization()) {
      if (q->scale()) row.quantization.scales.assign(q->scale()->begin(), q->scale()->end());
      if (q->zero_point()) {
        for (int64_t zp : *q->zero_point()) {
          row.quantization.zero_points.push_back(static_cast<int32_t>(zp));
        }
      }
      row.quantization.quantized_dimension = q->quantized_dimension();
    }
    constant_bytes[t] = internal::GetBufferBytes(data, tensor.buffer()).size;
    row.constant = constant_bytes[t] > 0;
    if (tensor.sparsity() != nullptr && row.constant) {
      row.sparse_stored_bytes = constant_bytes[t];
      row.sparse_dense_bytes = static_cast<size_t>(ElementCount(row.shape)) *
                               DataTypeSize(row.type);
    }
    report.tensors.push_back(row);
  }

  OpResolver resolver = OpResolver::WithAllBuiltins();
  InterpreterOptions options;
  if (microcontroller) {
    resolver.AddBuiltin(static_cast<int32_t>(BuiltinOp::kConv2D), Register_CONV_2D());
    resolver.AddBuiltin(static_cast<int32_t>(BuiltinOp::kDepthwiseConv2D),
                        Register_DEPTHWISE_CONV_2D());
    options.preserve_inputs = false;
  }
  const uint32_t num_ops = subgraph.operators() ? subgraph.operators()->size() : 0;
  std::vector<OperatorRow> by_index;
  for (uint32_t n = 0; n < num_ops; ++n) {
    const tflite::Operator& op = *subgraph.operators()->Get(n);
    const tflite::OperatorCode& code = *data.root->operator_codes()->Get(op.opcode_index());
    const int32_t builtin = internal::OperatorCodeOf(code);
    OperatorRow row;
    row.index = static_cast<int>(n);
    row.inputs = Indices(op.inputs());
    row.outputs = Indices(op.outputs());
    if (builtin == kBuiltinCustom) {
      row.name = "CUSTOM:" + code.custom_code()->str();
      row.supported = resolver.FindCustom(code.custom_code()->str()) != nullptr;
    } else {
      const char* name = BuiltinOperatorName(builtin);
      row.name = name ? name : "UNKNOWN(" + std::to_string(builtin) + ")";
      row.supported = resolver.FindBuiltin(builtin) != nullptr;
    }
    if (!row.supported) report.unsupported.push_back("node " + std::to_string(n) + ": " + row.name);
    row.options = KeyOptions(op);
    by_index.push_back(row);
  }

  std::unique_ptr<Interpreter> interpreter;
  if (report.unsupported.empty()) {
    auto created = Interpreter::Create(model, resolver, options);
    Status status = created.ok() ? (*created)->AllocateTensors() : created.status();
    if (status.ok()) {
      interpreter = std::move(created.value());
      report.planned = true;
      report.arena_bytes = interpreter->arena_bytes();
      report.lower_bound = interpreter->arena_lower_bound();
      report.persistent_bytes = interpreter->persistent_bytes();
      report.layout = internal::MainArenaLayout(*interpreter);
      for (TensorRow& row : report.tensors) {  // prepared shapes replace the file's
        const Tensor* tensor = interpreter->tensor(row.index);
        if (tensor != nullptr) row.shape = tensor->shape;
      }
    } else {
      report.plan_error = status.message();
    }
  }
  // Execution order: the interpreter's nodes (a delegate partition is one),
  // else the file's order.
  if (interpreter) {
    for (int p = 0; p < interpreter->num_nodes(); ++p) {
      const NodeInfo node = interpreter->node(p);
      if (node.index < 0 || static_cast<size_t>(node.index) >= by_index.size()) continue;
      OperatorRow row = by_index[static_cast<size_t>(node.index)];
      if (!node.delegated_nodes.empty()) {
        row.name = node.op_name;
        row.inputs = node.inputs;
        row.outputs = node.outputs;
        row.options.clear();
        row.delegated_nodes = node.delegated_nodes;
      }
      report.operators.push_back(row);
    }
  } else {
    report.operators = by_index;
  }
  std::set<int> weights_seen;
  for (OperatorRow& row : report.operators) {
    const std::vector<int>& members = row.delegated_nodes;
    const std::vector<int> ops = members.empty() ? std::vector<int>{row.index} : members;
    for (int member : ops) {
      if (member < 0 || static_cast<size_t>(member) >= by_index.size()) continue;
      const OperatorRow& op = by_index[static_cast<size_t>(member)];
      if (!op.outputs.empty() && op.outputs[0] >= 0 &&
          static_cast<size_t>(op.outputs[0]) < report.tensors.size()) {
        const Shape& shape = report.tensors[static_cast<size_t>(op.outputs[0])].shape;
        if (member == ops.back()) row.output_shape = shape;
        row.macs += Macs(op.name, op.inputs, shape, report.tensors);
      }
      for (int t : op.inputs) {
        if (t < 0 || static_cast<size_t>(t) >= constant_bytes.size() ||
            constant_bytes[static_cast<size_t>(t)] == 0) {
          continue;
        }
        row.weight_bytes += constant_bytes[static_cast<size_t>(t)];
        if (weights_seen.insert(t).second) {
          report.total_weight_bytes += constant_bytes[static_cast<size_t>(t)];
        }
      }
    }
    report.total_macs += row.macs;
  }
  if (report.planned) FindPeak(&report);
  return report;
}

}  // namespace tools
}  // namespace brasa
