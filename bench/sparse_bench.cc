// Google Benchmark: pruned float32 1x1 CONV_2D and FULLY_CONNECTED, the
// sparse kernels (kernels/opt/ukernels/f32_spmm) against the dense ones
// (f32_gemm) on the same weights, at 50-90% unstructured sparsity; int8
// FULLY_CONNECTED pruned in 1x4 blocks (qs8_spmv against qs8_gemm, BM_SparseS8).
// Each single-op model runs through the real Interpreter; the `sparse`
// argument forces the kernel choice (SetSparseWeightThresholdForTesting),
// so the pair differs only in the kernel. `time` is per invoke; GOPS counts
// the dense model's multiply-adds for both, so it compares directly.
//
//   ./build/brasa_bench --benchmark_filter=BM_Sparse --benchmark_repetitions=5
//       --benchmark_enable_random_interleaving=true --benchmark_report_aggregates_only=true
// (one command line).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

#include "bench/kernel_bench.h"
#include "brasa/interpreter.h"
#include "kernels/opt/sparse_f32_plan.h"
#include "tests/testing/model_builder.h"

namespace brasa {
namespace {

using testing::AlignedBytes;
using testing::ModelBuilder;
using tflite::TensorType;

// fc: FULLY_CONNECTED [batch, in] -> [batch, out]; else a 1x1 CONV_2D on
// [1, height, width, in].
struct SparseCase {
  bool fc;
  int height, width, in_channels, out_channels;
};

// Stride 1, SAME padding, no dilation: a pointwise convolution.
testing::OptionsWriter PointwiseOptions(tflite::ActivationFunctionType activation) {
  return [=](flatbuffers::FlatBufferBuilder& b) {
    return std::make_pair(tflite::BuiltinOptions::Conv2DOptions,
                          tflite::CreateConv2DOptions(b, tflite::Padding::SAME, 1, 1, activation,
                                                      1, 1)
                              .Union());
  };
}

AlignedBytes BuildModel(const SparseCase& c, int zero_percent) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> value(-1.0f, 1.0f);
  std::uniform_int_distribution<int> percent(0, 99);
  std::vector<float> weights(static_cast<size_t>(c.in_channels) * c.out_channels);
  for (float& w : weights) w = percent(rng) < zero_percent ? 0.0f : value(rng);
  ModelBuilder builder;
  const std::vector<int32_t> input_shape =
      c.fc ? std::vector<int32_t>{c.height, c.in_channels}
           : std::vector<int32_t>{1, c.height, c.width, c.in_channels};
  std::vector<int32_t> output_shape = input_shape;
  output_shape.back() = c.out_channels;
  const std::vector<int32_t> filter_shape =
      c.fc ? std::vector<int32_t>{c.out_channels, c.in_channels}
           : std::vector<int32_t>{c.out_channels, 1, 1, c.in_channels};
  const int input = builder.AddTensor(TensorType::FLOAT32, input_shape, "input");
  const int output = builder.AddTensor(TensorType::FLOAT32, output_shape, "output");
  const int filter = builder.AddConstTensor(TensorType::FLOAT32, filter_shape, weights);
  const std::vector<float> biases(static_cast<size_t>(c.out_channels), 0.5f);
  const int bias = builder.AddConstTensor(TensorType::FLOAT32, {c.out_channels}, biases);
  builder.AddOperator({builder.AddOperatorCode(c.fc ? 9 : 3), {input, filter, bias}, {output}},
                      c.fc ? nullptr : PointwiseOptions(tflite::ActivationFunctionType::NONE));
  builder.SetInputs({input});
  builder.SetOutputs({output});
  return builder.Finish();
}

// state.range(0): % of zero weights; state.range(1): 1 sparse kernel, 0 dense.
void BM_Sparse(benchmark::State& state, SparseCase c) {
  const int zero_percent = static_cast<int>(state.range(0));
  const bool sparse = state.range(1) != 0;
  const AlignedBytes bytes = BuildModel(c, zero_percent);
  auto model = Model::FromBuffer(bytes.data(), bytes.size());
  if (!model.ok()) {
    state.SkipWithError(model.status().message().c_str());
    return;
  }
  SetSparseWeightThresholdForTesting(sparse ? 0.0 : 2.0);
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins());
  Status status = interpreter.ok() ? (*interpreter)->AllocateTensors() : interpreter.status();
  SetSparseWeightThresholdForTesting(-1.0);
  if (!status.ok()) {
    state.SkipWithError(status.message().c_str());
    return;
  }
  Interpreter& runner = **interpreter;
  const Tensor* input = runner.input(0);
  float* input_values = runner.input_data<float>(0);
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> value(-1.0f, 1.0f);
  for (int64_t i = 0; i < input->element_count(); ++i) input_values[i] = value(rng);
  const bench::LoopStart start = bench::StartLoop();
  for (auto _ : state) {
    status = runner.Invoke();
    if (!status.ok()) {
      state.SkipWithError(status.message().c_str());
      return;
    }
  }
  const double macs = 1.0 * c.height * c.width * c.in_channels * c.out_channels;
  bench::ReportThroughput(state, start, 2.0 * macs, bench::Arithmetic::kFloat32);
}

