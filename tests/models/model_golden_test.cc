// End-to-end: real TensorFlow Lite models against outputs of TensorFlow Lite
// itself (tests/models/golden, made by tools/golden/make_goldens.py with
// LiteRT's reference kernels). Integer outputs must match exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "brasa/interpreter.h"
#include "tools/npy.h"

namespace brasa {
namespace {

struct GoldenCase {
  const char* golden;  // directory under tests/models/golden
  const char* model;   // path relative to the shared models or source dir
  bool bundled;        // true: examples/, false: ../shared/models
};

void PrintTo(const GoldenCase& c, std::ostream* os) { *os << c.golden; }

std::string ModelPath(const GoldenCase& c) {
  return c.bundled ? std::string(BRASA_SOURCE_DIR) + "/" + c.model
                   : std::string(BRASA_SHARED_MODELS_DIR) + "/" + c.model;
}

std::string GoldenPath(const GoldenCase& c, const std::string& file) {
  return std::string(BRASA_SOURCE_DIR) + "/tests/models/golden/" + c.golden + "/" + file;
}

// Runs the case; returns the interpreter so tests can look further.
std::unique_ptr<Interpreter> RunCase(const GoldenCase& c, std::unique_ptr<Model>* model_out) {
  auto model = Model::FromFile(ModelPath(c));
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  if (!model.ok()) return nullptr;
  auto interpreter = Interpreter::Create(**model, OpResolver::WithAllBuiltins());
  EXPECT_TRUE(interpreter.ok()) << interpreter.status().ToString();
  if (!interpreter.ok()) return nullptr;
  Status status = (*interpreter)->AllocateTensors();
  EXPECT_TRUE(status.ok()) << status.ToString();
  if (!status.ok()) return nullptr;
  for (int i = 0; i < (*interpreter)->num_inputs(); ++i) {
    auto input = tools::ReadNpy(GoldenPath(c, "input_" + std::to_string(i) + ".npy"));
    EXPECT_TRUE(input.ok()) << input.status().ToString();
    if (!input.ok()) return nullptr;
    const Tensor* tensor = (*interpreter)->input(i);
    EXPECT_EQ(input->type, tensor->type);
    EXPECT_EQ(input->shape, tensor->shape);
    if (input->bytes.size() != tensor->bytes) return nullptr;
    std::memcpy((*interpreter)->input_data(i), input->bytes.data(), tensor->bytes);
  }
  status = (*interpreter)->Invoke();
  EXPECT_TRUE(status.ok()) << status.ToString();
  if (!status.ok()) return nullptr;
  *model_out = std::move(model.value());
  return std::move(interpreter.value());
}

void ExpectMatchesGolden(const GoldenCase& c, const Interpreter& interpreter) {
  for (int j = 0; j < interpreter.num_outputs(); ++j) {
    auto golden = tools::ReadNpy(GoldenPath(c, "output_" + std::to_string(j) + ".npy"));
    ASSERT_TRUE(golden.ok()) << golden.status().ToString();
    const Tensor& output = *interpreter.output(j);
    ASSERT_EQ(golden->type, output.type);
    ASSERT_EQ(golden->shape, output.shape);
    ASSERT_EQ(golden->bytes.size(), output.bytes);
    if (output.type == DataType::kFloat32) {
      const float* expected = reinterpret_cast<const float*>(golden->bytes.data());
      const float* actual = output.data_as<float>();
      for (int64_t i = 0; i < output.element_count(); ++i) {
        EXPECT_NEAR(actual[i], expected[i], 1e-5 * std::max(1.0f, std::fabs(expected[i])))
            << c.golden << " output " << j << " element " << i;
      }
    } else {
      int mismatches = 0;
      for (size_t b = 0; b < output.bytes; ++b) {
        mismatches += golden->bytes[b] != output.data_as<uint8_t>()[b];
      }
      EXPECT_EQ(mismatches, 0) << c.golden << " output " << j << ": " << mismatches
                               << " of " << output.bytes << " bytes differ from TensorFlow Lite";
    }
  }
}

class ModelGoldenTest : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(ModelGoldenTest, MatchesTensorFlowLiteReference) {
  std::unique_ptr<Model> model;
  auto interpreter = RunCase(GetParam(), &model);
  ASSERT_NE(interpreter, nullptr);
  ExpectMatchesGolden(GetParam(), *interpreter);
}

TEST_P(ModelGoldenTest, ArenaWithinFivePercentOfLowerBound) {
  std::unique_ptr<Model> model;
  auto interpreter = RunCase(GetParam(), &model);
  ASSERT_NE(interpreter, nullptr);
  EXPECT_GE(interpreter->arena_bytes(), interpreter->arena_lower_bound());
  EXPECT_LE(static_cast<double>(interpreter->arena_bytes()),
            1.05 * static_cast<double>(interpreter->arena_lower_bound()));
}

INSTANTIATE_TEST_SUITE_P(
    SharedModels, ModelGoldenTest,
    ::testing::Values(
        GoldenCase{"hello_world_float", "hello_world_float.tflite", false},
        GoldenCase{"hello_world_int8", "hello_world_int8.tflite", false},
        GoldenCase{"person_detect_person", "person_detect.tflite", false},
        GoldenCase{"person_detect_no_person", "person_detect.tflite", false},
        GoldenCase{"micro_speech_quantized", "micro_speech_quantized.tflite", false},
        GoldenCase{"mobilenet_v2_quantized_1x3x224x224", "mobilenet_v2_quantized_1x3x224x224.tflite", false},
        GoldenCase{"simple_add_model", "simple_add_model.tflite", false},
        GoldenCase{"mobilenet_v1_0.25_128_quant_cat", "mobilenet_v1_0.25_128_quant.tflite", false},
        GoldenCase{"keyword_scrambled", "keyword_scrambled.tflite", false},
        GoldenCase{"trained_lstm", "trained_lstm.tflite", false},
        GoldenCase{"trained_lstm_int8", "trained_lstm_int8.tflite", false},
        GoldenCase{"sine_float", "examples/hello_world/sine_float.tflite", true},
        GoldenCase{"sine_int8", "examples/hello_world/sine_int8.tflite", true}),
    [](const ::testing::TestParamInfo<GoldenCase>& info) {
      std::string name = info.param.golden;
      std::replace_if(name.begin(), name.end(), [](char ch) { return !std::isalnum(ch); }, '_');
      return name;
    });

// The model's own judgement on the person-detection test images.
TEST(PersonDetectTest, ScoresPersonAndNoPersonImages) {
  for (const char* golden : {"person_detect_person", "person_detect_no_person"}) {
    std::unique_ptr<Model> model;
    auto interpreter = RunCase(GoldenCase{golden, "person_detect.tflite", false}, &model);
    ASSERT_NE(interpreter, nullptr);
    const int8_t* scores = interpreter->output(0)->data_as<int8_t>();
    const bool person_image = std::string(golden) == "person_detect_person";
    if (person_image) {
      EXPECT_GT(scores[1], scores[0]) << "person.bmp should score person over no-person";
    } else {
      EXPECT_GT(scores[0], scores[1]) << "no_person.bmp should score no-person over person";
    }
  }
}

// mobilenet_v1_0.25_128_quant (uint8) on cat.bmp: a domestic cat, labels 281-285
// in the 1001-label list (index 0 = background).
TEST(MobilenetV1Uint8Test, ClassifiesTheCatPhoto) {
  std::unique_ptr<Model> model;
  auto interpreter = RunCase(
      GoldenCase{"mobilenet_v1_0.25_128_quant_cat", "mobilenet_v1_0.25_128_quant.tflite", false},
      &model);
  ASSERT_NE(interpreter, nullptr);
  const Tensor& output = *interpreter->output(0);
  ASSERT_EQ(output.element_count(), 1001);
  const uint8_t* scores = output.data_as<uint8_t>();
  const int top = static_cast<int>(std::max_element(scores, scores + 1001) - scores);
  EXPECT_GE(top, 282);
  EXPECT_LE(top, 286);
}

}  // namespace
}  // namespace brasa
