// keyword_spotting: hears yes/no/up/down/left/right/on/off/stop/go in 16 kHz
// mono WAV files, with a small int8 model trained on synthesized speech
// (train_keywords.py) and the front end in audio_features.cc.
//
//   keyword_spotting [--model M.tflite] [--labels L.txt] FILE.wav
//   keyword_spotting [--model M.tflite] [--labels L.txt] --stream FILE.wav
//
// A clip prints its top label and score ("yes 0.97"; the labels include
// "silence" and "unknown"); a clip longer than 1 s is judged on its
// loudest second. --stream slides a 1 s window every 100 ms over a long
// recording, averages the scores of the last 5 windows, and prints each
// keyword whose averaged score reaches 0.6, at most once per second.
// Exit code 1 (one-line error) for a missing file or a WAV that is not
// 16 kHz mono 16-bit PCM.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <deque>
#include <string>
#include <vector>

#include "examples/common/fail.h"
#include "examples/common/model_runner.h"
#include "examples/keyword_spotting/audio_features.h"
#include "examples/keyword_spotting/wav_file.h"

using namespace brasa_examples;

namespace {

constexpr int kStreamHop = kSampleRate / 10;  // 100 ms
constexpr size_t kSmoothWindows = 5;
constexpr float kDetectScore = 0.6f;
constexpr double kSuppressSeconds = 1.0;

// Scores of the 1 s clip that starts at `clip`.
brasa::Result<std::vector<float>> Classify(ModelRunner& runner, AudioFrontEnd& front_end,
                                           const float* clip) {
  std::vector<float> features(kFeatureCount);
  front_end.Compute(clip, features.data());
  BRASA_RETURN_IF_ERROR(runner.SetInput(features));
  return runner.Run();
}

// Exactly 1 s: short clips are padded with silence on both sides, long
// ones cut to their loudest second (searched in 10 ms steps).
std::vector<float> OneSecond(const std::vector<float>& samples) {
  std::vector<float> clip(kClipSamples, 0.0f);
  if (samples.size() <= static_cast<size_t>(kClipSamples)) {
    std::copy(samples.begin(), samples.end(), clip.begin() + (kClipSamples - samples.size()) / 2);
    return clip;
  }
  size_t best = 0;
  double best_energy = -1.0;
  for (size_t start = 0; start + kClipSamples <= samples.size(); start += kSampleRate / 100) {
    double energy = 0.0;
    for (size_t i = start; i < start + kClipSamples; ++i) energy += samples[i] * samples[i];
    if (energy > best_energy) best_energy = energy, best = start;
  }
  std::copy(samples.begin() + best, samples.begin() + best + kClipSamples, clip.begin());
  return clip;
}

int Stream(ModelRunner& runner, AudioFrontEnd& front_end, const std::vector<std::string>& labels,
           const std::vector<float>& samples) {
  std::deque<std::vector<float>> recent;
  double last_detection = -1e9;
  int detections = 0;
  for (size_t start = 0; start + kClipSamples <= samples.size(); start += kStreamHop) {
    auto scores = Classify(runner, front_end, samples.data() + start);
    if (!scores.ok()) return Fail(scores.status().message());
    recent.push_back(*scores);
    if (recent.size() > kSmoothWindows) recent.pop_front();
    std::vector<float> mean(scores->size(), 0.0f);
    for (const auto& window : recent) {
      for (size_t i = 0; i < mean.size(); ++i) mean[i] += window[i] / recent.size();
    }
    const int best = TopK(mean, 1)[0];
    const std::string label = LabelOf(labels, best);
    const double end_time = static_cast<double>(start + kClipSamples) / kSampleRate;
    if (label != "silence" && label != "unknown" && mean[best] >= kDetectScore &&
        end_time - last_detection >= kSuppressSeconds) {
      std::printf("%.2f s: %s %.2f\n", end_time, label.c_str(), mean[best]);
      last_detection = end_time;
      ++detections;
    }
  }
  if (detections == 0) std::printf("no keywords\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string model_path = std::string(BRASA_EXAMPLE_DIR) + "/keywords_int8.tflite";
  std::string labels_path = std::string(BRASA_EXAMPLE_DIR) + "/labels.txt";
  std::string wav_path;
  bool stream = false;
  for (int i = 1; i < argc; ++i) {
    const bool has_value = i + 1 < argc;
    if (std::strcmp(argv[i], "--model") == 0 && has_value) {
      model_path = argv[++i];
    } else if (std::strcmp(argv[i], "--labels") == 0 && has_value) {
      labels_path = argv[++i];
    } else if (std::strcmp(argv[i], "--stream") == 0) {
      stream = true;
    } else if (argv[i][0] == '-' || !wav_path.empty()) {
      return Fail(std::string("unexpected argument '") + argv[i] + "'");
    } else {
      wav_path = argv[i];
    }
  }
  if (wav_path.empty()) {
    std::fprintf(stderr, "usage: keyword_spotting [--model M] [--labels L] [--stream] FILE.wav\n");
    return 2;
  }

  auto runner = ModelRunner::Load(model_path);
  if (!runner.ok()) return Fail(runner.status().message());
  auto labels = ReadLabels(labels_path);
  if (!labels.ok()) return Fail(labels.status().message());
  auto samples = ReadWav16kMono(wav_path);
  if (!samples.ok()) return Fail(samples.status().message());
  AudioFrontEnd front_end;
  if (stream) {
    if (samples->size() < static_cast<size_t>(kClipSamples))
      return Fail(wav_path + ": shorter than 1 s");
    return Stream(**runner, front_end, *labels, *samples);
  }
  const std::vector<float> clip = OneSecond(*samples);
  auto scores = Classify(**runner, front_end, clip.data());
  if (!scores.ok()) return Fail(scores.status().message());
  const int best = TopK(*scores, 1)[0];
  std::printf("%s: %s %.2f\n", wav_path.c_str(), LabelOf(*labels, best).c_str(), (*scores)[best]);
  return 0;
}
