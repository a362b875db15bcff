// TFLite_Detection_PostProcess paths the conformance cases (float32 and uint8
// against LiteRT, tests/conformance/families/control.py) cannot reach:
// option and shape validation, and int8 inputs (LiteRT's kernel takes only
// uint8), checked against the same values given as uint8.
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "flatbuffers/flexbuffers.h"
#include "kernels/registry.h"
#include "tests/kernels/expect_error_util.h"
#include "tests/kernels/kernel_test_util.h"

namespace brasa {
namespace {

constexpr char kOp[] = "TFLite_Detection_PostProcess";
constexpr int kBoxes = 6;
constexpr int kClasses = 2;  // plus a background class

using OptionWriter = std::function<void(flexbuffers::Builder&)>;

// Valid options, except that `replaced` (a key, or "" for none, or "*" for
// all) is left out and `extra` writes more (a map's keys must be unique).
std::vector<uint8_t> Options(const std::string& replaced, const OptionWriter& extra) {
  flexbuffers::Builder builder;
  builder.Map([&] {
    auto add_int = [&](const char* key, int64_t value) {
      if (replaced != key && replaced != "*") builder.Int(key, value);
    };
    auto add_float = [&](const char* key, float value) {
      if (replaced != key && replaced != "*") builder.Float(key, value);
    };
    add_int("max_detections", 3);
    add_int("max_classes_per_detection", 1);
    add_int("num_classes", kClasses);
    add_float("nms_score_threshold", 0.1f);
    add_float("nms_iou_threshold", 0.5f);
    add_float("y_scale", 10.0f);
    add_float("x_scale", 10.0f);
    add_float("h_scale", 5.0f);
    add_float("w_scale", 5.0f);
    extra(builder);
  });
  builder.Finish();
  return builder.GetBuffer();
}

std::vector<uint8_t> ValidOptions() {
  return Options("", [](flexbuffers::Builder&) {});
}

// Box encodings, scores and anchors as small integers q; the float values
// are (q - zero_point) * scale with the zero points below.
struct Inputs {
  std::vector<int> boxes, scores, anchors;
};

Inputs SampleInputs() {
  Inputs in;
  for (int b = 0; b < kBoxes; ++b) {
    const int encoding[4] = {130 + 3 * b, 120 + 5 * b, 128 - b, 126 + 2 * b};
    in.boxes.insert(in.boxes.end(), encoding, encoding + 4);
    const int score[3] = {10, 40 + 31 * b % 200, 250 - 17 * b};
    in.scores.insert(in.scores.end(), score, score + 3);
    const int anchor[4] = {20 + 25 * (b / 3), 20 + 40 * (b % 3), 60 + 4 * b, 50 + 3 * b};
    in.anchors.insert(in.anchors.end(), anchor, anchor + 4);
  }
  return in;
}

// The sample as `type` (uint8, or int8 with every value and zero point
// shifted by -128, which dequantizes to the same floats).
template <typename T>
std::vector<T> Shifted(const std::vector<int>& values, int shift) {
  std::vector<T> out;
  for (int v : values) out.push_back(static_cast<T>(v + shift));
  return out;
}

struct Tester {
  testing::OpTester op{Register_DETECTION_POSTPROCESS()};
  std::vector<uint8_t> options;

