// The sparse float32 CONV_2D (1x1) and FULLY_CONNECTED kernels against the
// reference kernels on pruned single-op models: weights 0%, 50%, 90% and
// 100% zero with some channels entirely pruned, odd sizes, with and without
// bias, ReLU6 / ReLU, weights given as constants or through
// DENSIFY from a sparse constant, at every ISA level and with 1 and 2
// threads. The threshold is forced to 0 so that every node takes the sparse
// path where one applies, then above 1 (the dense path) for comparison.
// int8 FULLY_CONNECTED (1x4 blocks and unstructured) byte for byte against
// the reference; DENSIFY's expanded weights freed when the sparse kernel
// packs them.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "brasa/interpreter.h"
#include "kernels/opt/sparse_f32_plan.h"
#include "src/platform/cpu_features.h"
#include "tests/testing/model_builder.h"

namespace brasa {
namespace {

using testing::AlignedBytes;
using testing::ModelBuilder;
using tflite::TensorType;

constexpr int32_t kConv2d = 3, kFullyConnected = 9, kDensify = 124;

struct SparseOpCase {
  bool fc = false;
  std::vector<int32_t> input_shape;  // NHWC, or [batches, depth]
  int32_t outputs = 0;
  double zeros = 0.0;
  bool bias = true;
  // Weights: a sparse constant -> DENSIFY -> the op (a sparse constant
  // stores at least one value).
  bool densify = false;
};

std::string Describe(const SparseOpCase& c) {
  std::string s = c.fc ? "FULLY_CONNECTED" : "CONV_2D";
  s += " input";
  for (int32_t d : c.input_shape) s += " " + std::to_string(d);
  return s + " -> " + std::to_string(c.outputs) + " zeros " + std::to_string(c.zeros) +
         (c.bias ? " bias" : "") + (c.densify ? " densify" : "");
}

// A sparse constant of `weights` ([rows][depth], depth innermost): rows
// dense, the last dimension compressed (CSR).
testing::SparsitySpec CsrOf(const std::vector<float>& weights, int32_t depth,
                            const std::vector<int32_t>& shape, std::vector<float>* values) {
  testing::SparsitySpec spec;
  spec.present = true;
  testing::SparseLevelSpec compressed;
  compressed.compressed = true;
  compressed.segments.push_back(0);
  for (size_t d = 0; d < shape.size(); ++d) {
    spec.traversal_order.push_back(static_cast<int32_t>(d));
    if (d + 1 < shape.size()) {
      testing::SparseLevelSpec dense;
      dense.dense_size = shape[d];
      spec.levels.push_back(dense);
    }
  }
  for (size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] != 0.0f) {
      compressed.indices.push_back(static_cast<int32_t>(i % static_cast<size_t>(depth)));
      values->push_back(weights[i]);
    }
    if ((i + 1) % static_cast<size_t>(depth) == 0) {
      compressed.segments.push_back(static_cast<int32_t>(values->size()));
    }
  }
  spec.levels.push_back(compressed);
  return spec;
}

// Stride 1, SAME padding, no dilation: a pointwise convolution.
testing::OptionsWriter PointwiseOptions(tflite::ActivationFunctionType activation) {
  return [=](flatbuffers::FlatBufferBuilder& b) {
    return std::make_pair(tflite::BuiltinOptions::Conv2DOptions,
                          tflite::CreateConv2DOptions(b, tflite::Padding::SAME, 1, 1, activation,
                                                      1, 1)
                              .Union());
  };
}

