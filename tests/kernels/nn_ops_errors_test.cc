// Invalid-input errors of the ops-nn kernels (TRANSPOSE_CONV, BATCH_MATMUL,
// RESIZE_*, the reductions, ARG_MAX, the layout ops): paths the conformance
// cases, which only hold valid models, cannot reach. Each error names the
// node and op and says what is wrong.
#include <gtest/gtest.h>

#include <string>

#include "kernels/params.h"
#include "tests/kernels/expect_error_util.h"
#include "tests/kernels/kernel_test_util.h"

namespace brasa {
const OpKernel* Register_TRANSPOSE_CONV();
const OpKernel* Register_BATCH_MATMUL();
const OpKernel* Register_RESIZE_BILINEAR();
const OpKernel* Register_REDUCE_PROD();
const OpKernel* Register_ARG_MAX();
const OpKernel* Register_SPACE_TO_BATCH_ND();
const OpKernel* Register_DEPTH_TO_SPACE();
const OpKernel* Register_SPACE_TO_DEPTH();
const OpKernel* Register_EMBEDDING_LOOKUP();
const OpKernel* Register_CUMSUM();

namespace {

using testing::ExpectNodeRunError;
using testing::OpTester;
using testing::PerTensor;

TEST(NnOpsErrorsTest, TransposeConvOutputShapeMustMatchInput) {
  OpTester tester(Register_TRANSPOSE_CONV(), 67);
  TransposeConvParams params;
  params.stride_h = params.stride_w = 2;
  tester.SetParams(params);
  tester.AddConstInput<int32_t>(DataType::kInt32, {4}, {1, 9, 8, 2});  // needs a 5x4 input
  tester.AddConstInput<float>(DataType::kFloat32, {2, 3, 3, 1}, std::vector<float>(18, 1.0f));
  tester.AddInput<float>(DataType::kFloat32, {1, 4, 4, 1}, std::vector<float>(16, 1.0f));
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeRunError(tester, "TRANSPOSE_CONV", "needs a 5x4 input, got 4x4");
}

TEST(NnOpsErrorsTest, TransposeConvInt16BiasMustMatchAccumulator) {
  OpTester tester(Register_TRANSPOSE_CONV(), 67);
  tester.SetParams(TransposeConvParams{});  // quantized_bias_type unset: int64 sums
  tester.AddConstInput<int32_t>(DataType::kInt32, {4}, {1, 2, 2, 1});
  tester.AddConstInput<int8_t>(DataType::kInt8, {1, 1, 1, 1}, {1}, PerTensor(0.5f, 0));
  tester.AddInput<int16_t>(DataType::kInt16, {1, 2, 2, 1}, {1, 2, 3, 4}, PerTensor(0.5f, 0));
  tester.AddConstInput<int32_t>(DataType::kInt32, {1}, {0}, PerTensor(0.25f, 0));
  tester.AddOutput(DataType::kInt16, {}, PerTensor(0.5f, 0));
  ExpectNodeRunError(tester, "TRANSPOSE_CONV", "bias type int32 is not int64");
}

TEST(NnOpsErrorsTest, BatchMatMulInnerDimensionsMustAgree) {
  OpTester tester(Register_BATCH_MATMUL(), 126);
  tester.SetParams(BatchMatMulParams{});
  tester.AddInput<float>(DataType::kFloat32, {2, 3}, std::vector<float>(6, 1.0f));
  tester.AddInput<float>(DataType::kFloat32, {4, 2}, std::vector<float>(8, 1.0f));
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeRunError(tester, "BATCH_MATMUL", "inner dimensions differ: 3 (lhs) and 4 (rhs)");
}

TEST(NnOpsErrorsTest, BatchMatMulBatchDimensionsMustBroadcast) {
  OpTester tester(Register_BATCH_MATMUL(), 126);
  tester.SetParams(BatchMatMulParams{});
  tester.AddInput<float>(DataType::kFloat32, {2, 1, 2}, std::vector<float>(4, 1.0f));
  tester.AddInput<float>(DataType::kFloat32, {3, 2, 1}, std::vector<float>(6, 1.0f));
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeRunError(tester, "BATCH_MATMUL", "batch dimensions 2 and 3 do not broadcast");
}

TEST(NnOpsErrorsTest, ResizeBilinearRejectsBothCoordinateModes) {
  OpTester tester(Register_RESIZE_BILINEAR(), 23);
  ResizeParams params;
  params.align_corners = params.half_pixel_centers = true;
  tester.SetParams(params);
  tester.AddInput<float>(DataType::kFloat32, {1, 2, 2, 1}, {1, 2, 3, 4});
  tester.AddConstInput<int32_t>(DataType::kInt32, {2}, {3, 3});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeRunError(tester, "RESIZE_BILINEAR", "cannot both be true");
}

TEST(NnOpsErrorsTest, ResizeBilinearNeedsConstantSize) {
  OpTester tester(Register_RESIZE_BILINEAR(), 23);
  tester.SetParams(ResizeParams{});
  tester.AddInput<float>(DataType::kFloat32, {1, 2, 2, 1}, {1, 2, 3, 4});
  tester.AddInput<int32_t>(DataType::kInt32, {2}, {3, 3});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeRunError(tester, "RESIZE_BILINEAR", "size is not a constant tensor",
                     StatusCode::kUnsupported);
}

TEST(NnOpsErrorsTest, ReduceAxisOutOfRange) {
  OpTester tester(Register_REDUCE_PROD(), 81);
  tester.SetParams(ReducerParams{});
  tester.AddInput<float>(DataType::kFloat32, {2, 3}, std::vector<float>(6, 1.0f));
  tester.AddConstInput<int32_t>(DataType::kInt32, {1}, {2});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeRunError(tester, "REDUCE_PROD", "axis 2 is out of range for rank 2");
}

TEST(NnOpsErrorsTest, ArgMaxOutputMustBeAnIndexType) {
  OpTester tester(Register_ARG_MAX(), 56);
  tester.AddInput<float>(DataType::kFloat32, {2, 3}, std::vector<float>(6, 1.0f));
  tester.AddConstInput<int32_t>(DataType::kInt32, {1}, {1});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeRunError(tester, "ARG_MAX", "output type float32 is not int32 or int64");
}

TEST(NnOpsErrorsTest, SpaceToBatchPaddedSizeMustDivide) {
  OpTester tester(Register_SPACE_TO_BATCH_ND(), 38);
  tester.AddInput<float>(DataType::kFloat32, {1, 3, 2, 1}, std::vector<float>(6, 1.0f));
  tester.AddConstInput<int32_t>(DataType::kInt32, {2}, {2, 2});
  tester.AddConstInput<int32_t>(DataType::kInt32, {2, 2}, {0, 0, 0, 0});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeRunError(tester, "SPACE_TO_BATCH_ND", "padded size 3 is not a multiple of block 2");
}

// A DEPTH_TO_SPACE (code 5) or SPACE_TO_DEPTH (26) node with `block` on a
// float input of `shape` fails with `message`.
void ExpectDepthSpaceError(bool to_space, int32_t block, std::vector<int32_t> shape,
                           const char* message) {
  OpTester tester(to_space ? Register_DEPTH_TO_SPACE() : Register_SPACE_TO_DEPTH(),
                  to_space ? 5 : 26);
  DepthSpaceParams params;
  params.block_size = block;
  tester.SetParams(params);
  size_t count = 1;
  for (int32_t d : shape) count *= static_cast<size_t>(d);
  tester.AddInput<float>(DataType::kFloat32, shape, std::vector<float>(count, 1.0f));
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeRunError(tester, to_space ? "DEPTH_TO_SPACE" : "SPACE_TO_DEPTH", message);
}

TEST(NnOpsErrorsTest, DepthToSpaceDepthMustDivide) {
  ExpectDepthSpaceError(true, 2, {1, 1, 1, 6}, "depth 6 is not a multiple of block 2 squared");
}

// Block sizes whose products overflow int32 (found by fuzz_model under UBSan).
TEST(NnOpsErrorsTest, DepthSpaceHugeBlocksAreRefused) {
  ExpectDepthSpaceError(
      true, 1073741826, {1, 2, 1, 4},
      "block size 1073741826 makes an output dimension of 2147483652, over int32");
  ExpectDepthSpaceError(true, 1073741826, {1, 1, 1, 4},
                        "depth 4 is not a multiple of block 1073741826 squared");
  ExpectDepthSpaceError(false, 65536, {1, 2, 2, 1},
                        "block size 65536 makes an output dimension of 4294967296, over int32");
}

TEST(NnOpsErrorsTest, EmbeddingLookupIdOutsideTableFailsAtInvoke) {
  OpTester tester(Register_EMBEDDING_LOOKUP(), 7);
  tester.AddInput<int32_t>(DataType::kInt32, {2}, {1, 3});
  tester.AddConstInput<float>(DataType::kFloat32, {3, 2}, {1, 2, 3, 4, 5, 6});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeRunError(tester, "EMBEDDING_LOOKUP", "id 3 at position 1 is outside the table's 3 rows",
                     StatusCode::kInvalidArgument);
}

TEST(NnOpsErrorsTest, CumsumRejectsQuantizedTypes) {
  OpTester tester(Register_CUMSUM(), 128);
  tester.SetParams(CumsumParams{});
  tester.AddInput<int8_t>(DataType::kInt8, {3}, {1, 2, 3}, PerTensor(0.5f, 0));
  tester.AddConstInput<int32_t>(DataType::kInt32, {}, {0});
  tester.AddOutput(DataType::kInt8, {}, PerTensor(0.5f, 0));
  ExpectNodeRunError(tester, "CUMSUM", "input type int8 is not supported",
                     StatusCode::kUnsupported);
}

}  // namespace
}  // namespace brasa
