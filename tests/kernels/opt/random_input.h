// Random input bytes for the optimized-against-reference kernel tests.
#ifndef BRASA_TESTS_KERNELS_OPT_RANDOM_INPUT_H_
#define BRASA_TESTS_KERNELS_OPT_RANDOM_INPUT_H_

#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "brasa/tensor.h"

namespace brasa {
namespace testing {

// The raw bytes of `count` values of `type`: float32 uniform in
// [-float_bound, float_bound], int16 any value, 8-bit types any byte or, with
// `extreme`, only the type's minimum or maximum.
inline std::vector<uint8_t> RandomInputBytes(std::mt19937& rng, DataType type, size_t count,
                                             bool extreme, float float_bound) {
  auto pick = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::vector<uint8_t> bytes;
  if (type == DataType::kFloat32) {
    std::uniform_real_distribution<float> real(-float_bound, float_bound);
    std::vector<float> values(count);
    for (float& v : values) v = real(rng);
    bytes.resize(count * sizeof(float));
    std::memcpy(bytes.data(), values.data(), bytes.size());
  } else if (type == DataType::kInt16) {
    std::vector<int16_t> values(count);
    for (int16_t& v : values) v = static_cast<int16_t>(pick(-32768, 32767));
    bytes.resize(count * sizeof(int16_t));
    std::memcpy(bytes.data(), values.data(), bytes.size());
  } else {
    const bool uint8 = type == DataType::kUInt8;
    const int low = uint8 ? 0 : 128, high = uint8 ? 255 : 127;  // raw bytes of the extremes
    bytes.resize(count);
    for (uint8_t& v : bytes) {
      v = static_cast<uint8_t>(extreme ? (pick(0, 1) == 1 ? high : low) : pick(0, 255));
    }
  }
  return bytes;
}

}  // namespace testing
}  // namespace brasa

#endif  // BRASA_TESTS_KERNELS_OPT_RANDOM_INPUT_H_
