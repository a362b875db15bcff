// q8_vadd_lut: the 8-bit quantized ADD (q8_vadd.h's arithmetic, the same
// bytes) as four 256-byte tables indexed by the input bytes, built at
// Prepare (BuildQ8VaddLut) where they reproduce the reference exactly:
//   v = a_base[x] + [a_rank[x] > b_rank[y]] + b_base[y] (+ offset)  (exact sum)
//   out = (clamp(v, low, high) as a byte) ^ flip
// with int8 bases, or, where the bases' ranges need it (`wide`), uint8
// bases and an int16 offset.
// Why it is exact: with the input rescales P(x), Q(y) and the output
// multiplier m, 2^-K (K = 31 + right shift), the reference's output is
// floor((P(x) m + Q(y) m + C) / 2^K) with a rounding constant C that
// depends only on which side of a rounding tie a sum lies: a constant C'
// does for every sum, where one exists (found and checked at build).
// Splitting each term into a multiple of 2^K and a remainder r_a(x),
// r_b(y) in [0, 2^K), the carry of r_a + r_b is the comparison
// r_a(x) >= 2^K - r_b(y), which the two values' ranks among the 256
// values 2^K - r_b give in one byte compare.
#ifndef BRASA_KERNELS_OPT_UKERNELS_Q8_VADD_LUT_Q8_VADD_LUT_H_
#define BRASA_KERNELS_OPT_UKERNELS_Q8_VADD_LUT_Q8_VADD_LUT_H_

#include <cstddef>
#include <cstdint>

#include "brasa/isa.h"
#include "kernels/opt/ukernels/q8_vadd/q8_vadd.h"
#include "kernels/opt/ukernels/ukernel_table.h"

namespace brasa {

struct Q8VaddLutParams {
  // Indexed by the input's byte (int8 values by their two's complement
  // bits). The bases: int8 (their bits) with a_base <= 126, so that the
  // SIMD variants' saturating byte sums clamp like the exact sum; where
  // `wide`, uint8 with a_base <= 254, summed in 16 bits with `offset`.
  // (No alignment: op data lives where the arena puts it; the variants
  // load the tables once per call.)
  uint8_t a_base[256];
  uint8_t a_rank[256];
  uint8_t b_base[256];
  uint8_t b_rank[256];
  bool wide = false;
  int16_t offset = 0;             // wide only
  int8_t low = -128, high = 127;  // the clamp, in the int8 domain
  uint8_t flip = 0;               // 0x80 for uint8 outputs (their int8 domain is value - 128)
};

// out[i] = a[i] + b[i] (quantized) for i < count; `b_broadcast`: b[0] for
// every i instead (a scalar operand).
using Q8VaddLutFn = void (*)(size_t count, const uint8_t* a, const uint8_t* b, bool b_broadcast,
                             uint8_t* out, const Q8VaddLutParams& params);

struct Q8VaddLutVariant {
  const char* name;
  Isa isa;
  bool vbmi;     // needs AVX-512 VBMI too
  int32_t tile;  // elements per step
  Q8VaddLutFn fn;
};

const UkernelTable<Q8VaddLutVariant>& Q8VaddLutTable();

// The best variant `usable` and the CPU allow, or nullptr when only the
// scalar one remains (the table lookups are then no faster than q8_vadd).
const Q8VaddLutVariant* SelectQ8VaddLut(Isa usable);

// The tables for `params`; false (tables unusable) where no constant C'
// exists, a base's range spans more than a byte, or the output multiplier
// shifts left. Checks the tables against the reference formula on all 65536
// pairs of input bytes: true means they give its bytes for every input.
bool BuildQ8VaddLut(const Q8VaddParams& params, Q8VaddLutParams* lut);

void q8_vadd_lut_1x__scalar(size_t count, const uint8_t* a, const uint8_t* b, bool b_broadcast,
                            uint8_t* out, const Q8VaddLutParams& params);
void q8_vadd_lut_64x__avx512vbmi(size_t count, const uint8_t* a, const uint8_t* b,
                                 bool b_broadcast, uint8_t* out, const Q8VaddLutParams& params);

}  // namespace brasa

#endif  // BRASA_KERNELS_OPT_UKERNELS_Q8_VADD_LUT_Q8_VADD_LUT_H_
