// The digits example: held-out accuracy through brasa (int8 and float32),
// the program's predictions on the bundled sample images, inverted and
// resized images, and a one-line error with exit code 1 for bad input.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "examples/common/image.h"
#include "examples/common/model_runner.h"
#include "examples/digits/digit_image.h"
#include "stb_image_write.h"
#include "tests/examples/example_process.h"
#include "tools/npy.h"

namespace brasa_examples {
namespace {

const std::string kDir = std::string(BRASA_SOURCE_DIR) + "/examples/digits";

struct HeldOut {
  std::vector<Image> images;
  std::vector<int> labels;
};

HeldOut LoadHeldOut() {
  HeldOut set;
  auto images = brasa::tools::ReadNpy(kDir + "/heldout_images.npy");
  auto labels = brasa::tools::ReadNpy(kDir + "/heldout_labels.npy");
  EXPECT_TRUE(images.ok()) << images.status().ToString();
  EXPECT_TRUE(labels.ok()) << labels.status().ToString();
  if (!images.ok() || !labels.ok()) return set;
  EXPECT_EQ(images->type, brasa::DataType::kUInt8);
  EXPECT_EQ(images->shape, (brasa::Shape{labels->shape[0], kDigitSide, kDigitSide}));
  const size_t pixels = kDigitSide * kDigitSide;
  for (int i = 0; i < labels->shape[0]; ++i) {
    Image image;
    image.width = image.height = kDigitSide;
    image.channels = 1;
    image.pixels.assign(images->bytes.begin() + static_cast<std::ptrdiff_t>(i * pixels),
                        images->bytes.begin() + static_cast<std::ptrdiff_t>((i + 1) * pixels));
    set.images.push_back(image);
    set.labels.push_back(labels->bytes[static_cast<size_t>(i)]);
  }
  return set;
}

double HeldOutAccuracy(const std::string& model_file) {
  const HeldOut set = LoadHeldOut();
  auto runner = ModelRunner::Load(kDir + "/" + model_file);
  EXPECT_TRUE(runner.ok()) << runner.status().ToString();
  if (!runner.ok() || set.labels.empty()) return 0.0;
  int correct = 0;
  for (size_t i = 0; i < set.labels.size(); ++i) {
    EXPECT_TRUE((*runner)->SetInput(DigitInput(set.images[i])).ok());
    auto scores = (*runner)->Run();
    EXPECT_TRUE(scores.ok()) << scores.status().ToString();
    if (scores.ok()) correct += TopK(*scores, 1)[0] == set.labels[i];
  }
  const double accuracy = static_cast<double>(correct) / static_cast<double>(set.labels.size());
  std::printf("%s: held-out accuracy %.2f%% (%d of %zu)\n", model_file.c_str(), 100 * accuracy,
              correct, set.labels.size());
  return accuracy;
}

TEST(DigitsExample, HeldOutSetIsLargeEnough) { EXPECT_GE(LoadHeldOut().labels.size(), 400u); }

TEST(DigitsExample, Int8HeldOutAccuracyIsAtLeast97Percent) {
  EXPECT_GE(HeldOutAccuracy("digits_int8.tflite"), 0.97);
}

TEST(DigitsExample, FloatHeldOutAccuracyIsAtLeast97Percent) {
  EXPECT_GE(HeldOutAccuracy("digits_float.tflite"), 0.97);
}

class DigitsProgram : public ExampleProgramTest {
 protected:
  DigitsProgram() : ExampleProgramTest(BRASA_DIGITS_PATH) {}
};

TEST_F(DigitsProgram, ClassifiesEverySampleImage) {
  const std::vector<std::string> names = {"0.png", "1.png", "2.png", "3.png", "4.png",
                                          "5.png", "6.png", "7.png", "8.jpg", "9.pgm"};
  std::vector<std::string> paths;
  for (const std::string& name : names) paths.push_back(kDir + "/samples/" + name);
  const ProcessResult result = Run(paths);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  ASSERT_EQ(CountLines(result.out), 10) << result.out;
  size_t line_start = 0;
  for (size_t i = 0; i < names.size(); ++i) {
    const size_t line_end = result.out.find('\n', line_start);
    const std::string line = result.out.substr(line_start, line_end - line_start);
    // "PATH: D (confidence C)" with D the digit the file name says.
    const std::string expected = paths[i] + ": " + names[i].substr(0, 1) + " (confidence ";
    EXPECT_EQ(line.rfind(expected, 0), 0u) << line;
    line_start = line_end + 1;
  }
}

// A dark-on-light, non-square, larger drawing of a held-out digit.
TEST_F(DigitsProgram, InvertsAndResizesAnyImage) {
  const HeldOut set = LoadHeldOut();
  ASSERT_FALSE(set.labels.empty());
  auto runner = ModelRunner::Load(kDir + "/digits_int8.tflite");
  ASSERT_TRUE(runner.ok());
  int checked = 0;
  for (size_t i = 0; i < set.labels.size() && checked < 5; i += 37, ++checked) {
    const int scale_x = 6, scale_y = 5;
    const int width = kDigitSide * scale_x, height = kDigitSide * scale_y;
    std::vector<uint8_t> big(static_cast<size_t>(width * height));
    for (int y = 0; y < height; ++y) {
      for (int x = 0; x < width; ++x) {
        const uint8_t pixel =
            set.images[i].pixels[static_cast<size_t>(y / scale_y * kDigitSide + x / scale_x)];
        big[static_cast<size_t>(y * width + x)] = static_cast<uint8_t>(255 - pixel);
      }
    }
    const std::string path = dir_ + "/drawn.png";
    ASSERT_NE(stbi_write_png(path.c_str(), width, height, 1, big.data(), width), 0);
    // The program's answer equals the library's answer on the original image.
    ASSERT_TRUE((*runner)->SetInput(DigitInput(set.images[i])).ok());
    auto scores = (*runner)->Run();
    ASSERT_TRUE(scores.ok());
    const ProcessResult result = Run({path});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out.rfind(path + ": " + std::to_string(TopK(*scores, 1)[0]) + " (", 0), 0u)
        << result.out;
  }
}

TEST_F(DigitsProgram, MissingImageIsAOneLineError) {
  ExpectOneLineError(Run({dir_ + "/no_such_digit.png"}), "no_such_digit.png");
}

TEST_F(DigitsProgram, CorruptImageIsAOneLineError) {
  const std::string png = ReadWholeFile(kDir + "/samples/3.png");
  ASSERT_GT(png.size(), 40u);
  const std::string truncated = dir_ + "/truncated.png", garbage = dir_ + "/garbage.jpg";
  std::ofstream(truncated, std::ios::binary) << png.substr(0, png.size() / 2);
  std::ofstream(garbage, std::ios::binary) << "this is not an image at all";
  ExpectOneLineError(Run({truncated}), "truncated.png");
  ExpectOneLineError(Run({garbage}), "garbage.jpg");
}

TEST_F(DigitsProgram, MissingModelIsAOneLineError) {
  ExpectOneLineError(Run({"--model", dir_ + "/none.tflite", kDir + "/samples/3.png"}),
                     "none.tflite");
}

}  // namespace
}  // namespace brasa_examples
