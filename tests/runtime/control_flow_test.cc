// Multi-subgraph models: subgraph references checked at creation (range,
// main subgraph, cycles), the WHILE iteration limit, loop-variant shapes, and
// resource variables carried over invokes and reset by ResetVariables().
// The numeric cases (IF, WHILE, variables) are conformance cases
// (tests/conformance/families/control.py).
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "brasa/interpreter.h"
#include "schema/tflite_generated.h"
#include "tests/testing/model_builder.h"
#include "tools/npy.h"

namespace brasa {
namespace {

constexpr int32_t kIf = 118;
constexpr int32_t kWhile = 119;
constexpr int32_t kCallOnce = 129;
constexpr int32_t kReshape = 22;

// A tensor of a hand-built subgraph.
struct TensorDef {
  tflite::TensorType type;
  std::vector<int32_t> shape;
  std::vector<uint8_t> constant;  // empty: not a constant
};

// An operator: its code, tensors, and the subgraphs it calls (IF: then,
// else; WHILE: cond, body; CALL_ONCE: init; RESHAPE: none).
struct OpDef {
  int32_t code;
  std::vector<int32_t> inputs, outputs;
  std::vector<int32_t> callees;
};

struct SubgraphDef {
  std::vector<TensorDef> tensors;
  std::vector<int32_t> inputs, outputs;
  std::vector<OpDef> ops;
};

flatbuffers::Offset<void> Options(flatbuffers::FlatBufferBuilder& b, const OpDef& op,
                                  tflite::BuiltinOptions* type) {
  switch (op.code) {
    case kIf:
      *type = tflite::BuiltinOptions::IfOptions;
      return tflite::CreateIfOptions(b, op.callees[0], op.callees[1]).Union();
    case kWhile:
      *type = tflite::BuiltinOptions::WhileOptions;
      return tflite::CreateWhileOptions(b, op.callees[0], op.callees[1]).Union();
    case kCallOnce:
      *type = tflite::BuiltinOptions::CallOnceOptions;
      return tflite::CreateCallOnceOptions(b, op.callees[0]).Union();
    default:
      *type = tflite::BuiltinOptions::NONE;
      return 0;
  }
}

// A model of several subgraphs, built field by field without checks.
testing::AlignedBytes BuildModel(const std::vector<SubgraphDef>& subgraphs) {
  flatbuffers::FlatBufferBuilder b;
  std::vector<flatbuffers::Offset<tflite::Buffer>> buffers{tflite::CreateBuffer(b)};
  std::vector<flatbuffers::Offset<tflite::SubGraph>> graphs;
  const std::vector<int32_t> codes = {kIf, kWhile, kCallOnce, kReshape};
  for (const SubgraphDef& s : subgraphs) {
    std::vector<flatbuffers::Offset<tflite::Tensor>> tensors;
    for (const TensorDef& t : s.tensors) {
      uint32_t buffer = 0;
      if (!t.constant.empty()) {
        b.ForceVectorAlignment(t.constant.size(), 1, 16);
        buffers.push_back(tflite::CreateBuffer(b, b.CreateVector(t.constant)));
        buffer = static_cast<uint32_t>(buffers.size() - 1);
      }
      tensors.push_back(tflite::CreateTensor(b, b.CreateVector(t.shape), t.type, buffer));
    }
    std::vector<flatbuffers::Offset<tflite::Operator>> ops;
    for (const OpDef& op : s.ops) {
      tflite::BuiltinOptions type;
      auto options = Options(b, op, &type);
      uint32_t code_index = 0;
      while (codes[code_index] != op.code) ++code_index;
      ops.push_back(tflite::CreateOperator(b, code_index, b.CreateVector(op.inputs),
                                           b.CreateVector(op.outputs), type, options));
    }
    graphs.push_back(tflite::CreateSubGraph(b, b.CreateVector(tensors), b.CreateVector(s.inputs),
                                            b.CreateVector(s.outputs), b.CreateVector(ops)));
  }
  std::vector<flatbuffers::Offset<tflite::OperatorCode>> op_codes;
  for (int32_t code : codes) {
    op_codes.push_back(tflite::CreateOperatorCode(b, static_cast<int8_t>(code < 127 ? code : 127),
                                                  0, 1, code));
  }
  auto model = tflite::CreateModel(b, 3, b.CreateVector(op_codes), b.CreateVector(graphs),
                                   b.CreateString("control flow test"), b.CreateVector(buffers));
  tflite::FinishModelBuffer(b, model);
  return testing::AlignedBytes(b.GetBufferPointer(), b.GetSize());
}

// Subgraphs that only CALL_ONCE the next one: callees[s] is what s calls
// (-1: nothing).
std::vector<SubgraphDef> CallChain(const std::vector<int32_t>& callees) {
  std::vector<SubgraphDef> graphs(callees.size());
  for (size_t s = 0; s < callees.size(); ++s) {
    if (callees[s] >= 0) graphs[s].ops.push_back({kCallOnce, {}, {}, {callees[s]}});
  }
  return graphs;
}

Status CreateStatus(const testing::AlignedBytes& bytes,
                    const InterpreterOptions& options = InterpreterOptions()) {
  auto model = Model::FromBuffer(bytes.data(), bytes.size());
  if (!model.ok()) return model.status();
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins(), options);
  return interpreter.status();
}

TEST(ControlFlowModelTest, ChainOfCallsIsAcceptedAndRuns) {
  testing::AlignedBytes bytes = BuildModel(CallChain({1, 2, -1}));
  auto model = Model::FromBuffer(bytes.data(), bytes.size());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins());
  ASSERT_TRUE(interpreter.ok()) << interpreter.status().ToString();
  ASSERT_TRUE((*interpreter)->AllocateTensors().ok());
  EXPECT_TRUE((*interpreter)->Invoke().ok());
  EXPECT_TRUE((*interpreter)->Invoke().ok());
}

