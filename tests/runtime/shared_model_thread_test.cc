// One Model, several interpreters in several threads: each gets the same
// answer as a single interpreter does alone.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "brasa/interpreter.h"

namespace brasa {
namespace {

std::vector<int8_t> RunOnce(const Model& model, int seed) {
  auto interpreter = Interpreter::Create(model, OpResolver::WithAllBuiltins());
  if (!interpreter.ok() || !(*interpreter)->AllocateTensors().ok()) return {};
  Tensor* input = (*interpreter)->input(0);
  for (size_t i = 0; i < input->bytes; ++i) {
    input->data_as<int8_t>()[i] = static_cast<int8_t>((i * 31 + static_cast<size_t>(seed) * 17) & 0xff);
  }
  if (!(*interpreter)->Invoke().ok()) return {};
  const Tensor& output = *(*interpreter)->output(0);
  return std::vector<int8_t>(output.data_as<int8_t>(), output.data_as<int8_t>() + output.bytes);
}

TEST(SharedModelThreadTest, InterpretersInThreadsShareOneModel) {
  auto model = Model::FromFile(std::string(BRASA_SHARED_MODELS_DIR) + "/person_detect.tflite");
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  constexpr int kThreads = 4;
  std::vector<std::vector<int8_t>> expected(kThreads), actual(kThreads);
  for (int t = 0; t < kThreads; ++t) expected[static_cast<size_t>(t)] = RunOnce(**model, t);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int repeat = 0; repeat < 3; ++repeat) actual[static_cast<size_t>(t)] = RunOnce(**model, t);
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) {
    ASSERT_FALSE(expected[static_cast<size_t>(t)].empty());
    EXPECT_EQ(actual[static_cast<size_t>(t)], expected[static_cast<size_t>(t)]) << "thread " << t;
  }
}

}  // namespace
}  // namespace brasa
