// Lookup tables TensorFlow Lite builds at Prepare for LOGISTIC, TANH and
// int16 SOFTMAX (QUANTIZATION.md §2.7, §2.8).
#ifndef BRASA_KERNELS_REF_COMMON_LUT_H_
#define BRASA_KERNELS_REF_COMMON_LUT_H_

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "kernels/ref/common/quant_math.h"

namespace brasa {

constexpr int kInt16LutSize = 513;

// LiteRT's 8-bit LUTPopulate: 256 entries, all arithmetic in float, output
// rounded half away from zero. Indexed by the raw byte of the input
// (static_cast<uint8_t>(q)); entries are raw bytes of the output type T.
template <typename T>
void PopulateLut8(float input_scale, int32_t input_zero_point, float output_scale,
                  int32_t output_zero_point, float (*transform)(float), uint8_t table[256]) {
  const float inverse_scale = 1 / output_scale;
  for (int32_t q = TypeMin<T>(); q <= TypeMax<T>(); ++q) {
    const float dequantized = input_scale * static_cast<float>(q - input_zero_point);
    const float rescaled = RoundAway(transform(dequantized) * inverse_scale);
    const float quantized = rescaled + static_cast<float>(output_zero_point);
    // Clamped in float before the conversion, in LiteRT's order (NaN -> max):
    // a huge value (a tiny output scale) must not reach an int conversion.
    const float clamped = std::max(std::min(static_cast<float>(TypeMax<T>()), quantized),
                                   static_cast<float>(TypeMin<T>()));
    table[static_cast<uint8_t>(static_cast<T>(q))] =
        static_cast<uint8_t>(static_cast<T>(static_cast<int32_t>(clamped)));
  }
}

// LUTPopulateInt16 (§2.7): 512 segments over the int16 input range, each
// entry biased so that linear interpolation is centred on the midpoint; the
// 513th entry closes the last segment. All arithmetic is in F, LiteRT's
// FloatT: double for SOFTMAX, float for EXP / LOG / RSQRT. `transform` is any
// callable F -> F.
template <typename F, typename Transform>
inline void PopulateLutInt16(F input_scale, int32_t input_zero_point, F output_scale,
                             int32_t output_zero_point, Transform transform,
                             int16_t lut[kInt16LutSize]) {
  const F input_min = input_scale * static_cast<F>(-32768 - input_zero_point);
  const F input_max = input_scale * static_cast<F>(32767 - input_zero_point);
  const F output_min = output_scale * static_cast<F>(-32768 - output_zero_point);
  const F output_max = output_scale * static_cast<F>(32767 - output_zero_point);
  const int kSteps = 512;
  const F step = (input_max - input_min) / kSteps;
  const F half_step = step / 2;
  const F inverse_scale = static_cast<F>(65536) / (output_max - output_min);
  auto clamp16 = [](F v) {
    // A NaN entry (the transform outside its domain, e.g. LOG of a negative
    // input range) would be an undefined conversion: it becomes 0, what
    // x86's truncating conversion gives LiteRT (fuzz_model_structured).
    if (std::isnan(v)) return int16_t{0};
    return static_cast<int16_t>(std::min(std::max(v, F(-32768)), F(32767)));
  };
  for (int i = 0; i < kSteps; ++i) {
    const F value = transform(input_min + i * step);
    const F value_midpoint = transform(input_min + i * step + half_step);
    const F value_next = transform(input_min + (i + 1) * step);
    const F sample = RoundAway(value * inverse_scale);
    const F midpoint_interpolated =
        RoundAway((value_next * inverse_scale + RoundAway(value * inverse_scale)) / 2);
    const F midpoint = RoundAway(value_midpoint * inverse_scale);
    const F bias = RoundAway((midpoint_interpolated - midpoint) / 2);
    lut[i] = clamp16(sample - bias);
  }
  lut[kSteps] = clamp16(RoundAway(transform(input_max) * inverse_scale));
}

// LUTLookup for int16: segment 256 + (v >> 7), linear interpolation on the
// low 7 bits, rounded; the slope and the sum wrap to int16 as in LiteRT.
inline int16_t LutLookupInt16(int16_t value, const int16_t* lut) {
  const int index = 256 + (value >> 7);
  const int32_t offset = value & 0x7f;
  const int16_t base = lut[index];
  const int16_t slope = static_cast<int16_t>(lut[index + 1] - lut[index]);
  const int32_t delta = (slope * offset + 64) >> 7;
  return static_cast<int16_t>(base + delta);
}

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_LUT_H_
