// hello_world: the smallest complete brasa program. It runs the bundled sine
// regressor (trained and converted by train_sine.py, float32 and int8) and
// prints its prediction next to the true sin(x).
//
//   hello_world [MODEL_DIR]
#include <cmath>
#include <cstdio>
#include <string>

#include "brasa/interpreter.h"

namespace {

// Runs `path` on a few x in [0, 2π]; returns false after printing an error.
bool RunSine(const std::string& path) {
  auto model = brasa::Model::FromFile(path);
  if (!model.ok()) {
    std::fprintf(stderr, "error: %s\n", model.status().message().c_str());
    return false;
  }
  auto interpreter = brasa::Interpreter::Create(**model, brasa::OpResolver::WithAllBuiltins());
  if (!interpreter.ok() || !(*interpreter)->AllocateTensors().ok()) {
    std::fprintf(stderr, "error: cannot prepare %s\n", path.c_str());
    return false;
  }
  const brasa::Tensor* input = (*interpreter)->input(0);
  const brasa::Tensor* output = (*interpreter)->output(0);
  const bool quantized = input->type == brasa::DataType::kInt8;

  std::printf("%s (%s)\n      x   predicted   sin(x)\n", path.c_str(),
              brasa::DataTypeName(input->type));
  double total_error = 0.0;
  const int steps = 8;
  for (int i = 0; i < steps; ++i) {
    const float x = 2.0f * 3.14159265f * static_cast<float>(i) / steps;
    if (quantized) {  // real = scale * (q - zero_point)
      const float q = std::round(x / input->quantization.scale()) + input->quantization.zero_point();
      (*interpreter)->input_data<int8_t>(0)[0] = static_cast<int8_t>(std::fmax(-128.0f, std::fmin(127.0f, q)));
    } else {
      (*interpreter)->input_data<float>(0)[0] = x;
    }
    if (!(*interpreter)->Invoke().ok()) return false;
    const float y = quantized ? output->quantization.scale() *
                                    (output->data_as<int8_t>()[0] - output->quantization.zero_point())
                              : output->data_as<float>()[0];
    total_error += std::fabs(y - std::sin(x));
    std::printf("  %5.2f   %9.4f   %6.3f\n", x, y, std::sin(x));
  }
  std::printf("  mean |error| = %.4f\n\n", total_error / steps);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string directory = argc > 1 ? argv[1] : BRASA_EXAMPLE_DIR;
  const bool ok = RunSine(directory + "/sine_float.tflite") && RunSine(directory + "/sine_int8.tflite");
  return ok ? 0 : 1;
}
