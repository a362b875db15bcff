// InterpreterOptions::profiler: Invoke calls node_begin and node_end around
// every node, in execution order, with the caller's user data; a profiled
// Invoke computes the same outputs; a half-set profiler is rejected.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "brasa/interpreter.h"
#include "tests/testing/model_builder.h"

namespace brasa {
namespace {

using testing::AlignedBytes;
using testing::ModelBuilder;
using tflite::TensorType;

// x -> ADD(x, x) -> ADD(_, x) -> ADD(_, x): three int8 nodes in a chain.
AlignedBytes ThreeAddModel() {
  ModelBuilder builder;
  const uint32_t add = builder.AddOperatorCode(0);
  std::vector<int> tensors;
  for (int i = 0; i < 4; ++i) {
    tensors.push_back(builder.AddTensor(TensorType::INT8, {1, 8}));
    builder.tensor(tensors.back()).scales = {0.5f};
    builder.tensor(tensors.back()).zero_points = {0};
  }
  for (int i = 0; i < 3; ++i) {
    builder.AddOperator({add, {tensors[static_cast<size_t>(i)], tensors[0]},
                         {tensors[static_cast<size_t>(i) + 1]}});
  }
  builder.SetInputs({tensors[0]});
  builder.SetOutputs({tensors[3]});
  return builder.Finish();
}

// Events as (position << 1 | is_end), in a fixed buffer: the callbacks must
// not allocate either.
struct EventLog {
  int events[64];
  int count = 0;
  void* seen_user_data = nullptr;
};

void RecordBegin(void* user_data, int position) {
  EventLog& log = *static_cast<EventLog*>(user_data);
  log.seen_user_data = user_data;
  if (log.count < 64) log.events[log.count++] = position << 1;
}

void RecordEnd(void* user_data, int position) {
  EventLog& log = *static_cast<EventLog*>(user_data);
  if (log.count < 64) log.events[log.count++] = (position << 1) | 1;
}

// An EventLog wired into InterpreterOptions (not copyable: it points into
// itself).
struct Recorder {
  EventLog log;
  NodeProfiler profiler;
  InterpreterOptions options;
  Recorder() {
    profiler.node_begin = &RecordBegin;
    profiler.node_end = &RecordEnd;
    profiler.user_data = &log;
    options.profiler = &profiler;
  }
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;
};

class ProfilerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto model = Model::FromBuffer(bytes_.data(), bytes_.size());
    ASSERT_TRUE(model.ok()) << model.status().ToString();
    model_ = std::move(model.value());
  }
  Result<std::unique_ptr<Interpreter>> Create(const InterpreterOptions& options) {
    return Interpreter::Create(*model_, OpResolver::WithAllBuiltins(), options);
  }
  // Output bytes of one Invoke on a fixed input.
  std::vector<int8_t> RunOnce(const InterpreterOptions& options) {
    auto interpreter = Create(options);
    EXPECT_TRUE(interpreter.ok()) << interpreter.status().ToString();
    if (!interpreter.ok()) return {};
    EXPECT_TRUE((*interpreter)->AllocateTensors().ok());
    const Tensor* input = (*interpreter)->input(0);
    int8_t* values = (*interpreter)->input_data<int8_t>(0);
    for (size_t i = 0; i < input->bytes; ++i) {
      values[i] = static_cast<int8_t>(static_cast<int>(i) * 5 - 17);
    }
    EXPECT_TRUE((*interpreter)->Invoke().ok());
    const Tensor* output = (*interpreter)->output(0);
    const int8_t* data = output->data_as<int8_t>();
    return std::vector<int8_t>(data, data + output->bytes);
  }

  const AlignedBytes bytes_ = ThreeAddModel();
  std::unique_ptr<Model> model_;
};

TEST_F(ProfilerTest, CallsBeginAndEndAroundEveryNodeInOrder) {
  Recorder recorder;
  auto interpreter = Create(recorder.options);
  ASSERT_TRUE(interpreter.ok()) << interpreter.status().ToString();
  ASSERT_EQ((*interpreter)->num_nodes(), 3);
  ASSERT_TRUE((*interpreter)->AllocateTensors().ok());
  EXPECT_EQ(recorder.log.count, 0) << "AllocateTensors must not call the profiler";
  ASSERT_TRUE((*interpreter)->Invoke().ok());
  ASSERT_TRUE((*interpreter)->Invoke().ok());
  const std::vector<int> expected = {0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5};
  EXPECT_EQ(std::vector<int>(recorder.log.events, recorder.log.events + recorder.log.count),
            expected);
  EXPECT_EQ(recorder.log.seen_user_data, &recorder.log);
}

TEST_F(ProfilerTest, ProfiledInvokeComputesTheSameOutputs) {
  Recorder recorder;
  const std::vector<int8_t> plain = RunOnce(InterpreterOptions());
  const std::vector<int8_t> profiled = RunOnce(recorder.options);
  ASSERT_EQ(plain.size(), 8u);
  EXPECT_EQ(plain, profiled);
  EXPECT_EQ(recorder.log.count, 6);
}

TEST_F(ProfilerTest, ProfilerWithoutBothCallbacksIsRejected) {
  Recorder recorder;
  recorder.profiler.node_end = nullptr;
  auto interpreter = Create(recorder.options);
  ASSERT_FALSE(interpreter.ok());
  EXPECT_EQ(interpreter.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(interpreter.status().message().find("node_end"), std::string::npos);
}

}  // namespace
}  // namespace brasa
