// A consumer of an installed brasa: runs the sine model of
// examples/hello_world and checks sin(pi/2) ~= 1.
#include <cmath>
#include <cstdio>

#include "brasa/interpreter.h"
#include "brasa/version.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: consumer_app sine_float.tflite\n");
    return 2;
  }
  auto model = brasa::Model::FromFile(argv[1]);
  if (!model.ok()) {
    std::fprintf(stderr, "%s\n", model.status().ToString().c_str());
    return 1;
  }
  brasa::OpResolver resolver;  // only the ops the model needs, by enum
  for (brasa::BuiltinOp op : {brasa::BuiltinOp::kFullyConnected}) {
    brasa::Status status = resolver.AddBuiltin(op);
    if (!status.ok()) return 1;
  }
  auto interpreter = brasa::Interpreter::Create(**model, resolver);
  if (!interpreter.ok() || !(*interpreter)->AllocateTensors().ok()) return 1;
  (*interpreter)->input_data<float>(0)[0] = 1.5707964f;
  if (!(*interpreter)->Invoke().ok()) return 1;
  const float y = (*interpreter)->output(0)->data_as<float>()[0];
  std::printf("brasa %s (headers %s): sin(pi/2) ~= %.3f\n", brasa::Version(),
              BRASA_VERSION_STRING, y);
  return std::fabs(y - 1.0f) < 0.1f ? 0 : 1;
}
