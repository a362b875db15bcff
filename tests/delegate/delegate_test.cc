// The delegate interface with a test-only delegate that runs float ADD and
// MUL itself: partitioning, CPU fallback, declining, and execution order.
#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <memory>
#include <vector>

#include "brasa/interpreter.h"
#include "tests/testing/model_builder.h"

namespace brasa {
namespace {

constexpr int32_t kAdd = 0, kMul = 18, kSub = 41;

// Claims float ADD/MUL nodes; runs each compiled partition on its own memory
// for tensors internal to the partition.
class AddMulDelegate {
 public:
  explicit AddMulDelegate(bool decline = false) : decline_(decline) {
    delegate_.name = "TEST_ADD_MUL";
    delegate_.user_data = this;
    delegate_.supports_node = &Supports;
    delegate_.compile = &Compile;
  }
  const Delegate* get() const { return &delegate_; }
  int partitions_compiled() const { return static_cast<int>(partitions_.size()); }
  const std::vector<int>& run_log() const { return run_log_; }  // partition ids

 private:
  struct Step {
    int32_t op;
    int a, b, out;  // tensor indices
  };
  struct Partition {
    AddMulDelegate* owner;
    int id;
    DelegatePartition description;
    std::vector<Step> steps;
    std::map<int, std::vector<float>> internal;  // tensor -> own buffer
  };

  static bool Supports(void*, const KernelContext& node) {
    const int32_t op = node.builtin_code();
    return (op == kAdd || op == kMul) && node.input(0)->type == DataType::kFloat32;
  }

  static Status Compile(void* user_data, const DelegatePartition& partition,
                        const KernelContext* nodes, const OpKernel** kernel, void** data) {
    auto* self = static_cast<AddMulDelegate*>(user_data);
    if (self->decline_) return Status::Ok();
    auto p = std::make_unique<Partition>();
    p->owner = self;
    p->id = static_cast<int>(self->partitions_.size());
    p->description = partition;
    for (size_t i = 0; i < partition.nodes.size(); ++i) {
      const KernelContext& node = nodes[i];
      p->steps.push_back({node.builtin_code(), node.input_tensor_index(0),
                          node.input_tensor_index(1), node.output_tensor_index(0)});
    }
    for (size_t i = 0; i < partition.nodes.size(); ++i) {
      for (int t : partition.internal_tensors) {
        if (t == nodes[i].output_tensor_index(0)) {
          p->internal[t].assign(static_cast<size_t>(nodes[i].output(0)->element_count()), 0.0f);
        }
      }
    }
    static const OpKernel kPartitionKernel = {"TEST_ADD_MUL", nullptr, &Eval};
    *kernel = &kPartitionKernel;
    *data = p.get();
    self->partitions_.push_back(std::move(p));
    return Status::Ok();
  }

  static float* Find(Partition& p, KernelContext& context, int tensor) {
    for (int i = 0; i < context.num_inputs(); ++i) {
      if (context.input_tensor_index(i) == tensor) {
        return const_cast<float*>(context.input(i)->data_as<float>());
      }
    }
    for (int i = 0; i < context.num_outputs(); ++i) {
      if (context.output_tensor_index(i) == tensor) return context.output(i)->data_as<float>();
    }
    auto it = p.internal.find(tensor);
    return it == p.internal.end() ? nullptr : it->second.data();
  }

  static Status Eval(KernelContext& context) {
    Partition& p = *context.op_data<Partition>();
    p.owner->run_log_.push_back(p.id);
    for (const Step& step : p.steps) {
      const float* a = Find(p, context, step.a);
      const float* b = Find(p, context, step.b);
      float* out = Find(p, context, step.out);
      if (a == nullptr || b == nullptr || out == nullptr) return InternalError("unmapped tensor");
      for (int i = 0; i < 4; ++i) out[i] = step.op == kAdd ? a[i] + b[i] : a[i] * b[i];
    }
    return Status::Ok();
  }