AlignedBytes BuildModel(const SparseOpCase& c, std::mt19937& rng) {
  std::uniform_real_distribution<float> value(-1.0f, 1.0f);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const int32_t depth = c.input_shape.back();
  std::vector<float> weights(static_cast<size_t>(c.outputs) * depth);
  for (float& w : weights) w = unit(rng) < c.zeros ? 0.0f : value(rng);
  for (int32_t n = 0; n < c.outputs; n += 5) {  // some channels entirely pruned
    std::fill_n(weights.begin() + n * depth, depth, 0.0f);
  }
  const std::vector<int32_t> filter_shape =
      c.fc ? std::vector<int32_t>{c.outputs, depth} : std::vector<int32_t>{c.outputs, 1, 1, depth};
  std::vector<int32_t> output_shape = c.input_shape;
  output_shape.back() = c.outputs;

  ModelBuilder builder;
  const int input = builder.AddTensor(TensorType::FLOAT32, c.input_shape, "input");
  const int output = builder.AddTensor(TensorType::FLOAT32, output_shape, "output");
  int filter = 0;
  if (c.densify) {
    std::vector<float> values;
    testing::TensorSpec sparse;
    sparse.shape = filter_shape;
    sparse.name = "pruned";
    sparse.sparsity = CsrOf(weights, depth, filter_shape, &values);
    sparse.buffer = builder.AddBuffer(values.data(), values.size() * sizeof(float));
    const int stored = builder.AddTensor(sparse);
    filter = builder.AddTensor(TensorType::FLOAT32, filter_shape, "dense");
    builder.AddOperator({builder.AddOperatorCode(kDensify), {stored}, {filter}});
  } else {
    filter = builder.AddConstTensor(TensorType::FLOAT32, filter_shape, weights);
  }
  int bias = -1;
  if (c.bias) {
    std::vector<float> b(static_cast<size_t>(c.outputs));
    for (float& v : b) v = value(rng);
    bias = builder.AddConstTensor(TensorType::FLOAT32, {c.outputs}, b);
  }
  testing::OperatorSpec op;
  op.opcode_index = builder.AddOperatorCode(c.fc ? kFullyConnected : kConv2d);
  op.inputs = {input, filter, bias};
  op.outputs = {output};
  if (c.fc) op.activation = tflite::ActivationFunctionType::RELU;
  builder.AddOperator(op, c.fc ? nullptr : PointwiseOptions(tflite::ActivationFunctionType::RELU6));
  builder.SetInputs({input});
  builder.SetOutputs({output});
  return builder.Finish();
}

// Runs a one-op model (float32 or int8) with the sparse threshold forced to
// `threshold` while it is prepared.
template <typename T>
std::vector<T> RunModel(const AlignedBytes& bytes, const std::vector<T>& input,
                        const InterpreterOptions& options, double threshold) {
  auto model = Model::FromBuffer(bytes.data(), bytes.size());
  EXPECT_TRUE(model.ok()) << model.status().message();
  if (!model.ok()) return {};
  SetSparseWeightThresholdForTesting(threshold);
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins(), options);
  Status status = interpreter.ok() ? (*interpreter)->AllocateTensors() : interpreter.status();
  SetSparseWeightThresholdForTesting(-1.0);
  EXPECT_TRUE(status.ok()) << status.message();
  if (!status.ok()) return {};
  Interpreter& runner = **interpreter;
  std::copy(input.begin(), input.end(), runner.input_data<T>(0));
  status = runner.Invoke();
  EXPECT_TRUE(status.ok()) << status.message();
  const Tensor* out = runner.output(0);
  return std::vector<T>(out->data_as<T>(), out->data_as<T>() + out->element_count());
}

TEST(SparseOpsTest, PrunedConvAndFullyConnectedMatchTheReference) {
  std::mt19937 rng(1130);
  std::vector<SparseOpCase> cases;
  const double sparsities[] = {0.0, 0.5, 0.9, 1.0};
  for (double zeros : sparsities) {
    cases.push_back({false, {1, 9, 7, 20}, 24, zeros, true, false});
    cases.push_back({false, {2, 5, 5, 16}, 41, zeros, zeros != 0.5, zeros < 1.0});
    cases.push_back({false, {1, 11, 13, 35}, 19, zeros, true, zeros == 0.9});
    cases.push_back({true, {1, 50}, 37, zeros, true, false});
    cases.push_back({true, {3, 64}, 20, zeros, false, zeros < 1.0});
    cases.push_back({true, {40, 33}, 21, zeros, true, zeros == 0.5});
  }
  for (const SparseOpCase& c : cases) {
    SCOPED_TRACE(Describe(c));
    const AlignedBytes bytes = BuildModel(c, rng);
    int64_t count = 1;
    for (int32_t d : c.input_shape) count *= d;
    std::vector<float> input(static_cast<size_t>(count));
    std::uniform_real_distribution<float> value(-1.0f, 1.0f);
    for (float& v : input) v = value(rng);
    InterpreterOptions reference;
    reference.use_reference_kernels = true;
    const std::vector<float> expected = RunModel(bytes, input, reference, 0.0);
    ASSERT_FALSE(expected.empty());
    for (Isa isa : {Isa::kScalar, Isa::kAvx2, Isa::kAvx512}) {
      for (int threads : {1, 2}) {
        for (double threshold : {0.0, 2.0}) {
          InterpreterOptions options;
          options.max_isa = isa;
          options.num_threads = threads;
          const std::vector<float> got = RunModel(bytes, input, options, threshold);
          ASSERT_EQ(got.size(), expected.size());
          for (size_t i = 0; i < got.size(); ++i) {
            ASSERT_NEAR(got[i], expected[i], 1e-5 * (1.0 + std::fabs(expected[i])))
                << "isa " << static_cast<int>(isa) << " threads " << threads << " threshold "
                << threshold << " output " << i;
          }
        }
      }
    }
  }
}


