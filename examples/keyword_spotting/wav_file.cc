#include "examples/keyword_spotting/wav_file.h"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>

namespace brasa_examples {
namespace {

uint32_t Little(const std::string& bytes, size_t at, int count) {
  uint32_t value = 0;
  for (int i = count - 1; i >= 0; --i) value = value << 8 | static_cast<uint8_t>(bytes[at + i]);
  return value;
}

}  // namespace

brasa::Result<std::vector<float>> ReadWav16kMono(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return brasa::NotFoundError("cannot open '" + path + "': " + std::strerror(errno));
  const std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  return ParseWav16kMono(bytes, path);
}

brasa::Result<std::vector<float>> ParseWav16kMono(const std::string& bytes,
                                                  const std::string& name) {
  const std::string what = name + ": ";
  if (bytes.size() < 12 || bytes.compare(0, 4, "RIFF") != 0 || bytes.compare(8, 4, "WAVE") != 0) {
    return brasa::InvalidArgumentError(what + "not a WAV file");
  }
  bool have_format = false;
  // Walk the chunks: "fmt " describes the samples, "data" holds them.
  for (size_t at = 12; at + 8 <= bytes.size();) {
    const std::string id = bytes.substr(at, 4);
    const size_t size = Little(bytes, at + 4, 4);
    const size_t body = at + 8;
    if (size > bytes.size() - body)
      return brasa::InvalidArgumentError(what + "truncated '" + id + "' chunk");
    if (id == "fmt ") {
      if (size < 16) return brasa::InvalidArgumentError(what + "fmt chunk too short");
      const uint32_t format = Little(bytes, body, 2), channels = Little(bytes, body + 2, 2);
      const uint32_t rate = Little(bytes, body + 4, 4), bits = Little(bytes, body + 14, 2);
      if (format != 1 || bits != 16) {
        return brasa::InvalidArgumentError(what + "expected 16-bit PCM samples (format " +
                                           std::to_string(format) + ", " + std::to_string(bits) +
                                           " bits)");
      }
      if (channels != 1) {
        return brasa::InvalidArgumentError(what + std::to_string(channels) +
                                           " channels, expected mono (1 channel)");
      }
      if (rate != 16000) {
        return brasa::InvalidArgumentError(what + "sample rate " + std::to_string(rate) +
                                           " Hz, expected 16000 Hz");
      }
      have_format = true;
    } else if (id == "data") {
      if (!have_format) return brasa::InvalidArgumentError(what + "data before the fmt chunk");
      std::vector<float> samples(size / 2);
      for (size_t i = 0; i < samples.size(); ++i) {
        samples[i] = static_cast<int16_t>(Little(bytes, body + 2 * i, 2)) / 32768.0f;
      }
      return samples;
    }
    at = body + size + (size & 1);  // chunks are padded to even sizes
  }
  return brasa::InvalidArgumentError(what + "no audio data");
}

}  // namespace brasa_examples