  bool decline_;
  Delegate delegate_;
  std::vector<std::unique_ptr<Partition>> partitions_;
  std::vector<int> run_log_;
};

// a, b -> c = a+b -> d = c*b -> e = d-a (CPU) -> f = e+a -> g = c*f
testing::AlignedBytes BuildGraph() {
  testing::ModelBuilder builder;
  const auto f32 = tflite::TensorType::FLOAT32;
  const int a = builder.AddTensor(f32, {1, 4}, "a"), b = builder.AddTensor(f32, {1, 4}, "b");
  const int c = builder.AddTensor(f32, {1, 4}), d = builder.AddTensor(f32, {1, 4});
  const int e = builder.AddTensor(f32, {1, 4}), f = builder.AddTensor(f32, {1, 4});
  const int g = builder.AddTensor(f32, {1, 4}, "g");
  const uint32_t add = builder.AddOperatorCode(kAdd), mul = builder.AddOperatorCode(kMul);
  const uint32_t sub = builder.AddOperatorCode(kSub);
  builder.AddOperator({add, {a, b}, {c}});
  builder.AddOperator({mul, {c, b}, {d}});
  builder.AddOperator({sub, {d, a}, {e}});
  builder.AddOperator({add, {e, a}, {f}});
  builder.AddOperator({mul, {c, f}, {g}});
  builder.SetInputs({a, b});
  builder.SetOutputs({g});
  return builder.Finish();
}

std::vector<float> RunGraph(Interpreter& interpreter) {
  const float a[4] = {1, 2, 3, -4}, b[4] = {0.5f, -1, 2, 3};
  std::memcpy(interpreter.input(0)->data, a, sizeof(a));
  std::memcpy(interpreter.input(1)->data, b, sizeof(b));
  EXPECT_TRUE(interpreter.Invoke().ok());
  const float* g = interpreter.output(0)->data_as<float>();
  return std::vector<float>(g, g + 4);
}

std::vector<float> Expected() {
  const float a[4] = {1, 2, 3, -4}, b[4] = {0.5f, -1, 2, 3};
  std::vector<float> g(4);
  for (int i = 0; i < 4; ++i) {
    const float c = a[i] + b[i], d = c * b[i], e = d - a[i], f = e + a[i];
    g[static_cast<size_t>(i)] = c * f;
  }
  return g;
}

TEST(DelegateTest, ClaimsPartitionsAroundCpuFallback) {
  testing::AlignedBytes bytes = BuildGraph();
  auto model = Model::FromBuffer(bytes.data(), bytes.size());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  AddMulDelegate delegate;
  InterpreterOptions options;
  options.delegates = {delegate.get()};
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins(), options);
  ASSERT_TRUE(interpreter.ok()) << interpreter.status().ToString();
  ASSERT_TRUE((*interpreter)->AllocateTensors().ok());

  // {ADD, MUL} -> SUB on the CPU -> {ADD, MUL}
  ASSERT_EQ((*interpreter)->num_nodes(), 3);
  EXPECT_EQ((*interpreter)->node(0).op_name, "TEST_ADD_MUL");
  EXPECT_EQ((*interpreter)->node(0).delegated_nodes, (std::vector<int>{0, 1}));
  EXPECT_EQ((*interpreter)->node(1).op_name, "SUB");
  EXPECT_EQ((*interpreter)->node(2).delegated_nodes, (std::vector<int>{3, 4}));
  EXPECT_EQ(delegate.partitions_compiled(), 2);

  EXPECT_EQ(RunGraph(**interpreter), Expected());
  EXPECT_EQ(delegate.run_log(), (std::vector<int>{0, 1}));
}

TEST(DelegateTest, DeclinedPartitionsStayOnCpu) {
  testing::AlignedBytes bytes = BuildGraph();
  auto model = Model::FromBuffer(bytes.data(), bytes.size());
  ASSERT_TRUE(model.ok());
  AddMulDelegate delegate(/*decline=*/true);
  InterpreterOptions options;
  options.delegates = {delegate.get()};
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins(), options);
  ASSERT_TRUE(interpreter.ok()) << interpreter.status().ToString();
  ASSERT_TRUE((*interpreter)->AllocateTensors().ok());
  EXPECT_EQ((*interpreter)->num_nodes(), 5);
  EXPECT_EQ(RunGraph(**interpreter), Expected());
  EXPECT_TRUE(delegate.run_log().empty());
}

TEST(DelegateTest, InternalTensorsTakeNoArenaSpace) {
  testing::AlignedBytes bytes = BuildGraph();
  auto model = Model::FromBuffer(bytes.data(), bytes.size());
  ASSERT_TRUE(model.ok());
  auto cpu = Interpreter::Create(**model, OpResolver::WithAllBuiltins());
  AddMulDelegate delegate;
  InterpreterOptions options;
  options.delegates = {delegate.get()};
  auto delegated = Interpreter::Create(**model, OpResolver::WithAllBuiltins(), options);
  ASSERT_TRUE(cpu.ok() && delegated.ok());
  ASSERT_TRUE((*cpu)->AllocateTensors().ok() && (*delegated)->AllocateTensors().ok());
  // f (e+a, read only by g = c*f) lives inside the second partition; c and d
  // cross partition boundaries and still need the arena.
  EXPECT_EQ((*delegated)->tensor(5)->allocation, Allocation::kDelegate);
  EXPECT_EQ((*delegated)->tensor(2)->allocation, Allocation::kArena);
  EXPECT_EQ((*delegated)->tensor(3)->allocation, Allocation::kArena);
  EXPECT_LE((*delegated)->arena_lower_bound(), (*cpu)->arena_lower_bound());
}

}  // namespace
}  // namespace brasa
