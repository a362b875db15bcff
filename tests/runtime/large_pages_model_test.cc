// InterpreterOptions::large_pages: which graphs get a large-page region for
// their packed weights (LargePageReservationBytes), and that one which does
// runs to the same bytes as with heap blocks, also prepared twice.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "brasa/interpreter.h"
#include "src/platform/large_pages.h"
#include "src/runtime/graph.h"
#include "tests/testing/model_builder.h"

namespace brasa {
namespace {

using testing::AlignedBytes;
using testing::ModelBuilder;
using testing::OperatorSpec;
using tflite::TensorType;

TEST(LargePagesTest, OnlyGraphsWithManyConstantBytesGetARegion) {
  internal::Graph graph;
  graph.tensors.resize(3);
  graph.tensors[0].allocation = Allocation::kConstant;
  graph.tensors[0].bytes = internal::kMinLargePageConstants - 100;
  graph.tensors[1].allocation = Allocation::kArena;  // activations do not count
  graph.tensors[1].bytes = 1000;
  EXPECT_EQ(internal::LargePageReservationBytes(graph), 0u);
  graph.tensors[2].allocation = Allocation::kConstant;
  graph.tensors[2].bytes = 100;
  const size_t constant = internal::kMinLargePageConstants;
  EXPECT_EQ(internal::LargePageReservationBytes(graph),
            2 * constant + 4 * LargePageRegion::kLargePageBytes);
}

// input [1, 1024] -> FULLY_CONNECTED (float32 weights [2304, 1024]: 9 MB,
// over kMinLargePageConstants; bias) -> [1, 2304].
AlignedBytes LargeFullyConnectedModel() {
  constexpr int32_t kIn = 1024, kOut = 2304;
  std::vector<float> weights(static_cast<size_t>(kIn) * kOut), bias(kOut);
  uint32_t state = 7;
  auto next = [&state] {
    state = state * 1664525u + 1013904223u;
    return static_cast<float>(static_cast<int32_t>(state >> 16) - 32768) / 32768.0f;
  };
  for (float& w : weights) w = next();
  for (float& b : bias) b = next();
  ModelBuilder builder;
  const int in = builder.AddTensor(TensorType::FLOAT32, {1, kIn}, "in");
  const int w = builder.AddConstTensor<float>(TensorType::FLOAT32, {kOut, kIn}, weights);
  const int b = builder.AddConstTensor<float>(TensorType::FLOAT32, {kOut}, bias);
  const int out = builder.AddTensor(TensorType::FLOAT32, {1, kOut}, "out");
  OperatorSpec op;
  op.opcode_index = builder.AddOperatorCode(9);  // FULLY_CONNECTED
  op.inputs = {in, w, b};
  op.outputs = {out};
  builder.AddOperator(op);
  builder.SetInputs({in});
  builder.SetOutputs({out});
  return builder.Finish();
}

std::vector<float> InvokeOnce(Interpreter& interpreter) {
  float* input = interpreter.input_data<float>(0);
  for (int i = 0; i < 1024; ++i) input[i] = static_cast<float>(i % 17) / 8.0f - 1.0f;
  EXPECT_TRUE(interpreter.Invoke().ok());
  const Tensor* output = interpreter.output(0);
  const float* values = static_cast<const float*>(output->data);
  return std::vector<float>(values, values + output->bytes / sizeof(float));
}

TEST(LargePagesTest, PackedWeightsInLargePagesGiveTheSameBytes) {
  const AlignedBytes bytes = LargeFullyConnectedModel();
  auto model = Model::FromBuffer(bytes.data(), bytes.size());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  std::vector<float> expected;
  size_t expected_persistent = 0;
  for (bool large_pages : {false, true}) {
    for (int threads : {1, 2}) {
      InterpreterOptions options;
      options.large_pages = large_pages;
      options.num_threads = threads;
      auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins(), options);
      ASSERT_TRUE(interpreter.ok()) << interpreter.status().ToString();
      ASSERT_TRUE((*interpreter)->AllocateTensors().ok());
      const std::vector<float> output = InvokeOnce(**interpreter);
      ASSERT_EQ(output.size(), 2304u);
      if (expected.empty()) {
        expected = output;
        expected_persistent = (*interpreter)->persistent_bytes();
        continue;
      }
      EXPECT_EQ(output, expected) << "large_pages " << large_pages << ", " << threads << " threads";
      EXPECT_EQ((*interpreter)->persistent_bytes(), expected_persistent);
      ASSERT_TRUE((*interpreter)->AllocateTensors().ok());  // packs again into the same region
      EXPECT_EQ(InvokeOnce(**interpreter), expected);
    }
  }
}

}  // namespace
}  // namespace brasa
