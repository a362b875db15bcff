// The person_detection example on photos made from the shared test images
// (person.bmp / no_person.bmp hold raw int8 input bytes, not photos: see
// /work/shared/models/README.md), at other sizes and formats, on a recorded
// camera frame sequence, and with bad input.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "examples/common/model_runner.h"
#include "stb_image_write.h"
#include "tests/examples/example_process.h"

namespace brasa_examples {
namespace {

constexpr int kSide = 96;
const std::string kModels = BRASA_SHARED_MODELS_DIR;

// The model's input bytes stored in a shared BMP: rows flipped to top first.
std::vector<uint8_t> InputBytesFromBmp(const std::string& name) {
  const std::string file = ReadWholeFile(kModels + "/" + name);
  EXPECT_GT(file.size(), 54u + kSide * kSide) << name;
  if (file.size() < 54u + kSide * kSide) return {};
  const uint32_t offset = static_cast<uint8_t>(file[10]) | static_cast<uint8_t>(file[11]) << 8 |
                          static_cast<uint8_t>(file[12]) << 16;
  std::vector<uint8_t> bytes(kSide * kSide);
  for (int row = 0; row < kSide; ++row) {  // 96 bytes per row: no padding
    const size_t from = offset + static_cast<size_t>(kSide - 1 - row) * kSide;
    for (int x = 0; x < kSide; ++x) bytes[static_cast<size_t>(row * kSide + x)] = file[from + x];
  }
  return bytes;
}

// The photo behind those bytes: pixel = (byte + 128) mod 256, `scale` times larger.
std::vector<uint8_t> PhotoFromInputBytes(const std::vector<uint8_t>& bytes, int scale) {
  const int side = kSide * scale;
  std::vector<uint8_t> photo(static_cast<size_t>(side * side));
  for (int y = 0; y < side; ++y) {
    for (int x = 0; x < side; ++x) {
      photo[static_cast<size_t>(y * side + x)] =
          static_cast<uint8_t>(bytes[static_cast<size_t>(y / scale * kSide + x / scale)] + 128);
    }
  }
  return photo;
}

// The line the program must print for `bytes` fed to the model unchanged.
std::string ExpectedLine(const std::string& what, const std::vector<uint8_t>& bytes) {
  auto runner = ModelRunner::Load(kModels + "/person_detect.tflite");
  EXPECT_TRUE(runner.ok()) << runner.status().ToString();
  if (!runner.ok()) return "";
  std::copy(bytes.begin(), bytes.end(), reinterpret_cast<uint8_t*>((*runner)->input_data<int8_t>()));
  auto scores = (*runner)->Run();
  EXPECT_TRUE(scores.ok());
  const float no_person = (*scores)[0], person = (*scores)[1];
  char line[256];
  std::snprintf(line, sizeof(line), "%s: %s (person %.3f, no person %.3f)\n", what.c_str(),
                person > no_person ? "person" : "no person", person, no_person);
  return line;
}

class PersonDetectionProgram : public ExampleProgramTest {
 protected:
  PersonDetectionProgram() : ExampleProgramTest(BRASA_PERSON_DETECTION_PATH) {}
  void SetUp() override {
    ExampleProgramTest::SetUp();
    person_ = InputBytesFromBmp("person.bmp");
    no_person_ = InputBytesFromBmp("no_person.bmp");
    ASSERT_FALSE(person_.empty());
    ASSERT_FALSE(no_person_.empty());
  }
  // Writes the photo behind `bytes`, `scale` times larger, as PNG, BMP or JPEG.
  std::string WritePhoto(const std::string& name, const std::vector<uint8_t>& bytes, int scale) {
    const std::vector<uint8_t> photo = PhotoFromInputBytes(bytes, scale);
    const std::string path = dir_ + "/" + name;
    const int side = kSide * scale;
    const std::string ext = name.substr(name.size() - 3);
    const int ok = ext == "png"   ? stbi_write_png(path.c_str(), side, side, 1, photo.data(), side)
                   : ext == "bmp" ? stbi_write_bmp(path.c_str(), side, side, 1, photo.data())
                                  : stbi_write_jpg(path.c_str(), side, side, 1, photo.data(), 95);
    EXPECT_NE(ok, 0) << path;
    return path;
  }
  std::vector<uint8_t> person_, no_person_;
};

// A 96x96 photo reaches the model as exactly the shared test's input bytes.
TEST_F(PersonDetectionProgram, PhotosGiveTheReferenceInputAndScores) {
  const std::string person = WritePhoto("person.png", person_, 1);
  const std::string no_person = WritePhoto("no_person.png", no_person_, 1);
  const ProcessResult result = Run({person, no_person});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string person_line = ExpectedLine(person, person_);
  const std::string no_person_line = ExpectedLine(no_person, no_person_);
  EXPECT_EQ(result.out, person_line + no_person_line);
  EXPECT_NE(person_line.find(": person ("), std::string::npos) << person_line;
  EXPECT_NE(no_person_line.find(": no person ("), std::string::npos) << no_person_line;
}

TEST_F(PersonDetectionProgram, AnySizeAndFormat) {
  // 2x larger: area averaging gives back the same 96x96 input, same scores.
  const std::string bmp = WritePhoto("person_192.bmp", person_, 2);
  ProcessResult result = Run({bmp});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, ExpectedLine(bmp, person_));
  // JPEG is lossy: only the verdict must hold.
  const std::string person_jpg = WritePhoto("person_288.jpg", person_, 3);
  const std::string no_person_jpg = WritePhoto("no_person_288.jpg", no_person_, 3);
  result = Run({person_jpg, no_person_jpg});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find(person_jpg + ": person ("), std::string::npos) << result.out;
  EXPECT_NE(result.out.find(no_person_jpg + ": no person ("), std::string::npos) << result.out;
}

TEST_F(PersonDetectionProgram, CameraModeReadsARecordedFrameSequence) {
  const std::string frames = dir_ + "/frames";
  ASSERT_EQ(::mkdir(frames.c_str(), 0700), 0);
  WritePhoto("frames/frame_000.png", person_, 1);
  WritePhoto("frames/frame_001.png", no_person_, 1);
  WritePhoto("frames/frame_002.bmp", person_, 2);
  ProcessResult result = Run({"--camera", frames});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, ExpectedLine("frame 0", person_) + ExpectedLine("frame 1", no_person_) +
                            ExpectedLine("frame 2", person_));
  result = Run({"--camera", frames, "--frames", "2"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(CountLines(result.out), 2) << result.out;
}

TEST_F(PersonDetectionProgram, BadInputIsAOneLineError) {
  ExpectOneLineError(Run({dir_ + "/missing.jpg"}), "missing.jpg");
  const std::string corrupt = dir_ + "/corrupt.bmp";
  std::ofstream(corrupt, std::ios::binary) << "BM not really a bitmap";
  ExpectOneLineError(Run({corrupt}), "corrupt.bmp");
  ExpectOneLineError(Run({"--camera", dir_ + "/no_camera_here"}), "no_camera_here");
  // A device that is not a camera goes through the V4L2 code and is refused.
  ExpectOneLineError(Run({"--camera", "/dev/null"}), "/dev/null: not a V4L2 device");
  // A model with the wrong input (the digits classifier).
  ExpectOneLineError(
      Run({"--model", std::string(BRASA_SOURCE_DIR) + "/examples/digits/digits_int8.tflite",
           corrupt}),
      "digits_int8.tflite");
}

}  // namespace
}  // namespace brasa_examples
