// Whole models: the optimized kernels at every instruction-set level, with
// one and two threads, give exactly the reference kernels' output bytes on
// pseudo-random inputs (the goldens check the default configuration against
// TensorFlow Lite itself).
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "brasa/interpreter.h"
#include "src/platform/cpu_features.h"

namespace brasa {
namespace {

std::vector<std::vector<uint8_t>> RunModel(const Model& model, const InterpreterOptions& options,
                                           uint32_t seed) {
  auto interpreter = Interpreter::Create(model, OpResolver::WithAllBuiltins(), options);
  EXPECT_TRUE(interpreter.ok()) << interpreter.status().ToString();
  if (!interpreter.ok()) return {};
  Interpreter& runner = **interpreter;
  EXPECT_TRUE(runner.AllocateTensors().ok());
  uint32_t state = seed;
  for (int i = 0; i < runner.num_inputs(); ++i) {
    const Tensor* input = runner.input(i);
    uint8_t* bytes = static_cast<uint8_t*>(runner.input_data(i));
    for (size_t b = 0; b < input->bytes; ++b) {
      state = state * 1664525u + 1013904223u;
      bytes[b] = static_cast<uint8_t>(state >> 24);
    }
  }
  const Status status = runner.Invoke();
  EXPECT_TRUE(status.ok()) << status.ToString();
  std::vector<std::vector<uint8_t>> outputs;
  for (int i = 0; i < runner.num_outputs(); ++i) {
    const Tensor* output = runner.output(i);
    const uint8_t* bytes = static_cast<const uint8_t*>(output->data);
    outputs.emplace_back(bytes, bytes + output->bytes);
  }
  return outputs;
}

class OptModelTest : public ::testing::TestWithParam<const char*> {};

TEST_P(OptModelTest, EveryLevelAndThreadCountMatchesTheReferenceKernels) {
  auto model = Model::FromFile(std::string(BRASA_SHARED_MODELS_DIR) + "/" + GetParam());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  for (uint32_t seed : {1u, 2u}) {
    InterpreterOptions reference;
    reference.use_reference_kernels = true;
    const auto expected = RunModel(**model, reference, seed);
    ASSERT_FALSE(expected.empty());
    for (Isa isa : {Isa::kScalar, Isa::kAvx2, Isa::kAvxVnni, Isa::kAvx512, Isa::kAvx512Vnni}) {
      if (!internal::IsaAllows(internal::DetectedIsa(), isa)) continue;
      for (int threads : {1, 2}) {
        InterpreterOptions options;
        options.max_isa = isa;
        options.num_threads = threads;
        EXPECT_EQ(RunModel(**model, options, seed), expected)
            << GetParam() << " at " << IsaName(isa) << " with " << threads << " threads";
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(SharedModels, OptModelTest,
                         ::testing::Values("person_detect.tflite", "micro_speech_quantized.tflite",
                                           "mobilenet_v2_quantized_1x3x224x224.tflite",
                                           "mobilenet_v1_0.25_128_quant.tflite",
                                           "hello_world_int8.tflite"));

}  // namespace
}  // namespace brasa
