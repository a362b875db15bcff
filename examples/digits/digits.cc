// digits: classifies images of handwritten digits with a small int8 CNN
// trained on scikit-learn's 8x8 digits (train_digits.py). Any PNG, JPEG,
// BMP or PGM works: it is turned gray and area-averaged to 8x8.
//
//   digits [--model MODEL.tflite] [--labels LABELS.txt] IMAGE...
//
// Prints "IMAGE: LABEL (confidence C)" per image. Exit code 1 (with a
// one-line error) for a missing or unreadable image or model.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "examples/common/fail.h"
#include "examples/common/image.h"
#include "examples/common/model_runner.h"
#include "examples/digits/digit_image.h"

using brasa_examples::Fail;
using brasa_examples::ModelRunner;

int main(int argc, char** argv) {
  std::string model_path = std::string(BRASA_EXAMPLE_DIR) + "/digits_int8.tflite";
  std::string labels_path = std::string(BRASA_EXAMPLE_DIR) + "/labels.txt";
  std::vector<std::string> images;
  for (int i = 1; i < argc; ++i) {
    const bool has_value = i + 1 < argc;
    if (std::strcmp(argv[i], "--model") == 0 && has_value) {
      model_path = argv[++i];
    } else if (std::strcmp(argv[i], "--labels") == 0 && has_value) {
      labels_path = argv[++i];
    } else if (argv[i][0] == '-') {
      return Fail(std::string("unknown option '") + argv[i] + "'");
    } else {
      images.push_back(argv[i]);
    }
  }
  if (images.empty()) {
    std::fprintf(stderr, "usage: digits [--model MODEL.tflite] [--labels LABELS.txt] IMAGE...\n");
    return 2;
  }

  auto runner = ModelRunner::Load(model_path);
  if (!runner.ok()) return Fail(runner.status().message());
  auto labels = brasa_examples::ReadLabels(labels_path);
  if (!labels.ok()) return Fail(labels.status().message());

  for (const std::string& path : images) {
    auto image = brasa_examples::LoadImage(path, /*channels=*/1);
    if (!image.ok()) return Fail(image.status().message());
    brasa::Status status = (*runner)->SetInput(brasa_examples::DigitInput(*image));
    if (!status.ok()) return Fail(status.message());
    auto scores = (*runner)->Run();
    if (!scores.ok()) return Fail(scores.status().message());
    const int best = brasa_examples::TopK(*scores, 1)[0];
    std::printf("%s: %s (confidence %.2f)\n", path.c_str(),
                brasa_examples::LabelOf(*labels, best).c_str(), (*scores)[best]);
  }
  return 0;
}
