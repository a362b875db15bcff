// Sparse constants (pruned weights in TensorFlow Lite's compressed format):
// valid ones load and DENSIFY expands them to hand-checked dense values;
// every malformed sparsity field is rejected at load with a message that
// names the tensor and the problem.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "brasa/interpreter.h"
#include "brasa/model.h"
#include "tests/testing/model_builder.h"

namespace brasa {
namespace {

using testing::ModelBuilder;
using testing::OperatorSpec;
using testing::SparseLevelSpec;
using testing::SparsitySpec;
using tflite::TensorType;

constexpr int32_t kDensify = 124;

SparseLevelSpec Dense(int32_t size) {
  SparseLevelSpec level;
  level.dense_size = size;
  return level;
}

SparseLevelSpec Csr(std::vector<int32_t> segments, std::vector<int32_t> indices) {
  SparseLevelSpec level;
  level.compressed = true;
  level.segments = std::move(segments);
  level.indices = std::move(indices);
  return level;
}

// A [4,6] float matrix stored row-major with compressed columns:
//   row 0: (1, 1.0) (4, 2.0); row 1: empty; row 2: (0, 3.0) (5, 4.0); row 3: (3, 5.0)
SparsitySpec RowCsr() {
  SparsitySpec spec;
  spec.present = true;
  spec.traversal_order = {0, 1};
  spec.levels = {Dense(4), Csr({0, 2, 2, 4, 5}, {1, 4, 0, 5, 3})};
  return spec;
}

// A model whose only operator is DENSIFY(sparse constant "w") -> "dense".
template <typename T>
testing::AlignedBytes DensifyModel(TensorType type, std::vector<int32_t> shape,
                                   const std::vector<T>& values, const SparsitySpec& sparsity,
                                   bool with_buffer = true) {
  ModelBuilder builder;
  testing::TensorSpec weight;
  weight.type = type;
  weight.shape = shape;
  weight.name = "w";
  if (with_buffer) weight.buffer = builder.AddBuffer(values.data(), values.size() * sizeof(T));
  weight.sparsity = sparsity;
  const int w = builder.AddTensor(weight);
  const int out = builder.AddTensor(type, shape, "dense");
  OperatorSpec op;
  op.opcode_index = builder.AddOperatorCode(kDensify);
  op.inputs = {w};
  op.outputs = {out};
  builder.AddOperator(op);
  builder.SetInputs({});
  builder.SetOutputs({out});
  return builder.Finish();
}

const std::vector<float> kRowValues = {1, 2, 3, 4, 5};

template <typename T>
std::vector<T> RunDensify(const testing::AlignedBytes& bytes) {
  auto model = Model::FromBuffer(bytes.data(), bytes.size());
  EXPECT_TRUE(model.ok()) << model.status().message();
  if (!model.ok()) return {};
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins());
  EXPECT_TRUE(interpreter.ok()) << interpreter.status().message();
  if (!interpreter.ok()) return {};
  Status status = (*interpreter)->AllocateTensors();
  EXPECT_TRUE(status.ok()) << status.message();
  status = (*interpreter)->Invoke();
  EXPECT_TRUE(status.ok()) << status.message();
  const Tensor* out = (*interpreter)->output(0);
  if (!status.ok() || out == nullptr) return {};
  // Computed once at Prepare: a constant in persistent memory, not the arena.
  EXPECT_EQ(out->allocation, Allocation::kPersistent);
  return std::vector<T>(out->data_as<T>(), out->data_as<T>() + out->element_count());
}

// Loading `sparsity` on the [4,6] float tensor must fail naming "w" and `text`.
void ExpectRejected(const SparsitySpec& sparsity, const std::string& text,
                    const std::vector<float>& values = kRowValues, bool with_buffer = true) {
  const testing::AlignedBytes bytes =
      DensifyModel<float>(TensorType::FLOAT32, {4, 6}, values, sparsity, with_buffer);
  const Status status = Model::FromBuffer(bytes.data(), bytes.size()).status();
  EXPECT_EQ(status.code(), StatusCode::kInvalidModel) << status.message();
  EXPECT_NE(status.message().find("(w)"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find(text), std::string::npos) << status.message();
}

TEST(SparsityTest, RowCompressedMatrixDensifies) {
  const std::vector<float> dense =
      RunDensify<float>(DensifyModel(TensorType::FLOAT32, {4, 6}, kRowValues, RowCsr()));
  const std::vector<float> expected = {0, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0,
                                       3, 0, 0, 0, 0, 4, 0, 0, 0, 5, 0, 0};
  EXPECT_EQ(dense, expected);
}

TEST(SparsityTest, ColumnFirstTraversalDensifies) {
  // [3,4] stored column by column: col 0: row 2 (1); col 2: rows 0, 1 (2, 3); col 3: row 1 (4).
  SparsitySpec spec;
  spec.present = true;
  spec.traversal_order = {1, 0};
  spec.levels = {Dense(4), Csr({0, 1, 1, 3, 4}, {2, 0, 1, 1})};
  const std::vector<float> dense = RunDensify<float>(
      DensifyModel<float>(TensorType::FLOAT32, {3, 4}, {1, 2, 3, 4}, spec));
  const std::vector<float> expected = {0, 0, 2, 0, 0, 0, 3, 4, 1, 0, 0, 0};
  EXPECT_EQ(dense, expected);
}

TEST(SparsityTest, Int8OneByFourBlocksWithUint8IndicesDensify) {
  // [2,8] in 1x4 blocks: row 0 keeps block 1, row 1 keeps block 0.
  SparsitySpec spec;
  spec.present = true;
  spec.traversal_order = {0, 1, 2};
  spec.block_map = {1};
  SparseLevelSpec blocks = Csr({0, 1, 2}, {1, 0});
  blocks.index_type = tflite::SparseIndexVector::Uint8Vector;
  spec.levels = {Dense(2), blocks, Dense(4)};
  const std::vector<int8_t> dense = RunDensify<int8_t>(DensifyModel<int8_t>(
      TensorType::INT8, {2, 8}, {1, 2, 3, 4, -5, -6, -7, -8}, spec));
  const std::vector<int8_t> expected = {0, 0, 0, 0, 1, 2, 3, 4, -5, -6, -7, -8, 0, 0, 0, 0};
  EXPECT_EQ(dense, expected);
}

TEST(SparsityTest, TraversalOrderOfWrongLength) {
  SparsitySpec spec = RowCsr();
  spec.traversal_order = {0};
  ExpectRejected(spec, "needs 2 traversal_order entries");
}

TEST(SparsityTest, TraversalOrderNotAPermutation) {
  SparsitySpec spec = RowCsr();
  spec.traversal_order = {1, 1};
  ExpectRejected(spec, "traversal_order is not a permutation");
}

TEST(SparsityTest, BlockMapOutOfRange) {
  SparsitySpec spec = RowCsr();
  spec.block_map = {2};
  spec.traversal_order = {0, 1, 2};
  spec.levels.push_back(Dense(2));
  ExpectRejected(spec, "block_map entry 2 is out of range");
}

TEST(SparsityTest, BlockSizeMustDivideTheDimension) {
  SparsitySpec spec;
  spec.present = true;
  spec.traversal_order = {0, 1, 2};
  spec.block_map = {1};
  spec.levels = {Dense(4), Csr({0, 1, 1, 1, 1}, {0}), Dense(4)};  // 4 does not divide 6
  ExpectRejected(spec, "whose size divides dimension 1 (6)", {1, 2, 3, 4});
}

TEST(SparsityTest, DenseLevelOfWrongSize) {
  SparsitySpec spec = RowCsr();
  spec.levels[0].dense_size = 5;
  ExpectRejected(spec, "is dense with size 5, the dimension has 4");
}

TEST(SparsityTest, SegmentsOfWrongCount) {
  SparsitySpec spec = RowCsr();
  spec.levels[1].segments = {0, 2, 4, 5};
  ExpectRejected(spec, "has 4 segment bounds, needs 5");
}

TEST(SparsityTest, SegmentsNotMonotone) {
  SparsitySpec spec = RowCsr();
  spec.levels[1].segments = {0, 2, 1, 4, 5};
  ExpectRejected(spec, "segments decrease at position 1");
}

TEST(SparsityTest, SegmentsNotEndingAtTheIndexCount) {
  SparsitySpec spec = RowCsr();
  spec.levels[1].segments = {0, 2, 2, 4, 4};
  ExpectRejected(spec, "segments must run from 0 to its 5 indices");
}

TEST(SparsityTest, IndexOutOfRange) {
  SparsitySpec spec = RowCsr();
  spec.levels[1].indices = {1, 4, 0, 6, 3};
  ExpectRejected(spec, "index 6 is out of range [0, 6)");
}

TEST(SparsityTest, RepeatedIndexInASegment) {
  SparsitySpec spec = RowCsr();
  spec.levels[1].indices = {4, 4, 0, 5, 3};
  ExpectRejected(spec, "indices are not increasing in segment 0");
}

TEST(SparsityTest, ValueCountDiffersFromTheMetadata) {
  ExpectRejected(RowCsr(), "describes 5 stored values (20 bytes), the buffer holds 24",
                 {1, 2, 3, 4, 5, 6});
  ExpectRejected(RowCsr(), "describes 5 stored values (20 bytes), the buffer holds 16",
                 {1, 2, 3, 4});
}

TEST(SparsityTest, CompressedLevelWithoutIndices) {
  SparsitySpec spec = RowCsr();
  spec.levels[1].omit_indices = true;
  ExpectRejected(spec, "SPARSE_CSR but lacks its segments or indices");
}

TEST(SparsityTest, SparseTensorWithoutData) {
  ExpectRejected(RowCsr(), "a sparse tensor must be a constant", kRowValues,
                 /*with_buffer=*/false);
}

TEST(SparsityTest, HugeDenseSizeDoesNotOverflow) {
  SparsitySpec spec;
  spec.present = true;
  spec.traversal_order = {0, 1};
  spec.levels = {Dense(2147483647), Dense(2147483647)};
  ExpectRejected(spec, "is dense with size 2147483647");
}

}  // namespace
}  // namespace brasa