  explicit Tester(std::vector<uint8_t> bytes) : options(std::move(bytes)) {
    internal::Node& node = op.graph().nodes[0];
    node.custom_options = options.data();
    node.custom_options_size = options.size();
  }
  void AddOutputs(int slots) {
    op.AddOutput(DataType::kFloat32, {1, slots, 4});
    op.AddOutput(DataType::kFloat32, {1, slots});
    op.AddOutput(DataType::kFloat32, {1, slots});
    op.AddOutput(DataType::kFloat32, {1});
  }
};

template <typename T>
void AddQuantizedInputs(Tester& t, DataType type, int shift, const Inputs& in) {
  t.op.AddInput(type, {1, kBoxes, 4}, Shifted<T>(in.boxes, shift),
                testing::PerTensor(0.05f, 128 + shift));
  t.op.AddInput(type, {1, kBoxes, kClasses + 1}, Shifted<T>(in.scores, shift),
                testing::PerTensor(1.0f / 256.0f, shift));
  t.op.AddConstInput(type, {kBoxes, 4}, Shifted<T>(in.anchors, shift),
                     testing::PerTensor(1.0f / 128.0f, shift));
  t.AddOutputs(3);
}

TEST(DetectionPostProcessTest, Int8MatchesUint8OfTheSameValues) {
  for (bool regular : {false, true}) {
    SCOPED_TRACE(regular ? "regular NMS" : "fast NMS");
    auto options = [regular](flexbuffers::Builder& b) { b.Bool("use_regular_nms", regular); };
    Tester as_uint8(Options("", options)), as_int8(Options("", options));
    AddQuantizedInputs<uint8_t>(as_uint8, DataType::kUInt8, 0, SampleInputs());
    AddQuantizedInputs<int8_t>(as_int8, DataType::kInt8, -128, SampleInputs());
    ASSERT_TRUE(as_uint8.op.Run().ok());
    ASSERT_TRUE(as_int8.op.Run().ok());
    EXPECT_GT(as_uint8.op.Output<float>(3)[0], 0.0f);
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(as_uint8.op.Output<float>(i), as_int8.op.Output<float>(i)) << "output " << i;
    }
  }
}

// Float inputs of the right shapes; the options decide the error.
void ExpectOptionsError(std::vector<uint8_t> options, const std::string& text) {
  Tester t(std::move(options));
  AddQuantizedInputs<uint8_t>(t, DataType::kUInt8, 0, SampleInputs());
  testing::ExpectNodeRunError(t.op, kOp, text);
}

using B = flexbuffers::Builder;

TEST(DetectionPostProcessTest, RejectsBadOptions) {
  ExpectOptionsError({}, "custom options are missing");
  ExpectOptionsError({1, 2, 3, 4, 5, 6, 7}, "not a valid FlexBuffer");
  B vector;
  vector.Vector([&] { vector.Int(1); });
  vector.Finish();
  ExpectOptionsError(vector.GetBuffer(), "must be a FlexBuffer map");
  ExpectOptionsError(Options("*", [](B& b) { b.Int("num_classes", kClasses); }),
                     "custom option 'max_detections' is missing");
  ExpectOptionsError(Options("nms_iou_threshold", [](B& b) { b.Float("nms_iou_threshold", 0); }),
                     "'nms_iou_threshold' is 0; it must lie in (0, 1]");
  ExpectOptionsError(Options("nms_iou_threshold", [](B& b) { b.Float("nms_iou_threshold", 2); }),
                     "it must lie in (0, 1]");
  ExpectOptionsError(Options("max_detections", [](B& b) { b.Int("max_detections", -2); }),
                     "'max_detections' is -2");
  ExpectOptionsError(Options("max_classes_per_detection",
                             [](B& b) { b.Int("max_classes_per_detection", 0); }),
                     "'max_classes_per_detection' is 0");
  ExpectOptionsError(Options("", [](B& b) { b.Int("detections_per_class", 0); }),
                     "'detections_per_class' is 0");
  ExpectOptionsError(Options("max_detections",
                             [](B& b) { b.UInt("max_detections", uint64_t{1} << 63); }),
                     "'max_detections' is 65537");
  ExpectOptionsError(Options("num_classes", [](B& b) { b.String("num_classes", "two"); }),
                     "'num_classes' must be an integer");
  ExpectOptionsError(Options("h_scale", [](B& b) { b.Float("h_scale", 0); }),
                     "'h_scale' must not be 0");
  ExpectOptionsError(Options("", [](B& b) { b.String("use_regular_nms", "y"); }),
                     "'use_regular_nms' must be a bool");
  // num_classes 4 does not fit predictions of 3 columns.
  ExpectOptionsError(Options("num_classes", [](B& b) { b.Int("num_classes", 4); }),
                     "class predictions must be [1, 6, 4 or 5]");
}

TEST(DetectionPostProcessTest, RejectsBadInputs) {
  const Inputs in = SampleInputs();
  {
    Tester t(ValidOptions());
    t.op.AddInput(DataType::kUInt8, {1, kBoxes, 4}, Shifted<uint8_t>(in.boxes, 0),
                  testing::PerTensor(0.05f, 128));
    t.op.AddInput(DataType::kUInt8, {1, kBoxes, 3}, Shifted<uint8_t>(in.scores, 0),
                  testing::PerTensor(0.004f, 0));
    t.op.AddConstInput(DataType::kUInt8, {kBoxes - 1, 4},
                       std::vector<uint8_t>(in.anchors.begin(), in.anchors.end() - 4),
                       testing::PerTensor(0.01f, 0));
    t.AddOutputs(3);
    testing::ExpectNodeRunError(t.op, kOp, "anchors must be [6, 4], got [5,4]");
  }
  {
    Tester t(ValidOptions());
    t.op.AddInput(DataType::kInt16, {1, kBoxes, 4}, std::vector<int16_t>(kBoxes * 4),
                  testing::PerTensor(0.05f, 0));
    t.op.AddInput(DataType::kFloat32, {1, kBoxes, 3}, std::vector<float>(kBoxes * 3));
    t.op.AddConstInput(DataType::kFloat32, {kBoxes, 4}, std::vector<float>(kBoxes * 4, 0.5f));
    t.AddOutputs(3);
    testing::ExpectNodeRunError(t.op, kOp, "box encodings must be float32, uint8 or int8");
  }
  {
    Tester t(ValidOptions());
    t.op.AddInput(DataType::kUInt8, {1, kBoxes, 4}, Shifted<uint8_t>(in.boxes, 0));
    t.op.AddInput(DataType::kFloat32, {1, kBoxes, 3}, std::vector<float>(kBoxes * 3));
    t.op.AddConstInput(DataType::kFloat32, {kBoxes, 4}, std::vector<float>(kBoxes * 4, 0.5f));
    t.AddOutputs(3);
    testing::ExpectNodeRunError(t.op, kOp, "box encodings of type uint8 needs one scale");
  }
}

TEST(DetectionPostProcessTest, InvertedDecodedBoxIsAnError) {
  // A negative anchor height turns the decoded box upside down.
  Tester t(ValidOptions());
  t.op.AddInput(DataType::kFloat32, {1, 1, 4}, std::vector<float>{0, 0, 0, 0});
  t.op.AddInput(DataType::kFloat32, {1, 1, 3}, std::vector<float>{0.1f, 0.5f, 0.9f});
  t.op.AddConstInput(DataType::kFloat32, {1, 4}, std::vector<float>{0.5f, 0.5f, -0.2f, 0.2f});
  t.AddOutputs(3);
  testing::ExpectNodeRunError(t.op, kOp, "decoded box 0 has its minimum corner past its maximum");
}

}  // namespace
}  // namespace brasa
