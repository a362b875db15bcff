#include "examples/person_detection/person_detector.h"

#include <algorithm>
#include <cmath>

namespace brasa_examples {

constexpr int kSide = 96;

brasa::Result<std::unique_ptr<PersonDetector>> PersonDetector::Load(const std::string& model_path) {
  auto runner = ModelRunner::Load(model_path);
  if (!runner.ok()) return runner.status();
  const brasa::Tensor& input = (*runner)->input();
  if (input.type != brasa::DataType::kInt8 || input.shape != brasa::Shape{1, kSide, kSide, 1} ||
      (*runner)->output().element_count() != 2) {
    return brasa::InvalidArgumentError(model_path +
                                       ": expected an int8 [1,96,96,1] input and 2 "
                                       "scores, like person_detect.tflite");
  }
  return std::unique_ptr<PersonDetector>(new PersonDetector(std::move(*runner)));
}

brasa::Result<PersonScores> PersonDetector::Detect(const Image& image) {
  const FloatImage small = ResizeImage(image, kSide, kSide, ResizeFilter::kArea);
  int8_t* input = runner_->input_data<int8_t>();
  for (size_t i = 0; i < small.pixels.size(); ++i) {
    const float pixel = std::min(255.0f, std::max(0.0f, std::round(small.pixels[i])));
    input[i] = static_cast<int8_t>(static_cast<int>(pixel) - 128);
  }
  auto scores = runner_->Run();
  if (!scores.ok()) return scores.status();
  PersonScores result;
  result.no_person = (*scores)[0];
  result.person = (*scores)[1];
  return result;
}

}  // namespace brasa_examples
