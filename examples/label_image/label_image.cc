// label_image: classifies images with any image-classification .tflite
// (float32, int8 or uint8 input, NHWC or NCHW, 1 or 3 channels), like
// TensorFlow Lite's label_image tool.
//
//   label_image [--model M.tflite] [--labels LABELS.txt] [--top K]
//               [--mean M] [--std S] [--resize bilinear|area] IMAGE...
//
// Each image (JPEG, PNG, BMP, ...) is resized to the model's input size and
// normalized as (pixel - mean) / std. By default mean and std come from the
// input's quantization, so that pixels reach the model unchanged (uint8:
// mean = zero point, std = 1 / scale), or are 127.5 / 127.5 for float
// models. Prints the top K labels with their scores and the invoke time.
// Exit code 1 (one-line error) for a missing or unreadable file.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "examples/common/fail.h"
#include "examples/common/image.h"
#include "examples/common/model_runner.h"

using brasa_examples::Fail;
using brasa_examples::ModelRunner;

namespace {

struct InputLayout {
  int height = 0, width = 0, channels = 0;
  bool nchw = false;  // e.g. models converted from PyTorch: [1,C,H,W]
};

brasa::Result<InputLayout> LayoutOf(const brasa::Tensor& input) {
  InputLayout layout;
  if (input.rank() == 4 && input.dim(0) == 1) {
    const bool channels_last = input.dim(3) == 1 || input.dim(3) == 3;
    layout.nchw = !channels_last && (input.dim(1) == 1 || input.dim(1) == 3);
    if (channels_last || layout.nchw) {
      layout.channels = layout.nchw ? input.dim(1) : input.dim(3);
      layout.height = layout.nchw ? input.dim(2) : input.dim(1);
      layout.width = layout.nchw ? input.dim(3) : input.dim(2);
      return layout;
    }
  }
  return brasa::UnsupportedError("the model's input " + brasa::ShapeToString(input.shape) +
                                 " is not one image of 1 or 3 channels");
}

// The normalization that feeds pixels to a quantized input unchanged.
void DefaultNormalization(const brasa::Tensor& input, float* mean, float* std) {
  if (input.type == brasa::DataType::kFloat32 || !input.quantization.is_quantized()) {
    *mean = 127.5f;
    *std = 127.5f;
    return;
  }
  const float offset = input.type == brasa::DataType::kInt8 ? 128.0f : 0.0f;
  *mean = static_cast<float>(input.quantization.zero_point()) + offset;
  *std = 1.0f / input.quantization.scale();
}

std::vector<float> ModelInput(const brasa_examples::FloatImage& image, const InputLayout& layout,
                              float mean, float std) {
  std::vector<float> values(image.pixels.size());
  const size_t plane = static_cast<size_t>(layout.height) * layout.width;
  for (size_t pixel = 0; pixel < plane; ++pixel) {
    for (int c = 0; c < layout.channels; ++c) {
      const size_t to = layout.nchw ? c * plane + pixel : pixel * layout.channels + c;
      values[to] = (image.pixels[pixel * layout.channels + c] - mean) / std;
    }
  }
  return values;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string shared = BRASA_SHARED_MODELS_DIR;
  std::string model_path = shared + "/mobilenet_v1_0.25_128_quant.tflite";
  std::string labels_path = shared + "/imagenet_labels.txt";
  std::string mean_text, std_text;
  int top = 5;
  auto filter = brasa_examples::ResizeFilter::kBilinear;
  std::vector<std::string> images;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--model" && has_value) {
      model_path = argv[++i];
    } else if (arg == "--labels" && has_value) {
      labels_path = argv[++i];
    } else if (arg == "--top" && has_value) {
      top = std::atoi(argv[++i]);
    } else if (arg == "--mean" && has_value) {
      mean_text = argv[++i];
    } else if (arg == "--std" && has_value) {
      std_text = argv[++i];
    } else if (arg == "--resize" && has_value) {
      const std::string kind = argv[++i];
      if (kind != "bilinear" && kind != "area") return Fail("--resize takes bilinear or area");
      filter = kind == "area" ? brasa_examples::ResizeFilter::kArea : filter;
    } else if (arg[0] == '-') {
      return Fail("unknown option '" + arg + "'");
    } else {
      images.push_back(arg);
    }
  }
  if (images.empty()) {
    std::fprintf(stderr,
                 "usage: label_image [--model M.tflite] [--labels LABELS.txt] [--top K]\n"
                 "                   [--mean M] [--std S] [--resize bilinear|area] IMAGE...\n");
    return 2;
  }

  auto runner = ModelRunner::Load(model_path);
  if (!runner.ok()) return Fail(runner.status().message());
  auto labels = brasa_examples::ReadLabels(labels_path);
  if (!labels.ok()) return Fail(labels.status().message());
  const brasa::Tensor& input = (*runner)->input();
  auto layout = LayoutOf(input);
  if (!layout.ok()) return Fail(model_path + ": " + layout.status().message());
  float mean = 0.0f, std = 1.0f;
  DefaultNormalization(input, &mean, &std);
  if (!mean_text.empty()) mean = std::strtof(mean_text.c_str(), nullptr);
  if (!std_text.empty()) std = std::strtof(std_text.c_str(), nullptr);
  if (!(std > 0.0f)) return Fail("--std must be a positive number");
  std::printf("%s: %s input %s, mean %g, std %g\n", model_path.c_str(),
              brasa::DataTypeName(input.type), brasa::ShapeToString(input.shape).c_str(), mean,
              std);

  for (const std::string& path : images) {
    auto image = brasa_examples::LoadImage(path, layout->channels);
    if (!image.ok()) return Fail(image.status().message());
    const auto resized = brasa_examples::ResizeImage(*image, layout->width, layout->height, filter);
    brasa::Status status = (*runner)->SetInput(ModelInput(resized, *layout, mean, std));
    if (!status.ok()) return Fail(status.message());
    const auto start = std::chrono::steady_clock::now();
    auto scores = (*runner)->Run();
    const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
    if (!scores.ok()) return Fail(scores.status().message());
    std::printf("%s (%.2f ms)\n", path.c_str(), took.count());
    for (int index : brasa_examples::TopK(*scores, top)) {
      std::printf("  %.4f  %4d  %s\n", (*scores)[index], index,
                  brasa_examples::LabelOf(*labels, index).c_str());
    }
  }
  return 0;
}
