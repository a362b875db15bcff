#include "examples/common/model_runner.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <numeric>

namespace brasa_examples {
namespace {

template <typename T>
void Quantize(const std::vector<float>& values, const brasa::Quantization& q, T* out) {
  const float low = static_cast<float>(std::numeric_limits<T>::min());
  const float high = static_cast<float>(std::numeric_limits<T>::max());
  for (size_t i = 0; i < values.size(); ++i) {
    const float level = std::round(values[i] / q.scale()) + static_cast<float>(q.zero_point());
    out[i] = static_cast<T>(std::min(high, std::max(low, level)));
  }
}

template <typename T>
void Dequantize(const brasa::Tensor& tensor, std::vector<float>* out) {
  const T* data = tensor.data_as<T>();
  for (size_t i = 0; i < out->size(); ++i) {
    (*out)[i] = tensor.quantization.scale() * static_cast<float>(static_cast<int32_t>(data[i]) -
                                                                 tensor.quantization.zero_point());
  }
}

}  // namespace

brasa::Result<std::unique_ptr<ModelRunner>> ModelRunner::Load(const std::string& path) {
  return Load(path, brasa::OpResolver::WithAllBuiltins());
}

brasa::Result<std::unique_ptr<ModelRunner>> ModelRunner::Load(const std::string& path,
                                                              const brasa::OpResolver& resolver) {
  std::unique_ptr<ModelRunner> runner(new ModelRunner());
  auto model = brasa::Model::FromFile(path);
  if (!model.ok()) return model.status();
  runner->model_ = std::move(*model);
  auto interpreter = brasa::Interpreter::Create(*runner->model_, resolver);
  if (!interpreter.ok()) return interpreter.status();
  runner->interpreter_ = std::move(*interpreter);
  BRASA_RETURN_IF_ERROR(runner->interpreter_->AllocateTensors());
  if (runner->interpreter_->num_inputs() < 1 || runner->interpreter_->num_outputs() < 1) {
    return brasa::InvalidArgumentError(path + ": the model has no input or no output");
  }
  return runner;
}

brasa::Status ModelRunner::SetInput(const std::vector<float>& values) {
  const brasa::Tensor& tensor = input();
  if (static_cast<int64_t>(values.size()) != tensor.element_count()) {
    return brasa::InvalidArgumentError("the model's input " + brasa::ShapeToString(tensor.shape) +
                                       " holds " + std::to_string(tensor.element_count()) +
                                       " values, got " + std::to_string(values.size()));
  }
  switch (tensor.type) {
    case brasa::DataType::kFloat32:
      std::copy(values.begin(), values.end(), input_data<float>());
      return brasa::Status::Ok();
    case brasa::DataType::kInt8:
      Quantize(values, tensor.quantization, input_data<int8_t>());
      return brasa::Status::Ok();
    case brasa::DataType::kUInt8:
      Quantize(values, tensor.quantization, input_data<uint8_t>());
      return brasa::Status::Ok();
    default:
      return brasa::UnsupportedError(std::string("input type ") + brasa::DataTypeName(tensor.type) +
                                     " is not float32/int8/uint8");
  }
}

brasa::Result<std::vector<float>> ModelRunner::Run() {
  BRASA_RETURN_IF_ERROR(interpreter_->Invoke());
  const brasa::Tensor& tensor = output();
  std::vector<float> scores(static_cast<size_t>(tensor.element_count()));
  switch (tensor.type) {
    case brasa::DataType::kFloat32:
      std::copy(tensor.data_as<float>(), tensor.data_as<float>() + scores.size(), scores.begin());
      break;
    case brasa::DataType::kInt8:
      Dequantize<int8_t>(tensor, &scores);
      break;
    case brasa::DataType::kUInt8:
      Dequantize<uint8_t>(tensor, &scores);
      break;
    default:
      return brasa::UnsupportedError(std::string("output type ") +
                                     brasa::DataTypeName(tensor.type) +
                                     " is not float32/int8/uint8");
  }
  return scores;
}

std::vector<int> TopK(const std::vector<float>& scores, int k) {
  std::vector<int> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  const size_t count = std::min(order.size(), static_cast<size_t>(std::max(k, 0)));
  // Ties keep the lower index first, so results do not depend on the sort.
  std::partial_sort(
      order.begin(), order.begin() + static_cast<std::ptrdiff_t>(count), order.end(),
      [&](int a, int b) { return scores[a] > scores[b] || (scores[a] == scores[b] && a < b); });
  order.resize(count);
  return order;
}

brasa::Result<std::vector<std::string>> ReadLabels(const std::string& path) {
  std::ifstream file(path);
  if (!file) return brasa::NotFoundError("cannot open labels file '" + path + "'");
  std::vector<std::string> labels;
  std::string line;
  while (std::getline(file, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    labels.push_back(line);
  }
  while (!labels.empty() && labels.back().empty()) labels.pop_back();
  if (labels.empty()) return brasa::InvalidArgumentError("labels file '" + path + "' is empty");
  return labels;
}

std::string LabelOf(const std::vector<std::string>& labels, int index) {
  if (index >= 0 && static_cast<size_t>(index) < labels.size()) return labels[index];
  return "#" + std::to_string(index);
}

}  // namespace brasa_examples