TEST(ControlFlowModelTest, RejectsCycleOfSubgraphs) {
  Status status = CreateStatus(BuildModel(CallChain({1, 2, 1})));
  EXPECT_EQ(status.code(), StatusCode::kInvalidModel);
  EXPECT_NE(status.message().find("cycle (1 -> 2 -> 1)"), std::string::npos)
      << status.message();
}

// callees for a chain 0 -> 1 -> ... -> depth, each subgraph calling the next.
std::vector<int32_t> ChainOfDepth(int depth) {
  std::vector<int32_t> callees;
  for (int s = 0; s < depth; ++s) callees.push_back(s + 1);
  callees.push_back(-1);
  return callees;
}

TEST(ControlFlowModelTest, NestingDeeperThanTheLimitIsRejectedAtCreate) {
  InterpreterOptions options;
  ASSERT_EQ(options.max_subgraph_depth, 16);
  EXPECT_TRUE(CreateStatus(BuildModel(CallChain(ChainOfDepth(16)))).ok());
  const Status status = CreateStatus(BuildModel(CallChain(ChainOfDepth(17))));
  EXPECT_EQ(status.code(), StatusCode::kResourceExhausted);
  EXPECT_NE(status.message().find("control flow nests subgraphs 17 deep (0 -> 1 -> 2 -> 3 -> 4 "
                                  "-> 5 -> 6 -> 7 -> ... -> 17), more than the limit of 16 "
                                  "(InterpreterOptions::max_subgraph_depth)"),
            std::string::npos)
      << status.message();
  options.max_subgraph_depth = 2;
  const Status shallow = CreateStatus(BuildModel(CallChain({1, 2, 3, -1})), options);
  EXPECT_EQ(shallow.code(), StatusCode::kResourceExhausted);
  EXPECT_NE(shallow.message().find("3 deep (0 -> 1 -> 2 -> 3), more than the limit of 2"),
            std::string::npos)
      << shallow.message();
}

// Prepare and Invoke recurse once per level: without the limit, a chain of
// thousands of subgraphs would overflow the stack. A chain nothing calls
// (not rooted at the main graph) counts too, since it is prepared as well.
TEST(ControlFlowModelTest, ThousandsOfNestedSubgraphsAreRejectedAtCreate) {
  std::vector<int32_t> callees = ChainOfDepth(5000);
  callees[0] = -1;  // the main graph calls nothing; 1 -> 2 -> ... -> 5000 remains
  const Status status = CreateStatus(BuildModel(CallChain(callees)));
  EXPECT_EQ(status.code(), StatusCode::kResourceExhausted);
  EXPECT_NE(status.message().find("nests subgraphs 4999 deep (1 -> 2 -> "), std::string::npos)
      << status.message();
}

TEST(ControlFlowModelTest, RejectsSubgraphCallingItself) {
  Status status = CreateStatus(BuildModel(CallChain({1, 1})));
  EXPECT_EQ(status.code(), StatusCode::kInvalidModel);
  EXPECT_NE(status.message().find("cycle (1 -> 1)"), std::string::npos) << status.message();
}

