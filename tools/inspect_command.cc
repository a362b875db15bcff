// brasa inspect: what a model contains and what running it costs.
#include <cstdio>
#include <string>
#include <vector>

#include "brasa/interpreter.h"
#include "src/model/builtin_names.h"
#include "src/model/model_data.h"
#include "tools/cli.h"
#include "tools/tensor_format.h"

namespace brasa {
namespace tools {
namespace {

struct OperatorRow {
  int index;
  std::string name;
  std::vector<int> inputs, outputs;
  bool supported;
};

struct TensorRow {
  int index;
  std::string name, type, shape, quantization;
  bool constant;
  std::string sparse;  // a pruned weight: its stored value bytes and dense bytes
};

struct Report {
  std::vector<int> inputs, outputs;
  std::vector<OperatorRow> operators;
  std::vector<TensorRow> tensors;
  std::vector<std::string> unsupported;
  bool planned = false;
  size_t arena_bytes = 0, lower_bound = 0, persistent_bytes = 0;
  std::string plan_error;
};

std::vector<int> Indices(const flatbuffers::Vector<int32_t>* list) {
  std::vector<int> out;
  if (list) out.assign(list->begin(), list->end());
  return out;
}

// For a sparse constant, its stored bytes and the bytes DENSIFY expands it to.
std::string SparseSizes(const internal::ModelData& data, const tflite::Tensor& tensor,
                        const Shape& shape) {
  if (tensor.sparsity() == nullptr) return "";
  const size_t stored = internal::GetBufferBytes(data, tensor.buffer()).size;
  const size_t dense = static_cast<size_t>(ElementCount(shape)) *
                       DataTypeSize(static_cast<DataType>(tensor.type()));
  return "  sparse: " + std::to_string(stored) + " B of values, " + std::to_string(dense) +
         " B dense";
}

Report BuildReport(const Model& model) {
  Report report;
  const internal::ModelData& data = model.internal_data();
  const tflite::SubGraph& subgraph = *data.root->subgraphs()->Get(0);
  report.inputs = Indices(subgraph.inputs());
  report.outputs = Indices(subgraph.outputs());
  const OpResolver resolver = OpResolver::WithAllBuiltins();
  if (subgraph.operators()) {
    for (uint32_t n = 0; n < subgraph.operators()->size(); ++n) {
      const tflite::Operator& op = *subgraph.operators()->Get(n);
      const tflite::OperatorCode& code = *data.root->operator_codes()->Get(op.opcode_index());
      const int32_t builtin = internal::OperatorCodeOf(code);
      OperatorRow row{static_cast<int>(n), "", Indices(op.inputs()), Indices(op.outputs()), false};
      if (builtin == kBuiltinCustom) {
        row.name = "CUSTOM:" + code.custom_code()->str();
        row.supported = resolver.FindCustom(code.custom_code()->str()) != nullptr;
      } else {
        const char* name = BuiltinOperatorName(builtin);
        row.name = name ? name : "UNKNOWN(" + std::to_string(builtin) + ")";
        row.supported = resolver.FindBuiltin(builtin) != nullptr;
      }
      if (!row.supported) {
        report.unsupported.push_back("node " + std::to_string(n) + ": " + row.name);
      }
      report.operators.push_back(row);
    }
  }
  if (subgraph.tensors()) {
    for (uint32_t t = 0; t < subgraph.tensors()->size(); ++t) {
      const tflite::Tensor& tensor = *subgraph.tensors()->Get(t);
      Quantization q;
      if (tensor.quantization() && tensor.quantization()->scale()) {
        q.scales.assign(tensor.quantization()->scale()->begin(), tensor.quantization()->scale()->end());
        if (tensor.quantization()->zero_point()) {
          for (int64_t zp : *tensor.quantization()->zero_point()) q.zero_points.push_back(static_cast<int32_t>(zp));
        }
        q.quantized_dimension = tensor.quantization()->quantized_dimension();
      }
      Shape shape;
      if (tensor.shape()) shape.assign(tensor.shape()->begin(), tensor.shape()->end());
      report.tensors.push_back({static_cast<int>(t), tensor.name() ? tensor.name()->str() : "",
                                DataTypeName(static_cast<DataType>(tensor.type())),
                                ShapeToString(shape), FormatQuantization(q),
                                internal::GetBufferBytes(data, tensor.buffer()).size > 0,
                                SparseSizes(data, tensor, shape)});
    }
  }
  if (report.unsupported.empty()) {
    auto interpreter = Interpreter::Create(model, resolver);
    Status status = interpreter.ok() ? (*interpreter)->AllocateTensors() : interpreter.status();
    if (status.ok()) {
      report.planned = true;
      report.arena_bytes = (*interpreter)->arena_bytes();
      report.lower_bound = (*interpreter)->arena_lower_bound();
      report.persistent_bytes = (*interpreter)->persistent_bytes();
    } else {
      report.plan_error = status.message();
    }
  }
  return report;
}

std::string JoinInts(const std::vector<int>& values) {
  std::string text;
  for (size_t i = 0; i < values.size(); ++i) text += (i ? "," : "") + std::to_string(values[i]);
  return text;
}

void PrintText(const Report& r) {
  std::printf("inputs:\n");
  for (int t : r.inputs) {
    const TensorRow& row = r.tensors[static_cast<size_t>(t)];
    std::printf("  tensor %d '%s' %s %s %s\n", t, row.name.c_str(), row.type.c_str(), row.shape.c_str(), row.quantization.c_str());
  }
  std::printf("outputs:\n");
  for (int t : r.outputs) {
    const TensorRow& row = r.tensors[static_cast<size_t>(t)];
    std::printf("  tensor %d '%s' %s %s %s\n", t, row.name.c_str(), row.type.c_str(), row.shape.c_str(), row.quantization.c_str());
  }
  std::printf("operators (%zu):\n", r.operators.size());
  for (const OperatorRow& op : r.operators) {
    std::printf("  %4d %-28s in [%s] out [%s]%s\n", op.index, op.name.c_str(), JoinInts(op.inputs).c_str(),
                JoinInts(op.outputs).c_str(), op.supported ? "" : "  UNSUPPORTED");
  }
  std::printf("tensors (%zu):\n", r.tensors.size());
  for (const TensorRow& t : r.tensors) {
    std::printf("  %4d %-8s %-18s %-9s %s '%s'%s\n", t.index, t.type.c_str(), t.shape.c_str(),
                t.constant ? "constant" : "", t.quantization.c_str(), t.name.c_str(),
                t.sparse.c_str());
  }
  std::printf("unsupported ops: %s\n", r.unsupported.empty() ? "none" : "");
  for (const std::string& u : r.unsupported) std::printf("  %s\n", u.c_str());
  if (r.planned) {
    std::printf("arena bytes: %zu\nlower bound: %zu (most bytes live at one step)\n"
                "arena / lower bound: %.4f\npersistent bytes: %zu\n",
                r.arena_bytes, r.lower_bound,
                r.lower_bound ? static_cast<double>(r.arena_bytes) / static_cast<double>(r.lower_bound) : 1.0,
                r.persistent_bytes);
  } else {
    std::printf("arena bytes: unavailable (%s)\n",
                r.plan_error.empty() ? "unsupported ops" : r.plan_error.c_str());
  }
}

void PrintJson(const Report& r) {
  std::printf("{\n  \"inputs\": [%s],\n  \"outputs\": [%s],\n  \"operators\": [", JoinInts(r.inputs).c_str(),
              JoinInts(r.outputs).c_str());
  for (size_t i = 0; i < r.operators.size(); ++i) {
    const OperatorRow& op = r.operators[i];
    std::printf("%s\n    {\"index\": %d, \"op\": %s, \"inputs\": [%s], \"outputs\": [%s], \"supported\": %s}",
                i ? "," : "", op.index, JsonString(op.name).c_str(), JoinInts(op.inputs).c_str(),
                JoinInts(op.outputs).c_str(), op.supported ? "true" : "false");
  }
  std::printf("\n  ],\n  \"tensors\": [");
  for (size_t i = 0; i < r.tensors.size(); ++i) {
    const TensorRow& t = r.tensors[i];
    std::printf("%s\n    {\"index\": %d, \"name\": %s, \"type\": \"%s\", \"shape\": %s, \"constant\": %s, "
                "\"quantization\": %s}",
                i ? "," : "", t.index, JsonString(t.name).c_str(), t.type.c_str(), t.shape.c_str(),
                t.constant ? "true" : "false", JsonString(t.quantization).c_str());
  }
  std::printf("\n  ],\n  \"unsupported\": [");
  for (size_t i = 0; i < r.unsupported.size(); ++i) {
    std::printf("%s%s", i ? ", " : "", JsonString(r.unsupported[i]).c_str());
  }
  std::printf("],\n");
  if (r.planned) {
    std::printf("  \"arena_bytes\": %zu,\n  \"arena_lower_bound\": %zu,\n  \"persistent_bytes\": %zu\n}\n",
                r.arena_bytes, r.lower_bound, r.persistent_bytes);
  } else {
    std::printf("  \"arena_bytes\": null,\n  \"arena_lower_bound\": null,\n  \"error\": %s\n}\n",
                JsonString(r.plan_error).c_str());
  }
}

}  // namespace

int InspectCommand(const Arguments& arguments) {
  auto model = Model::FromFile(arguments.model);
  if (!model.ok()) return ReportError(model.status());
  const Report report = BuildReport(**model);
  if (arguments.has_switch("json")) {
    PrintJson(report);
  } else {
    PrintText(report);
  }
  if (!report.plan_error.empty()) return ReportError(Status(StatusCode::kInvalidModel, report.plan_error));
  return kExitOk;
}

}  // namespace tools
}  // namespace brasa
