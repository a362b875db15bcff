// ModelRunner: what every example does with brasa, in one place. Loads a
// .tflite file, prepares it, writes real-valued inputs (quantizing them when
// the model's input is int8 or uint8) and reads real-valued scores back.
#ifndef BRASA_EXAMPLES_COMMON_MODEL_RUNNER_H_
#define BRASA_EXAMPLES_COMMON_MODEL_RUNNER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "brasa/interpreter.h"

namespace brasa_examples {

class ModelRunner {
 public:
  // Loads and prepares `path` with every builtin kernel, or with `resolver`.
  static brasa::Result<std::unique_ptr<ModelRunner>> Load(const std::string& path);
  static brasa::Result<std::unique_ptr<ModelRunner>> Load(const std::string& path,
                                                          const brasa::OpResolver& resolver);

  const brasa::Tensor& input() const { return *interpreter_->input(0); }
  // Input 0's values, writable (nullptr when T is not its type).
  template <typename T>
  T* input_data() { return interpreter_->input_data<T>(0); }
  const brasa::Tensor& output() const { return *interpreter_->output(0); }
  brasa::Interpreter& interpreter() { return *interpreter_; }

  // Writes `values` (real numbers) into input 0. float32 inputs take them as
  // they are; int8/uint8 inputs get round(value / scale) + zero_point,
  // clamped. Fails when the count differs from the input's element count.
  brasa::Status SetInput(const std::vector<float>& values);
  // Invokes, then returns output 0 as real numbers (dequantized).
  brasa::Result<std::vector<float>> Run();

 private:
  ModelRunner() = default;
  std::unique_ptr<brasa::Model> model_;
  std::unique_ptr<brasa::Interpreter> interpreter_;
};

// Index of the largest score, then of the next ones: the best `k` classes.
std::vector<int> TopK(const std::vector<float>& scores, int k);

// Lines of a labels file (one label per line; trailing blanks dropped).
brasa::Result<std::vector<std::string>> ReadLabels(const std::string& path);

// labels[index], or "#index" when the labels file is shorter.
std::string LabelOf(const std::vector<std::string>& labels, int index);

}  // namespace brasa_examples

#endif  // BRASA_EXAMPLES_COMMON_MODEL_RUNNER_H_