TEST(ControlFlowModelTest, RejectsOutOfRangeSubgraphIndex) {
  Status status = CreateStatus(BuildModel(CallChain({5})));
  EXPECT_EQ(status.code(), StatusCode::kInvalidModel);
  EXPECT_NE(status.message().find("subgraph 0 node 0 (CALL_ONCE) calls subgraph 5, out of range "
                                  "(1 subgraphs)"), std::string::npos)
      << status.message();
  std::vector<SubgraphDef> negative(1);
  negative[0].ops.push_back({kCallOnce, {}, {}, {-7}});
  status = CreateStatus(BuildModel(negative));
  EXPECT_NE(status.message().find("calls subgraph -7, out of range"), std::string::npos)
      << status.message();
}

TEST(ControlFlowModelTest, RejectsCallOfMainSubgraph) {
  Status status = CreateStatus(BuildModel(CallChain({1, 0})));
  EXPECT_EQ(status.code(), StatusCode::kInvalidModel);
  EXPECT_NE(status.message().find("subgraph 1 node 0 (CALL_ONCE) calls subgraph 0, the main "
                                  "subgraph"), std::string::npos)
      << status.message();
}

TEST(ControlFlowModelTest, RejectsIfWithOutOfRangeElseBranch) {
  std::vector<SubgraphDef> graphs(2);
  const TensorDef flag{tflite::TensorType::BOOL, {}, {}};
  const TensorDef value{tflite::TensorType::FLOAT32, {2}, {}};
  graphs[0].tensors = {flag, value, value};
  graphs[0].inputs = {0, 1};
  graphs[0].outputs = {2};
  graphs[0].ops = {{kIf, {0, 1}, {2}, {1, 9}}};
  graphs[1].tensors = {value};
  graphs[1].inputs = {0};
  graphs[1].outputs = {0};
  Status status = CreateStatus(BuildModel(graphs));
  EXPECT_NE(status.message().find("(IF) calls subgraph 9, out of range (2 subgraphs)"),
            std::string::npos)
      << status.message();
}

// WHILE over one bool loop variable whose cond and body pass it through:
// it never ends when the input is true.
std::vector<SubgraphDef> EndlessLoop() {
  const TensorDef flag{tflite::TensorType::BOOL, {}, {}};
  std::vector<SubgraphDef> graphs(3);
  graphs[0].tensors = {flag, flag};
  graphs[0].inputs = {0};
  graphs[0].outputs = {1};
  graphs[0].ops = {{kWhile, {0}, {1}, {1, 2}}};
  for (int s : {1, 2}) {
    graphs[static_cast<size_t>(s)].tensors = {flag};
    graphs[static_cast<size_t>(s)].inputs = {0};
    graphs[static_cast<size_t>(s)].outputs = {0};
  }
  return graphs;
}

TEST(ControlFlowModelTest, WhileIterationLimitNamesTheNode) {
  testing::AlignedBytes bytes = BuildModel(EndlessLoop());
  auto model = Model::FromBuffer(bytes.data(), bytes.size());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  InterpreterOptions options;
  options.max_while_iterations = 1000;
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins(), options);
  ASSERT_TRUE(interpreter.ok()) << interpreter.status().ToString();
  Interpreter& runner = **interpreter;
  ASSERT_TRUE(runner.AllocateTensors().ok());
  *runner.input_data<bool>(0) = false;  // the loop ends at once
  ASSERT_TRUE(runner.Invoke().ok());
  EXPECT_FALSE(*runner.output(0)->data_as<bool>());
  *runner.input_data<bool>(0) = true;  // the loop never ends
  Status status = runner.Invoke();
  EXPECT_EQ(status.code(), StatusCode::kResourceExhausted);
  EXPECT_NE(status.message().find("node 0 (WHILE): stopped after 1000 iterations"),
            std::string::npos)
      << status.message();
}

TEST(ControlFlowModelTest, RejectsNegativeIterationLimit) {
  InterpreterOptions options;
  options.max_while_iterations = -1;
  EXPECT_EQ(CreateStatus(BuildModel(EndlessLoop()), options).code(),
            StatusCode::kInvalidArgument);
}

