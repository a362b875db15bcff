// PersonDetector: the person detection model (TensorFlow Lite Micro's
// person_detect.tflite: MobileNet v1 0.25, 96x96 grayscale, int8) on images
// of any size.
#ifndef BRASA_EXAMPLES_PERSON_DETECTION_PERSON_DETECTOR_H_
#define BRASA_EXAMPLES_PERSON_DETECTION_PERSON_DETECTOR_H_

#include <memory>
#include <string>

#include "examples/common/image.h"
#include "examples/common/model_runner.h"

namespace brasa_examples {

struct PersonScores {
  float person = 0.0f;     // output index 1
  float no_person = 0.0f;  // output index 0
  bool is_person() const { return person > no_person; }
};

class PersonDetector {
 public:
  // Checks that the model takes int8 [1,96,96,1] and gives 2 scores.
  static brasa::Result<std::unique_ptr<PersonDetector>> Load(const std::string& model_path);

  // Area-averages the gray `image` to 96x96 and feeds pixel p as p - 128
  // (the input's scale 1/127.5 and zero point -1 map 0..255 to [-1, 1]).
  brasa::Result<PersonScores> Detect(const Image& image);

 private:
  explicit PersonDetector(std::unique_ptr<ModelRunner> runner) : runner_(std::move(runner)) {}
  std::unique_ptr<ModelRunner> runner_;
};

}  // namespace brasa_examples

#endif  // BRASA_EXAMPLES_PERSON_DETECTION_PERSON_DETECTOR_H_
