// Google Benchmark: single-op models through the real Interpreter, at the
// shapes MobileNets spend their time in, reporting GOPS and % of this core's
// measured peak (bench/kernel_bench.h). They measure whatever kernel the
// interpreter selects, so the same bench follows the kernels as they change.
//
//   ./build/brasa_bench --benchmark_filter='BM_Op/'
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "bench/kernel_bench.h"
#include "brasa/interpreter.h"
#include "tests/testing/model_builder.h"

namespace brasa {
namespace {

using bench::Arithmetic;
using testing::AlignedBytes;
using testing::ModelBuilder;
using testing::OptionsWriter;
using tflite::TensorType;

enum class OpKind { kConv2D, kDepthwiseConv2D, kFullyConnected };

// NHWC input [1, height, width, in_channels]; SAME padding, stride 1 unless
// `stride` says otherwise (both directions).
struct OpCase {
  OpKind kind;
  TensorType type;  // FLOAT32 or INT8
  int height, width, in_channels, out_channels, kernel;
  int stride = 1;
};

int OutputSize(int size, int stride) { return (size + stride - 1) / stride; }

double Macs(const OpCase& c) {
  switch (c.kind) {
    case OpKind::kConv2D:
      return 1.0 * OutputSize(c.height, c.stride) * OutputSize(c.width, c.stride) *
             c.out_channels * c.in_channels * c.kernel * c.kernel;
    case OpKind::kDepthwiseConv2D:
      return 1.0 * OutputSize(c.height, c.stride) * OutputSize(c.width, c.stride) *
             c.in_channels * c.kernel * c.kernel;
    case OpKind::kFullyConnected:
      return 1.0 * c.in_channels * c.out_channels;
  }
  return 0;
}

// Weights of `count` values; int8 weights are symmetric per channel.
template <typename T>
std::vector<T> RandomValues(size_t count, std::mt19937& rng) {
  std::vector<T> values(count);
  std::uniform_int_distribution<int> dist(-127, 127);
  for (T& v : values) v = static_cast<T>(sizeof(T) == 1 ? dist(rng) : dist(rng) / 127.0);
  return values;
}

void Quantize(ModelBuilder& builder, int tensor, float scale, int zero_point) {
  builder.tensor(tensor).scales = {scale};
  builder.tensor(tensor).zero_points = {zero_point};
}

AlignedBytes BuildModel(const OpCase& c) {
  std::mt19937 rng(7);
  ModelBuilder builder;
  const bool int8 = c.type == TensorType::INT8;
  const bool fc = c.kind == OpKind::kFullyConnected;
  const int channels_out = c.kind == OpKind::kDepthwiseConv2D ? c.in_channels : c.out_channels;
  const std::vector<int32_t> input_shape =
      fc ? std::vector<int32_t>{1, c.in_channels}
         : std::vector<int32_t>{1, c.height, c.width, c.in_channels};
  std::vector<int32_t> output_shape = input_shape;
  output_shape.back() = channels_out;
  if (!fc) {
    output_shape[1] = OutputSize(c.height, c.stride);
    output_shape[2] = OutputSize(c.width, c.stride);
  }
  std::vector<int32_t> filter_shape;
  if (c.kind == OpKind::kConv2D) filter_shape = {c.out_channels, c.kernel, c.kernel, c.in_channels};
  if (c.kind == OpKind::kDepthwiseConv2D) filter_shape = {1, c.kernel, c.kernel, c.in_channels};
  if (fc) filter_shape = {c.out_channels, c.in_channels};
  size_t filter_count = 1;
  for (int32_t d : filter_shape) filter_count *= static_cast<size_t>(d);

  const int input = builder.AddTensor(c.type, input_shape, "input");
  const int output = builder.AddTensor(c.type, output_shape, "output");
  int filter = 0, bias = 0;
  if (int8) {
    const float input_scale = 0.02f;
    Quantize(builder, input, input_scale, -3);
    Quantize(builder, output, 0.1f, 5);
    filter = builder.AddConstTensor(TensorType::INT8, filter_shape,
                                    RandomValues<int8_t>(filter_count, rng));
    bias = builder.AddConstTensor(TensorType::INT32, {channels_out},
                                  std::vector<int32_t>(static_cast<size_t>(channels_out), 100));
    // Per-channel filter scales (per-tensor for FULLY_CONNECTED), bias scale
    // = input scale * filter scale, as the converter writes them.
    const size_t scales = fc ? 1 : static_cast<size_t>(channels_out);
    auto& f = builder.tensor(filter);
    auto& b = builder.tensor(bias);
    for (size_t i = 0; i < scales; ++i) {
      f.scales.push_back(0.005f + 0.0001f * static_cast<float>(i % 7));
      f.zero_points.push_back(0);
      b.scales.push_back(input_scale * f.scales.back());
      b.zero_points.push_back(0);
    }
    f.quantized_dimension = c.kind == OpKind::kDepthwiseConv2D ? 3 : 0;
  } else {
    filter = builder.AddConstTensor(TensorType::FLOAT32, filter_shape,
                                    RandomValues<float>(filter_count, rng));
    bias = builder.AddConstTensor(TensorType::FLOAT32, {channels_out},
                                  std::vector<float>(static_cast<size_t>(channels_out), 0.5f));
  }
  const int32_t code = c.kind == OpKind::kConv2D ? 3 : c.kind == OpKind::kDepthwiseConv2D ? 4 : 9;
  // CONV_2D and DEPTHWISE_CONV_2D need their options table (SAME padding).
  OptionsWriter options = nullptr;
  if (c.kind == OpKind::kConv2D) {
    const int stride = c.stride;
    options = [stride](flatbuffers::FlatBufferBuilder& b) {
      return std::make_pair(
          tflite::BuiltinOptions::Conv2DOptions,
          tflite::CreateConv2DOptions(b, tflite::Padding::SAME, stride, stride).Union());
    };
  } else if (c.kind == OpKind::kDepthwiseConv2D) {
    const int stride = c.stride;
    options = [stride](flatbuffers::FlatBufferBuilder& b) {
      return std::make_pair(tflite::BuiltinOptions::DepthwiseConv2DOptions,
                            tflite::CreateDepthwiseConv2DOptions(b, tflite::Padding::SAME, stride,
                                                                 stride, 1)
                                .Union());
    };
  }
  builder.AddOperator({builder.AddOperatorCode(code), {input, filter, bias}, {output}},
                      options);
  builder.SetInputs({input});
  builder.SetOutputs({output});
  return builder.Finish();
}

// One single-op model, run through Create -> AllocateTensors -> Invoke with
// state.range(0) threads.
void BM_Op(benchmark::State& state, OpCase op_case) {
  const int threads = static_cast<int>(state.range(0));
  const AlignedBytes bytes = BuildModel(op_case);
  auto model = Model::FromBuffer(bytes.data(), bytes.size());
  if (!model.ok()) {
    state.SkipWithError(model.status().message().c_str());
    return;
  }
  InterpreterOptions options;
  options.num_threads = threads;
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins(), options);
  Status status = interpreter.ok() ? (*interpreter)->AllocateTensors() : interpreter.status();
  if (!status.ok()) {
    state.SkipWithError(status.message().c_str());
    return;
  }
  Interpreter& runner = **interpreter;
  const Tensor* input = runner.input(0);
  std::mt19937 rng(11);
  for (size_t i = 0; i < input->bytes; ++i) {
    static_cast<uint8_t*>(runner.input_data(0))[i] = static_cast<uint8_t>(rng());
  }
  if (input->type == DataType::kFloat32) {  // random bytes would include NaNs
    const std::vector<float> values = RandomValues<float>(input->bytes / sizeof(float), rng);
    std::copy(values.begin(), values.end(), runner.input_data<float>(0));
  }
  const bench::LoopStart start = bench::StartLoop();
  for (auto _ : state) {
    status = runner.Invoke();
    if (!status.ok()) {
      state.SkipWithError(status.message().c_str());
      return;
    }
  }
  bench::ReportThroughput(state, start, 2.0 * Macs(op_case),
                          op_case.type == TensorType::INT8 ? Arithmetic::kInt8
                                                           : Arithmetic::kFloat32,
                          threads);
}

constexpr OpKind kConv = OpKind::kConv2D;
constexpr OpKind kDepthwise = OpKind::kDepthwiseConv2D;
constexpr OpKind kFc = OpKind::kFullyConnected;
constexpr TensorType kInt8 = TensorType::INT8;
constexpr TensorType kF32 = TensorType::FLOAT32;

#define BRASA_OP_BENCH(name, ...)                      \
  BENCHMARK_CAPTURE(BM_Op, name, OpCase{__VA_ARGS__}) \
      ->ArgName("threads")                             \
      ->Arg(1)                                         \
      ->Arg(2)                                         \
      ->UseRealTime()                                  \
      ->Unit(benchmark::kMicrosecond)

BRASA_OP_BENCH(conv1x1_int8_56x56x64_to_64, kConv, kInt8, 56, 56, 64, 64, 1);
BRASA_OP_BENCH(conv1x1_int8_14x14x256_to_256, kConv, kInt8, 14, 14, 256, 256, 1);
// int8 1x1 layers of 64 and 16 output channels (MobileNetV1's 32 -> 64 and
// MobileNetV2's 32 -> 16 over 112x112).
BRASA_OP_BENCH(conv1x1_int8_112x112x32_to_64, kConv, kInt8, 112, 112, 32, 64, 1);
BRASA_OP_BENCH(conv1x1_int8_112x112x32_to_16, kConv, kInt8, 112, 112, 32, 16, 1);
BRASA_OP_BENCH(conv1x1_f32_56x56x64_to_64, kConv, kF32, 56, 56, 64, 64, 1);
BRASA_OP_BENCH(dwconv3x3_int8_112x112x32, kDepthwise, kInt8, 112, 112, 32, 32, 3);
BRASA_OP_BENCH(dwconv3x3_int8_14x14x512, kDepthwise, kInt8, 14, 14, 512, 512, 3);
BRASA_OP_BENCH(dwconv3x3_int8_24x24x32, kDepthwise, kInt8, 24, 24, 32, 32, 3);  // person_detect
BRASA_OP_BENCH(dwconv3x3_int8_48x48x8, kDepthwise, kInt8, 48, 48, 8, 8, 3);  // few-channel rows
// Few-channel rows at AVX2's blocks of 8 channels (pseudo-pixels of 2 pixels).
BRASA_OP_BENCH(dwconv3x3_int8_48x48x4, kDepthwise, kInt8, 48, 48, 4, 4, 3);
BRASA_OP_BENCH(dwconv3x3s2_int8_112x112x96, kDepthwise, kInt8, 112, 112, 96, 96, 3, 2);
// MobileNetV1's first stride-2 depthwise layer, MobileNetV2's later ones.
BRASA_OP_BENCH(dwconv3x3s2_int8_112x112x64, kDepthwise, kInt8, 112, 112, 64, 64, 3, 2);
BRASA_OP_BENCH(dwconv3x3s2_int8_56x56x144, kDepthwise, kInt8, 56, 56, 144, 144, 3, 2);
BRASA_OP_BENCH(dwconv3x3s2_int8_28x28x192, kDepthwise, kInt8, 28, 28, 192, 192, 3, 2);
BRASA_OP_BENCH(dwconv3x3_int8_56x56x144, kDepthwise, kInt8, 56, 56, 144, 144, 3);
BRASA_OP_BENCH(dwconv3x3_int8_14x14x576, kDepthwise, kInt8, 14, 14, 576, 576, 3);
BRASA_OP_BENCH(dwconv3x3_int8_7x7x960, kDepthwise, kInt8, 7, 7, 960, 960, 3);
BRASA_OP_BENCH(fc_int8_1024_to_1000, kFc, kInt8, 1, 1, 1024, 1000, 1);
BRASA_OP_BENCH(conv1x1_f32_14x14x256_to_256, kConv, kF32, 14, 14, 256, 256, 1);
BRASA_OP_BENCH(conv3x3_f32_56x56x32_to_32, kConv, kF32, 56, 56, 32, 32, 3);
BRASA_OP_BENCH(dwconv3x3_f32_112x112x32, kDepthwise, kF32, 112, 112, 32, 32, 3);
BRASA_OP_BENCH(dwconv3x3_f32_14x14x512, kDepthwise, kF32, 14, 14, 512, 512, 3);
BRASA_OP_BENCH(fc_f32_1024_to_1000, kFc, kF32, 1, 1, 1024, 1000, 1);
// The first layer of MobileNets: an RGB image, 3x3 stride 2 (direct kernels).
BRASA_OP_BENCH(conv3x3s2_f32_224x224x3_to_32, kConv, kF32, 224, 224, 3, 32, 3, 2);
BRASA_OP_BENCH(conv3x3s2_int8_224x224x3_to_32, kConv, kInt8, 224, 224, 3, 32, 3, 2);

// float32 MobileNet layers (issue #5): the 1x1 convolutions at each spatial
// size, the first layer's expansion over 112x112, and the classifier.
BRASA_OP_BENCH(conv1x1_f32_112x112x16_to_96, kConv, kF32, 112, 112, 16, 96, 1);
BRASA_OP_BENCH(conv1x1_f32_112x112x32_to_16, kConv, kF32, 112, 112, 32, 16, 1);
BRASA_OP_BENCH(conv1x1_f32_112x112x32_to_64, kConv, kF32, 112, 112, 32, 64, 1);
BRASA_OP_BENCH(conv1x1_f32_56x56x24_to_144, kConv, kF32, 56, 56, 24, 144, 1);
BRASA_OP_BENCH(conv1x1_f32_56x56x144_to_24, kConv, kF32, 56, 56, 144, 24, 1);
BRASA_OP_BENCH(conv1x1_f32_28x28x192_to_32, kConv, kF32, 28, 28, 192, 32, 1);
BRASA_OP_BENCH(conv1x1_f32_14x14x96_to_576, kConv, kF32, 14, 14, 96, 576, 1);
BRASA_OP_BENCH(conv1x1_f32_14x14x576_to_96, kConv, kF32, 14, 14, 576, 96, 1);
BRASA_OP_BENCH(conv1x1_f32_14x14x512_to_512, kConv, kF32, 14, 14, 512, 512, 1);
BRASA_OP_BENCH(conv1x1_f32_7x7x960_to_320, kConv, kF32, 7, 7, 960, 320, 1);
BRASA_OP_BENCH(conv1x1_f32_7x7x320_to_1280, kConv, kF32, 7, 7, 320, 1280, 1);
BRASA_OP_BENCH(conv1x1_f32_7x7x1024_to_1024, kConv, kF32, 7, 7, 1024, 1024, 1);
BRASA_OP_BENCH(dwconv3x3_f32_56x56x144, kDepthwise, kF32, 56, 56, 144, 144, 3);
BRASA_OP_BENCH(dwconv3x3_f32_7x7x960, kDepthwise, kF32, 7, 7, 960, 960, 3);
BRASA_OP_BENCH(dwconv3x3_f32_14x14x384, kDepthwise, kF32, 14, 14, 384, 384, 3);  // 7-pixel tiles
// Stride-2 depthwise layers of the float32 MobileNets.
BRASA_OP_BENCH(dwconv3x3s2_f32_112x112x96, kDepthwise, kF32, 112, 112, 96, 96, 3, 2);
BRASA_OP_BENCH(dwconv3x3s2_f32_112x112x64, kDepthwise, kF32, 112, 112, 64, 64, 3, 2);
BRASA_OP_BENCH(dwconv3x3s2_f32_56x56x144, kDepthwise, kF32, 56, 56, 144, 144, 3, 2);
BRASA_OP_BENCH(dwconv3x3s2_f32_28x28x256, kDepthwise, kF32, 28, 28, 256, 256, 3, 2);
BRASA_OP_BENCH(dwconv3x3s2_f32_14x14x512, kDepthwise, kF32, 14, 14, 512, 512, 3, 2);
BRASA_OP_BENCH(dwconv3x3s2_f32_28x28x96, kDepthwise, kF32, 28, 28, 96, 96, 3, 2);
BRASA_OP_BENCH(dwconv3x3s2_f32_112x112x96, kDepthwise, kF32, 112, 112, 96, 96, 3, 2);
BRASA_OP_BENCH(fc_f32_1280_to_1000, kFc, kF32, 1, 1, 1280, 1000, 1);

// int8 MobileNet 1x1 layers with few input or output channels, where the
// requantization, not vpdpbusd, takes most of qs8_gemm's time (issue #5).
BRASA_OP_BENCH(conv1x1_int8_112x112x16_to_96, kConv, kInt8, 112, 112, 16, 96, 1);
BRASA_OP_BENCH(conv1x1_int8_112x112x32_to_16, kConv, kInt8, 112, 112, 32, 16, 1);
BRASA_OP_BENCH(conv1x1_int8_112x112x32_to_64, kConv, kInt8, 112, 112, 32, 64, 1);
BRASA_OP_BENCH(conv1x1_int8_56x56x24_to_144, kConv, kInt8, 56, 56, 24, 144, 1);
BRASA_OP_BENCH(conv1x1_int8_56x56x144_to_24, kConv, kInt8, 56, 56, 144, 24, 1);

}  // namespace
}  // namespace brasa
