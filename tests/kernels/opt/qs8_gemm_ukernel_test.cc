// Every qs8_gemm variant this CPU supports against the arithmetic the
// reference kernels do (sum of (x - zp_in)(w - zp_w) + bias, then
// MultiplyByQuantizedMultiplier, + zp_out, clamp), bit for bit, on random
// shapes: rows below and above mr, channels not multiples of nr, depths not
// multiples of 4, int8 and uint8, with and without a filter zero point.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "kernels/opt/ukernels/common/requantize_scalar.h"
#include "kernels/opt/ukernels/qs8_gemm/qs8_gemm.h"
#include "src/platform/cpu_features.h"

namespace brasa {
namespace {

struct GemmCase {
  bool uint8 = false;
  int32_t rows = 0, columns = 0, depth = 0;
  int32_t input_offset = 0, filter_offset = 0;
  std::vector<uint8_t> a, w;
  std::vector<int32_t> bias;
  std::vector<QuantizedMultiplier> multipliers;
  int32_t zero_point = 0, low = 0, high = 0;
  bool int32_output = false;
};

GemmCase RandomCase(std::mt19937& rng, bool uint8, bool int32_output) {
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  GemmCase c;
  c.uint8 = uint8;
  c.int32_output = int32_output;
  c.rows = uniform(1, 19);
  c.columns = uniform(1, 70);
  c.depth = uniform(1, 80);
  if (uniform(0, 5) == 0) c.depth = uniform(200, 700);
  // Over 1,024: qs8_gemm_6x8c4__avx2 widens such rows a chunk at a time.
  if (uniform(0, 11) == 0) c.depth = uniform(1000, 2300);
  c.input_offset = uint8 ? -uniform(0, 255) : -uniform(-128, 127);
  c.filter_offset = uniform(0, 2) == 0 ? 0 : (uint8 ? -uniform(0, 255) : -uniform(-128, 127));
  c.a.resize(static_cast<size_t>(c.rows) * c.depth);
  c.w.resize(static_cast<size_t>(c.columns) * c.depth);
  for (uint8_t& v : c.a) v = static_cast<uint8_t>(uniform(0, 255));
  for (uint8_t& v : c.w) v = static_cast<uint8_t>(uniform(0, 255));
  // Half the cases: only right shifts (>= 1), so whole blocks take the
  // kernels' RequantizeRow<kPlain> path.
  const bool right_shifts_only = uniform(0, 1) == 0;
  for (int32_t n = 0; n < c.columns; ++n) {
    c.bias.push_back(uniform(-100000, 100000));
    QuantizedMultiplier m;
    m.multiplier = uniform(1 << 30, INT32_MAX);
    // A power of two: both rounding steps of the reference meet exact ties.
    if (uniform(0, 3) == 0) m.multiplier = 1 << 30;
    m.shift = right_shifts_only ? uniform(-14, -1) : uniform(-14, 1);
    // Flushed to zero; a block of right shifts only stays on the kPlain path
    // with zero multipliers among its channels.
    if (uniform(0, 20) == 0) m = QuantizedMultiplier{};
    c.multipliers.push_back(m);
  }
  c.zero_point = uint8 ? uniform(0, 255) : uniform(-128, 127);
  const int32_t type_min = uint8 ? 0 : -128, type_max = uint8 ? 255 : 127;
  c.low = uniform(0, 1) ? type_min : std::min(type_max, std::max(type_min, c.zero_point));
  c.high = uniform(0, 1) ? type_max : std::max(c.low, type_max - uniform(0, 60));
  return c;
}

// The reference arithmetic, straight from the definition.
std::vector<int32_t> Expected(const GemmCase& c) {
  std::vector<int32_t> out;
  for (int32_t m = 0; m < c.rows; ++m) {
    for (int32_t n = 0; n < c.columns; ++n) {
      int64_t acc = c.bias[static_cast<size_t>(n)];
      for (int32_t k = 0; k < c.depth; ++k) {
        const uint8_t xa = c.a[static_cast<size_t>(m * c.depth + k)];
        const uint8_t wa = c.w[static_cast<size_t>(n * c.depth + k)];
        const int32_t x = c.uint8 ? xa : static_cast<int8_t>(xa);
        const int32_t w = c.uint8 ? wa : static_cast<int8_t>(wa);
        acc += int64_t{x + c.input_offset} * (w + c.filter_offset);
      }
      const int32_t wrapped = static_cast<int32_t>(static_cast<uint32_t>(acc));
      if (c.int32_output) {
        out.push_back(wrapped);
        continue;
      }
      const QuantizedMultiplier q = c.multipliers[static_cast<size_t>(n)];
      const int64_t scaled = int64_t{MultiplyByQuantizedMultiplier(wrapped, q)} + c.zero_point;
      out.push_back(static_cast<int32_t>(std::min<int64_t>(std::max<int64_t>(scaled, c.low),
                                                           c.high)));
    }
  }
  return out;
}

std::vector<int32_t> RunVariant(const Qs8GemmVariant& variant, const GemmCase& c) {
  Qs8GemmWeights weights;
  weights.data = c.w.data();
  weights.uint8 = c.uint8;
  weights.columns = c.columns;
  weights.depth = c.depth;
  weights.input_offset = c.input_offset;
  weights.filter_offset = c.filter_offset;
  weights.bias = c.bias.data();
  weights.multipliers = c.multipliers.data();
  std::vector<uint8_t> packed_storage(Qs8GemmPackedBytes(variant.nr, c.columns, c.depth) + 64);
  uint8_t* packed = packed_storage.data();
  packed += (16 - reinterpret_cast<uintptr_t>(packed) % 16) % 16;
  PackQs8Gemm(weights, variant.nr, packed);
  Qs8GemmParams params;
  params.a_flip = Qs8GemmActivationFlip(c.uint8);
  params.output_zero_point = c.zero_point;
  params.output_min = c.low;
  params.output_max = c.high;
  params.int32_output = c.int32_output;
  const int32_t factor = Qs8GemmRowOffsetFactor(weights);
  // Output with a guard column on each row: a kernel must not write past `columns`.
  const size_t stride = static_cast<size_t>(c.columns) + 1;
  std::vector<int32_t> wide(static_cast<size_t>(c.rows) * stride, 0x5A5A5A5A);
  std::vector<uint8_t> narrow(static_cast<size_t>(c.rows) * stride, 0x5A);
  // Without row offsets, a many_rows variant takes all rows in one call.
  const int32_t rows_per_call = variant.many_rows && factor == 0 ? c.rows : variant.mr;
  for (int32_t m = 0; m < c.rows; m += rows_per_call) {
    const int32_t rows = std::min(rows_per_call, c.rows - m);
    const uint8_t* a = c.a.data() + static_cast<size_t>(m) * c.depth;
    std::vector<int32_t> offsets(static_cast<size_t>(rows));
    if (factor != 0) {
      Qs8GemmRowOffsets(rows, c.depth, a, static_cast<size_t>(c.depth), params.a_flip, factor,
                        offsets.data());
    }
    void* out = c.int32_output ? static_cast<void*>(wide.data() + m * stride)
                               : static_cast<void*>(narrow.data() + m * stride);
    variant.fn(rows, c.columns, c.depth, a, static_cast<size_t>(c.depth), packed, out, stride,
               factor != 0 ? offsets.data() : nullptr, params);
  }
  std::vector<int32_t> result;
  for (int32_t m = 0; m < c.rows; ++m) {
    for (int32_t n = 0; n <= c.columns; ++n) {
      const size_t i = static_cast<size_t>(m) * stride + n;
      int32_t value = c.int32_output ? wide[i] : narrow[i];
      if (!c.int32_output && !c.uint8 && n < c.columns) value = static_cast<int8_t>(narrow[i]);
      if (n == c.columns) {
        EXPECT_EQ(value, c.int32_output ? 0x5A5A5A5A : 0x5A)
            << variant.name << " wrote past the row";
        continue;
      }
      result.push_back(value);
    }
  }
  return result;
}

TEST(Qs8GemmUkernelTest, EverySupportedVariantMatchesTheReferenceArithmetic) {
  const UkernelTable<Qs8GemmVariant>& table = Qs8GemmTable();
  ASSERT_GT(table.count, 0u);
  EXPECT_EQ(table.variants[table.count - 1].isa, Isa::kScalar);
  std::mt19937 rng(1234);
  int tested_variants = 0;
  for (size_t v = 0; v < table.count; ++v) {
    const Qs8GemmVariant& variant = table.variants[v];
    if (!internal::IsaAllows(internal::DetectedIsa(), variant.isa)) continue;
    ++tested_variants;
    for (int trial = 0; trial < 120; ++trial) {
      const GemmCase c = RandomCase(rng, trial % 2 == 1, trial % 5 == 4);
      ASSERT_EQ(RunVariant(variant, c), Expected(c))
          << variant.name << ": rows " << c.rows << " columns " << c.columns << " depth "
          << c.depth << (c.uint8 ? " uint8" : " int8") << " filter_offset " << c.filter_offset
          << (c.int32_output ? " int32 output" : "");
    }
  }
  EXPECT_GE(tested_variants, 1);
}

// Shallow int8 GEMMs without a filter zero point (many_rows calls) whose
// sums stay small, with right shifts 1-4 and power-of-two multipliers:
// outputs land inside the clamp and both reference roundings meet exact
// ties, positive and negative (RequantizeNarrowRow's sign term). A third of
// the channels get a bias at the edge of NarrowAccumulators' bound (just
// inside: the largest narrow accumulators; just outside: the plain path).
GemmCase ShallowCase(std::mt19937& rng) {
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  GemmCase c = RandomCase(rng, false, false);
  c.rows = uniform(4, 40);
  c.depth = uniform(1, 40);
  c.filter_offset = 0;
  const int32_t zp_in = uniform(-125, 125);
  c.input_offset = -zp_in;
  c.a.resize(static_cast<size_t>(c.rows) * c.depth);
  c.w.resize(static_cast<size_t>(c.columns) * c.depth);
  for (uint8_t& v : c.a) v = static_cast<uint8_t>(static_cast<int8_t>(zp_in + uniform(-3, 3)));
  for (uint8_t& v : c.w) v = static_cast<uint8_t>(static_cast<int8_t>(uniform(-8, 8)));
  const int32_t padded = (c.depth + 3) / 4 * 4;
  const int32_t limit = (1 << 30) - padded * 255 * 128;
  for (int32_t n = 0; n < c.columns; ++n) {
    c.bias[static_cast<size_t>(n)] = uniform(-64, 64);
    if (uniform(0, 2) == 0) {
      c.bias[static_cast<size_t>(n)] = (uniform(0, 1) ? 1 : -1) * (limit - uniform(0, 1));
    }
    QuantizedMultiplier& m = c.multipliers[static_cast<size_t>(n)];
    m.multiplier = uniform(0, 1) ? 1 << 30 : uniform(1 << 30, INT32_MAX);
    m.shift = -uniform(1, 4);
  }
  c.zero_point = uniform(-20, 20);
  c.low = -128;
  c.high = 127;
  return c;
}

TEST(Qs8GemmUkernelTest, ShallowGemmsRoundTiesLikeTheReference) {
  const UkernelTable<Qs8GemmVariant>& table = Qs8GemmTable();
  std::mt19937 rng(4321);
  for (size_t v = 0; v < table.count; ++v) {
    const Qs8GemmVariant& variant = table.variants[v];
    if (!internal::IsaAllows(internal::DetectedIsa(), variant.isa)) continue;
    for (int trial = 0; trial < 60; ++trial) {
      const GemmCase c = ShallowCase(rng);
      ASSERT_EQ(RunVariant(variant, c), Expected(c))
          << variant.name << ": rows " << c.rows << " columns " << c.columns << " depth "
          << c.depth;
    }
  }
}

}  // namespace
}  // namespace brasa
