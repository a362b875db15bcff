// libFuzzer target: arbitrary bytes as a WAV file
// (examples/keyword_spotting/wav_file.cc, the keyword spotter's reader).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "examples/keyword_spotting/wav_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  auto samples = brasa_examples::ParseWav16kMono(bytes, "fuzz.wav");
  if (samples.ok()) {
    // 16-bit samples scaled to [-1, 1), never more samples than bytes / 2.
    if (samples->size() > size / 2) __builtin_trap();
    for (float sample : *samples) {
      if (!(sample >= -1.0f && sample < 1.0f)) __builtin_trap();
    }
  }
  return 0;
}
