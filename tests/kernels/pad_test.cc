#include <gtest/gtest.h>

#include <string>

#include "tests/kernels/expect_error_util.h"
#include "tests/kernels/kernel_test_util.h"

namespace brasa {
const OpKernel* Register_PAD();
const OpKernel* Register_PADV2();

namespace {

using testing::ExpectNodeError;
using testing::OpTester;
using testing::PerTensor;

constexpr int32_t kPadCode = 34;
constexpr int32_t kPadV2Code = 60;

TEST(PadTest, Float2D) {
  OpTester tester(Register_PAD(), kPadCode);
  tester.AddInput<float>(DataType::kFloat32, {2, 2}, {1, 2, 3, 4});
  tester.AddConstInput<int32_t>(DataType::kInt32, {2, 2}, {1, 0, 0, 2});
  tester.AddOutput(DataType::kFloat32, {});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{3, 4}));
  EXPECT_EQ(tester.Output<float>(), (std::vector<float>{0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0}));
}

TEST(PadTest, Int8ImageStylePadsWithOutputZeroPoint) {
  OpTester tester(Register_PAD(), kPadCode);
  tester.AddInput<int8_t>(DataType::kInt8, {1, 2, 2, 1}, {1, 2, 3, 4}, PerTensor(0.5f, -5));
  tester.AddConstInput<int32_t>(DataType::kInt32, {4, 2}, {0, 0, 1, 1, 1, 1, 0, 0});
  tester.AddOutput(DataType::kInt8, {}, PerTensor(0.5f, -5));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{1, 4, 4, 1}));
  EXPECT_EQ(tester.Output<int8_t>(), (std::vector<int8_t>{-5, -5, -5, -5,  //
                                                          -5, 1, 2, -5,    //
                                                          -5, 3, 4, -5,    //
                                                          -5, -5, -5, -5}));
}

TEST(PadTest, Uint8ChannelPaddingWithInt64Paddings) {
  OpTester tester(Register_PAD(), kPadCode);
  tester.AddInput<uint8_t>(DataType::kUInt8, {1, 1, 2}, {10, 20}, PerTensor(0.1f, 128));
  tester.AddConstInput<int64_t>(DataType::kInt64, {3, 2}, {0, 0, 0, 1, 2, 1});
  tester.AddOutput(DataType::kUInt8, {}, PerTensor(0.1f, 128));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{1, 2, 5}));
  EXPECT_EQ(tester.Output<uint8_t>(),
            (std::vector<uint8_t>{128, 128, 10, 20, 128, 128, 128, 128, 128, 128}));
}

TEST(PadTest, Int16AndInt32PadWithZero) {
  OpTester int16_tester(Register_PAD(), kPadCode);
  int16_tester.AddInput<int16_t>(DataType::kInt16, {2}, {-300, 300}, PerTensor(0.01f, 0));
  int16_tester.AddConstInput<int32_t>(DataType::kInt32, {1, 2}, {1, 1});
  int16_tester.AddOutput(DataType::kInt16, {}, PerTensor(0.01f, 0));
  ASSERT_TRUE(int16_tester.Run().ok());
  EXPECT_EQ(int16_tester.Output<int16_t>(), (std::vector<int16_t>{0, -300, 300, 0}));

  OpTester int32_tester(Register_PAD(), kPadCode);
  int32_tester.AddInput<int32_t>(DataType::kInt32, {1}, {-70000});
  int32_tester.AddConstInput<int32_t>(DataType::kInt32, {1, 2}, {2, 0});
  int32_tester.AddOutput(DataType::kInt32, {});
  ASSERT_TRUE(int32_tester.Run().ok());
  EXPECT_EQ(int32_tester.Output<int32_t>(), (std::vector<int32_t>{0, 0, -70000}));
}

TEST(PadTest, FiveDimensions) {
  OpTester tester(Register_PAD(), kPadCode);
  tester.AddInput<float>(DataType::kFloat32, {1, 1, 1, 1, 2}, {5, 6});
  tester.AddConstInput<int32_t>(DataType::kInt32, {5, 2}, {1, 0, 0, 0, 0, 0, 0, 0, 0, 1});
  tester.AddOutput(DataType::kFloat32, {});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.OutputShape(), (Shape{2, 1, 1, 1, 3}));
  EXPECT_EQ(tester.Output<float>(), (std::vector<float>{0, 0, 0, 5, 6, 0}));
}

TEST(PadTest, SixDimensionsAreUnsupported) {
  OpTester tester(Register_PAD(), kPadCode);
  tester.AddInput<float>(DataType::kFloat32, {1, 1, 1, 1, 1, 1}, {1});
  tester.AddConstInput<int32_t>(DataType::kInt32, {6, 2}, std::vector<int32_t>(12, 0));
  tester.AddOutput(DataType::kFloat32, {});
  const Status status = tester.Run();
  ExpectNodeError(status, "PAD", "input has rank 6, at most 5 supported");
  EXPECT_EQ(status.code(), StatusCode::kUnsupported);
}

