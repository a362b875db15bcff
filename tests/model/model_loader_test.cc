// Loading well-formed models: inline and external buffers, both operator
// code fields, zero-copy views.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "brasa/interpreter.h"
#include "src/model/builtin_names.h"
#include "tests/testing/model_builder.h"

namespace brasa {
namespace {

// out = in + constant, float [1,4]; the constant is the only buffer.
testing::ModelBuilder AddConstantModel() {
  testing::ModelBuilder builder;
  const auto f32 = tflite::TensorType::FLOAT32;
  const int in = builder.AddTensor(f32, {1, 4}, "in");
  const int constant = builder.AddConstTensor<float>(f32, {1, 4}, {10, 20, 30, 40});
  const int out = builder.AddTensor(f32, {1, 4}, "out");
  builder.AddOperator({builder.AddOperatorCode(0), {in, constant}, {out}});
  builder.SetInputs({in});
  builder.SetOutputs({out});
  return builder;
}

std::vector<float> RunAddConstant(const testing::AlignedBytes& bytes) {
  auto model = Model::FromBuffer(bytes.data(), bytes.size());
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  if (!model.ok()) return {};
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins());
  EXPECT_TRUE(interpreter.ok()) << interpreter.status().ToString();
  if (!interpreter.ok() || !(*interpreter)->AllocateTensors().ok()) return {};
  const float in[4] = {1, 2, 3, 4};
  std::memcpy((*interpreter)->input("in")->data, in, sizeof(in));
  EXPECT_TRUE((*interpreter)->Invoke().ok());
  const float* out = (*interpreter)->output("out")->data_as<float>();
  return std::vector<float>(out, out + 4);
}

TEST(ModelLoaderTest, InlineBuffers) {
  EXPECT_EQ(RunAddConstant(AddConstantModel().Finish()), (std::vector<float>{11, 22, 33, 44}));
}

TEST(ModelLoaderTest, BuffersStoredAfterTheFlatbuffer) {
  testing::ModelBuilder builder = AddConstantModel();
  builder.set_external_buffers(true);
  testing::AlignedBytes bytes = builder.Finish();
  EXPECT_EQ(RunAddConstant(bytes), (std::vector<float>{11, 22, 33, 44}));
}

TEST(ModelLoaderTest, ExternalBufferPastTheEndIsRejected) {
  testing::ModelBuilder builder = AddConstantModel();
  builder.set_external_buffers(true);
  testing::AlignedBytes full = builder.Finish();
  testing::AlignedBytes cut(full.data(), full.size() - 16);  // drop the data
  auto model = Model::FromBuffer(cut.data(), cut.size());
  ASSERT_FALSE(model.ok());
  EXPECT_NE(model.status().message().find("lies outside"), std::string::npos)
      << model.status().message();
}

TEST(ModelLoaderTest, DeprecatedOperatorCodeFieldIsRead) {
  testing::ModelBuilder builder = AddConstantModel();
  builder.set_deprecated_codes_only(true);
  EXPECT_EQ(RunAddConstant(builder.Finish()), (std::vector<float>{11, 22, 33, 44}));
}

TEST(ModelLoaderTest, ExtendedOperatorCodeIsNamed) {
  testing::ModelBuilder builder;
  const int in = builder.AddTensor(tflite::TensorType::FLOAT32, {4});
  const int out = builder.AddTensor(tflite::TensorType::FLOAT32, {4});
  // STABLEHLO_ABS: deprecated code 127
  builder.AddOperator({builder.AddOperatorCode(175), {in}, {out}});
  builder.SetInputs({in});
  builder.SetOutputs({out});
  testing::AlignedBytes bytes = builder.Finish();
  auto model = Model::FromBuffer(bytes.data(), bytes.size());
  ASSERT_TRUE(model.ok());
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins());
  ASSERT_FALSE(interpreter.ok());
  EXPECT_EQ(interpreter.status().message(),
            "node 0: operator STABLEHLO_ABS (builtin 175) is not supported");
}

TEST(ModelLoaderTest, FromBufferDoesNotCopy) {
  testing::AlignedBytes bytes = AddConstantModel().Finish();
  auto model = Model::FromBuffer(bytes.data(), bytes.size());
  ASSERT_TRUE(model.ok());
  EXPECT_EQ((*model)->data(), bytes.data());
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins());
  ASSERT_TRUE(interpreter.ok());
  const uint8_t* constant = static_cast<const uint8_t*>((*interpreter)->tensor(1)->data);
  EXPECT_GE(constant, bytes.data());
  EXPECT_LT(constant, bytes.data() + bytes.size());
}

TEST(ModelLoaderTest, SharedModelsLoad) {
  for (const char* name : {"hello_world_float.tflite", "hello_world_int8.tflite", "person_detect.tflite",
                           "micro_speech_quantized.tflite", "keyword_scrambled.tflite",
                           "mobilenet_v2_quantized_1x3x224x224.tflite", "trained_lstm.tflite",
                           "trained_lstm_int8.tflite", "simple_add_model.tflite",
                           "mobilenet_v1_0.25_128_quant.tflite"}) {
    auto model = Model::FromFile(std::string(BRASA_SHARED_MODELS_DIR) + "/" + name);
    EXPECT_TRUE(model.ok()) << name << ": " << model.status().ToString();
  }
}

TEST(BuiltinNamesTest, KnownAndUnknownCodes) {
  EXPECT_STREQ(BuiltinOperatorName(0), "ADD");
  EXPECT_STREQ(BuiltinOperatorName(3), "CONV_2D");
  EXPECT_STREQ(BuiltinOperatorName(128), "CUMSUM");
  EXPECT_STREQ(BuiltinOperatorName(204), "STABLEHLO_RNG_BIT_GENERATOR");
  EXPECT_EQ(BuiltinOperatorName(-1), nullptr);
  EXPECT_EQ(BuiltinOperatorName(9999), nullptr);
}

}  // namespace
}  // namespace brasa
