// brasa run: feed .npy inputs, invoke once, write and print the outputs.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <vector>
#include <sys/stat.h>

#include "brasa/interpreter.h"
#include "tools/cli.h"
#include "tools/npy.h"
#include "tools/tensor_format.h"

namespace brasa {
namespace tools {
namespace {

// Quantizes float32 values into `tensor` with its scale and zero point
// (round half away from zero, clamp), as TensorFlow Lite's QUANTIZE does.
template <typename T>
void QuantizeInto(const float* values, Tensor* tensor) {
  const float scale = tensor->quantization.scale();
  const int32_t zero_point = tensor->quantization.zero_point();
  T* out = tensor->data_as<T>();
  for (int64_t i = 0; i < tensor->element_count(); ++i) {
    const float q = std::round(values[i] / scale) + static_cast<float>(zero_point);
    const float low = static_cast<float>(std::numeric_limits<T>::min());
    const float high = static_cast<float>(std::numeric_limits<T>::max());
    out[i] = static_cast<T>(std::fmin(std::fmax(q, low), high));
  }
}

// Copies `array` into input `index`, quantizing float32 data for a quantized
// input. The shapes already agree (or were resized to agree).
Status FeedInput(Tensor* tensor, int index, const NpyArray& array, const std::string& path) {
  const std::string where = "input " + std::to_string(index) + " ('" + path + "'): ";
  if (ElementCount(array.shape) != tensor->element_count()) {
    return InvalidArgumentError(where + "shape " + ShapeToString(array.shape) +
                                " does not match the model's " + ShapeToString(tensor->shape));
  }
  if (array.type == tensor->type) {
    std::memcpy(tensor->data, array.bytes.data(), tensor->bytes);
    return Status::Ok();
  }
  const bool quantized = tensor->quantization.is_quantized();
  if (array.type == DataType::kFloat32 && quantized) {
    const float* values = reinterpret_cast<const float*>(array.bytes.data());
    switch (tensor->type) {
      case DataType::kInt8: QuantizeInto<int8_t>(values, tensor); return Status::Ok();
      case DataType::kUInt8: QuantizeInto<uint8_t>(values, tensor); return Status::Ok();
      case DataType::kInt16: QuantizeInto<int16_t>(values, tensor); return Status::Ok();
      default: break;
    }
  }
  return InvalidArgumentError(where + DataTypeName(array.type) + " data for a " +
                              DataTypeName(tensor->type) + " input" +
                              (quantized ? "" : " (float32 is accepted only for quantized inputs)"));
}

Status Run(const Arguments& arguments, const InterpreterOptions& options) {
  auto model = Model::FromFile(arguments.model);
  if (!model.ok()) return model.status();
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins(), options);
  if (!interpreter.ok()) return interpreter.status();
  Interpreter& runner = **interpreter;

  // Read every input first: an input whose shape differs from the model's
  // (another batch size, say) resizes it, and all resizes must happen before
  // the one AllocateTensors that binds the arena the inputs are copied into.
  const std::vector<std::string> paths = arguments.values("input");
  if (static_cast<int>(paths.size()) > runner.num_inputs()) {
    return InvalidArgumentError(std::to_string(paths.size()) + " --input files for a model with " +
                                std::to_string(runner.num_inputs()) + " inputs");
  }
  std::vector<NpyArray> arrays;
  int first_resized = -1;
  for (size_t i = 0; i < paths.size(); ++i) {
    auto array = ReadNpy(paths[i]);
    if (!array.ok()) return array.status();
    const Tensor* tensor = runner.input(static_cast<int>(i));
    if (ElementCount(array->shape) != tensor->element_count()) {
      BRASA_RETURN_IF_ERROR(runner.ResizeInputTensor(static_cast<int>(i), array->shape));
      if (first_resized < 0) first_resized = static_cast<int>(i);
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
    Tensor* tensor = runner.input(i);
    if (tensor->bytes > 0) std::memset(tensor->data, 0, tensor->bytes);  // missing: zeros
  }
  for (size_t i = 0; i < arrays.size(); ++i) {
    BRASA_RETURN_IF_ERROR(FeedInput(runner.input(static_cast<int>(i)), static_cast<int>(i), arrays[i], paths[i]));
  }
  BRASA_RETURN_IF_ERROR(runner.Invoke());

  const std::string directory = arguments.value("output-dir");
  if (!directory.empty()) {
    ::mkdir(directory.c_str(), 0755);  // may exist; a write below reports real failures
  }
  for (int i = 0; i < runner.num_outputs(); ++i) {
    const Tensor& output = *runner.output(i);
    std::printf("output %d '%s': %s %s %s\n", i, output.name.c_str(), DataTypeName(output.type),
                ShapeToString(output.shape).c_str(), FormatValues(output, 10).c_str());
    if (!directory.empty()) {
      BRASA_RETURN_IF_ERROR(WriteNpy(directory + "/output_" + std::to_string(i) + ".npy",
                                     output.type, output.shape, output.data, output.bytes));
    }
  }
  return Status::Ok();
}

}  // namespace

int RunCommand(const Arguments& arguments) {
  InterpreterOptions options;
  Status status = ParseCount("threads", arguments.value("threads", "1"), 1, &options.num_threads);
  if (status.ok()) status = ApplyKernelOptions(arguments, &options);
  if (!status.ok()) return ReportUsage(status.message());
  status = Run(arguments, options);
  return status.ok() ? kExitOk : ReportError(status);
}

}  // namespace tools
}  // namespace brasa