TEST(PadTest, NegativePaddingIsRejected) {
  OpTester tester(Register_PAD(), kPadCode);
  tester.AddInput<float>(DataType::kFloat32, {3}, {1, 2, 3});
  tester.AddConstInput<int32_t>(DataType::kInt32, {1, 2}, {-1, 0});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeError(tester.Run(), "PAD", "dimension 0 has negative padding (-1, 0)");
}

TEST(PadTest, PaddingsShapeMustMatchRank) {
  OpTester tester(Register_PAD(), kPadCode);
  tester.AddInput<float>(DataType::kFloat32, {1, 3}, {1, 2, 3});
  tester.AddConstInput<int32_t>(DataType::kInt32, {1, 2}, {1, 1});
  tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeError(tester.Run(), "PAD", "paddings has shape [1,2], expected [2,2]");
}

TEST(PadTest, RuntimePaddingsAreUnsupported) {
  OpTester tester(Register_PAD(), kPadCode);
  tester.AddInput<float>(DataType::kFloat32, {3}, {1, 2, 3});
  tester.AddInput<int32_t>(DataType::kInt32, {1, 2}, {1, 1});
  tester.AddOutput(DataType::kFloat32, {});
  const Status status = tester.Run();
  ExpectNodeError(status, "PAD", "paddings is not a constant tensor");
  EXPECT_EQ(status.code(), StatusCode::kUnsupported);
}

TEST(PadTest, OutputTypeMustMatch) {
  OpTester tester(Register_PAD(), kPadCode);
  tester.AddInput<float>(DataType::kFloat32, {3}, {1, 2, 3});
  tester.AddConstInput<int32_t>(DataType::kInt32, {1, 2}, {1, 1});
  tester.AddOutput(DataType::kInt8, {}, PerTensor(1.0f, 0));
  ExpectNodeError(tester.Run(), "PAD", "output type int8 differs from input type float32");
}

TEST(PadV2Test, FloatConstantValue) {
  OpTester tester(Register_PADV2(), kPadV2Code);
  tester.AddInput<float>(DataType::kFloat32, {2}, {1, 2});
  tester.AddConstInput<int32_t>(DataType::kInt32, {1, 2}, {1, 2});
  tester.AddConstInput<float>(DataType::kFloat32, {}, {-9.5f});
  tester.AddOutput(DataType::kFloat32, {});
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<float>(), (std::vector<float>{-9.5f, 1, 2, -9.5f, -9.5f}));
}

TEST(PadV2Test, Int8ConstantRawValueWithSharedQuantization) {
  OpTester tester(Register_PADV2(), kPadV2Code);
  tester.AddInput<int8_t>(DataType::kInt8, {2}, {1, 2}, PerTensor(0.25f, 4));
  tester.AddConstInput<int32_t>(DataType::kInt32, {1, 2}, {1, 1});
  tester.AddConstInput<int8_t>(DataType::kInt8, {1}, {-128}, PerTensor(0.25f, 4));
  tester.AddOutput(DataType::kInt8, {}, PerTensor(0.25f, 4));
  ASSERT_TRUE(tester.Run().ok());
  EXPECT_EQ(tester.Output<int8_t>(), (std::vector<int8_t>{-128, 1, 2, -128}));
}

TEST(PadV2Test, Int8ConstantWithOtherQuantizationIsRejected) {
  OpTester tester(Register_PADV2(), kPadV2Code);
  tester.AddInput<int8_t>(DataType::kInt8, {2}, {1, 2}, PerTensor(0.25f, 4));
  tester.AddConstInput<int32_t>(DataType::kInt32, {1, 2}, {1, 1});
  tester.AddConstInput<int8_t>(DataType::kInt8, {1}, {0}, PerTensor(0.25f, 3));
  tester.AddOutput(DataType::kInt8, {}, PerTensor(0.25f, 4));
  ExpectNodeError(tester.Run(), "PADV2",
                  "constant value quantization (0.25, 3) differs from output");
}

TEST(PadV2Test, ConstantMustHoldOneElementOfTheInputType) {
  OpTester count_tester(Register_PADV2(), kPadV2Code);
  count_tester.AddInput<float>(DataType::kFloat32, {2}, {1, 2});
  count_tester.AddConstInput<int32_t>(DataType::kInt32, {1, 2}, {1, 1});
  count_tester.AddConstInput<float>(DataType::kFloat32, {2}, {0, 0});
  count_tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeError(count_tester.Run(), "PADV2", "constant value must hold 1 element, holds 2");

  OpTester type_tester(Register_PADV2(), kPadV2Code);
  type_tester.AddInput<float>(DataType::kFloat32, {2}, {1, 2});
  type_tester.AddConstInput<int32_t>(DataType::kInt32, {1, 2}, {1, 1});
  type_tester.AddConstInput<int32_t>(DataType::kInt32, {}, {0});
  type_tester.AddOutput(DataType::kFloat32, {});
  ExpectNodeError(type_tester.Run(), "PADV2", "constant value type int32 differs");
}

}  // namespace
}  // namespace brasa
