// Operator versions newer than brasa implements (kernels/op_versions.def) are
// rejected when the interpreter resolves the graph, naming the node, the op
// and both versions; versions up to the limit run.
#include <gtest/gtest.h>

#include <string>

#include "brasa/interpreter.h"
#include "kernels/op_versions.h"
#include "tests/testing/model_builder.h"

namespace brasa {
namespace {

using testing::AlignedBytes;
using testing::ModelBuilder;
using testing::OperatorSpec;
using tflite::TensorType;

constexpr int32_t kAdd = 0;
constexpr int32_t kCustom = 32;

// Node 0: y = x + x (ADD at `add_version`); node 1: z = y + y (ADD version 1
// through its own operator code).
AlignedBytes AddAddModel(int32_t add_version) {
  ModelBuilder builder;
  const int x = builder.AddTensor(TensorType::FLOAT32, {1, 3}, "x");
  const int y = builder.AddTensor(TensorType::FLOAT32, {1, 3}, "y");
  const int z = builder.AddTensor(TensorType::FLOAT32, {1, 3}, "z");
  OperatorSpec first;
  first.opcode_index = builder.AddOperatorCode(kAdd, "", add_version);
  first.inputs = {x, x};
  first.outputs = {y};
  builder.AddOperator(first);
  OperatorSpec second;
  second.opcode_index = builder.AddOperatorCode(kAdd, "", 1);
  second.inputs = {y, y};
  second.outputs = {z};
  builder.AddOperator(second);
  builder.SetInputs({x});
  builder.SetOutputs({z});
  return builder.Finish();
}

TEST(OpVersionTest, TableHasLimitsForCoreOpsAndNoneForUnknownCodes) {
  EXPECT_GE(MaxBuiltinOpVersion(kAdd), 1);
  EXPECT_GE(MaxBuiltinOpVersion(3), 1);  // CONV_2D
  EXPECT_EQ(MaxBuiltinOpVersion(kCustom), 0);
  EXPECT_EQ(MaxBuiltinOpVersion(-1), 0);
}

TEST(OpVersionTest, NewestSupportedVersionRuns) {
  const int32_t newest = MaxBuiltinOpVersion(kAdd);
  const AlignedBytes bytes = AddAddModel(newest);
  auto model = Model::FromBuffer(bytes.data(), bytes.size());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins());
  ASSERT_TRUE(interpreter.ok()) << interpreter.status().ToString();
  ASSERT_TRUE((*interpreter)->AllocateTensors().ok());
  float* x = (*interpreter)->input_data<float>(0);
  x[0] = 1.0f, x[1] = -2.0f, x[2] = 0.5f;
  ASSERT_TRUE((*interpreter)->Invoke().ok());
  EXPECT_EQ((*interpreter)->output(0)->data_as<float>()[1], -8.0f);
}

TEST(OpVersionTest, NewerVersionIsRejectedWithNodeOpAndVersions) {
  const int32_t newest = MaxBuiltinOpVersion(kAdd);
  const AlignedBytes bytes = AddAddModel(newest + 1);
  auto model = Model::FromBuffer(bytes.data(), bytes.size());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  const Status status = Interpreter::Create(**model, OpResolver::WithAllBuiltins()).status();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kUnsupported) << status.ToString();
  const std::string expected = "node 0: operator ADD (builtin 0) version " +
                               std::to_string(newest + 1) +
                               " is newer than brasa supports (up to " + std::to_string(newest) +
                               ")";
  EXPECT_NE(status.message().find(expected), std::string::npos) << status.message();
  EXPECT_EQ(status.message().find("node 1"), std::string::npos) << status.message();
}

}  // namespace
}  // namespace brasa
