// The custom_op example: the model's CUSTOM "BrasaSigmoid" op runs through
// the kernel registered by name and matches TensorFlow Lite's outputs for
// the model before its LOGISTIC op was made custom (expected.npy).
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "examples/common/model_runner.h"
#include "examples/custom_op/brasa_sigmoid_op.h"
#include "tests/examples/example_process.h"
#include "tools/npy.h"

namespace brasa_examples {
namespace {

const std::string kDir = std::string(BRASA_SOURCE_DIR) + "/examples/custom_op";

std::vector<float> Floats(const brasa::tools::NpyArray& array) {
  std::vector<float> values(array.bytes.size() / sizeof(float));
  std::memcpy(values.data(), array.bytes.data(), values.size() * sizeof(float));
  return values;
}

TEST(CustomOpExample, MatchesTensorFlowLiteOutputs) {
  brasa::OpResolver resolver = brasa::OpResolver::WithAllBuiltins();
  resolver.AddCustom(kBrasaSigmoidName, BrasaSigmoidKernel());
  auto runner = ModelRunner::Load(kDir + "/custom_sigmoid.tflite", resolver);
  ASSERT_TRUE(runner.ok()) << runner.status().ToString();
  auto inputs = brasa::tools::ReadNpy(kDir + "/inputs.npy");
  auto expected = brasa::tools::ReadNpy(kDir + "/expected.npy");
  ASSERT_TRUE(inputs.ok() && expected.ok());
  const std::vector<float> x = Floats(*inputs), want = Floats(*expected);
  ASSERT_EQ(inputs->shape, (brasa::Shape{8, 4}));
  ASSERT_EQ(expected->shape, (brasa::Shape{8, 3}));
  for (size_t row = 0; row < 8; ++row) {
    ASSERT_TRUE(
        (*runner)->SetInput(std::vector<float>(x.begin() + row * 4, x.begin() + row * 4 + 4)).ok());
    auto y = (*runner)->Run();
    ASSERT_TRUE(y.ok()) << y.status().ToString();
    for (size_t i = 0; i < 3; ++i) {
      EXPECT_NEAR((*y)[i], want[row * 3 + i], 1e-5 * std::fabs(want[row * 3 + i]) + 1e-7)
          << "row " << row << " output " << i;
    }
  }
}

TEST(CustomOpExample, WithoutTheKernelTheModelIsRefusedByName) {
  auto runner = ModelRunner::Load(kDir + "/custom_sigmoid.tflite");
  ASSERT_FALSE(runner.ok());
  EXPECT_NE(runner.status().message().find(kBrasaSigmoidName), std::string::npos)
      << runner.status().message();
}

class CustomOpProgram : public ExampleProgramTest {
 protected:
  CustomOpProgram() : ExampleProgramTest(BRASA_CUSTOM_OP_PATH) {}
};

TEST_F(CustomOpProgram, PrintsTheFirstExpectedRow) {
  auto inputs = brasa::tools::ReadNpy(kDir + "/inputs.npy");
  auto expected = brasa::tools::ReadNpy(kDir + "/expected.npy");
  ASSERT_TRUE(inputs.ok() && expected.ok());
  const std::vector<float> x = Floats(*inputs), want = Floats(*expected);
  std::vector<std::string> args;
  char text[32];
  for (int i = 0; i < 4; ++i) {
    std::snprintf(text, sizeof(text), "%.9g", x[static_cast<size_t>(i)]);
    args.push_back(text);
  }
  const ProcessResult result = Run(args);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::string lines;
  for (int i = 0; i < 3; ++i) {
    std::snprintf(text, sizeof(text), "%.6f\n", want[static_cast<size_t>(i)]);
    lines += text;
  }
  EXPECT_EQ(result.out, lines);
}

TEST_F(CustomOpProgram, BadInputIsAOneLineError) {
  ExpectOneLineError(Run({"--model", dir_ + "/none.tflite"}), "none.tflite");
  ExpectOneLineError(Run({"1", "2"}), "holds 4 values, got 2");
}

}  // namespace
}  // namespace brasa_examples