TEST(ControlFlowModelTest, LoopVariableChangingShapeIsUnsupported) {
  // The body reshapes the float[2] loop variable to [1,2].
  const TensorDef value{tflite::TensorType::FLOAT32, {2}, {}};
  const int32_t new_shape[] = {1, 2};
  std::vector<uint8_t> shape_bytes(sizeof(new_shape));
  std::memcpy(shape_bytes.data(), new_shape, sizeof(new_shape));
  std::vector<SubgraphDef> graphs(3);
  graphs[0].tensors = {value, value};
  graphs[0].inputs = {0};
  graphs[0].outputs = {1};
  graphs[0].ops = {{kWhile, {0}, {1}, {1, 2}}};
  graphs[1].tensors = {value, {tflite::TensorType::BOOL, {}, {1}}};
  graphs[1].inputs = {0};
  graphs[1].outputs = {1};
  graphs[2].tensors = {value, {tflite::TensorType::INT32, {2}, shape_bytes},
                       {tflite::TensorType::FLOAT32, {1, 2}, {}}};
  graphs[2].inputs = {0};
  graphs[2].outputs = {2};
  graphs[2].ops = {{kReshape, {0, 1}, {2}, {}}};
  testing::AlignedBytes bytes = BuildModel(graphs);
  auto model = Model::FromBuffer(bytes.data(), bytes.size());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins());
  ASSERT_TRUE(interpreter.ok()) << interpreter.status().ToString();
  Status status = (*interpreter)->AllocateTensors();
  EXPECT_EQ(status.code(), StatusCode::kUnsupported);
  EXPECT_NE(status.message().find("node 0 (WHILE): loop variable 0 enters the body as "
                                  "float32[2] and leaves it as float32[1,2]"),
            std::string::npos)
      << status.message();
}

// ---- Resource variables: the conformance case variable_accumulate_f32
// (v += x; return v) with LiteRT's outputs after invokes 1, 2 and 3.

const char kVariableCase[] = BRASA_SOURCE_DIR "/tests/conformance/cases/variable_accumulate_f32/";

void ExpectOutputIs(const Interpreter& runner, const std::string& golden_file) {
  auto golden = tools::ReadNpy(kVariableCase + golden_file);
  ASSERT_TRUE(golden.ok()) << golden.status().ToString();
  const Tensor& output = *runner.output(0);
  ASSERT_EQ(output.bytes, golden->bytes.size());
  const float* expected = reinterpret_cast<const float*>(golden->bytes.data());
  for (int64_t i = 0; i < output.element_count(); ++i) {
    EXPECT_NEAR(output.data_as<float>()[i], expected[i], 1e-5f * (1.0f + std::abs(expected[i])))
        << golden_file << " [" << i << "]";
  }
}

TEST(ResourceVariableTest, StatePersistsAcrossInvokesAndResets) {
  auto model = Model::FromFile(std::string(kVariableCase) + "model.tflite");
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins());
  ASSERT_TRUE(interpreter.ok()) << interpreter.status().ToString();
  Interpreter& runner = **interpreter;
  EXPECT_EQ(runner.ResetVariables().code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(runner.AllocateTensors().ok());
  auto input = tools::ReadNpy(std::string(kVariableCase) + "input_0.npy");
  ASSERT_TRUE(input.ok()) << input.status().ToString();
  ASSERT_EQ(input->bytes.size(), runner.input(0)->bytes);
  std::memcpy(runner.input(0)->data, input->bytes.data(), input->bytes.size());

  ASSERT_TRUE(runner.Invoke().ok());
  ExpectOutputIs(runner, "output_0.npy");
  ASSERT_TRUE(runner.Invoke().ok());
  ExpectOutputIs(runner, "invoke_2_output_0.npy");
  ASSERT_TRUE(runner.Invoke().ok());
  ExpectOutputIs(runner, "invoke_3_output_0.npy");

  // Back to the initial value: CALL_ONCE initializes it again.
  ASSERT_TRUE(runner.ResetVariables().ok());
  ASSERT_TRUE(runner.Invoke().ok());
  ExpectOutputIs(runner, "output_0.npy");
  ASSERT_TRUE(runner.Invoke().ok());
  ExpectOutputIs(runner, "invoke_2_output_0.npy");

  // AllocateTensors starts the variables over as well.
  ASSERT_TRUE(runner.AllocateTensors().ok());
  std::memcpy(runner.input(0)->data, input->bytes.data(), input->bytes.size());
  ASSERT_TRUE(runner.Invoke().ok());
  ExpectOutputIs(runner, "output_0.npy");
}

}  // namespace
}  // namespace brasa
