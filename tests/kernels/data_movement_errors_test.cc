// Invalid inputs to the data movement, comparison and selection kernels: each
// must be a clear error naming the node and the problem, never a crash.
#include <gtest/gtest.h>

#include "kernels/params.h"
#include "tests/kernels/expect_error_util.h"
#include "tests/kernels/kernel_test_util.h"

namespace brasa {
const OpKernel* Register_SPLIT();
const OpKernel* Register_SPLIT_V();
const OpKernel* Register_SLICE();
const OpKernel* Register_PACK();
const OpKernel* Register_MIRROR_PAD();
const OpKernel* Register_BROADCAST_TO();
const OpKernel* Register_BROADCAST_ARGS();
const OpKernel* Register_SELECT();
const OpKernel* Register_LESS();
const OpKernel* Register_REVERSE_V2();

namespace {

using testing::ExpectNodeRunError;
using testing::OpTester;

const std::vector<float> kSix = {1, 2, 3, 4, 5, 6};

TEST(DataMovementErrorsTest, SplitIntoUnequalPieces) {
  OpTester tester(Register_SPLIT(), 49);
  SplitParams params;
  params.num_splits = 4;
  tester.SetParams(params);
  tester.AddConstInput<int32_t>(DataType::kInt32, {}, {1});
  tester.AddInput<float>(DataType::kFloat32, {1, 6}, kSix);
  for (int i = 0; i < 4; ++i) tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeRunError(tester, "SPLIT", "does not split into 4 equal pieces");
}

TEST(DataMovementErrorsTest, SplitVSizesThatDoNotAddUp) {
  OpTester tester(Register_SPLIT_V(), 102);
  SplitParams params;
  params.num_splits = 2;
  tester.SetParams(params);
  tester.AddInput<float>(DataType::kFloat32, {6}, kSix);
  tester.AddConstInput<int32_t>(DataType::kInt32, {2}, {2, 3});
  tester.AddConstInput<int32_t>(DataType::kInt32, {}, {0});
  tester.AddOutput(DataType::kFloat32, {});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeRunError(tester, "SPLIT_V", "add up to 5, axis 0 has size 6");
}

TEST(DataMovementErrorsTest, SliceLeavingTheInput) {
  OpTester tester(Register_SLICE(), 65);
  tester.AddInput<float>(DataType::kFloat32, {2, 3}, kSix);
  tester.AddConstInput<int32_t>(DataType::kInt32, {2}, {1, 2});
  tester.AddConstInput<int32_t>(DataType::kInt32, {2}, {1, 2});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeRunError(tester, "SLICE", "leaves axis 1 of size 3");
}

TEST(DataMovementErrorsTest, PackOfDifferentShapes) {
  OpTester tester(Register_PACK(), 83);
  PackParams params;
  params.count = 2;
  tester.SetParams(params);
  tester.AddInput<float>(DataType::kFloat32, {2, 3}, kSix);
  tester.AddInput<float>(DataType::kFloat32, {3, 2}, kSix);
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeRunError(tester, "PACK", "input 1 is float32[3,2]");
}

TEST(DataMovementErrorsTest, ReflectPaddingAsWideAsTheAxis) {
  OpTester tester(Register_MIRROR_PAD(), 100);
  tester.SetParams(MirrorPadParams());
  tester.AddInput<float>(DataType::kFloat32, {2, 3}, kSix);
  tester.AddConstInput<int32_t>(DataType::kInt32, {2, 2}, {0, 0, 3, 0});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeRunError(tester, "MIRROR_PAD", "padding (3, 0) of axis 1 (size 3) is invalid");
}

TEST(DataMovementErrorsTest, BroadcastToAnIncompatibleShape) {
  OpTester tester(Register_BROADCAST_TO(), 130);
  tester.AddInput<float>(DataType::kFloat32, {2, 3}, kSix);
  tester.AddConstInput<int32_t>(DataType::kInt32, {2}, {2, 4});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeRunError(tester, "BROADCAST_TO", "cannot be broadcast to axis 1 of size 4");
}

TEST(DataMovementErrorsTest, BroadcastArgsOfIncompatibleShapesFailsAtInvoke) {
  OpTester tester(Register_BROADCAST_ARGS(), 145);
  tester.AddInput<int32_t>(DataType::kInt32, {2}, {2, 3});
  tester.AddInput<int32_t>(DataType::kInt32, {1}, {4});
  tester.AddOutput(DataType::kInt32, {});
  ExpectNodeRunError(tester, "BROADCAST_ARGS", "3 against 4");
}

TEST(DataMovementErrorsTest, SelectConditionOfAnotherShape) {
  OpTester tester(Register_SELECT(), 64);
  tester.AddInput<uint8_t>(DataType::kBool, {3}, {1, 0, 1});
  tester.AddInput<float>(DataType::kFloat32, {2, 3}, kSix);
  tester.AddInput<float>(DataType::kFloat32, {2, 3}, kSix);
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeRunError(tester, "SELECT", "condition [3] must be a scalar, a vector of 2");
}

TEST(DataMovementErrorsTest, ComparisonOfDifferentTypes) {
  OpTester tester(Register_LESS(), 58);
  tester.AddInput<float>(DataType::kFloat32, {2}, {1, 2});
  tester.AddInput<int32_t>(DataType::kInt32, {2}, {1, 2});
  tester.AddOutput(DataType::kBool, {});
  ExpectNodeRunError(tester, "LESS", "inputs are float32 and int32");
}

TEST(DataMovementErrorsTest, ReverseAlongAMissingAxisFailsAtInvoke) {
  OpTester tester(Register_REVERSE_V2(), 105);
  tester.AddInput<float>(DataType::kFloat32, {2, 3}, kSix);
  tester.AddInput<int32_t>(DataType::kInt32, {1}, {2});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeRunError(tester, "REVERSE_V2", "axis 2 is out of range for rank 2");
}

}  // namespace
}  // namespace brasa
