// The README's usage example, built so that it keeps compiling.
#include <algorithm>
#include "brasa/interpreter.h"

int main() {
  auto model = brasa::Model::FromFile("person_detect.tflite");
  if (!model.ok()) return 1;  // model.status().message() says why
  auto interpreter = brasa::Interpreter::Create(
      **model, brasa::OpResolver::WithAllBuiltins());
  if (!interpreter.ok()) return 1;
  brasa::Interpreter& runner = **interpreter;
  if (!runner.AllocateTensors().ok()) return 1;

  const brasa::Tensor* image = runner.input(0);  // int8 [1,96,96,1]
  std::fill_n(runner.input_data<int8_t>(0), image->bytes, 0);
  if (!runner.Invoke().ok()) return 1;     // no heap allocation here
  const int8_t* scores = runner.output(0)->data_as<int8_t>();
  return scores[1] > scores[0] ? 0 : 2;    // person vs no person
}
