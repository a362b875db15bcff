// Interpreter: inputs and outputs by index and name, the Create ->
// AllocateTensors -> Invoke phases, resizing, caller arenas, the arena cap,
// op resolution (builtin and custom) and the graph checks made when planning.
//
// The models are tiny ModelBuilder graphs run by float kernels defined here
// (registered under the ADD and MUL builtin codes), so these tests exercise
// the interpreter, not the real kernels; one test runs the real int8 ADD.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "brasa/interpreter.h"
#include "src/planner/arena_planner.h"
#include "kernels/params.h"
#include "tests/testing/model_builder.h"

namespace brasa {
namespace {

using testing::AlignedBytes;
using testing::ModelBuilder;
using testing::OperatorSpec;
using tflite::TensorType;

constexpr size_t npos = std::string::npos;
constexpr int32_t kAdd = 0;
constexpr int32_t kMul = 18;
constexpr int32_t kCustom = 32;

// ---- Float test kernels ----

float AddValues(float a, float b) { return a + b; }
float MulValues(float a, float b) { return a * b; }

// Two float32 inputs of one shape; the output takes that shape.
Status BinaryPrepare(KernelContext& context) {
  if (context.num_inputs() != 2 || context.num_outputs() != 1) {
    return context.Error("expected 2 inputs and 1 output");
  }
  const Tensor& a = *context.input(0);
  const Tensor& b = *context.input(1);
  if (a.type != DataType::kFloat32 || b.type != DataType::kFloat32) {
    return context.Error("float32 only");
  }
  if (a.shape != b.shape) {
    return context.Error("shapes %s and %s differ", ShapeToString(a.shape).c_str(),
                         ShapeToString(b.shape).c_str());
  }
  return context.ResizeOutput(0, a.shape);
}

// Applies `Op` element-wise, then the fused activation the model gave (RELU
// only), which checks that builtin options reach the kernel.
template <float (*Op)(float, float)>
Status BinaryEval(KernelContext& context) {
  const Tensor& a = *context.input(0);
  const Tensor& b = *context.input(1);
  Tensor& out = *context.output(0);
  const bool relu = context.raw_params() != nullptr &&
                    context.params<ElementwiseParams>().activation == Activation::kRelu;
  for (int64_t i = 0; i < out.element_count(); ++i) {
    const float value = Op(a.data_as<float>()[i], b.data_as<float>()[i]);
    out.data_as<float>()[i] = relu && value < 0.0f ? 0.0f : value;
  }
  return Status::Ok();
}

const OpKernel kTestAdd = {"ADD", BinaryPrepare, BinaryEval<AddValues>};
const OpKernel kTestMul = {"MUL", BinaryPrepare, BinaryEval<MulValues>};

// A custom op: y = factor * x, the factor kept in op data made in Prepare.
struct TimesTwoData {
  float factor;
};
Status TimesTwoPrepare(KernelContext& context) {
  if (context.builtin_code() != -1) return context.Error("expected a custom op");
  TimesTwoData* data = context.NewOpData<TimesTwoData>();
  if (data == nullptr) return context.ErrorWithCode(StatusCode::kResourceExhausted, "no memory");
  data->factor = 2.0f;
  return context.ResizeOutput(0, context.input(0)->shape);
}
Status TimesTwoEval(KernelContext& context) {
  const float factor = context.op_data<TimesTwoData>()->factor;
  const Tensor& x = *context.input(0);
  for (int64_t i = 0; i < x.element_count(); ++i) {
    context.output(0)->data_as<float>()[i] = factor * x.data_as<float>()[i];
  }
  return Status::Ok();
}
const OpKernel kTimesTwo = {"TIMES_TWO", TimesTwoPrepare, TimesTwoEval};

// A custom op that sums its input through 1000 bytes of scratch memory.
constexpr size_t kScratchBytes = 1000;
struct ScratchData {
  int index;
};
Status ScratchPrepare(KernelContext& context) {
  ScratchData* data = context.NewOpData<ScratchData>();
  if (data == nullptr) return context.ErrorWithCode(StatusCode::kResourceExhausted, "no memory");
  BRASA_RETURN_IF_ERROR(context.RequestScratch(kScratchBytes, &data->index));
  return context.ResizeOutput(0, {1});
}
Status ScratchEval(KernelContext& context) {
  auto* scratch = static_cast<uint8_t*>(context.scratch(context.op_data<ScratchData>()->index));
  if (scratch == nullptr) return context.Error("no scratch");
  if (reinterpret_cast<uintptr_t>(scratch) % 16 != 0) return context.Error("misaligned scratch");
  std::memset(scratch, 0, kScratchBytes);
  const Tensor& x = *context.input(0);
  for (int64_t i = 0; i < x.element_count(); ++i) {
    reinterpret_cast<float*>(scratch)[i % 4] += x.data_as<float>()[i];
  }
  const float* partial = reinterpret_cast<const float*>(scratch);
  context.output(0)->data_as<float>()[0] = partial[0] + partial[1] + partial[2] + partial[3];
  return Status::Ok();
}
const OpKernel kScratchSum = {"SCRATCH_SUM", ScratchPrepare, ScratchEval};

Status FailingPrepare(KernelContext& context) {
  return context.Error("prepare refuses (%d inputs)", context.num_inputs());
}
Status NeverEval(KernelContext& context) { return context.Error("eval must not run"); }
const OpKernel kFailsPrepare = {"FAILS_PREPARE", FailingPrepare, NeverEval};

Status PassPrepare(KernelContext& context) {
  return context.ResizeOutput(0, context.input(0)->shape);
}
Status FailingEval(KernelContext& context) {
  return context.ErrorWithCode(StatusCode::kInternal, "eval failed on purpose");
}
const OpKernel kFailsEval = {"FAILS_EVAL", PassPrepare, FailingEval};

// ResizeOutput from a list of dimensions: [3, 2] at Prepare, and again
// during Eval (refused there).
Status DimsListPrepare(KernelContext& context) { return context.ResizeOutput(0, {3, 2}); }
Status DimsListEval(KernelContext& context) { return context.ResizeOutput(0, {3, 2}); }
const OpKernel kDimsList = {"DIMS_LIST", DimsListPrepare, DimsListEval};
Status NegativeDimsPrepare(KernelContext& context) { return context.ResizeOutput(0, {2, -3}); }
const OpKernel kNegativeDims = {"NEGATIVE_DIMS", NegativeDimsPrepare, NeverEval};

OpResolver TestResolver() {
  OpResolver resolver;
  resolver.AddBuiltin(kAdd, &kTestAdd);
  resolver.AddBuiltin(kMul, &kTestMul);
  resolver.AddCustom("TIMES_TWO", &kTimesTwo);
  resolver.AddCustom("SCRATCH_SUM", &kScratchSum);
  resolver.AddCustom("FAILS_PREPARE", &kFailsPrepare);
  resolver.AddCustom("FAILS_EVAL", &kFailsEval);
  resolver.AddCustom("DIMS_LIST", &kDimsList);
  resolver.AddCustom("NEGATIVE_DIMS", &kNegativeDims);
  return resolver;
}

// ---- Models ----

// sum = a + b, all float [1,4].
AlignedBytes AddModel(tflite::ActivationFunctionType activation =
                          tflite::ActivationFunctionType::NONE) {
  ModelBuilder builder;
  const int a = builder.AddTensor(TensorType::FLOAT32, {1, 4}, "a");
  const int b = builder.AddTensor(TensorType::FLOAT32, {1, 4}, "b");
  const int sum = builder.AddTensor(TensorType::FLOAT32, {1, 4}, "sum");
  OperatorSpec op;
  op.opcode_index = builder.AddOperatorCode(kAdd);
  op.inputs = {a, b};
  op.outputs = {sum};
  op.activation = activation;
  builder.AddOperator(op);
  builder.SetInputs({a, b});
  builder.SetOutputs({sum});
  return builder.Finish();
}

// product = (a + b) * scale, with `scale` a constant {1, 2, 3, 4}; all [1,4].
AlignedBytes AddMulModel() {
  ModelBuilder builder;
  const int a = builder.AddTensor(TensorType::FLOAT32, {1, 4}, "a");
  const int b = builder.AddTensor(TensorType::FLOAT32, {1, 4}, "b");
  const int sum = builder.AddTensor(TensorType::FLOAT32, {1, 4}, "sum");
  const int scale = builder.AddConstTensor<float>(TensorType::FLOAT32, {1, 4}, {1, 2, 3, 4});
  const int product = builder.AddTensor(TensorType::FLOAT32, {1, 4}, "product");
  OperatorSpec add;
  add.opcode_index = builder.AddOperatorCode(kAdd);
  add.inputs = {a, b};
  add.outputs = {sum};
  builder.AddOperator(add);
  OperatorSpec mul;
  mul.opcode_index = builder.AddOperatorCode(kMul);
  mul.inputs = {sum, scale};
  mul.outputs = {product};
  builder.AddOperator(mul);
  builder.SetInputs({a, b});
  builder.SetOutputs({product});
  return builder.Finish();
}

// y = custom_op(x), float [2,3].
AlignedBytes CustomModel(const std::string& name) {
  ModelBuilder builder;
  const int x = builder.AddTensor(TensorType::FLOAT32, {2, 3}, "x");
  const int y = builder.AddTensor(TensorType::FLOAT32, {2, 3}, "y");
  OperatorSpec op;
  op.opcode_index = builder.AddOperatorCode(kCustom, name);
  op.inputs = {x};
  op.outputs = {y};
  builder.AddOperator(op);
  builder.SetInputs({x});
  builder.SetOutputs({y});
  return builder.Finish();
}

// A loaded model and an interpreter for it; the bytes outlive both.
struct Loaded {
  AlignedBytes bytes;
  std::unique_ptr<Model> model;
  std::unique_ptr<Interpreter> interpreter;
};

// Loads `bytes` and creates an interpreter (not yet allocated).
void Load(AlignedBytes bytes, Loaded* loaded, const OpResolver& resolver = TestResolver(),
          const InterpreterOptions& options = InterpreterOptions()) {
  loaded->bytes = std::move(bytes);
  auto model = Model::FromBuffer(loaded->bytes.data(), loaded->bytes.size());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  loaded->model = std::move(model.value());
  auto interpreter = Interpreter::Create(*loaded->model, resolver, options);
  ASSERT_TRUE(interpreter.ok()) << interpreter.status().ToString();
  loaded->interpreter = std::move(interpreter.value());
}

void Fill(const Tensor* tensor, const std::vector<float>& values) {
  ASSERT_NE(tensor, nullptr);
  ASSERT_NE(tensor->data, nullptr);
  ASSERT_EQ(tensor->bytes, values.size() * sizeof(float));
  std::memcpy(tensor->data, values.data(), tensor->bytes);
}

std::vector<float> Values(const Tensor* tensor) {
  if (tensor == nullptr || tensor->data == nullptr) return {};
  const float* data = tensor->data_as<float>();
  return std::vector<float>(data, data + tensor->element_count());
}

::testing::AssertionResult FailsWith(const Status& status, StatusCode code,
                                     const std::string& fragment) {
  if (status.ok()) return ::testing::AssertionFailure() << "succeeded; expected " << fragment;
  if (status.code() != code || status.message().find(fragment) == npos) {
    return ::testing::AssertionFailure()
           << status.ToString() << "; expected " << StatusCodeName(code) << " with '"
           << fragment << "'";
  }
  return ::testing::AssertionSuccess();
}

// ---- Inputs and outputs ----

TEST(InterpreterTest, InputsAndOutputsByIndexAndName) {
  Loaded m;
  ASSERT_NO_FATAL_FAILURE(Load(AddModel(), &m));
  Interpreter& interpreter = *m.interpreter;
  ASSERT_EQ(interpreter.num_inputs(), 2);
  ASSERT_EQ(interpreter.num_outputs(), 1);
  ASSERT_NE(interpreter.input(0), nullptr);
  EXPECT_EQ(interpreter.input(0)->name, "a");
  EXPECT_EQ(interpreter.input(1)->name, "b");
  EXPECT_EQ(interpreter.output(0)->name, "sum");
  EXPECT_EQ(interpreter.input("a"), interpreter.input(0));
  EXPECT_EQ(interpreter.input("b"), interpreter.input(1));
  EXPECT_EQ(interpreter.output("sum"), interpreter.output(0));
  EXPECT_EQ(interpreter.input_tensor_index(1), 1);
  EXPECT_EQ(interpreter.output_tensor_index(0), 2);
  EXPECT_EQ(interpreter.input(0)->type, DataType::kFloat32);
  EXPECT_EQ(interpreter.input(0)->shape, (Shape{1, 4}));

  // Unknown names and out-of-range indices give nullptr, never a crash.
  EXPECT_EQ(interpreter.input("sum"), nullptr);  // an output, not an input
  EXPECT_EQ(interpreter.output("a"), nullptr);
  EXPECT_EQ(interpreter.input("nope"), nullptr);
  EXPECT_EQ(interpreter.input(""), nullptr);
  EXPECT_EQ(interpreter.input(-1), nullptr);
  EXPECT_EQ(interpreter.input(2), nullptr);
  EXPECT_EQ(interpreter.output(1), nullptr);
  EXPECT_EQ(interpreter.output(-1), nullptr);
  EXPECT_EQ(interpreter.input_tensor_index(5), -1);
  EXPECT_EQ(interpreter.output_tensor_index(-3), -1);
  EXPECT_EQ(interpreter.tensor(3), nullptr);
  EXPECT_EQ(interpreter.tensor(-1), nullptr);

  ASSERT_TRUE(interpreter.AllocateTensors().ok());
  Fill(interpreter.input("a"), {1, 2, 3, 4});
  Fill(interpreter.input("b"), {10, 20, 30, 40});
  ASSERT_TRUE(interpreter.Invoke().ok());
  EXPECT_EQ(Values(interpreter.output("sum")), (std::vector<float>{11, 22, 33, 44}));
}

TEST(InterpreterTest, GraphIntrospection) {
  Loaded m;
  ASSERT_NO_FATAL_FAILURE(Load(AddMulModel(), &m));
  Interpreter& interpreter = *m.interpreter;
  EXPECT_EQ(interpreter.num_tensors(), 5);
  ASSERT_EQ(interpreter.num_nodes(), 2);
  const NodeInfo add = interpreter.node(0);
  EXPECT_EQ(add.index, 0);
  EXPECT_EQ(add.op_name, "ADD");
  EXPECT_EQ(add.inputs, (std::vector<int>{0, 1}));
  EXPECT_EQ(add.outputs, (std::vector<int>{2}));
  const NodeInfo mul = interpreter.node(1);
  EXPECT_EQ(mul.op_name, "MUL");
  EXPECT_EQ(mul.inputs, (std::vector<int>{2, 3}));
  EXPECT_TRUE(interpreter.node(2).op_name.empty());
  EXPECT_TRUE(interpreter.node(-1).op_name.empty());
  const Tensor* scale = interpreter.tensor(3);
  ASSERT_NE(scale, nullptr);
  EXPECT_EQ(scale->allocation, Allocation::kConstant);
  ASSERT_NE(scale->data, nullptr);
  EXPECT_EQ(scale->data_as<float>()[3], 4.0f);
}

// ---- Phases ----

TEST(InterpreterTest, InvokeBeforeAllocateTensorsFails) {
  Loaded m;
  ASSERT_NO_FATAL_FAILURE(Load(AddModel(), &m));
  EXPECT_TRUE(FailsWith(m.interpreter->Invoke(), StatusCode::kFailedPrecondition,
                        "before AllocateTensors"));
  ASSERT_TRUE(m.interpreter->AllocateTensors().ok());
  EXPECT_TRUE(m.interpreter->Invoke().ok());
}

TEST(InterpreterTest, ChainOfTwoNodesRunsAndRepeats) {
  Loaded m;
  ASSERT_NO_FATAL_FAILURE(Load(AddMulModel(), &m));
  Interpreter& interpreter = *m.interpreter;
  ASSERT_TRUE(interpreter.AllocateTensors().ok());
  for (int run = 0; run < 3; ++run) {
    Fill(interpreter.input(0), {1, 2, 3, 4});
    Fill(interpreter.input(1), {0.5f, -1, 0, 2});
    ASSERT_TRUE(interpreter.Invoke().ok());
    EXPECT_EQ(Values(interpreter.output(0)), (std::vector<float>{1.5f, 2, 9, 24})) << run;
  }
  // AllocateTensors again (nothing changed) keeps everything working.
  ASSERT_TRUE(interpreter.AllocateTensors().ok());
  Fill(interpreter.input(0), {1, 1, 1, 1});
  Fill(interpreter.input(1), {1, 1, 1, 1});
  ASSERT_TRUE(interpreter.Invoke().ok());
  EXPECT_EQ(Values(interpreter.output(0)), (std::vector<float>{2, 4, 6, 8}));
}

TEST(InterpreterTest, InvokeLeavesInputsIntact) {
  Loaded m;
  ASSERT_NO_FATAL_FAILURE(Load(AddMulModel(), &m));
  Interpreter& interpreter = *m.interpreter;
  ASSERT_TRUE(interpreter.AllocateTensors().ok());
  Fill(interpreter.input(0), {1, 2, 3, 4});
  Fill(interpreter.input(1), {0.5f, -1, 0, 2});
  ASSERT_TRUE(interpreter.Invoke().ok());
  EXPECT_EQ(Values(interpreter.input(0)), (std::vector<float>{1, 2, 3, 4}));
  EXPECT_EQ(Values(interpreter.input(1)), (std::vector<float>{0.5f, -1, 0, 2}));
  ASSERT_TRUE(interpreter.Invoke().ok());
  EXPECT_EQ(Values(interpreter.output(0)), (std::vector<float>{1.5f, 2, 9, 24}));
}

TEST(InterpreterTest, BuiltinOptionsReachTheKernel) {
  Loaded m;
  ASSERT_NO_FATAL_FAILURE(Load(AddModel(tflite::ActivationFunctionType::RELU), &m));
  ASSERT_TRUE(m.interpreter->AllocateTensors().ok());
  Fill(m.interpreter->input(0), {1, -2, 3, -4});
  Fill(m.interpreter->input(1), {0, 0, -5, 1});
  ASSERT_TRUE(m.interpreter->Invoke().ok());
  EXPECT_EQ(Values(m.interpreter->output(0)), (std::vector<float>{1, 0, 0, 0}));
}

TEST(InterpreterTest, ResizeInputThenAllocateReplans) {
  Loaded m;
  ASSERT_NO_FATAL_FAILURE(Load(AddModel(), &m));
  Interpreter& interpreter = *m.interpreter;
  ASSERT_TRUE(interpreter.AllocateTensors().ok());
  const size_t small_arena = interpreter.arena_bytes();

  ASSERT_TRUE(interpreter.ResizeInputTensor(0, {2, 3}).ok());
  ASSERT_TRUE(interpreter.ResizeInputTensor(1, {2, 3}).ok());
  // The old plan no longer fits the shapes: Invoke must refuse.
  EXPECT_EQ(interpreter.Invoke().code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(interpreter.AllocateTensors().ok());
  EXPECT_EQ(interpreter.input(0)->shape, (Shape{2, 3}));
  EXPECT_EQ(interpreter.input(0)->bytes, 24u);
  EXPECT_EQ(interpreter.output(0)->shape, (Shape{2, 3}));
  // Larger unless both sizes round up to the same kArenaAlignment multiple.
  EXPECT_GE(interpreter.arena_bytes(), small_arena);
  EXPECT_GE(interpreter.arena_bytes(), 3 * interpreter.input(0)->bytes);
  Fill(interpreter.input(0), {1, 2, 3, 4, 5, 6});
  Fill(interpreter.input(1), {6, 5, 4, 3, 2, 1});
  ASSERT_TRUE(interpreter.Invoke().ok());
  EXPECT_EQ(Values(interpreter.output(0)), (std::vector<float>(6, 7.0f)));

  // Back down to a single element.
  ASSERT_TRUE(interpreter.ResizeInputTensor(0, {1}).ok());
  ASSERT_TRUE(interpreter.ResizeInputTensor(1, {1}).ok());
  ASSERT_TRUE(interpreter.AllocateTensors().ok());
  EXPECT_EQ(interpreter.output(0)->shape, (Shape{1}));
  Fill(interpreter.input(0), {2.5f});
  Fill(interpreter.input(1), {-1});
  ASSERT_TRUE(interpreter.Invoke().ok());
  EXPECT_EQ(Values(interpreter.output(0)), (std::vector<float>{1.5f}));
}

TEST(InterpreterTest, ResizingToTheSameShapeKeepsThePlan) {
  Loaded m;
  ASSERT_NO_FATAL_FAILURE(Load(AddModel(), &m));
  ASSERT_TRUE(m.interpreter->AllocateTensors().ok());
  ASSERT_TRUE(m.interpreter->ResizeInputTensor(0, {1, 4}).ok());
  EXPECT_TRUE(m.interpreter->Invoke().ok());
}

TEST(InterpreterTest, ResizeRejectsBadArguments) {
  Loaded m;
  ASSERT_NO_FATAL_FAILURE(Load(AddModel(), &m));
  Interpreter& interpreter = *m.interpreter;
  EXPECT_TRUE(FailsWith(interpreter.ResizeInputTensor(2, {1}), StatusCode::kInvalidArgument,
                        "input index 2 is out of range (2 inputs)"));
  EXPECT_TRUE(FailsWith(interpreter.ResizeInputTensor(-1, {1}), StatusCode::kInvalidArgument,
                        "out of range"));
  EXPECT_TRUE(FailsWith(interpreter.ResizeInputTensor(0, {1, -4}), StatusCode::kInvalidArgument,
                        "negative dimension"));
  EXPECT_EQ(interpreter.input(0)->shape, (Shape{1, 4}));
}

TEST(InterpreterTest, ResizeToHugeShapesFailsAllocateCleanly) {
  Loaded m;
  ASSERT_NO_FATAL_FAILURE(Load(AddModel(), &m));
  Interpreter& interpreter = *m.interpreter;
  // 2^40 floats: 2^42 bytes, over the 2^40-byte limit on one tensor.
  ASSERT_TRUE(interpreter.ResizeInputTensor(0, {1 << 20, 1 << 20}).ok());
  ASSERT_TRUE(interpreter.ResizeInputTensor(1, {1 << 20, 1 << 20}).ok());
  EXPECT_TRUE(FailsWith(interpreter.AllocateTensors(), StatusCode::kInvalidModel,
                        "tensor 0 (a): shape [1048576,1048576] of float32 has no valid byte size"));
  // 40 GB each: a valid size, far over the arena cap.
  ASSERT_TRUE(interpreter.ResizeInputTensor(0, {100000, 100000}).ok());
  ASSERT_TRUE(interpreter.ResizeInputTensor(1, {100000, 100000}).ok());
  EXPECT_TRUE(FailsWith(interpreter.AllocateTensors(), StatusCode::kResourceExhausted,
                        "max_arena_bytes"));
  EXPECT_EQ(interpreter.Invoke().code(), StatusCode::kFailedPrecondition);
  // Back to something small, everything works again.
  ASSERT_TRUE(interpreter.ResizeInputTensor(0, {2}).ok());
  ASSERT_TRUE(interpreter.ResizeInputTensor(1, {2}).ok());
  ASSERT_TRUE(interpreter.AllocateTensors().ok());
  Fill(interpreter.input(0), {1, 2});
  Fill(interpreter.input(1), {3, 4});
  ASSERT_TRUE(interpreter.Invoke().ok());
  EXPECT_EQ(Values(interpreter.output(0)), (std::vector<float>{4, 6}));
}

TEST(InterpreterTest, KernelRejectingAResizeFailsAllocateUntilFixed) {
  Loaded m;
  ASSERT_NO_FATAL_FAILURE(Load(AddModel(), &m));
  Interpreter& interpreter = *m.interpreter;
  ASSERT_TRUE(interpreter.AllocateTensors().ok());
  ASSERT_TRUE(interpreter.ResizeInputTensor(0, {2, 4}).ok());
  EXPECT_TRUE(FailsWith(interpreter.AllocateTensors(), StatusCode::kInvalidModel,
                        "node 0 (ADD): shapes [2,4] and [1,4] differ"));
  EXPECT_EQ(interpreter.Invoke().code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(interpreter.ResizeInputTensor(1, {2, 4}).ok());
  ASSERT_TRUE(interpreter.AllocateTensors().ok());
  Fill(interpreter.input(0), {1, 2, 3, 4, 5, 6, 7, 8});
  Fill(interpreter.input(1), {1, 1, 1, 1, 1, 1, 1, 1});
  ASSERT_TRUE(interpreter.Invoke().ok());
  EXPECT_EQ(Values(interpreter.output(0)), (std::vector<float>{2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST(InterpreterTest, PrepareAndEvalErrorsNameTheNode) {
  Loaded prepare;
  ASSERT_NO_FATAL_FAILURE(Load(CustomModel("FAILS_PREPARE"), &prepare));
  EXPECT_TRUE(FailsWith(prepare.interpreter->AllocateTensors(), StatusCode::kInvalidModel,
                        "node 0 (FAILS_PREPARE): prepare refuses (1 inputs)"));
  EXPECT_EQ(prepare.interpreter->Invoke().code(), StatusCode::kFailedPrecondition);

  Loaded eval;
  ASSERT_NO_FATAL_FAILURE(Load(CustomModel("FAILS_EVAL"), &eval));
  ASSERT_TRUE(eval.interpreter->AllocateTensors().ok());
  EXPECT_TRUE(FailsWith(eval.interpreter->Invoke(), StatusCode::kInternal,
                        "node 0 (FAILS_EVAL): eval failed on purpose"));
}

TEST(InterpreterTest, ResizeOutputTakesAListOfDimensions) {
  Loaded listed;
  ASSERT_NO_FATAL_FAILURE(Load(CustomModel("DIMS_LIST"), &listed));
  ASSERT_TRUE(listed.interpreter->AllocateTensors().ok());
  EXPECT_EQ(listed.interpreter->output(0)->shape, (Shape{3, 2}));
  EXPECT_TRUE(FailsWith(listed.interpreter->Invoke(), StatusCode::kFailedPrecondition,
                        "ResizeOutput during Eval"));

  Loaded negative;
  ASSERT_NO_FATAL_FAILURE(Load(CustomModel("NEGATIVE_DIMS"), &negative));
  EXPECT_TRUE(FailsWith(negative.interpreter->AllocateTensors(), StatusCode::kInvalidModel,
                        "output 0 would get a negative dimension"));
}

// ---- Arena ----

TEST(InterpreterTest, ArenaCoversTheLowerBoundAndOutputsAreRight) {
  Loaded m;
  ASSERT_NO_FATAL_FAILURE(Load(AddMulModel(), &m));
  Interpreter& interpreter = *m.interpreter;
  ASSERT_TRUE(interpreter.AllocateTensors().ok());
  // Graph inputs a and b stay alive throughout (16 bytes each, rounded up to
  // kArenaAlignment); step 0 adds sum, step 1 holds sum and product: four
  // buffers at step 1.
  EXPECT_EQ(interpreter.arena_lower_bound(), 4 * std::max<size_t>(16, kArenaAlignment));
  EXPECT_GE(interpreter.arena_bytes(), interpreter.arena_lower_bound());
  EXPECT_GT(interpreter.persistent_bytes(), 0u);  // the parsed ADD and MUL options
  Fill(interpreter.input(0), {1, 2, 3, 4});
  Fill(interpreter.input(1), {1, 2, 3, 4});
  ASSERT_TRUE(interpreter.Invoke().ok());
  EXPECT_EQ(Values(interpreter.output(0)), (std::vector<float>{2, 8, 18, 32}));
}

TEST(InterpreterTest, ArenaCapIsEnforced) {
  Loaded probe;
  ASSERT_NO_FATAL_FAILURE(Load(AddMulModel(), &probe));
  ASSERT_TRUE(probe.interpreter->AllocateTensors().ok());
  const size_t needed = probe.interpreter->arena_bytes();
  ASSERT_GT(needed, 0u);

  InterpreterOptions options;
  options.max_arena_bytes = needed - 1;
  Loaded capped;
  ASSERT_NO_FATAL_FAILURE(Load(AddMulModel(), &capped, TestResolver(), options));
  const Status status = capped.interpreter->AllocateTensors();
  EXPECT_TRUE(FailsWith(status, StatusCode::kResourceExhausted, "max_arena_bytes"));
  EXPECT_NE(status.message().find(std::to_string(needed)), npos) << status.message();
  EXPECT_EQ(capped.interpreter->Invoke().code(), StatusCode::kFailedPrecondition);

  options.max_arena_bytes = needed;
  Loaded exact;
  ASSERT_NO_FATAL_FAILURE(Load(AddMulModel(), &exact, TestResolver(), options));
  EXPECT_TRUE(exact.interpreter->AllocateTensors().ok());
}

TEST(InterpreterTest, CallerArenaIsUsedWhenBigEnough) {
  Loaded probe;
  ASSERT_NO_FATAL_FAILURE(Load(AddMulModel(), &probe));
  ASSERT_TRUE(probe.interpreter->AllocateTensors().ok());
  const size_t needed = probe.interpreter->arena_bytes();

  alignas(16) static uint8_t arena[4096];
  ASSERT_LE(needed, sizeof(arena));
  InterpreterOptions options;
  options.arena = arena;
  options.arena_size = needed;
  Loaded m;
  ASSERT_NO_FATAL_FAILURE(Load(AddMulModel(), &m, TestResolver(), options));
  Interpreter& interpreter = *m.interpreter;
  ASSERT_TRUE(interpreter.AllocateTensors().ok());
  // Every activation lies inside the caller's bytes.
  for (int t = 0; t < interpreter.num_tensors(); ++t) {
    const Tensor* tensor = interpreter.tensor(t);
    if (tensor->allocation == Allocation::kConstant) continue;
    const uint8_t* data = static_cast<const uint8_t*>(tensor->data);
    EXPECT_GE(data, arena) << tensor->name;
    EXPECT_LE(data + tensor->bytes, arena + needed) << tensor->name;
  }
  Fill(interpreter.input(0), {1, 2, 3, 4});
  Fill(interpreter.input(1), {-1, -1, -1, -1});
  ASSERT_TRUE(interpreter.Invoke().ok());
  EXPECT_EQ(Values(interpreter.output(0)), (std::vector<float>{0, 2, 6, 12}));
}

TEST(InterpreterTest, CallerArenaTooSmallIsResourceExhausted) {
  alignas(16) static uint8_t arena[32];
  InterpreterOptions options;
  options.arena = arena;
  options.arena_size = sizeof(arena);
  Loaded m;
  ASSERT_NO_FATAL_FAILURE(Load(AddMulModel(), &m, TestResolver(), options));
  const Status status = m.interpreter->AllocateTensors();
  EXPECT_TRUE(FailsWith(status, StatusCode::kResourceExhausted, "the caller's arena has 32"));
  EXPECT_EQ(m.interpreter->Invoke().code(), StatusCode::kFailedPrecondition);
}

TEST(InterpreterTest, CallerArenaOutgrownByAResizeIsResourceExhausted) {
  alignas(16) static uint8_t arena[256];
  InterpreterOptions options;
  options.arena = arena;
  options.arena_size = sizeof(arena);
  Loaded m;
  ASSERT_NO_FATAL_FAILURE(Load(AddModel(), &m, TestResolver(), options));
  Interpreter& interpreter = *m.interpreter;
  ASSERT_TRUE(interpreter.AllocateTensors().ok());
  ASSERT_TRUE(interpreter.ResizeInputTensor(0, {100}).ok());
  ASSERT_TRUE(interpreter.ResizeInputTensor(1, {100}).ok());
  EXPECT_TRUE(FailsWith(interpreter.AllocateTensors(), StatusCode::kResourceExhausted,
                        "the caller's arena has 256"));
  EXPECT_EQ(interpreter.Invoke().code(), StatusCode::kFailedPrecondition);
}

TEST(InterpreterTest, MisalignedCallerArenaIsRejected) {
  alignas(16) static uint8_t arena[4096 + 16];
  InterpreterOptions options;
  options.arena = arena + 4;
  options.arena_size = 4096;
  AlignedBytes bytes = AddModel();
  auto model = Model::FromBuffer(bytes.data(), bytes.size());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_TRUE(FailsWith(Interpreter::Create(**model, TestResolver(), options).status(),
                        StatusCode::kInvalidArgument, "16-byte aligned"));
}

TEST(InterpreterTest, ScratchIsPlannedInTheArena) {
  Loaded m;
  ASSERT_NO_FATAL_FAILURE(Load(CustomModel("SCRATCH_SUM"), &m));
  Interpreter& interpreter = *m.interpreter;
  ASSERT_TRUE(interpreter.AllocateTensors().ok());
  // x (24 bytes -> 32), y (4 -> 16) and 1000 bytes of scratch (-> 1008) at step 0.
  EXPECT_GE(interpreter.arena_lower_bound(), 32u + 16u + 1008u);
  EXPECT_GE(interpreter.arena_bytes(), interpreter.arena_lower_bound());
  EXPECT_EQ(interpreter.output(0)->shape, (Shape{1}));
  Fill(interpreter.input(0), {1, 2, 3, 4, 5, 6});
  ASSERT_TRUE(interpreter.Invoke().ok());
  EXPECT_EQ(Values(interpreter.output(0)), (std::vector<float>{21}));
}

// ---- Op resolution ----

TEST(InterpreterTest, ResolverWithOnlyAddRejectsMulNamingIt) {
  OpResolver only_add;
  only_add.AddBuiltin(kAdd, &kTestAdd);
  EXPECT_EQ(only_add.FindBuiltin(kAdd), &kTestAdd);
  EXPECT_EQ(only_add.FindBuiltin(kMul), nullptr);
  EXPECT_EQ(only_add.FindCustom("ADD"), nullptr);  // builtins are found by code only
  AlignedBytes bytes = AddMulModel();
  auto model = Model::FromBuffer(bytes.data(), bytes.size());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  const Status status = Interpreter::Create(**model, only_add).status();
  EXPECT_TRUE(FailsWith(status, StatusCode::kUnsupported,
                        "node 1: operator MUL (builtin 18) is not supported"));
  EXPECT_EQ(status.message().find("ADD"), npos) << status.message();
  // An empty resolver names both.
  const Status none = Interpreter::Create(**model, OpResolver()).status();
  EXPECT_TRUE(FailsWith(none, StatusCode::kUnsupported,
                        "node 0: operator ADD (builtin 0) is not supported; "
                        "node 1: operator MUL (builtin 18) is not supported"));
}

TEST(InterpreterTest, CustomOpRegisteredByNameRuns) {
  AlignedBytes bytes = CustomModel("TIMES_TWO");
  auto model = Model::FromBuffer(bytes.data(), bytes.size());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_TRUE(FailsWith(Interpreter::Create(**model, OpResolver::WithAllBuiltins()).status(),
                        StatusCode::kUnsupported, "custom operator 'TIMES_TWO'"));
  OpResolver resolver;
  resolver.AddCustom("TIMES_TWO", &kTimesTwo);
  EXPECT_EQ(resolver.FindCustom("TIMES_TWO"), &kTimesTwo);
  // By bytes and length (how a model's name is looked up): all of them match.
  EXPECT_EQ(resolver.FindCustom("TIMES_TWO, then more", 9), &kTimesTwo);
  EXPECT_EQ(resolver.FindCustom("TIMES_TWO", 8), nullptr);
  EXPECT_EQ(resolver.FindCustom("TIMES_TWO\0X", 11), nullptr);  // a NUL ends no name
  auto interpreter = Interpreter::Create(**model, resolver);
  ASSERT_TRUE(interpreter.ok()) << interpreter.status().ToString();
  EXPECT_EQ((*interpreter)->node(0).op_name, "TIMES_TWO");
  ASSERT_TRUE((*interpreter)->AllocateTensors().ok());
  EXPECT_GT((*interpreter)->persistent_bytes(), 0u);  // the op data
  Fill((*interpreter)->input(0), {1, -2, 3.5f, 0, 100, -0.25f});
  ASSERT_TRUE((*interpreter)->Invoke().ok());
  EXPECT_EQ(Values((*interpreter)->output(0)), (std::vector<float>{2, -4, 7, 0, 200, -0.5f}));
}

TEST(InterpreterTest, LaterRegistrationReplacesEarlier) {
  OpResolver resolver;
  resolver.AddBuiltin(kAdd, &kTestMul);
  resolver.AddBuiltin(kAdd, &kTestAdd);
  EXPECT_EQ(resolver.FindBuiltin(kAdd), &kTestAdd);
}

// ---- Graph checks at planning ----

TEST(InterpreterTest, TensorReadBeforeWrittenIsRejected) {
  // Node 0 reads `late`, which only node 1 writes.
  ModelBuilder builder;
  const int a = builder.AddTensor(TensorType::FLOAT32, {1, 4}, "a");
  const int early = builder.AddTensor(TensorType::FLOAT32, {1, 4}, "early");
  const int late = builder.AddTensor(TensorType::FLOAT32, {1, 4}, "late");
  const uint32_t add = builder.AddOperatorCode(kAdd);
  OperatorSpec first;
  first.opcode_index = add;
  first.inputs = {a, late};
  first.outputs = {early};
  builder.AddOperator(first);
  OperatorSpec second;
  second.opcode_index = add;
  second.inputs = {a, a};
  second.outputs = {late};
  builder.AddOperator(second);
  builder.SetInputs({a});
  builder.SetOutputs({early, late});
  // Verification rejects the data flow at load, before any interpreter.
  const AlignedBytes bytes = builder.Finish();
  EXPECT_TRUE(FailsWith(Model::FromBuffer(bytes.data(), bytes.size()).status(),
                        StatusCode::kInvalidModel,
                        "subgraph 0 node 0 reads tensor 2 (late), which is not a graph input"));
}

TEST(InterpreterTest, OutputThatNothingWritesIsRejected) {
  ModelBuilder builder;
  const int a = builder.AddTensor(TensorType::FLOAT32, {1, 4}, "a");
  const int sum = builder.AddTensor(TensorType::FLOAT32, {1, 4}, "sum");
  const int orphan = builder.AddTensor(TensorType::FLOAT32, {1, 4}, "orphan");
  OperatorSpec op;
  op.opcode_index = builder.AddOperatorCode(kAdd);
  op.inputs = {a, a};
  op.outputs = {sum};
  builder.AddOperator(op);
  builder.SetInputs({a});
  builder.SetOutputs({sum, orphan});
  Loaded m;
  ASSERT_NO_FATAL_FAILURE(Load(builder.Finish(), &m));
  EXPECT_TRUE(FailsWith(m.interpreter->AllocateTensors(), StatusCode::kInvalidModel,
                        "graph output tensor 2 is never written"));
}

TEST(InterpreterTest, OptionalInputsAreNull) {
  // TIMES_TWO reads input 0 only; a trailing omitted input (-1) is fine and
  // must not be planned.
  ModelBuilder builder;
  const int x = builder.AddTensor(TensorType::FLOAT32, {2}, "x");
  const int y = builder.AddTensor(TensorType::FLOAT32, {2}, "y");
  OperatorSpec op;
  op.opcode_index = builder.AddOperatorCode(kCustom, "TIMES_TWO");
  op.inputs = {x, -1};
  op.outputs = {y};
  builder.AddOperator(op);
  builder.SetInputs({x});
  builder.SetOutputs({y});
  Loaded m;
  ASSERT_NO_FATAL_FAILURE(Load(builder.Finish(), &m));
  ASSERT_TRUE(m.interpreter->AllocateTensors().ok());
  Fill(m.interpreter->input(0), {3, 4});
  ASSERT_TRUE(m.interpreter->Invoke().ok());
  EXPECT_EQ(Values(m.interpreter->output(0)), (std::vector<float>{6, 8}));
}

// ---- Several interpreters, one model ----

TEST(InterpreterTest, InterpretersSharingAModelAreIndependent) {
  AlignedBytes bytes = AddModel();
  auto model = Model::FromBuffer(bytes.data(), bytes.size());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  auto first = Interpreter::Create(**model, TestResolver());
  auto second = Interpreter::Create(**model, TestResolver());
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_TRUE((*first)->ResizeInputTensor(0, {2}).ok());
  ASSERT_TRUE((*first)->ResizeInputTensor(1, {2}).ok());
  ASSERT_TRUE((*first)->AllocateTensors().ok());
  ASSERT_TRUE((*second)->AllocateTensors().ok());
  EXPECT_EQ((*second)->input(0)->shape, (Shape{1, 4}));  // untouched by the resize
  Fill((*first)->input(0), {1, 2});
  Fill((*first)->input(1), {3, 4});
  Fill((*second)->input(0), {1, 1, 1, 1});
  Fill((*second)->input(1), {2, 2, 2, 2});
  ASSERT_TRUE((*first)->Invoke().ok());
  ASSERT_TRUE((*second)->Invoke().ok());
  EXPECT_EQ(Values((*first)->output(0)), (std::vector<float>{4, 6}));
  EXPECT_EQ(Values((*second)->output(0)), (std::vector<float>{3, 3, 3, 3}));
}

// ---- The real int8 ADD ----

TEST(InterpreterTest, RealInt8AddThroughTheInterpreter) {
  const OpResolver builtins = OpResolver::WithAllBuiltins();
  ASSERT_NE(builtins.FindBuiltin(kAdd), nullptr) << "ADD must be registered in kernels/ops.def";
  // All scales 0.5 (a power-of-two ratio, so requantizing is exact).
  ModelBuilder builder;
  auto quantized = [&](const char* name, int64_t zero_point) {
    testing::TensorSpec spec;
    spec.type = TensorType::INT8;
    spec.shape = {1, 4};
    spec.name = name;
    spec.scales = {0.5f};
    spec.zero_points = {zero_point};
    return builder.AddTensor(spec);
  };
  const int a = quantized("a", 1);
  const int b = quantized("b", -2);
  const int sum = quantized("sum", 3);
  OperatorSpec op;
  op.opcode_index = builder.AddOperatorCode(kAdd);
  op.inputs = {a, b};
  op.outputs = {sum};
  builder.AddOperator(op);
  builder.SetInputs({a, b});
  builder.SetOutputs({sum});
  Loaded m;
  ASSERT_NO_FATAL_FAILURE(Load(builder.Finish(), &m, builtins));
  Interpreter& interpreter = *m.interpreter;
  ASSERT_TRUE(interpreter.AllocateTensors().ok());
  // real a = {1, -1, 10, 60}, real b = {2, 0.5, -3, 50}.
  const int8_t a_q[4] = {3, -1, 21, 121};
  const int8_t b_q[4] = {2, -1, -8, 98};
  std::memcpy(interpreter.input(0)->data, a_q, 4);
  std::memcpy(interpreter.input(1)->data, b_q, 4);
  ASSERT_TRUE(interpreter.Invoke().ok());
  // real sum = {3, -0.5, 7, 110 -> saturates}: q = 2 * real + 3.
  const int8_t* out = interpreter.output(0)->data_as<int8_t>();
  EXPECT_EQ(out[0], 9);
  EXPECT_EQ(out[1], 2);
  EXPECT_EQ(out[2], 17);
  EXPECT_EQ(out[3], 127);
}

}  // namespace
}  // namespace brasa
