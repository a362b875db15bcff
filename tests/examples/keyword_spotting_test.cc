// The keyword_spotting example: accuracy on clips spoken by held-out voices
// (features made by the C++ front end at training time), the front end
// itself, the program on the sample WAVs and a recorded stream, and WAVs
// it must refuse.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "examples/common/model_runner.h"
#include "examples/keyword_spotting/audio_features.h"
#include "tests/examples/example_process.h"
#include "tools/npy.h"

namespace brasa_examples {
namespace {

const std::string kDir = std::string(BRASA_SOURCE_DIR) + "/examples/keyword_spotting";

TEST(KeywordSpottingExample, Int8HeldOutVoicesAccuracyIsAtLeast90Percent) {
  auto features = brasa::tools::ReadNpy(kDir + "/heldout_features.npy");  // int8, model input
  auto labels = brasa::tools::ReadNpy(kDir + "/heldout_labels.npy");
  ASSERT_TRUE(features.ok() && labels.ok());
  const int count = labels->shape[0];
  ASSERT_GE(count, 150);
  ASSERT_EQ(features->shape, (brasa::Shape{count, kFrames, kMelBands}));
  auto runner = ModelRunner::Load(kDir + "/keywords_int8.tflite");
  ASSERT_TRUE(runner.ok()) << runner.status().ToString();
  const brasa::Tensor& input = (*runner)->input();
  ASSERT_EQ(input.type, brasa::DataType::kInt8);
  ASSERT_EQ(input.bytes, static_cast<size_t>(kFeatureCount));
  int correct = 0;
  for (int i = 0; i < count; ++i) {
    std::copy_n(features->bytes.begin() + static_cast<std::ptrdiff_t>(i) * kFeatureCount,
                kFeatureCount, (*runner)->input_data<int8_t>());
    auto scores = (*runner)->Run();
    ASSERT_TRUE(scores.ok());
    correct += TopK(*scores, 1)[0] == labels->bytes[static_cast<size_t>(i)];
  }
  std::printf("keywords_int8.tflite: held-out voices accuracy %.2f%% (%d of %d)\n",
              100.0 * correct / count, correct, count);
  EXPECT_GE(static_cast<double>(correct) / count, 0.90);
}

// A pure tone lights one mel band, the same in every frame, and a higher
// tone a higher band; features are normalized (mean 0, deviation 1).
TEST(KeywordSpottingExample, FrontEndPutsTonesInTheirBands) {
  AudioFrontEnd front_end;
  std::vector<float> clip(kClipSamples), features(kFeatureCount);
  int previous_band = -1;
  for (double hz : {300.0, 1000.0, 3000.0}) {
    for (int i = 0; i < kClipSamples; ++i) {
      clip[static_cast<size_t>(i)] =
          static_cast<float>(0.5 * std::sin(2 * 3.14159265358979 * hz * i / kSampleRate));
    }
    front_end.Compute(clip.data(), features.data());
    double sum = 0.0, squares = 0.0;
    for (float f : features) sum += f, squares += f * f;
    EXPECT_NEAR(sum / kFeatureCount, 0.0, 1e-4);
    EXPECT_NEAR(squares / kFeatureCount, 1.0, 1e-3);
    int band0 = -1;
    for (int frame = 0; frame < kFrames; ++frame) {
      const float* row = features.data() + frame * kMelBands;
      const int band = static_cast<int>(std::max_element(row, row + kMelBands) - row);
      if (frame == 0) band0 = band;
      EXPECT_EQ(band, band0) << hz << " Hz, frame " << frame;
    }
    EXPECT_GT(band0, previous_band) << hz << " Hz";
    previous_band = band0;
  }
}

class KeywordSpottingProgram : public ExampleProgramTest {
 protected:
  KeywordSpottingProgram() : ExampleProgramTest(BRASA_KEYWORD_SPOTTING_PATH) {}
  // A 16-bit PCM WAV of `frames` silent frames.
  std::string WriteWav(const std::string& name, int rate, int channels, int frames) {
    auto u32 = [](uint32_t v) {
      return std::string{char(v), char(v >> 8), char(v >> 16), char(v >> 24)};
    };
    auto u16 = [](uint32_t v) { return std::string{char(v), char(v >> 8)}; };
    const uint32_t data_bytes = static_cast<uint32_t>(frames * channels * 2);
    const std::string wav = "RIFF" + u32(36 + data_bytes) + "WAVEfmt " + u32(16) + u16(1) +
                            u16(channels) + u32(rate) + u32(rate * channels * 2) +
                            u16(channels * 2) + u16(16) + "data" + u32(data_bytes) +
                            std::string(data_bytes, '\0');
    const std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << wav;
    return path;
  }
};

TEST_F(KeywordSpottingProgram, HearsTheSampleWords) {
  for (const std::string word : {"yes", "no", "stop", "go"}) {
    const std::string path = kDir + "/samples/" + word + ".wav";
    const ProcessResult result = Run({path});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out.rfind(path + ": " + word + " ", 0), 0u) << result.out;
  }
  // A silent clip is silence.
  const std::string quiet = WriteWav("quiet.wav", 16000, 1, 16000);
  const ProcessResult result = Run({quiet});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, quiet + ": silence 1.00\n");
}

TEST_F(KeywordSpottingProgram, StreamFindsEachWordOnce) {
  const ProcessResult result = Run({"--stream", kDir + "/samples/stream_left_up_off.wav"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(CountLines(result.out), 3) << result.out;
  const size_t left = result.out.find(": left "), up = result.out.find(": up "),
               off = result.out.find(": off ");
  EXPECT_NE(left, std::string::npos) << result.out;
  EXPECT_NE(up, std::string::npos) << result.out;
  EXPECT_NE(off, std::string::npos) << result.out;
  EXPECT_LT(left, up);
  EXPECT_LT(up, off);
}

TEST_F(KeywordSpottingProgram, BadWavIsAOneLineError) {
  ExpectOneLineError(Run({dir_ + "/missing.wav"}), "missing.wav");
  ExpectOneLineError(Run({WriteWav("cd.wav", 44100, 1, 44100)}),
                     "sample rate 44100 Hz, expected 16000");
  ExpectOneLineError(Run({WriteWav("stereo.wav", 16000, 2, 16000)}), "2 channels, expected mono");
  const std::string text = dir_ + "/text.wav";
  std::ofstream(text) << "not a wav file at all";
  ExpectOneLineError(Run({text}), "not a WAV file");
  ExpectOneLineError(Run({"--stream", WriteWav("short.wav", 16000, 1, 8000)}), "shorter than 1 s");
}

}  // namespace
}  // namespace brasa_examples
