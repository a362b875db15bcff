// custom_op: runs a model that contains a CUSTOM operator ("BrasaSigmoid",
// made by make_model.py) by registering the op's kernel by name.
//
//   custom_op [--model MODEL.tflite] [X1 X2 X3 X4]
//
// Prints the model's 3 outputs for the input values (default 0.5 each).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "brasa/interpreter.h"
#include "examples/common/model_runner.h"
#include "examples/custom_op/brasa_sigmoid_op.h"

int main(int argc, char** argv) {
  std::string model_path = std::string(BRASA_EXAMPLE_DIR) + "/custom_sigmoid.tflite";
  std::vector<float> values;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--model") == 0 && i + 1 < argc) {
      model_path = argv[++i];
    } else {
      values.push_back(std::strtof(argv[i], nullptr));
    }
  }

  // Every builtin, plus our op under the name the model uses.
  brasa::OpResolver resolver = brasa::OpResolver::WithAllBuiltins();
  resolver.AddCustom(brasa_examples::kBrasaSigmoidName, brasa_examples::BrasaSigmoidKernel());

  auto runner = brasa_examples::ModelRunner::Load(model_path, resolver);
  if (!runner.ok()) {
    std::fprintf(stderr, "error: %s\n", runner.status().message().c_str());
    return 1;
  }
  if (values.empty()) values.assign(static_cast<size_t>((*runner)->input().element_count()), 0.5f);
  brasa::Status status = (*runner)->SetInput(values);
  auto outputs = status.ok() ? (*runner)->Run() : brasa::Result<std::vector<float>>(status);
  if (!outputs.ok()) {
    std::fprintf(stderr, "error: %s\n", outputs.status().message().c_str());
    return 1;
  }
  for (float y : *outputs) std::printf("%.6f\n", y);
  return 0;
}
