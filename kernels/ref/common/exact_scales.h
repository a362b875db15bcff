// LiteRT forms its requantization multipliers from float scales in double:
// s1 * s2 (exact: 48 significant bits) and s1 * s2 / s3 (one rounding,
// to nearest even). These compute the same doubles in integer arithmetic and
// assemble their bits: a Cortex-M4 has no double unit, and its library's
// double multiply, divide, add (which the float-to-double conversion links)
// and compares are about 2 KB of flash. tests/kernels/exact_scales_test.cc
// compares them bit for bit with the double arithmetic on random bit patterns.
#ifndef BRASA_KERNELS_REF_COMMON_EXACT_SCALES_H_
#define BRASA_KERNELS_REF_COMMON_EXACT_SCALES_H_

#include <cstdint>

namespace brasa {

// double(a) * double(b) / double(c) for finite nonzero floats, as the
// double multiply and divide give it (the product is exact; the quotient
// rounds to nearest even; it neither over- nor underflows). With c a power
// of two (1 too) it is the exact product times 1 / c. Zeros, infinities and
// NaN are the callers' to refuse or handle (the scales a kernel reaches are
// checked positive and finite first): without their cases the function is
// about 190 bytes smaller on a Cortex-M4.
double ExactRatio(float a, float b, float c);

// LiteRT's bias scale check (GetQuantizedConvolutionMultipler):
// |double(s_in) * double(s_w) - double(s_bias)| / double(s_out) > 0.02, each
// step rounded as in double. s_in, s_w and s_out positive and finite (the
// callers check them first; anything else gives true); s_bias any float (0
// for a bias without quantization).
bool BiasScaleMismatch(float input_scale, float filter_scale, float bias_scale, float output_scale);

// std::round(double(x) * multiplier) (the product rounded to nearest even
// as the double multiply does, then to an integer, ties away from zero), from
// the bits; from 2^62 on either way it is saturated to +-2^62 (an int32
// offset and clamp give the same bytes). An infinite multiplier gives the
// saturated value with the product's sign, a NaN one 0 (the double code's
// conversion of NaN was undefined; the scales a model gives are finite).
int64_t RoundAwayProduct(int32_t x, double multiplier);

// x > bound for a positive bound, on the bits (no double compare).
bool IsAbove(double x, double bound);

}  // namespace brasa

#endif  // BRASA_KERNELS_REF_COMMON_EXACT_SCALES_H_
