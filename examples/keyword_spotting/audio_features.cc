#include "examples/keyword_spotting/audio_features.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace brasa_examples {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kLowHz = 60.0, kHighHz = 7600.0;

double HzToMel(double hz) { return 2595.0 * std::log10(1.0 + hz / 700.0); }
double MelToHz(double mel) { return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0); }

}  // namespace

AudioFrontEnd::AudioFrontEnd() : window_(kFrameSamples), spectrum_(kFftSize) {
  for (int i = 0; i < kFrameSamples; ++i) {  // periodic Hann
    window_[i] = static_cast<float>(0.5 - 0.5 * std::cos(2.0 * kPi * i / kFrameSamples));
  }
  // Band b rises from edge b to edge b+1 and falls to edge b+2 (in mel).
  const double low = HzToMel(kLowHz), high = HzToMel(kHighHz);
  const double bin_hz = static_cast<double>(kSampleRate) / kFftSize;
  for (int band = 0; band < kMelBands; ++band) {
    double edges[3];
    for (int k = 0; k < 3; ++k)
      edges[k] = MelToHz(low + (high - low) * (band + k) / (kMelBands + 1));
    MelFilter filter;
    filter.first_bin = static_cast<int>(std::ceil(edges[0] / bin_hz));
    for (int bin = filter.first_bin; bin * bin_hz < edges[2]; ++bin) {
      const double hz = bin * bin_hz;
      const double weight = hz <= edges[1] ? (hz - edges[0]) / (edges[1] - edges[0])
                                           : (edges[2] - hz) / (edges[2] - edges[1]);
      filter.weights.push_back(static_cast<float>(std::max(0.0, weight)));
    }
    filters_.push_back(std::move(filter));
  }
}

// In-place iterative radix-2 FFT of spectrum_.
void AudioFrontEnd::Fft() {
  for (int i = 1, j = 0; i < kFftSize; ++i) {  // bit-reversal permutation
    int bit = kFftSize >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) std::swap(spectrum_[i], spectrum_[j]);
  }
  for (int length = 2; length <= kFftSize; length <<= 1) {
    const double angle = -2.0 * kPi / length;
    const std::complex<float> step(static_cast<float>(std::cos(angle)),
                                   static_cast<float>(std::sin(angle)));
    for (int start = 0; start < kFftSize; start += length) {
      std::complex<float> twiddle(1.0f, 0.0f);
      for (int k = 0; k < length / 2; ++k) {
        const std::complex<float> even = spectrum_[start + k];
        const std::complex<float> odd = spectrum_[start + k + length / 2] * twiddle;
        spectrum_[start + k] = even + odd;
        spectrum_[start + k + length / 2] = even - odd;
        twiddle *= step;
      }
    }
  }
}

void AudioFrontEnd::Compute(const float* clip, float* features) {
  for (int frame = 0; frame < kFrames; ++frame) {
    const float* samples = clip + frame * kHopSamples;
    for (int i = 0; i < kFftSize; ++i) {
      spectrum_[i] = i < kFrameSamples ? samples[i] * window_[i] : 0.0f;
    }
    Fft();
    for (int band = 0; band < kMelBands; ++band) {
      const MelFilter& filter = filters_[band];
      double energy = 0.0;
      for (size_t k = 0; k < filter.weights.size(); ++k) {
        energy += filter.weights[k] * std::norm(spectrum_[filter.first_bin + k]);
      }
      features[frame * kMelBands + band] = static_cast<float>(std::log(energy + 1e-6));
    }
  }
  double sum = 0.0, squares = 0.0;
  for (int i = 0; i < kFeatureCount; ++i) sum += features[i];
  const double mean = sum / kFeatureCount;
  for (int i = 0; i < kFeatureCount; ++i) squares += (features[i] - mean) * (features[i] - mean);
  const double std = std::max(std::sqrt(squares / kFeatureCount), 1e-3);
  for (int i = 0; i < kFeatureCount; ++i) {
    features[i] = static_cast<float>((features[i] - mean) / std);
  }
}

}  // namespace brasa_examples
