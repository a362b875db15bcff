// One Model, several interpreters in several threads, each invoked many
// times: every result is byte for byte what one interpreter gives alone.
// Run under ThreadSanitizer by `./dev.sh test-tsan` (CI), which also catches
// data races that happen not to change a result.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "brasa/interpreter.h"

namespace brasa {
namespace {

constexpr int kThreads = 4;
constexpr int kInvocations = 6;  // per thread, each on its own input

// The input of invocation `run`: pseudo-random int8 values.
void FillInput(Interpreter& interpreter, int run) {
  int8_t* input = interpreter.input_data<int8_t>(0);
  const size_t bytes = interpreter.input(0)->bytes;
  uint32_t state = 0x9e3779b9u * static_cast<uint32_t>(run + 1);
  for (size_t i = 0; i < bytes; ++i) {
    state = state * 1664525u + 1013904223u;
    input[i] = static_cast<int8_t>(state >> 24);
  }
}

std::unique_ptr<Interpreter> Prepared(const Model& model, int num_threads) {
  InterpreterOptions options;
  options.num_threads = num_threads;
  auto interpreter = Interpreter::Create(model, OpResolver::WithAllBuiltins(), options);
  if (!interpreter.ok() || !(*interpreter)->AllocateTensors().ok()) return nullptr;
  if ((*interpreter)->input_data<int8_t>(0) == nullptr) return nullptr;
  return std::move(*interpreter);
}

// Invocations first .. first + count - 1 on one interpreter, in order.
std::vector<std::vector<int8_t>> RunMany(Interpreter& interpreter, int first, int count) {
  std::vector<std::vector<int8_t>> outputs;
  for (int run = first; run < first + count; ++run) {
    FillInput(interpreter, run);
    if (!interpreter.Invoke().ok()) return {};
    const Tensor& output = *interpreter.output(0);
    outputs.emplace_back(output.data_as<int8_t>(), output.data_as<int8_t>() + output.bytes);
  }
  return outputs;
}

class SharedModelThreadTest : public ::testing::TestWithParam<int> {};

TEST_P(SharedModelThreadTest, InterpretersInThreadsShareOneModel) {
  const int pool_threads = GetParam();  // each interpreter's own thread pool
  auto model = Model::FromFile(std::string(BRASA_SHARED_MODELS_DIR) + "/person_detect.tflite");
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  // Single-threaded: one interpreter runs every thread's invocations in turn.
  std::unique_ptr<Interpreter> alone = Prepared(**model, 1);
  ASSERT_NE(alone, nullptr);
  const std::vector<std::vector<int8_t>> expected =
      RunMany(*alone, 0, kThreads * kInvocations);
  ASSERT_EQ(expected.size(), static_cast<size_t>(kThreads * kInvocations));

  std::vector<std::vector<std::vector<int8_t>>> actual(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::unique_ptr<Interpreter> mine = Prepared(**model, pool_threads);
      if (mine != nullptr) {
        actual[static_cast<size_t>(t)] = RunMany(*mine, t * kInvocations, kInvocations);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) {
    const std::vector<std::vector<int8_t>>& mine = actual[static_cast<size_t>(t)];
    ASSERT_EQ(mine.size(), static_cast<size_t>(kInvocations)) << "thread " << t;
    for (int i = 0; i < kInvocations; ++i) {
      EXPECT_EQ(mine[static_cast<size_t>(i)],
                expected[static_cast<size_t>(t * kInvocations + i)])
          << "thread " << t << " invocation " << i;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(PoolThreads, SharedModelThreadTest, ::testing::Values(1, 2));

}  // namespace
}  // namespace brasa
