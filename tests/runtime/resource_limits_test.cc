// InterpreterOptions' resource limits for untrusted models: each one, when a
// model goes past it, fails with RESOURCE_EXHAUSTED and a message that names
// the option, the model's number and the limit, before the memory it guards
// is allocated. (The subgraph depth and WHILE limits are tested with the
// control-flow models in control_flow_test.cc.)
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "brasa/interpreter.h"
#include "brasa/model.h"
#include "tests/testing/model_builder.h"

namespace brasa {
namespace {

using testing::AlignedBytes;
using testing::ModelBuilder;
using testing::OperatorSpec;
using tflite::TensorType;

constexpr int32_t kAdd = 0;

// Succeeds when `status` failed with `code` and its message contains every fragment.
::testing::AssertionResult FailsWith(const Status& status, StatusCode code,
                                     const std::vector<std::string>& fragments) {
  if (status.ok()) return ::testing::AssertionFailure() << "succeeded";
  if (status.code() != code) {
    return ::testing::AssertionFailure() << "got " << status.ToString();
  }
  for (const std::string& fragment : fragments) {
    if (status.message().find(fragment) == std::string::npos) {
      return ::testing::AssertionFailure() << "'" << status.message() << "' lacks '" << fragment
                                           << "'";
    }
  }
  return ::testing::AssertionSuccess();
}

// input [1, width] -> ADD(x, x) `adds` times in a chain -> output: 1 + adds
// tensors, `adds` operators, an activation of 4 * width bytes each.
AlignedBytes AddChain(int adds, int32_t width = 4) {
  ModelBuilder builder;
  int previous = builder.AddTensor(TensorType::FLOAT32, {1, width}, "input");
  const uint32_t add = builder.AddOperatorCode(kAdd);
  builder.SetInputs({previous});
  for (int i = 0; i < adds; ++i) {
    const int next = builder.AddTensor(TensorType::FLOAT32, {1, width});
    OperatorSpec op;
    op.opcode_index = add;
    op.inputs.assign(2, previous);  // (GCC 12 -O3 warns on = {...} here: -Wnonnull)
    op.outputs.assign(1, next);
    builder.AddOperator(op);
    previous = next;
  }
  builder.SetOutputs({previous});
  return builder.Finish();
}

class ResourceLimitsTest : public ::testing::Test {
 protected:
  // Loads `bytes`, creates an interpreter with `options`: Create's status.
  Status Create(AlignedBytes bytes, const InterpreterOptions& options) {
    interpreter_.reset();
    model_.reset();
    bytes_ = std::move(bytes);
    auto model = Model::FromBuffer(bytes_.data(), bytes_.size());
    if (!model.ok()) return model.status();
    model_ = std::move(*model);
    auto interpreter = Interpreter::Create(*model_, OpResolver::WithAllBuiltins(), options);
    if (!interpreter.ok()) return interpreter.status();
    interpreter_ = std::move(*interpreter);
    return Status::Ok();
  }