// A pruned int8 FULLY_CONNECTED: input [batches, depth] (scale 0.05, zp -3),
// weights per-tensor or per-channel symmetric, int32 bias, output scale 0.4
// zp 5, ReLU; `blocks`: pruned in 1x4 blocks, else weight by weight.
AlignedBytes BuildInt8Model(int32_t batches, int32_t depth, int32_t units, double zeros,
                            bool blocks, bool per_channel, std::mt19937& rng) {
  std::uniform_int_distribution<int> value(-127, 127);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<int8_t> weights(static_cast<size_t>(units) * depth);
  for (size_t k = 0; k < weights.size(); k += 4) {
    const bool block_pruned = blocks && unit(rng) < zeros;
    for (size_t i = 0; i < 4 && k + i < weights.size(); ++i) {
      const bool pruned = blocks ? block_pruned : unit(rng) < zeros;
      weights[k + i] = pruned ? 0 : static_cast<int8_t>(value(rng));
    }
  }
  ModelBuilder builder;
  testing::TensorSpec input;
  input.type = TensorType::INT8;
  input.shape = {batches, depth};
  input.name = "input";
  input.scales = {0.05f};
  input.zero_points = {-3};
  testing::TensorSpec output = input;
  output.shape = {batches, units};
  output.name = "output";
  output.scales = {0.4f};
  output.zero_points = {5};
  testing::TensorSpec filter;
  filter.type = TensorType::INT8;
  filter.shape = {units, depth};
  filter.name = "weights";
  filter.buffer = builder.AddBuffer(weights.data(), weights.size());
  testing::TensorSpec bias;
  bias.type = TensorType::INT32;
  bias.shape = {units};
  bias.name = "bias";
  std::vector<int32_t> biases(static_cast<size_t>(units));
  for (int32_t n = 0; n < units; ++n) {
    const float scale = per_channel ? 0.01f + 0.001f * static_cast<float>(n % 7) : 0.015f;
    filter.scales.push_back(scale);
    filter.zero_points.push_back(0);
    bias.scales.push_back(0.05f * scale);
    bias.zero_points.push_back(0);
    biases[static_cast<size_t>(n)] = value(rng) * 40;
    if (!per_channel) break;
  }
  bias.buffer = builder.AddBuffer(biases.data(), biases.size() * sizeof(int32_t));
  testing::OperatorSpec op;
  op.opcode_index = builder.AddOperatorCode(kFullyConnected);
  op.inputs = {builder.AddTensor(input), builder.AddTensor(filter), builder.AddTensor(bias)};
  op.outputs = {builder.AddTensor(output)};
  op.activation = tflite::ActivationFunctionType::RELU;
  builder.AddOperator(op);
  builder.SetInputs({op.inputs[0]});
  builder.SetOutputs({op.outputs[0]});
  return builder.Finish();
}

