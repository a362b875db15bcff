// kws_features: the keyword front end as a tool, so that training computes
// its features with exactly the C++ code the program runs.
//
//   kws_features CLIPS.npy FEATURES.npy
//
// CLIPS.npy: float32 [N,16000] (1 s clips at 16 kHz, samples in [-1, 1]).
// FEATURES.npy: float32 [N,49,40].
#include <cstdio>
#include <vector>

#include "examples/keyword_spotting/audio_features.h"
#include "tools/npy.h"

int main(int argc, char** argv) {
  using namespace brasa_examples;
  if (argc != 3) return std::fprintf(stderr, "usage: kws_features CLIPS.npy FEATURES.npy\n"), 2;
  auto clips = brasa::tools::ReadNpy(argv[1]);
  if (!clips.ok()) return std::fprintf(stderr, "error: %s\n", clips.status().message().c_str()), 1;
  if (clips->type != brasa::DataType::kFloat32 || clips->shape.size() != 2 ||
      clips->shape[1] != kClipSamples) {
    return std::fprintf(stderr, "error: %s: expected float32 [N,%d]\n", argv[1], kClipSamples), 1;
  }
  const int count = clips->shape[0];
  const float* samples = reinterpret_cast<const float*>(clips->bytes.data());
  std::vector<float> features(static_cast<size_t>(count) * kFeatureCount);
  AudioFrontEnd front_end;
  for (int i = 0; i < count; ++i) {
    front_end.Compute(samples + static_cast<size_t>(i) * kClipSamples,
                      features.data() + static_cast<size_t>(i) * kFeatureCount);
  }
  const brasa::Status status =
      brasa::tools::WriteNpy(argv[2], brasa::DataType::kFloat32, {count, kFrames, kMelBands},
                             features.data(), features.size() * sizeof(float));
  if (!status.ok()) return std::fprintf(stderr, "error: %s\n", status.message().c_str()), 1;
  return 0;
}
