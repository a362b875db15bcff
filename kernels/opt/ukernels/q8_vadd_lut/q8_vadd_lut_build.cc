// BuildQ8VaddLut (q8_vadd_lut.h): the tables from the reference's own
// rescales, the rounding constant from the reference's arithmetic in closed
// form, then a check of all 65536 input pairs against the reference formula.
#include <algorithm>
#include <cstdint>

#include "kernels/opt/ukernels/q8_vadd_lut/q8_vadd_lut.h"

namespace brasa {
namespace {

int32_t Value(int32_t byte, bool uint8) {
  return uint8 ? byte : static_cast<int32_t>(static_cast<int8_t>(static_cast<uint8_t>(byte)));
}

// Both inputs' rescaled values, per byte, as the reference computes them.
struct Rescaled {
  int32_t a[256], b[256];
};

void Rescale(const Q8VaddParams& p, Rescaled* r) {
  for (int32_t byte = 0; byte < 256; ++byte) {
    const int32_t x = (Value(byte, p.uint8) + p.a_offset) * (1 << p.left_shift);
    const int32_t y = (Value(byte, p.uint8) + p.b_offset) * (1 << p.left_shift);
    r->a[byte] = MultiplyByQuantizedMultiplier(x, p.a_multiplier);
    r->b[byte] = MultiplyByQuantizedMultiplier(y, p.b_multiplier);
  }
}

// The constant C' of q8_vadd_lut.h. With h = floor((S m + 2^30) / 2^31)
// (SaturatingRoundingDoublingHighMul's rounding, ties up) and the rounding
// right shift by s (ties away from zero), the reference's result is
//   G = floor((U - 2^31 [h < 0]) / 2^K),  U = S m + C,  C = 2^30 + 2^(30+s)
// (C = 2^30 and no sign term for s = 0), h < 0 being U < 2^(30+s). So G is
// floor(U / 2^K), or one less where h < 0 and U mod 2^K < 2^31 (a negative
// sum at a tie); C' = C - t needs t <= U mod 2^K for the former and
// t > U mod 2^K for the latter, over every sum. False where no t fits.
// `a_terms`, `b_terms`: P(x) m + C and Q(y) m, so that U is their sum.
bool FindRounding(const int64_t* a_terms, const int64_t* b_terms, int32_t k, int64_t* t) {
  const int32_t s = k - 31;
  const int64_t unit = int64_t{1} << k;
  const int64_t negative_below = int64_t{1} << (30 + s);  // h < 0 below it
  int64_t lowest = 0, highest = unit;  // t's bounds
  for (int32_t x = 0; x < 256; ++x) {
    for (int32_t y = 0; y < 256; ++y) {
      const int64_t u = a_terms[x] + b_terms[y];
      const int64_t e = u & (unit - 1);  // u mod 2^K
      if (s > 0 && u < negative_below && e < (int64_t{1} << 31)) {
        lowest = std::max(lowest, e + 1);
      } else {
        highest = std::min(highest, e);
      }
    }
  }
  *t = lowest;
  return lowest <= highest;
}

}  // namespace

bool BuildQ8VaddLut(const Q8VaddParams& p, Q8VaddLutParams* lut) {
  const QuantizedMultiplier output = p.output_multiplier;
  // K = 31 + s <= 62 keeps S m + C within int64 (|S| < 2^31, 0 <= m < 2^31).
  if (output.shift > 0 || output.shift < -31 || output.multiplier < 0) return false;
  const int32_t k = 31 - output.shift;
  const int32_t s = -output.shift;
  Rescaled r;
  Rescale(p, &r);
  // The reference sums the rescaled values in int32: no table where that wraps.
  const int64_t a_min = *std::min_element(r.a, r.a + 256), a_max = *std::max_element(r.a, r.a + 256);
  const int64_t b_min = *std::min_element(r.b, r.b + 256), b_max = *std::max_element(r.b, r.b + 256);
  if (a_min + b_min < INT32_MIN || a_max + b_max > INT32_MAX) return false;
  const int64_t m = output.multiplier;
  const int64_t c = (int64_t{1} << 30) + (s > 0 ? int64_t{1} << (30 + s) : 0);
  int64_t a_terms[256], b_terms[256];
  for (int32_t byte = 0; byte < 256; ++byte) {
    a_terms[byte] = r.a[byte] * m + c;
    b_terms[byte] = r.b[byte] * m;
  }
  int64_t t = 0;
  if (!FindRounding(a_terms, b_terms, k, &t)) return false;
  // a(x) = P(x) m + C' and b(y) = Q(y) m, each a multiple of 2^K (the base)
  // plus a remainder in [0, 2^K); the carry is rem_a(x) >= 2^K - rem_b(y).
  const int64_t unit = int64_t{1} << k;
  int64_t a_base[256], a_rem[256], b_base[256], b_need[256], sorted[256];
  for (int32_t byte = 0; byte < 256; ++byte) {
    const int64_t a = a_terms[byte] - t;
    const int64_t b = b_terms[byte];
    a_base[byte] = a >> k;  // floor
    a_rem[byte] = a & (unit - 1);
    b_base[byte] = b >> k;
    b_need[byte] = unit - (b & (unit - 1));
    sorted[byte] = b_need[byte];
  }
  std::sort(sorted, sorted + 256);
  // b's rank: how many needs lie below its own; a's: how many it meets
  // (a_rank > b_rank exactly where rem_a >= b's need). Meeting all 256 is a
  // carry for every y: it moves into the base.
  for (int32_t byte = 0; byte < 256; ++byte) {
    lut->b_rank[byte] =
        static_cast<uint8_t>(std::lower_bound(sorted, sorted + 256, b_need[byte]) - sorted);
    int64_t met = std::upper_bound(sorted, sorted + 256, a_rem[byte]) - sorted;
    if (met == 256) {
      ++a_base[byte];
      met = 0;
    }
    lut->a_rank[byte] = static_cast<uint8_t>(met);
  }
  // zp_out joins a's base, less 128 for uint8 outputs (computed as int8 and
  // flipped back); a constant moves between the bases so that a_base <= 126
  // and b_base fit int8, where such a constant exists.
  const int32_t bias = p.uint8 ? 128 : 0;
  for (int64_t& base : a_base) base += p.output_zero_point - bias;
  const int64_t a_low = *std::min_element(a_base, a_base + 256);
  const int64_t a_high = *std::max_element(a_base, a_base + 256);
  const int64_t b_low = *std::min_element(b_base, b_base + 256);
  const int64_t b_high = *std::max_element(b_base, b_base + 256);
  const int64_t move = std::max(a_high - 126, -128 - b_low);
  lut->wide = move > std::min(a_low + 128, 127 - b_high);
  lut->offset = 0;
  if (lut->wide) {
    // Bases of wider range than the output's (MobileNetV2 int8's node 46:
    // 240 and 255): each from its least value, the rest in the offset.
    if (a_high - a_low > 254 || b_high - b_low > 255) return false;
    if (a_low + b_low < -30000 || a_low + b_low > 30000) return false;  // 16-bit sums
    lut->offset = static_cast<int16_t>(a_low + b_low);
    for (int32_t byte = 0; byte < 256; ++byte) {
      lut->a_base[byte] = static_cast<uint8_t>(a_base[byte] - a_low);
      lut->b_base[byte] = static_cast<uint8_t>(b_base[byte] - b_low);
    }
  } else {
    for (int32_t byte = 0; byte < 256; ++byte) {
      lut->a_base[byte] = static_cast<uint8_t>(static_cast<int8_t>(a_base[byte] - move));
      lut->b_base[byte] = static_cast<uint8_t>(static_cast<int8_t>(b_base[byte] + move));
    }
  }
  lut->low = static_cast<int8_t>(p.output_min - bias);
  lut->high = static_cast<int8_t>(p.output_max - bias);
  lut->flip = static_cast<uint8_t>(bias);
  // The check: every pair of bytes against the reference formula (q8_vadd.h,
  // q8_vadd_1x__scalar's arithmetic with the input rescales hoisted).
  for (int32_t y = 0; y < 256; ++y) {
    for (int32_t x = 0; x < 256; ++x) {
      const int32_t sum = r.a[x] + r.b[y];
      const int32_t expected =
          std::min(std::max(MultiplyByQuantizedMultiplier(sum, output) + p.output_zero_point,
                            p.output_min),
                   p.output_max);
      const int32_t carry = lut->a_rank[x] > lut->b_rank[y] ? 1 : 0;
      auto base = [lut](uint8_t byte) {
        return lut->wide ? int32_t{byte} : int32_t{static_cast<int8_t>(byte)};
      };
      const int32_t total = base(lut->a_base[x]) + carry + base(lut->b_base[y]) + lut->offset;
      const int32_t v = std::min<int32_t>(std::max<int32_t>(total, lut->low), lut->high);
      if (static_cast<uint8_t>(expected) != (static_cast<uint8_t>(v) ^ lut->flip)) return false;
    }
  }
  return true;
}

}  // namespace brasa
