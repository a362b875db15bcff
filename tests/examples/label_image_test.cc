// The label_image example: the shared uint8 MobileNet v1 on cat.bmp (a
// 512x341 24-bit BMP, rows bottom-up in BGR order, which stb_image decodes),
// an int8 model with a gray input, and bad input.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "tests/examples/example_process.h"

namespace brasa_examples {
namespace {

const std::string kModels = BRASA_SHARED_MODELS_DIR;
const std::string kDigits = std::string(BRASA_SOURCE_DIR) + "/examples/digits";

// The "  SCORE  INDEX  LABEL" lines, in order.
std::vector<std::string> ResultLines(const std::string& out) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < out.size()) {
    const size_t end = out.find('\n', start);
    const std::string line = out.substr(start, end - start);
    if (line.rfind("  ", 0) == 0) lines.push_back(line);
    start = end == std::string::npos ? out.size() : end + 1;
  }
  return lines;
}

int IndexOf(const std::string& line) { return std::stoi(line.substr(10, 5)); }

class LabelImageProgram : public ExampleProgramTest {
 protected:
  LabelImageProgram() : ExampleProgramTest(BRASA_LABEL_IMAGE_PATH) {}
};

// LiteRT's reference kernels rank "tiger cat" (283) first on cat.bmp.
TEST_F(LabelImageProgram, MobileNetUint8FindsTheTigerCat) {
  const ProcessResult result =
      Run({"--model", kModels + "/mobilenet_v1_0.25_128_quant.tflite", "--labels",
           kModels + "/imagenet_labels.txt", "--top", "3", kModels + "/cat.bmp"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("uint8 input [1,128,128,3], mean 128, std 128"), std::string::npos)
      << result.out;
  const std::vector<std::string> lines = ResultLines(result.out);
  ASSERT_EQ(lines.size(), 3u) << result.out;
  EXPECT_EQ(IndexOf(lines[0]), 283) << result.out;
  EXPECT_NE(lines[0].find("tiger cat"), std::string::npos) << result.out;
  for (const std::string& line : lines) {  // all domestic cats
    EXPECT_GE(IndexOf(line), 282) << line;
    EXPECT_LE(IndexOf(line), 286) << line;
  }
  EXPECT_NE(result.out.find(" ms)"), std::string::npos) << result.out;
}

// Normalization read from an int8 input's quantization (scale 1/255, zero
// point -128: pixel / 255), gray channel, area resize.
TEST_F(LabelImageProgram, Int8GrayModelUsesItsInputQuantization) {
  const ProcessResult result =
      Run({"--model", kDigits + "/digits_int8.tflite", "--labels", kDigits + "/labels.txt", "--top",
           "1", "--resize", "area", kDigits + "/samples/3.png", kDigits + "/samples/8.jpg"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("int8 input [1,8,8,1], mean 0, std 255"), std::string::npos)
      << result.out;
  const std::vector<std::string> lines = ResultLines(result.out);
  ASSERT_EQ(lines.size(), 2u) << result.out;
  EXPECT_EQ(IndexOf(lines[0]), 3) << result.out;
  EXPECT_EQ(IndexOf(lines[1]), 8) << result.out;
}

// A float32 model: the default normalization is 127.5 / 127.5; the digits
// model wants pixel / 255, given with --mean and --std.
TEST_F(LabelImageProgram, Float32ModelWithExplicitNormalization) {
  const ProcessResult result =
      Run({"--model", kDigits + "/digits_float.tflite", "--labels", kDigits + "/labels.txt",
           "--top", "1", "--resize", "area", "--mean", "0", "--std", "255",
           kDigits + "/samples/7.png"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("float32 input [1,8,8,1], mean 0, std 255"), std::string::npos)
      << result.out;
  const std::vector<std::string> lines = ResultLines(result.out);
  ASSERT_EQ(lines.size(), 1u) << result.out;
  EXPECT_EQ(IndexOf(lines[0]), 7) << result.out;
}

// --mean/--std replace the model's normalization: the same values give the
// same scores, others change them.
TEST_F(LabelImageProgram, MeanAndStdOverrideTheModel) {
  const std::vector<std::string> model = {"--model",
                                          kModels + "/mobilenet_v1_0.25_128_quant.tflite",
                                          "--labels", kModels + "/imagenet_labels.txt"};
  auto run = [&](const std::vector<std::string>& options) {
    std::vector<std::string> args = model;
    args.insert(args.end(), options.begin(), options.end());
    args.push_back(kModels + "/cat.bmp");
    const ProcessResult result = Run(args);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return result;
  };
  const ProcessResult by_default = run({});
  const ProcessResult same = run({"--mean", "128", "--std", "128"});
  const ProcessResult other = run({"--mean", "60", "--std", "100"});
  EXPECT_NE(other.out.find("mean 60, std 100"), std::string::npos) << other.out;
  EXPECT_EQ(ResultLines(same.out), ResultLines(by_default.out));
  EXPECT_NE(ResultLines(other.out), ResultLines(by_default.out));
}

TEST_F(LabelImageProgram, BadInputIsAOneLineError) {
  ExpectOneLineError(Run({dir_ + "/missing.png"}), "missing.png");
  const std::string corrupt = dir_ + "/corrupt.jpg";
  std::ofstream(corrupt, std::ios::binary) << std::string("\xff\xd8\xff\xe0 truncated", 14);
  ExpectOneLineError(Run({corrupt}), "corrupt.jpg");
  ExpectOneLineError(Run({"--labels", dir_ + "/no_labels.txt", kModels + "/cat.bmp"}),
                     "no_labels.txt");
}

}  // namespace
}  // namespace brasa_examples
