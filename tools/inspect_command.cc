// brasa inspect: what a model contains and what running it costs.
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "kernels/opt/sparse_f32_plan.h"
#include "kernels/opt/sparse_s8_plan.h"
#include "tools/cli.h"
#include "tools/inspect_report.h"
#include "tools/tensor_format.h"

namespace brasa {
namespace tools {
namespace {

std::string JoinInts(const std::vector<int>& values) {
  std::string text;
  for (size_t i = 0; i < values.size(); ++i) text += (i ? "," : "") + std::to_string(values[i]);
  return text;
}

std::string OptionsText(const OperatorRow& op) {
  std::string text;
  for (const auto& option : op.options) {
    text += (text.empty() ? "" : " ") + option.first + " " + option.second;
  }
  if (!op.delegated_nodes.empty()) text = "delegate partition of nodes " + JoinInts(op.delegated_nodes);
  return text;
}

void PrintTensorLine(const InspectReport& r, int t) {
  const TensorRow& row = r.tensors[static_cast<size_t>(t)];
  std::printf("  tensor %d '%s' %s %s %s\n", t, row.name.c_str(), DataTypeName(row.type),
              ShapeToString(row.shape).c_str(), FormatQuantization(row.quantization).c_str());
}

// Pruned weights stored sparse: their stored and dense sizes, and the zero
// fractions from which the sparse kernels take float32 and int8 weights.
void PrintSparseTensors(const InspectReport& r) {
  bool any = false;
  for (const TensorRow& row : r.tensors) {
    if (row.sparse_dense_bytes == 0) continue;
    if (!any) {
      std::printf("sparse tensors (stored bytes / dense bytes):\n");
      any = true;
    }
    std::printf("  tensor %d '%s' %s %s: %zu / %zu\n", row.index, row.name.c_str(),
                DataTypeName(row.type), ShapeToString(row.shape).c_str(), row.sparse_stored_bytes,
                row.sparse_dense_bytes);
  }
  if (any) {
    std::printf("sparse kernels: float32 1x1 CONV_2D and FULLY_CONNECTED weights with >= %.0f%% "
                "zeros (FULLY_CONNECTED with few rows: >= %.0f%%); int8 FULLY_CONNECTED with "
                "1 row and >= %.0f%% zero 1x4 blocks; others dense\n",
                100 * kSparseSpmmMinZeroFraction, 100 * kSparseSpmvMinZeroFraction,
                100 * kSparseS8MinZeroBlockFraction);
  }
}

void PrintText(const InspectReport& r) {
  std::printf("inputs:\n");
  for (int t : r.inputs) PrintTensorLine(r, t);
  std::printf("outputs:\n");
  for (int t : r.outputs) PrintTensorLine(r, t);
  std::printf("operators (%zu):\n  %4s %-22s %-16s %13s %11s  %s\n", r.operators.size(), "step",
              "op", "output", "MACs", "weight B", "options");
  for (size_t s = 0; s < r.operators.size(); ++s) {
    const OperatorRow& op = r.operators[s];
    std::printf("  %4zu %-22s %-16s %13lld %11zu  %s%s\n", s, op.name.c_str(),
                ShapeToString(op.output_shape).c_str(), static_cast<long long>(op.macs),
                op.weight_bytes, OptionsText(op).c_str(), op.supported ? "" : "UNSUPPORTED");
  }
  std::printf("total: %lld MACs, %zu weight bytes, %zu tensors\n",
              static_cast<long long>(r.total_macs), r.total_weight_bytes, r.tensors.size());
  std::printf("unsupported ops: %s\n", r.unsupported.empty() ? "none" : "");
  for (const std::string& u : r.unsupported) std::printf("  %s\n", u.c_str());
  PrintSparseTensors(r);
  if (!r.planned) {
    std::printf("arena bytes: unavailable (%s)\n",
                r.plan_error.empty() ? "unsupported ops" : r.plan_error.c_str());
    return;
  }
  std::printf("arena bytes: %zu\nlower bound: %zu (most bytes live at one step)\n",
              r.arena_bytes, r.lower_bound);
  if (r.layout.in_place_nodes > 0) {
    std::printf("  in place: %zu nodes write their output over their input; lower bound "
                "without in-place nodes: %zu\n",
                r.layout.in_place_nodes, r.layout.lower_bound_without_in_place);
  }
  std::printf("arena / lower bound: %.4f\npersistent bytes: %zu\n",
              r.lower_bound ? static_cast<double>(r.arena_bytes) / static_cast<double>(r.lower_bound)
                            : 1.0,
              r.persistent_bytes);
  if (r.peak_step < 0) return;
  std::printf("arena peak: step %d (%s), %zu bytes live:\n", r.peak_step,
              r.operators[static_cast<size_t>(r.peak_step)].name.c_str(), r.peak_bytes);
  for (int t : r.peak_tensors) {
    const TensorRow& row = r.tensors[static_cast<size_t>(t)];
    std::printf("  tensor %d '%s' %s %s\n", t, row.name.c_str(), DataTypeName(row.type),
                ShapeToString(row.shape).c_str());
  }
  if (r.peak_scratch_bytes > 0) {
    std::printf("  scratch of step %d: %zu bytes\n", r.peak_step, r.peak_scratch_bytes);
  }
}


// ", \"sparse\": {...}" for a sparse constant, else nothing.
std::string SparseJson(const TensorRow& t) {
  if (t.sparse_dense_bytes == 0) return "";
  return ", \"sparse\": {\"stored_bytes\": " + std::to_string(t.sparse_stored_bytes) +
         ", \"dense_bytes\": " + std::to_string(t.sparse_dense_bytes) + "}";
}

void PrintJson(const InspectReport& r) {
  std::printf("{\n  \"inputs\": [%s],\n  \"outputs\": [%s],\n  \"operators\": [",
              JoinInts(r.inputs).c_str(), JoinInts(r.outputs).c_str());
  for (size_t s = 0; s < r.operators.size(); ++s) {
    const OperatorRow& op = r.operators[s];
    std::string options = "{";
    for (size_t i = 0; i < op.options.size(); ++i) {
      options += (i ? ", " : "") + JsonString(op.options[i].first) + ": " +
                 JsonString(op.options[i].second);
    }
    std::printf("%s\n    {\"step\": %zu, \"index\": %d, \"op\": %s, \"inputs\": [%s], "
                "\"outputs\": [%s], \"supported\": %s, \"output_shape\": %s, \"options\": %s}, "
                "\"macs\": %lld, \"weight_bytes\": %zu, \"delegated_nodes\": [%s]}",
                s ? "," : "", s, op.index, JsonString(op.name).c_str(), JoinInts(op.inputs).c_str(),
                JoinInts(op.outputs).c_str(), op.supported ? "true" : "false",
                ShapeJson(op.output_shape).c_str(), options.c_str(),
                static_cast<long long>(op.macs), op.weight_bytes,
                JoinInts(op.delegated_nodes).c_str());
  }
  std::printf("\n  ],\n  \"total_macs\": %lld,\n  \"total_weight_bytes\": %zu,\n  \"tensors\": [",
              static_cast<long long>(r.total_macs), r.total_weight_bytes);
  for (size_t i = 0; i < r.tensors.size(); ++i) {
    const TensorRow& t = r.tensors[i];
    std::printf("%s\n    {\"index\": %d, \"name\": %s, \"type\": \"%s\", \"shape\": %s, "
                "\"constant\": %s, \"quantization\": %s%s}",
                i ? "," : "", t.index, JsonString(t.name).c_str(), DataTypeName(t.type),
                ShapeJson(t.shape).c_str(), t.constant ? "true" : "false",
                QuantizationJson(t.quantization).c_str(), SparseJson(t).c_str());
  }
  std::printf("\n  ],\n  \"unsupported\": [");
  for (size_t i = 0; i < r.unsupported.size(); ++i) {
    std::printf("%s%s", i ? ", " : "", JsonString(r.unsupported[i]).c_str());
  }
  std::printf("],\n");
  if (!r.planned) {
    std::printf("  \"arena_bytes\": null,\n  \"arena_lower_bound\": null,\n  \"error\": %s\n}\n",
                JsonString(r.plan_error).c_str());
    return;
  }
  std::printf("  \"arena_bytes\": %zu,\n  \"arena_lower_bound\": %zu,\n"
              "  \"arena_lower_bound_without_in_place\": %zu,\n  \"in_place_nodes\": %zu,\n"
              "  \"persistent_bytes\": %zu,\n"
              "  \"arena_peak\": {\"step\": %d, \"bytes\": %zu, \"tensors\": [%s], "
              "\"scratch_bytes\": %zu}\n}\n",
              r.arena_bytes, r.lower_bound, r.layout.lower_bound_without_in_place,
              r.layout.in_place_nodes, r.persistent_bytes, r.peak_step, r.peak_bytes,
              JoinInts(r.peak_tensors).c_str(), r.peak_scratch_bytes);
}

Status WriteText(const std::string& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary);
  file << text;
  file.close();
  if (!file) return InvalidArgumentError("cannot write '" + path + "'");
  return Status::Ok();
}

}  // namespace

int InspectCommand(const Arguments& arguments) {
  auto model = Model::FromFile(arguments.model);
  if (!model.ok()) return ReportError(model.status());
  const InspectReport report =
      BuildInspectReport(**model, arguments.has_switch("microcontroller"));
  if (arguments.has_switch("json")) {
    PrintJson(report);
  } else {
    PrintText(report);
  }
  if (!report.plan_error.empty()) {
    return ReportError(Status(StatusCode::kInvalidModel, report.plan_error));
  }
  const std::string svg = arguments.value("svg"), arena_svg = arguments.value("arena-svg");
  Status status;
  if (!svg.empty()) status = WriteText(svg, GraphSvg(report));
  if (status.ok() && !arena_svg.empty()) {
    status = report.planned ? WriteText(arena_svg, ArenaSvg(report))
                            : InvalidArgumentError("--arena-svg: the arena is not planned "
                                                   "(unsupported ops)");
  }
  return status.ok() ? kExitOk : ReportError(status);
}

}  // namespace tools
}  // namespace brasa
