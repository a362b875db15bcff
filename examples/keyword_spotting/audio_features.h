// The keyword model's audio front end, written once: the program computes
// its features with it, and so does training (train_keywords.py runs the
// kws_features tool built from this file), so both see the same numbers.
//
// One clip = 1 s of 16 kHz mono audio, samples in [-1, 1]. It is cut into
// 49 frames of 30 ms (480 samples) every 20 ms (320 samples); each frame is
// Hann-windowed and transformed (512-point FFT); its power spectrum goes
// through 40 triangular mel filters (60-7600 Hz); each band energy becomes
// log(energy + 1e-6). Finally the 49x40 values are normalized to mean 0 and
// standard deviation 1 over the clip, which makes them independent of the
// recording level.
#ifndef BRASA_EXAMPLES_KEYWORD_SPOTTING_AUDIO_FEATURES_H_
#define BRASA_EXAMPLES_KEYWORD_SPOTTING_AUDIO_FEATURES_H_

#include <complex>
#include <vector>

namespace brasa_examples {

constexpr int kSampleRate = 16000;
constexpr int kClipSamples = 16000;  // 1 s
constexpr int kFrameSamples = 480;   // 30 ms
constexpr int kHopSamples = 320;     // 20 ms
constexpr int kFftSize = 512;
constexpr int kFrames = 1 + (kClipSamples - kFrameSamples) / kHopSamples;  // 49
constexpr int kMelBands = 40;
constexpr int kFeatureCount = kFrames * kMelBands;

class AudioFrontEnd {
 public:
  AudioFrontEnd();
  // Writes the kFeatureCount features (frame-major) of the kClipSamples
  // samples at `clip` to `features`.
  void Compute(const float* clip, float* features);

 private:
  struct MelFilter {
    int first_bin;
    std::vector<float> weights;  // for bins first_bin, first_bin + 1, ...
  };
  void Fft();
  std::vector<float> window_;
  std::vector<MelFilter> filters_;
  std::vector<std::complex<float>> spectrum_;  // scratch, kFftSize
};

}  // namespace brasa_examples

#endif  // BRASA_EXAMPLES_KEYWORD_SPOTTING_AUDIO_FEATURES_H_
