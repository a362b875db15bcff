// person_detection: is there a person in the picture? Runs TensorFlow Lite
// Micro's person_detect.tflite (96x96 grayscale, int8) on photos of any size
// (BMP, PNG, JPEG, ...) or on camera frames.
//
//   person_detection [--model MODEL.tflite] IMAGE...
//   person_detection [--model MODEL.tflite] --camera [DEVICE] [--frames N]
//
// DEVICE is a V4L2 camera (default /dev/video0) or a directory of recorded
// frames (image files, read in name order). Exit code 1 (one-line error)
// for a missing or unreadable image, camera or model.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "examples/common/fail.h"
#include "examples/person_detection/frame_source.h"
#include "examples/person_detection/person_detector.h"

using brasa_examples::PersonDetector;
using brasa_examples::PersonScores;

using brasa_examples::Fail;

namespace {

void Print(const std::string& what, const PersonScores& scores) {
  std::printf("%s: %s (person %.3f, no person %.3f)\n", what.c_str(),
              scores.is_person() ? "person" : "no person", scores.person, scores.no_person);
  std::fflush(stdout);
}

// Classifies frames until the recording ends or `max_frames` (0: no limit).
int RunCamera(PersonDetector& detector, const std::string& device, long max_frames) {
  auto source = brasa_examples::OpenFrameSource(device);
  if (!source.ok()) return Fail(source.status().message());
  brasa_examples::Image frame;
  for (long count = 0; max_frames == 0 || count < max_frames; ++count) {
    bool done = false;
    brasa::Status status = (*source)->NextFrame(&frame, &done);
    if (!status.ok()) return Fail(status.message());
    if (done) break;
    auto scores = detector.Detect(frame);
    if (!scores.ok()) return Fail(scores.status().message());
    Print("frame " + std::to_string(count), *scores);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string model_path = std::string(BRASA_SHARED_MODELS_DIR) + "/person_detect.tflite";
  std::string camera;
  long max_frames = 0;
  std::vector<std::string> images;
  for (int i = 1; i < argc; ++i) {
    const bool has_value = i + 1 < argc;
    if (std::strcmp(argv[i], "--model") == 0 && has_value) {
      model_path = argv[++i];
    } else if (std::strcmp(argv[i], "--camera") == 0) {
      camera = has_value && argv[i + 1][0] != '-' ? argv[++i] : "/dev/video0";
    } else if (std::strcmp(argv[i], "--frames") == 0 && has_value) {
      max_frames = std::strtol(argv[++i], nullptr, 10);
    } else if (argv[i][0] == '-') {
      return Fail(std::string("unknown option '") + argv[i] + "'");
    } else {
      images.push_back(argv[i]);
    }
  }
  if (images.empty() == camera.empty()) {
    std::fprintf(stderr,
                 "usage: person_detection [--model MODEL.tflite] IMAGE...\n"
                 "       person_detection [--model MODEL.tflite] --camera [DEVICE] [--frames N]\n");
    return 2;
  }

  auto detector = PersonDetector::Load(model_path);
  if (!detector.ok()) return Fail(detector.status().message());
  if (!camera.empty()) return RunCamera(**detector, camera, max_frames);
  for (const std::string& path : images) {
    auto image = brasa_examples::LoadImage(path, /*channels=*/1);
    if (!image.ok()) return Fail(image.status().message());
    auto scores = (*detector)->Detect(*image);
    if (!scores.ok()) return Fail(scores.status().message());
    Print(path, *scores);
  }
  return 0;
}