// Dense and sparse side by side at each sparsity.
void SparsityArgs(benchmark::internal::Benchmark* b) {
  b->ArgNames({"zeros_pct", "sparse"});
  for (int zeros : {50, 60, 70, 80, 90}) {
    b->Args({zeros, 0});
    b->Args({zeros, 1});
  }
}

#define BRASA_SPARSE_BENCH(name, ...)                          \
  BENCHMARK_CAPTURE(BM_Sparse, name, SparseCase{__VA_ARGS__}) \
      ->Apply(SparsityArgs)                                    \
      ->UseRealTime()                                          \
      ->Unit(benchmark::kMicrosecond)

BRASA_SPARSE_BENCH(conv1x1_112x112x32_to_64, false, 112, 112, 32, 64);
BRASA_SPARSE_BENCH(conv1x1_56x56x64_to_128, false, 56, 56, 64, 128);
BRASA_SPARSE_BENCH(conv1x1_14x14x256_to_256, false, 14, 14, 256, 256);
BRASA_SPARSE_BENCH(conv1x1_7x7x512_to_1024, false, 7, 7, 512, 1024);
BRASA_SPARSE_BENCH(fc_1x1024_to_1000, true, 1, 1, 1024, 1000);
BRASA_SPARSE_BENCH(fc_64x512_to_512, true, 64, 1, 512, 512);

// int8 FULLY_CONNECTED [batch, in] -> [batch, out], weights pruned in 1x4
// blocks (as TensorFlow Lite's converter keeps them): qs8_spmv against the
// dense qs8_gemm.
AlignedBytes BuildInt8Model(int batch, int in, int out, int zero_percent) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> value(-127, 127);
  std::uniform_int_distribution<int> percent(0, 99);
  std::vector<int8_t> weights(static_cast<size_t>(in) * out);
  for (size_t k = 0; k < weights.size(); k += 4) {
    const bool pruned = percent(rng) < zero_percent;
    for (size_t i = 0; i < 4; ++i) weights[k + i] = pruned ? 0 : static_cast<int8_t>(value(rng));
  }
  ModelBuilder builder;
  testing::TensorSpec input;
  input.type = TensorType::INT8;
  input.shape = {batch, in};
  input.scales = {0.05f};
  input.zero_points = {-3};
  testing::TensorSpec output = input;
  output.shape = {batch, out};
  output.scales = {0.5f};
  output.zero_points = {2};
  testing::TensorSpec filter;
  filter.type = TensorType::INT8;
  filter.shape = {out, in};
  filter.scales = {0.01f};
  filter.zero_points = {0};
  filter.buffer = builder.AddBuffer(weights.data(), weights.size());
  testing::TensorSpec bias;
  bias.type = TensorType::INT32;
  bias.shape = {out};
  bias.scales = {0.0005f};
  bias.zero_points = {0};
  const std::vector<int32_t> biases(static_cast<size_t>(out), 100);
  bias.buffer = builder.AddBuffer(biases.data(), biases.size() * sizeof(int32_t));
  testing::OperatorSpec op;
  op.opcode_index = builder.AddOperatorCode(9);
  op.inputs = {builder.AddTensor(input), builder.AddTensor(filter), builder.AddTensor(bias)};
  op.outputs = {builder.AddTensor(output)};
  builder.AddOperator(op);
  builder.SetInputs({op.inputs[0]});
  builder.SetOutputs({op.outputs[0]});
  return builder.Finish();
}

// state.range(0): % of zero 1x4 blocks; state.range(1): 1 sparse, 0 dense.
void BM_SparseS8(benchmark::State& state, int batch, int in, int out) {
  const AlignedBytes bytes = BuildInt8Model(batch, in, out, static_cast<int>(state.range(0)));
  auto model = Model::FromBuffer(bytes.data(), bytes.size());
  if (!model.ok()) {
    state.SkipWithError(model.status().message().c_str());
    return;
  }
  SetSparseWeightThresholdForTesting(state.range(1) != 0 ? 0.0 : 2.0);
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins());
  Status status = interpreter.ok() ? (*interpreter)->AllocateTensors() : interpreter.status();
  SetSparseWeightThresholdForTesting(-1.0);
  if (!status.ok()) {
    state.SkipWithError(status.message().c_str());
    return;
  }
  Interpreter& runner = **interpreter;
  int8_t* input = runner.input_data<int8_t>(0);
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> value(-128, 127);
  for (int i = 0; i < batch * in; ++i) input[i] = static_cast<int8_t>(value(rng));
  const bench::LoopStart start = bench::StartLoop();
  for (auto _ : state) {
    status = runner.Invoke();
    if (!status.ok()) {
      state.SkipWithError(status.message().c_str());
      return;
    }
  }
  bench::ReportThroughput(state, start, 2.0 * batch * in * out, bench::Arithmetic::kInt8);
}

void S8SparsityArgs(benchmark::internal::Benchmark* b) {
  b->ArgNames({"zero_blocks_pct", "sparse"});
  for (int zeros : {50, 70, 80, 90, 95}) {
    b->Args({zeros, 0});
    b->Args({zeros, 1});
  }
}

BENCHMARK_CAPTURE(BM_SparseS8, fc_1x1024_to_1000, 1, 1024, 1000)
    ->Apply(S8SparsityArgs)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_SparseS8, fc_8x512_to_512, 8, 512, 512)
    ->Apply(S8SparsityArgs)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace brasa
