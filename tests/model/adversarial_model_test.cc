// Hand-made models that each break one invariant a hostile file could break:
// option values (strides, dilations, paddings, enums), options tables that
// are missing or of the wrong type, data flow (a node writing its own input,
// a graph input or a tensor another node writes; reading a tensor nothing
// wrote), and sizes (a million tensors, a 1x65536x65536x64 tensor). Each must
// be rejected at load, Create or AllocateTensors with a message that names
// the node or tensor and the problem.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "brasa/interpreter.h"
#include "brasa/model.h"
#include "brasa/op_resolver.h"
#include "tests/testing/model_builder.h"

namespace brasa {
namespace {

using testing::AlignedBytes;
using testing::ModelBuilder;
using testing::OperatorSpec;
using tflite::BuiltinOptions;
using tflite::TensorType;

constexpr int32_t kAdd = 0;
constexpr int32_t kConv2d = 3;
constexpr int32_t kDepthwiseConv2d = 4;
constexpr int32_t kMaxPool2d = 17;

// Succeeds when `status` failed with `code` and its message contains `fragment`.
::testing::AssertionResult FailsWith(const Status& status, StatusCode code,
                                     const std::string& fragment) {
  if (status.ok()) return ::testing::AssertionFailure() << "succeeded; expected " << fragment;
  if (status.code() != code || status.message().find(fragment) == std::string::npos) {
    return ::testing::AssertionFailure()
           << StatusCodeName(status.code()) << " '" << status.message() << "', expected "
           << StatusCodeName(code) << " containing '" << fragment << "'";
  }
  return ::testing::AssertionSuccess();
}

Status LoadStatus(const AlignedBytes& bytes) {
  return Model::FromBuffer(bytes.data(), bytes.size()).status();
}

// Load, Create with every builtin, AllocateTensors: the first failure.
Status PrepareStatus(const AlignedBytes& bytes) {
  auto model = Model::FromBuffer(bytes.data(), bytes.size());
  if (!model.ok()) return model.status();
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins());
  if (!interpreter.ok()) return interpreter.status();
  return (*interpreter)->AllocateTensors();
}

using OptionsFn = testing::OptionsWriter;

OptionsFn ConvOptions(tflite::Padding padding, int stride, int dilation) {
  return [=](flatbuffers::FlatBufferBuilder& b) {
    return std::make_pair(BuiltinOptions::Conv2DOptions,
                          tflite::CreateConv2DOptions(b, padding, stride, stride,
                                                      tflite::ActivationFunctionType::NONE,
                                                      dilation, dilation)
                              .Union());
  };
}

// input [1,4,4,channels] -> op(filter [1|out,2,2,...], bias) -> output: a
// CONV_2D or DEPTHWISE_CONV_2D with `options`.
AlignedBytes ConvModel(int32_t code, OptionsFn options, int32_t filter_channels = 1) {
  ModelBuilder builder;
  const int input = builder.AddTensor(TensorType::FLOAT32, {1, 4, 4, 1}, "input");
  const std::vector<float> weights(static_cast<size_t>(4 * (filter_channels + 1)), 0.5f);
  const int filter = builder.AddConstTensor<float>(TensorType::FLOAT32,
                                                   {1, 2, 2, filter_channels}, weights);
  const int bias = builder.AddConstTensor<float>(
      TensorType::FLOAT32, {filter_channels}, std::vector<float>(
                                                  static_cast<size_t>(filter_channels + 1), 0.0f));
  const int output = builder.AddTensor(TensorType::FLOAT32, {1, 3, 3, 1}, "output");
  OperatorSpec op;
  op.opcode_index = builder.AddOperatorCode(code);
  op.inputs = {input, filter, bias};
  op.outputs = {output};
  builder.AddOperator(op, std::move(options));
  builder.SetInputs({input});
  builder.SetOutputs({output});
  return builder.Finish();
}

TEST(AdversarialModelTest, ValidConvModelRuns) {
  EXPECT_TRUE(PrepareStatus(ConvModel(kConv2d, ConvOptions(tflite::Padding::VALID, 1, 1))).ok());
}

TEST(AdversarialModelTest, StrideZeroIsRejectedAtCreate) {
  EXPECT_TRUE(FailsWith(PrepareStatus(ConvModel(kConv2d, ConvOptions(tflite::Padding::VALID, 0, 1))),
                        StatusCode::kInvalidModel, "node 0 (CONV_2D): stride_w is 0, must be positive"));
}

TEST(AdversarialModelTest, DilationZeroIsRejectedAtCreate) {
  EXPECT_TRUE(FailsWith(PrepareStatus(ConvModel(kConv2d, ConvOptions(tflite::Padding::VALID, 1, 0))),
                        StatusCode::kInvalidModel,
                        "node 0 (CONV_2D): dilation_w_factor is 0, must be positive"));
}

TEST(AdversarialModelTest, PaddingOutOfRangeIsRejectedAtCreate) {
  EXPECT_TRUE(FailsWith(
      PrepareStatus(ConvModel(kConv2d, ConvOptions(static_cast<tflite::Padding>(7), 1, 1))),
      StatusCode::kInvalidModel, "node 0 (CONV_2D): padding 7 is not SAME or VALID"));
}

TEST(AdversarialModelTest, ActivationOutOfRangeIsRejectedAtCreate) {
  OptionsFn options = [](flatbuffers::FlatBufferBuilder& b) {
    return std::make_pair(
        BuiltinOptions::Conv2DOptions,
        tflite::CreateConv2DOptions(b, tflite::Padding::VALID, 1, 1,
                                    static_cast<tflite::ActivationFunctionType>(42))
            .Union());
  };
  EXPECT_TRUE(FailsWith(PrepareStatus(ConvModel(kConv2d, options)), StatusCode::kInvalidModel,
                        "node 0 (CONV_2D): fused activation 42 is not a known"));
}

TEST(AdversarialModelTest, MissingOptionsAreRejectedAtCreate) {
  EXPECT_TRUE(FailsWith(PrepareStatus(ConvModel(kConv2d, nullptr)), StatusCode::kInvalidModel,
                        "node 0 (CONV_2D): the operator has no options; it needs Conv2DOptions"));
}

TEST(AdversarialModelTest, OptionsOfTheWrongTypeAreRejectedAtCreate) {
  OptionsFn pool = [](flatbuffers::FlatBufferBuilder& b) {
    return std::make_pair(BuiltinOptions::Pool2DOptions,
                          tflite::CreatePool2DOptions(b, tflite::Padding::VALID, 1, 1, 2, 2)
                              .Union());
  };
  EXPECT_TRUE(FailsWith(PrepareStatus(ConvModel(kConv2d, pool)), StatusCode::kInvalidModel,
                        "node 0 (CONV_2D): options are Pool2DOptions, expected Conv2DOptions"));
}

TEST(AdversarialModelTest, PoolFilterZeroIsRejectedAtCreate) {
  ModelBuilder builder;
  const int input = builder.AddTensor(TensorType::FLOAT32, {1, 4, 4, 1}, "input");
  const int output = builder.AddTensor(TensorType::FLOAT32, {1, 4, 4, 1}, "output");
  OperatorSpec op;
  op.opcode_index = builder.AddOperatorCode(kMaxPool2d);
  op.inputs = {input};
  op.outputs = {output};
  builder.AddOperator(op, [](flatbuffers::FlatBufferBuilder& b) {
    return std::make_pair(BuiltinOptions::Pool2DOptions,
                          tflite::CreatePool2DOptions(b, tflite::Padding::SAME, 1, 1, 0, 2)
                              .Union());
  });
  builder.SetInputs({input});
  builder.SetOutputs({output});
  EXPECT_TRUE(FailsWith(PrepareStatus(builder.Finish()), StatusCode::kInvalidModel,
                        "node 0 (MAX_POOL_2D): filter_width is 0, must be positive"));
}

// LiteRT ignores the option's depth_multiplier and derives it from the
// shapes; a filter with no output channels would make it 0.
TEST(AdversarialModelTest, DepthMultiplierZeroIsRejectedAtPrepare) {
  OptionsFn options = [](flatbuffers::FlatBufferBuilder& b) {
    return std::make_pair(BuiltinOptions::DepthwiseConv2DOptions,
                          tflite::CreateDepthwiseConv2DOptions(b, tflite::Padding::VALID, 1, 1, 0)
                              .Union());
  };
  EXPECT_TRUE(FailsWith(PrepareStatus(ConvModel(kDepthwiseConv2d, options, 0)),
                        StatusCode::kInvalidModel, "node 0 (DEPTHWISE_CONV_2D)"));
  EXPECT_TRUE(FailsWith(PrepareStatus(ConvModel(kDepthwiseConv2d, options, 0)),
                        StatusCode::kInvalidModel, "filter has 0 output channels"));
}

// a, b, c: graph inputs [1,4]; ADD with the given inputs and outputs; d, e
// [1,4] are ordinary tensors.
AlignedBytes AddModel(std::vector<int32_t> inputs, std::vector<int32_t> outputs,
                      bool second_add = false) {
  ModelBuilder builder;
  for (const char* name : {"a", "b", "c", "d", "e"}) {
    builder.AddTensor(TensorType::FLOAT32, {1, 4}, name);
  }
  OperatorSpec op;
  op.opcode_index = builder.AddOperatorCode(kAdd);
  op.inputs = std::move(inputs);
  op.outputs = std::move(outputs);
  builder.AddOperator(op);
  if (second_add) builder.AddOperator(op);
  builder.SetInputs({0, 1, 2});
  builder.SetOutputs({3});
  return builder.Finish();
}

TEST(AdversarialModelTest, ValidAddModelLoads) {
  EXPECT_TRUE(PrepareStatus(AddModel({0, 1}, {3})).ok());
}

TEST(AdversarialModelTest, NodeWritingItsOwnInputIsRejectedAtLoad) {
  EXPECT_TRUE(FailsWith(LoadStatus(AddModel({3, 0}, {3})), StatusCode::kInvalidModel,
                        "subgraph 0 node 0 reads its own output, tensor 3 (d)"));
}

TEST(AdversarialModelTest, NodeWritingAGraphInputIsRejectedAtLoad) {
  EXPECT_TRUE(FailsWith(LoadStatus(AddModel({0, 1}, {2})), StatusCode::kInvalidModel,
                        "subgraph 0 node 0 writes graph input tensor 2 (c)"));
}

TEST(AdversarialModelTest, NodeReadingAnUnwrittenTensorIsRejectedAtLoad) {
  EXPECT_TRUE(FailsWith(LoadStatus(AddModel({0, 4}, {3})), StatusCode::kInvalidModel,
                        "subgraph 0 node 0 reads tensor 4 (e), which is not a graph input, a "
                        "constant or the output of an earlier node"));
}

TEST(AdversarialModelTest, TwoNodesWritingOneTensorAreRejectedAtLoad) {
  EXPECT_TRUE(FailsWith(LoadStatus(AddModel({0, 1}, {3}, true)), StatusCode::kInvalidModel,
                        "subgraph 0 node 1 writes tensor 3 (d), already written by node 0"));
}

// Found by fuzz_model: kernels read bool data as C++ bool, where a byte
// other than 0 or 1 is undefined behavior.
TEST(AdversarialModelTest, BoolConstantWithAByteOtherThanZeroOrOneIsRejectedAtLoad) {
  ModelBuilder builder;
  const int flags = builder.AddConstTensor<uint8_t>(TensorType::BOOL, {3}, {1, 201, 0});
  builder.SetInputs({});
  builder.SetOutputs({flags});
  EXPECT_TRUE(FailsWith(LoadStatus(builder.Finish()), StatusCode::kInvalidModel,
                        "subgraph 0 tensor 0 (const0): bool constant holds byte 201 at element 1"));
}

// Tensor tables share one shape and one name, so the file stays ~20 MB.
TEST(AdversarialModelTest, AMillionTinyTensorsAreRejectedAtLoad) {
  constexpr int kTensors = 1000000;
  flatbuffers::FlatBufferBuilder b;
  const auto shape = b.CreateVector(std::vector<int32_t>{1});
  const auto name = b.CreateString("t");
  std::vector<flatbuffers::Offset<tflite::Tensor>> tensors;
  tensors.reserve(kTensors);
  for (int i = 0; i < kTensors; ++i) {
    tensors.push_back(tflite::CreateTensor(b, shape, TensorType::FLOAT32, 0, name));
  }
  const auto io = b.CreateVector(std::vector<int32_t>{0});
  const flatbuffers::Offset<tflite::SubGraph> subgraph =
      tflite::CreateSubGraph(b, b.CreateVector(tensors), io, io);
  const std::vector<flatbuffers::Offset<tflite::Buffer>> buffers = {tflite::CreateBuffer(b)};
  const auto model = tflite::CreateModel(
      b, 3, 0, b.CreateVector(std::vector<flatbuffers::Offset<tflite::SubGraph>>{subgraph}), 0,
      b.CreateVector(buffers));
  tflite::FinishModelBuffer(b, model);
  const AlignedBytes bytes(b.GetBufferPointer(), b.GetSize());
  EXPECT_TRUE(FailsWith(LoadStatus(bytes), StatusCode::kUnsupported,
                        "subgraph 0 has 1000000 tensors, more than the 262144 brasa accepts"));
}

TEST(AdversarialModelTest, HugeTensorIsRejectedAtAllocateTensors) {
  ModelBuilder builder;
  const int a = builder.AddTensor(TensorType::FLOAT32, {1, 65536, 65536, 64}, "huge");
  const int sum = builder.AddTensor(TensorType::FLOAT32, {1, 65536, 65536, 64}, "sum");
  OperatorSpec op;
  op.opcode_index = builder.AddOperatorCode(kAdd);
  op.inputs = {a, a};
  op.outputs = {sum};
  builder.AddOperator(op);
  builder.SetInputs({a});
  builder.SetOutputs({sum});
  const Status status = PrepareStatus(builder.Finish());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kResourceExhausted) << status.message();
}

}  // namespace
}  // namespace brasa
