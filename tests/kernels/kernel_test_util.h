// Runs one kernel through the real prepare / plan / invoke path
// (src/runtime/executor.h) on tensors a test describes directly.
#ifndef BRASA_TESTS_KERNELS_KERNEL_TEST_UTIL_H_
#define BRASA_TESTS_KERNELS_KERNEL_TEST_UTIL_H_

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "brasa/kernel.h"
#include "src/runtime/executor.h"
#include "src/runtime/graph.h"

namespace brasa {
namespace testing {

inline Quantization PerTensor(float scale, int32_t zero_point) {
  Quantization q;
  q.scales = {scale};
  q.zero_points = {zero_point};
  return q;
}

inline Quantization PerChannel(std::vector<float> scales, int32_t dimension) {
  Quantization q;
  q.zero_points.assign(scales.size(), 0);
  q.scales = std::move(scales);
  q.quantized_dimension = dimension;
  return q;
}

class OpTester {
 public:
  OpTester(const OpKernel* kernel, int32_t builtin_code = -1) {
    graph_.nodes.emplace_back();
    node().kernel = kernel;
    node().op_name = kernel->name;
    node().builtin_code = builtin_code;
  }

  template <typename Params>
  void SetParams(const Params& params) {
    auto copy = std::make_shared<Params>(params);
    node().params = copy.get();
    params_holder_ = copy;
  }

  // A runtime input (fed after planning) or, with constant=true, a constant
  // (stays in the test's memory, like model weights). Returns its index.
  template <typename T>
  int AddInput(DataType type, Shape shape, const std::vector<T>& values,
               Quantization quantization = {}, bool constant = false) {
    auto bytes = std::make_shared<std::vector<uint8_t>>(values.size() * sizeof(T));
    if (!values.empty()) std::memcpy(bytes->data(), values.data(), bytes->size());
    const int index = AddTensor(type, std::move(shape), std::move(quantization));
    Tensor& tensor = graph_.tensors[static_cast<size_t>(index)];
    if (constant) {
      tensor.allocation = Allocation::kConstant;
      tensor.data = bytes->data();
      tensor.bytes = bytes->size();
    } else {
      graph_.inputs.push_back(index);
      input_values_.push_back({index, bytes});
    }
    holders_.push_back(bytes);
    node().inputs.push_back(index);
    return index;
  }

  template <typename T>
  int AddConstInput(DataType type, Shape shape, const std::vector<T>& values,
                    Quantization quantization = {}) {
    return AddInput(type, std::move(shape), values, std::move(quantization), true);
  }

  // An omitted optional input (index -1 in a model).
  void AddOmittedInput() { node().inputs.push_back(-1); }
  // A variable tensor input (an op's state, zero at the start).
  int AddVariableInput(DataType type, Shape shape, Quantization quantization = {}) {
    const int index = AddTensor(type, std::move(shape), std::move(quantization));
    Tensor& tensor = graph_.tensors[static_cast<size_t>(index)];
    tensor.is_variable = true;
    tensor.allocation = Allocation::kPersistent;
    node().inputs.push_back(index);
    return index;
  }

  // An output; `shape` is what the model would declare (Prepare may change it).
  int AddOutput(DataType type, Shape shape, Quantization quantization = {}) {
    const int index = AddTensor(type, std::move(shape), std::move(quantization));
    node().outputs.push_back(index);
    graph_.outputs.push_back(index);
    return index;
  }

  // Prepare, plan, bind, copy the inputs, invoke. Returns the first error.
  Status Run() {
    Status status = internal::PrepareGraph(graph_);
    if (!status.ok()) return status;
    internal::GraphPlan plan;
    status = internal::PlanGraph(graph_, &plan);
    if (!status.ok()) return status;
    arena_.assign(plan.arena.arena_bytes + 16, 0);
    uint8_t* base = arena_.data();
    base += (16 - reinterpret_cast<uintptr_t>(base) % 16) % 16;
    internal::BindArena(graph_, plan, base);
    for (const auto& input : input_values_) {
      Tensor& tensor = graph_.tensors[static_cast<size_t>(input.first)];
      if (input.second->size() != tensor.bytes) {
        return InvalidArgumentError("test input has the wrong byte count");
      }
      if (tensor.bytes > 0) std::memcpy(tensor.data, input.second->data(), tensor.bytes);
    }
    return internal::InvokeGraph(graph_);
  }

  const Tensor& tensor(int index) const { return graph_.tensors[static_cast<size_t>(index)]; }
  const Tensor& output_tensor(int i = 0) const {
    return tensor(graph_.nodes[0].outputs[static_cast<size_t>(i)]);
  }
  Shape OutputShape(int i = 0) const { return output_tensor(i).shape; }

  template <typename T>
  std::vector<T> Output(int i = 0) const {
    const Tensor& t = output_tensor(i);
    const T* data = t.data_as<T>();
    return std::vector<T>(data, data + t.element_count());
  }

  // Every byte of output i (Output<uint8_t> reads element_count of them).
  std::vector<uint8_t> OutputBytes(int i = 0) const {
    const Tensor& t = output_tensor(i);
    const uint8_t* data = t.data_as<uint8_t>();
    return std::vector<uint8_t>(data, data + t.bytes);
  }

  internal::Graph& graph() { return graph_; }

 private:
  internal::Node& node() { return graph_.nodes[0]; }

  int AddTensor(DataType type, Shape shape, Quantization quantization) {
    Tensor tensor;
    tensor.name = "t" + std::to_string(graph_.tensors.size());
    tensor.type = type;
    tensor.shape = std::move(shape);
    tensor.quantization = std::move(quantization);
    graph_.tensors.push_back(std::move(tensor));
    return static_cast<int>(graph_.tensors.size()) - 1;
  }

  internal::Graph graph_;
  std::shared_ptr<void> params_holder_;
  std::vector<std::shared_ptr<std::vector<uint8_t>>> holders_;
  std::vector<std::pair<int, std::shared_ptr<std::vector<uint8_t>>>> input_values_;
  std::vector<uint8_t> arena_;
};

}  // namespace testing
}  // namespace brasa

#endif  // BRASA_TESTS_KERNELS_KERNEL_TEST_UTIL_H_
