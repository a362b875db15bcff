// 16 kHz mono 16-bit PCM WAV files: the only kind the keyword model takes.
#ifndef BRASA_EXAMPLES_KEYWORD_SPOTTING_WAV_FILE_H_
#define BRASA_EXAMPLES_KEYWORD_SPOTTING_WAV_FILE_H_

#include <string>
#include <vector>

#include "brasa/status.h"

namespace brasa_examples {

// The samples scaled to [-1, 1). Fails, naming the file, for anything but
// 16-bit PCM, mono, 16000 Hz (say which: "2 channels", "44100 Hz", ...).
brasa::Result<std::vector<float>> ReadWav16kMono(const std::string& path);

// The same for a WAV file already in memory; `name` is used in errors.
brasa::Result<std::vector<float>> ParseWav16kMono(const std::string& bytes,
                                                  const std::string& name);

}  // namespace brasa_examples

#endif  // BRASA_EXAMPLES_KEYWORD_SPOTTING_WAV_FILE_H_