  AlignedBytes bytes_;
  std::unique_ptr<Model> model_;
  std::unique_ptr<Interpreter> interpreter_;
};

TEST_F(ResourceLimitsTest, DefaultsAdmitAnOrdinaryModel) {
  ASSERT_TRUE(Create(AddChain(4), InterpreterOptions()).ok());
  ASSERT_TRUE(interpreter_->AllocateTensors().ok());
  EXPECT_TRUE(interpreter_->Invoke().ok());
}

TEST_F(ResourceLimitsTest, TensorCountOverTheLimitFailsAtCreate) {
  InterpreterOptions options;
  options.max_tensors = 4;
  EXPECT_TRUE(FailsWith(Create(AddChain(4), options), StatusCode::kResourceExhausted,
                        {"model has 5 tensors", "more than the limit of 4",
                         "InterpreterOptions::max_tensors"}));
  options.max_tensors = 5;  // exactly at the limit
  EXPECT_TRUE(Create(AddChain(4), options).ok());
}

TEST_F(ResourceLimitsTest, OperatorCountOverTheLimitFailsAtCreate) {
  InterpreterOptions options;
  options.max_operators = 3;
  EXPECT_TRUE(FailsWith(Create(AddChain(4), options), StatusCode::kResourceExhausted,
                        {"model has 4 operators", "more than the limit of 3",
                         "InterpreterOptions::max_operators"}));
  options.max_operators = 4;
  EXPECT_TRUE(Create(AddChain(4), options).ok());
}

TEST_F(ResourceLimitsTest, ArenaOverTheLimitFailsAtAllocateTensors) {
  InterpreterOptions options;
  options.max_arena_bytes = 20000;  // each 16 KB tensor fits, three together do not
  ASSERT_TRUE(Create(AddChain(2, /*width=*/4096), options).ok());
  const Status status = interpreter_->AllocateTensors();
  EXPECT_TRUE(FailsWith(status, StatusCode::kResourceExhausted,
                        {"planned arena of ", "exceeds the limit of 20000 bytes",
                         "InterpreterOptions::max_arena_bytes"}));
  EXPECT_EQ(interpreter_->Invoke().code(), StatusCode::kFailedPrecondition);
}

// Every operator's parsed options live in persistent memory from Create on.
TEST_F(ResourceLimitsTest, PersistentBytesOverTheLimitFailAtCreate) {
  InterpreterOptions options;
  options.max_persistent_bytes = 0;
  EXPECT_TRUE(FailsWith(Create(AddChain(2), options), StatusCode::kResourceExhausted,
                        {"persistent memory", "more than the limit of 0 bytes",
                         "InterpreterOptions::max_persistent_bytes"}));
}

// Kernels' op data is allocated in AllocateTensors: a limit that Create's
// options fit in but Prepare's op data does not fails there, and says so.
TEST_F(ResourceLimitsTest, PersistentBytesOverTheLimitFailAtAllocateTensors) {
  const std::string path = std::string(BRASA_SHARED_MODELS_DIR) + "/hello_world_int8.tflite";
  auto model = Model::FromFile(path);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  auto unlimited = Interpreter::Create(**model, OpResolver::WithAllBuiltins());
  ASSERT_TRUE(unlimited.ok());
  const size_t after_create = (*unlimited)->persistent_bytes();
  ASSERT_TRUE((*unlimited)->AllocateTensors().ok());
  const size_t after_prepare = (*unlimited)->persistent_bytes();
  ASSERT_GT(after_prepare, after_create) << "the int8 kernels keep op data";

  InterpreterOptions options;
  options.max_persistent_bytes = after_create;
  auto limited = Interpreter::Create(**model, OpResolver::WithAllBuiltins(), options);
  ASSERT_TRUE(limited.ok()) << limited.status().ToString();
  const Status status = (*limited)->AllocateTensors();
  EXPECT_TRUE(FailsWith(status, StatusCode::kResourceExhausted,
                        {"persistent memory", "would grow to ",
                         "more than the limit of " + std::to_string(after_create) + " bytes",
                         "InterpreterOptions::max_persistent_bytes"}));
  EXPECT_LE((*limited)->persistent_bytes(), after_create);

  options.max_persistent_bytes = after_prepare;  // exactly enough
  auto enough = Interpreter::Create(**model, OpResolver::WithAllBuiltins(), options);
  ASSERT_TRUE(enough.ok());
  ASSERT_TRUE((*enough)->AllocateTensors().ok());
  EXPECT_TRUE((*enough)->AllocateTensors().ok()) << "a second prepare pass reuses the budget";
  EXPECT_TRUE((*enough)->Invoke().ok());
}

// An empty tensor holds nothing, but kernels may loop over its other
// dimensions: it must fit the arena limit with its empty dimensions counted
// as 1, or a tiny model could make Invoke loop for hours.
TEST_F(ResourceLimitsTest, EmptyTensorWithHugeOtherDimensionsFailsAtAllocateTensors) {
  ModelBuilder builder;
  const int input = builder.AddTensor(TensorType::FLOAT32, {1, 0}, "input");
  const int paddings = builder.AddConstTensor<int32_t>(TensorType::INT32, {2, 2},
                                                       {0, 1 << 30, 0, 0});
  const int output = builder.AddTensor(TensorType::FLOAT32, {1, 0}, "output");
  OperatorSpec op;
  op.opcode_index = builder.AddOperatorCode(/*PAD=*/34);
  op.inputs = {input, paddings};
  op.outputs = {output};
  builder.AddOperator(op);
  builder.SetInputs({input});
  builder.SetOutputs({output});
  ASSERT_TRUE(Create(builder.Finish(), InterpreterOptions()).ok());
  EXPECT_TRUE(FailsWith(interpreter_->AllocateTensors(), StatusCode::kResourceExhausted,
                        {"node 0 (PAD): output tensor 2 (output): shape [1073741825,0] of float32 "
                         "spans 4294967300 bytes (empty dimensions counted as 1), more than "
                         "the limit of 1073741824 bytes (InterpreterOptions::max_arena_bytes)"}));
}

// input [1,size,size,1] -> MAX_POOL_2D (SAME, stride 1, a window x window
// filter) -> output of the input's shape: size^2 * window^2 window reads.
AlignedBytes MaxPoolModel(int32_t size, int32_t window) {
  ModelBuilder builder;
  const int input = builder.AddTensor(TensorType::FLOAT32, {1, size, size, 1}, "input");
  const int output = builder.AddTensor(TensorType::FLOAT32, {1, size, size, 1}, "output");
  OperatorSpec op;
  op.opcode_index = builder.AddOperatorCode(/*MAX_POOL_2D=*/17);
  op.inputs = {input};
  op.outputs = {output};
  builder.AddOperator(op, [window](flatbuffers::FlatBufferBuilder& b) {
    return std::make_pair(tflite::BuiltinOptions::Pool2DOptions,
                          tflite::CreatePool2DOptions(b, tflite::Padding::SAME, 1, 1, window,
                                                      window)
                              .Union());
  });
  builder.SetInputs({input});
  builder.SetOutputs({output});
  return builder.Finish();
}

// Small tensors, absurd arithmetic: 2^20 outputs of a 512x512 window each are
// 2^38 reads (minutes of Invoke), past the default limit of 2^37.
TEST_F(ResourceLimitsTest, ArithmeticOverTheDefaultLimitFailsAtAllocateTensors) {
  ASSERT_TRUE(Create(MaxPoolModel(1024, 512), InterpreterOptions()).ok());
  EXPECT_TRUE(FailsWith(interpreter_->AllocateTensors(), StatusCode::kResourceExhausted,
                        {"node 0 (MAX_POOL_2D) needs 274877906944 multiply-accumulates",
                         "more than the limit of 137438953472",
                         "(InterpreterOptions::max_invoke_macs)"}));
  EXPECT_EQ(interpreter_->Invoke().code(), StatusCode::kFailedPrecondition);
}

// A 4x4 pool of 3x3 windows is 144 reads: a limit of 144 admits it, 143 not.
TEST_F(ResourceLimitsTest, ArithmeticLimitIsExact) {
  InterpreterOptions options;
  options.max_invoke_macs = 143;  // one pool is 144
  ASSERT_TRUE(Create(MaxPoolModel(4, 3), options).ok());
  EXPECT_TRUE(FailsWith(interpreter_->AllocateTensors(), StatusCode::kResourceExhausted,
                        {"node 0 (MAX_POOL_2D) needs 144 multiply-accumulates, which brings "
                         "its graph to 144 per Invoke, more than the limit of 143"}));
  options.max_invoke_macs = 144;
  ASSERT_TRUE(Create(MaxPoolModel(4, 3), options).ok());
  ASSERT_TRUE(interpreter_->AllocateTensors().ok());
  EXPECT_TRUE(interpreter_->Invoke().ok());
  options.max_invoke_macs = 0;  // no limit
  ASSERT_TRUE(Create(MaxPoolModel(1024, 512), options).ok());
  EXPECT_TRUE(interpreter_->AllocateTensors().ok());  // not invoked: minutes
}

// input [1,1,1,depth] -> LOCAL_RESPONSE_NORMALIZATION (radius) -> output of
// the input's shape: each output sums up to min(depth, 2 * radius) squares.
AlignedBytes LrnModel(int32_t depth, int32_t radius) {
  ModelBuilder builder;
  const int input = builder.AddTensor(TensorType::FLOAT32, {1, 1, 1, depth}, "input");
  const int output = builder.AddTensor(TensorType::FLOAT32, {1, 1, 1, depth}, "output");
  OperatorSpec op;
  op.opcode_index = builder.AddOperatorCode(/*LOCAL_RESPONSE_NORMALIZATION=*/13);
  op.inputs = {input};
  op.outputs = {output};
  builder.AddOperator(op, [radius](flatbuffers::FlatBufferBuilder& b) {
    return std::make_pair(
        tflite::BuiltinOptions::LocalResponseNormalizationOptions,
        tflite::CreateLocalResponseNormalizationOptions(b, radius, 1.0f, 1.0f, 0.5f).Union());
  });
  builder.SetInputs({input});
  builder.SetOutputs({output});
  return builder.Finish();
}

// A wide LOCAL_RESPONSE_NORMALIZATION window is quadratic in the channels
// (a fuzzer's model ran for more than 20 s): its window reads count, the
// window capped at the channel count.
TEST_F(ResourceLimitsTest, LocalResponseNormalizationWindowsCount) {
  InterpreterOptions options;
  options.max_invoke_macs = 1 << 20;
  ASSERT_TRUE(Create(LrnModel(2048, 1 << 30), options).ok());  // 2048 x 2048 reads
  EXPECT_TRUE(FailsWith(interpreter_->AllocateTensors(), StatusCode::kResourceExhausted,
                        {"node 0 (LOCAL_RESPONSE_NORMALIZATION) needs 4194304 "
                         "multiply-accumulates",
                         "(InterpreterOptions::max_invoke_macs)"}));
  ASSERT_TRUE(Create(LrnModel(2048, 100), options).ok());  // 2048 x 200 reads
  ASSERT_TRUE(interpreter_->AllocateTensors().ok());
  EXPECT_TRUE(interpreter_->Invoke().ok());
}

// The limit is on the sum over the graph's nodes, and the message says what
// the sum reached at the node that passed it.
TEST_F(ResourceLimitsTest, ArithmeticLimitSumsTheGraphsNodes) {
  const std::string path = std::string(BRASA_SHARED_MODELS_DIR) + "/person_detect.tflite";
  auto model = Model::FromFile(path);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  InterpreterOptions options;
  options.max_invoke_macs = 1000000;  // person_detect needs about 7 x 10^6
  auto limited = Interpreter::Create(**model, OpResolver::WithAllBuiltins(), options);
  ASSERT_TRUE(limited.ok());
  const Status status = (*limited)->AllocateTensors();
  EXPECT_TRUE(FailsWith(status, StatusCode::kResourceExhausted,
                        {"CONV_2D) needs ", "which brings its graph to ",
                         "more than the limit of 1000000",
                         "InterpreterOptions::max_invoke_macs"}));
  options.max_invoke_macs = 10000000;
  auto enough = Interpreter::Create(**model, OpResolver::WithAllBuiltins(), options);
  ASSERT_TRUE(enough.ok());
  EXPECT_TRUE((*enough)->AllocateTensors().ok());
}

TEST_F(ResourceLimitsTest, NegativeLimitsAreInvalidArguments) {
  for (int which = 0; which < 4; ++which) {
    InterpreterOptions options;
    if (which == 0) options.max_tensors = -1;
    if (which == 1) options.max_operators = -1;
    if (which == 2) options.max_subgraph_depth = -1;
    if (which == 3) options.max_invoke_macs = -1;
    EXPECT_EQ(Create(AddChain(1), options).code(), StatusCode::kInvalidArgument) << which;
  }
}

}  // namespace
}  // namespace brasa
