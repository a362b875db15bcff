// minimal: the smallest useful brasa program. Loads a model with a float32
// input, fills the input with one value, runs it and prints output 0.
//   minimal MODEL.tflite [VALUE]
#include <cstdio>
#include <cstdlib>

#include "brasa/interpreter.h"

int main(int argc, char** argv) {
  if (argc < 2) return std::fprintf(stderr, "usage: minimal MODEL.tflite [VALUE]\n"), 2;
  auto model = brasa::Model::FromFile(argv[1]);
  if (!model.ok()) return std::fprintf(stderr, "error: %s\n", model.status().message().c_str()), 1;
  auto interpreter = brasa::Interpreter::Create(**model, brasa::OpResolver::WithAllBuiltins());
  brasa::Status status =
      interpreter.ok() ? (*interpreter)->AllocateTensors() : interpreter.status();
  if (status.ok() && (*interpreter)->input(0)->type != brasa::DataType::kFloat32) {
    status = brasa::InvalidArgumentError("input 0 is not float32");
  }
  if (status.ok()) {
    const brasa::Tensor* input = (*interpreter)->input(0);
    float* data = (*interpreter)->input_data<float>(0);  // checked float32 above
    const float value = argc > 2 ? std::strtof(argv[2], nullptr) : 1.0f;
    for (int64_t i = 0; i < input->element_count(); ++i) data[i] = value;
    status = (*interpreter)->Invoke();  // no heap allocation here
  }
  if (!status.ok()) return std::fprintf(stderr, "error: %s\n", status.message().c_str()), 1;
  const brasa::Tensor* output = (*interpreter)->output(0);
  for (int64_t i = 0; i < output->element_count(); ++i) {
    if (output->type == brasa::DataType::kFloat32) std::printf("%g\n", output->data_as<float>()[i]);
  }
  return 0;
}