TEST(SparseOpsTest, PrunedInt8FullyConnectedIsByteExactWithTheReference) {
  std::mt19937 rng(1201);
  struct Shape {
    int32_t batches, depth, units;
  };
  const Shape shapes[] = {{1, 64, 37}, {3, 100, 20}, {2, 36, 70}, {1, 512, 50}};
  int cases = 0;
  for (const Shape& shape : shapes) {
    for (double zeros : {0.0, 0.5, 0.9, 1.0}) {
      for (bool blocks : {true, false}) {
        const bool per_channel = cases % 2 == 1;
        SCOPED_TRACE(::testing::Message() << "batches " << shape.batches << " depth "
                                          << shape.depth << " units " << shape.units << " zeros "
                                          << zeros << (blocks ? " 1x4" : " unstructured")
                                          << (per_channel ? " per-channel" : ""));
        const AlignedBytes bytes = BuildInt8Model(shape.batches, shape.depth, shape.units, zeros,
                                                  blocks, per_channel, rng);
        std::vector<int8_t> input(static_cast<size_t>(shape.batches) * shape.depth);
        std::uniform_int_distribution<int> value(-128, 127);
        for (int8_t& v : input) v = static_cast<int8_t>(value(rng));
        InterpreterOptions reference;
        reference.use_reference_kernels = true;
        const std::vector<int8_t> expected = RunModel(bytes, input, reference, 0.0);
        ASSERT_FALSE(expected.empty());
        for (Isa isa : {Isa::kAvx2, Isa::kAvx512Vnni}) {
          for (int threads : {1, 2}) {
            InterpreterOptions options;
            options.max_isa = isa;
            options.num_threads = threads;
            EXPECT_EQ(RunModel(bytes, input, options, 0.0), expected)
                << "isa " << static_cast<int>(isa) << " threads " << threads;
          }
        }
        ++cases;
      }
    }
  }
  EXPECT_EQ(cases, 32);
}

// DENSIFY -> CONV_2D (1x1), 90% zeros: the sparse kernel frees the expanded
// weights (the dense kernel keeps reading them).
TEST(SparseOpsTest, TheSparseKernelFreesDensifysExpandedWeights) {
  std::mt19937 rng(77);
  SparseOpCase c{false, {1, 8, 8, 64}, 96, 0.9, true, true};
  const AlignedBytes bytes = BuildModel(c, rng);
  auto model = Model::FromBuffer(bytes.data(), bytes.size());
  ASSERT_TRUE(model.ok()) << model.status().message();
  size_t persistent[2] = {0, 0};
  int unfreed = 0;
  for (int sparse = 0; sparse < 2; ++sparse) {
    SetSparseWeightThresholdForTesting(sparse ? 0.0 : 2.0);
    InterpreterOptions options;
    options.max_isa = Isa::kAvx2;
    auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins(), options);
    Status status = interpreter.ok() ? (*interpreter)->AllocateTensors() : interpreter.status();
    ASSERT_TRUE(status.ok()) << status.message();
    const Tensor* dense = nullptr;
    for (int t = 0; t < (*interpreter)->num_tensors(); ++t) {
      if ((*interpreter)->tensor(t)->name == "dense") dense = (*interpreter)->tensor(t);
    }
    ASSERT_NE(dense, nullptr);
    // Without AVX2 (or under BRASA_ISA=scalar) no sparse kernel runs, and
    // nothing may be freed.
    const bool simd = internal::IsaAllows(internal::UsableIsa(Isa::kAvx2), Isa::kAvx2);
    EXPECT_EQ(dense->data == nullptr, sparse == 1 && simd);
    if (!simd) ++unfreed;
    persistent[sparse] = (*interpreter)->persistent_bytes();
    // Prepared again (AllocateTensors twice): DENSIFY expands again, the
    // sparse kernel frees again, and the numbers stay.
    status = (*interpreter)->AllocateTensors();
    SetSparseWeightThresholdForTesting(-1.0);
    ASSERT_TRUE(status.ok()) << status.message();
    EXPECT_EQ((*interpreter)->persistent_bytes(), persistent[sparse]);
    ASSERT_TRUE((*interpreter)->Invoke().ok());
  }
  const size_t dense_bytes = sizeof(float) * 96 * 64;
  if (unfreed == 2) {
    EXPECT_EQ(persistent[1], persistent[0]);
    return;
  }
  // Sparse keeps ~10% of the weights, 8 bytes each, instead of all 4-byte ones.
  EXPECT_LT(persistent[1] + dense_bytes / 2, persistent[0])
      << "sparse " << persistent[1] << " dense " << persistent[0];
}

}  // namespace
}  // namespace brasa
