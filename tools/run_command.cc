// brasa run: feed .npy or image inputs, invoke once, write and print the outputs.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>
#include <sys/stat.h>

#include "brasa/interpreter.h"
#include "tools/cli.h"
#include "tools/input_feed.h"
#include "tools/npy.h"
#include "tools/run_output.h"

namespace brasa {
namespace tools {
namespace {

constexpr int kDefaultTopKWithLabels = 5;

struct RunSettings {
  InterpreterOptions options;
  PixelNormalization normalization;
  std::vector<std::string> labels;
  int top_k = 0;  // 0: no ranking
};

// Flags that need no model: a usage error names the flag and its range.
Status ParseSettings(const Arguments& arguments, RunSettings* s) {
  BRASA_RETURN_IF_ERROR(ParseCount("threads", arguments.value("threads", "1"), 1, kMaxThreads,
                                   &s->options.num_threads));
  BRASA_RETURN_IF_ERROR(ApplyKernelOptions(arguments, &s->options));
  const std::string mean = arguments.value("mean"), std = arguments.value("std");
  if (!mean.empty()) BRASA_RETURN_IF_ERROR(ParseReal("mean", mean, false, &s->normalization.mean));
  if (!std.empty()) BRASA_RETURN_IF_ERROR(ParseReal("std", std, true, &s->normalization.std));
  s->normalization.given = !mean.empty() || !std.empty();
  return Status::Ok();
}

// --top-k needs the model: its range ends at the first output's element count.
Status ParseTopK(const Arguments& arguments, const Interpreter& runner, RunSettings* s) {
  const std::string text = arguments.value("top-k");
  const bool labels = !arguments.value("labels").empty();
  if (text.empty() && !labels) return Status::Ok();
  if (runner.num_outputs() == 0) return InvalidArgumentError("--top-k: the model has no outputs");
  const int64_t count = runner.output(0)->element_count();
  const int maximum = static_cast<int>(count < kMaxRuns ? count : kMaxRuns);
  if (text.empty()) {
    s->top_k = kDefaultTopKWithLabels < maximum ? kDefaultTopKWithLabels : maximum;
    return Status::Ok();
  }
  const Status status = ParseCount("top-k", text, 1, maximum, &s->top_k);
  if (status.ok()) return status;
  return InvalidArgumentError(status.message() + " (the first output has " +
                              std::to_string(count) + " elements)");
}

Status Run(const Arguments& arguments, const RunSettings& settings, Interpreter& runner,
           const Model& model) {
  // Read and check every input first: a wrong dtype or shape is reported
  // before anything runs, and all resizes must happen before the one
  // AllocateTensors that binds the arena the inputs are copied into.
  const std::vector<std::string> paths = arguments.values("input");
  if (static_cast<int>(paths.size()) > runner.num_inputs()) {
    return InvalidArgumentError(std::to_string(paths.size()) + " --input files for a model with " +
                                std::to_string(runner.num_inputs()) + " inputs");
  }
  std::vector<NpyArray> arrays;
  int first_resized = -1;
  for (size_t i = 0; i < paths.size(); ++i) {
    const int index = static_cast<int>(i);
    const Tensor& input = *runner.input(index);
    auto array = ReadInput(paths[i], index, input, settings.normalization);
    if (!array.ok()) return array.status();
    bool resize = false;
    BRASA_RETURN_IF_ERROR(CheckInput(*array, index, input, InputSignature(model, index, input),
                                     paths[i], &resize));
    if (resize) {
      BRASA_RETURN_IF_ERROR(runner.ResizeInputTensor(index, array->shape));
      if (first_resized < 0) first_resized = index;
    }
    arrays.push_back(std::move(array.value()));
  }
  Status status = runner.AllocateTensors();
  if (!status.ok() && first_resized >= 0) {
    const size_t i = static_cast<size_t>(first_resized);
    return Status(status.code(), "input " + std::to_string(i) + " ('" + paths[i] + "'): shape " +
                                     ShapeToString(arrays[i].shape) + " does not fit the model: " +
                                     status.message());
  }
  BRASA_RETURN_IF_ERROR(status);
  for (int i = 0; i < runner.num_inputs(); ++i) {
    const Tensor* tensor = runner.input(i);
    if (static_cast<size_t>(i) < arrays.size()) {
      FeedInput(arrays[static_cast<size_t>(i)], *tensor, runner.input_data(i));
      continue;
    }
    if (tensor->bytes > 0) std::memset(runner.input_data(i), 0, tensor->bytes);
    std::fprintf(stderr, "brasa: notice: input %d '%s' (%s %s) has no --input: filled with zeros\n",
                 i, tensor->name.c_str(), DataTypeName(tensor->type),
                 ShapeToString(tensor->shape).c_str());
  }
  BRASA_RETURN_IF_ERROR(runner.Invoke());

  const std::string directory = arguments.value("output-dir");
  if (!directory.empty()) {
    ::mkdir(directory.c_str(), 0755);  // may exist; a write below reports real failures
    for (int i = 0; i < runner.num_outputs(); ++i) {
      const Tensor& output = *runner.output(i);
      BRASA_RETURN_IF_ERROR(WriteNpy(directory + "/output_" + std::to_string(i) + ".npy",
                                     output.type, output.shape, output.data, output.bytes));
    }
  }
  std::vector<RankedClass> top;
  if (settings.top_k > 0) top = TopK(*runner.output(0), settings.top_k, settings.labels);
  if (arguments.has_switch("json")) {
    PrintOutputsJson(runner, top);
  } else {
    PrintOutputsText(runner, top);
  }
  return Status::Ok();
}

}  // namespace

int RunCommand(const Arguments& arguments) {
  RunSettings settings;
  Status status = ParseSettings(arguments, &settings);
  if (!status.ok()) return ReportUsage(status.message());
  auto model = Model::FromFile(arguments.model);
  if (!model.ok()) return ReportError(model.status());
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins(), settings.options);
  if (!interpreter.ok()) return ReportError(interpreter.status());
  status = ParseTopK(arguments, **interpreter, &settings);
  if (!status.ok()) return ReportUsage(status.message());
  const std::string labels = arguments.value("labels");
  if (!labels.empty()) {
    auto read = ReadLabels(labels);
    if (!read.ok()) return ReportError(read.status());
    settings.labels = std::move(read.value());
  }
  status = Run(arguments, settings, **interpreter, **model);
  return status.ok() ? kExitOk : ReportError(status);
}

}  // namespace tools
}  // namespace brasa
