// Every f32_gemm variant this CPU supports against the exact (double) value
// of clamp(sum_k A[m][k] B[n][k] + bias[n]) on random shapes: rows below and
// above mr, channels not multiples of nr, odd depths, every clamp, with and
// without bias, A rows strided, and a guard column after every output row.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "kernels/opt/ukernels/f32_gemm/f32_gemm.h"
#include "src/platform/cpu_features.h"
#include "tests/kernels/opt/f32_ukernel_check.h"

namespace brasa {
namespace {

struct GemmCase {
  int32_t rows = 0, columns = 0, depth = 0;
  size_t a_stride = 0;
  std::vector<float> a, w, bias;  // bias empty: none
  float low = 0.0f, high = 0.0f;
  int32_t prefetch_tiles = 0, prefetch_tile = 0;  // F32GemmParams'
};

GemmCase RandomCase(std::mt19937& rng) {
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::uniform_real_distribution<float> value(-2.0f, 2.0f);
  GemmCase c;
  c.rows = uniform(1, 30);
  // Now and then wide enough for the one-row path's groups of 4 blocks of 32.
  c.columns = uniform(0, 3) == 0 ? uniform(81, 300) : uniform(1, 80);
  c.depth = uniform(0, 5) == 0 ? uniform(200, 700) : uniform(1, 70);
  c.a_stride = static_cast<size_t>(c.depth) + static_cast<size_t>(uniform(0, 3));
  c.a.resize(static_cast<size_t>(c.rows) * c.a_stride);
  c.w.resize(static_cast<size_t>(c.columns) * c.depth);
  for (float& v : c.a) v = value(rng);
  for (float& v : c.w) v = value(rng);
  if (uniform(0, 4) != 0) {
    for (int32_t n = 0; n < c.columns; ++n) c.bias.push_back(value(rng) * 10.0f);
  }
  testing::RandomClamp(rng, &c.low, &c.high);
  if (uniform(0, 1) == 0) {
    c.prefetch_tiles = uniform(1, 5);
    c.prefetch_tile = uniform(0, c.prefetch_tiles - 1);
  }
  return c;
}

void CheckVariant(const F32GemmVariant& variant, const GemmCase& c) {
  std::vector<float> packed(F32GemmPackedFloats(variant.nr, c.columns, c.depth));
  PackF32Gemm(c.w.data(), c.bias.empty() ? nullptr : c.bias.data(), c.columns, c.depth,
              variant.nr, packed.data());
  F32GemmParams params;
  params.min = c.low;
  params.max = c.high;
  params.prefetch_tiles = c.prefetch_tiles;
  params.prefetch_tile = c.prefetch_tile;
  // A guard column on each row: a kernel must not write past `columns`.
  const size_t stride = static_cast<size_t>(c.columns) + 1;
  const float guard = -12345.0f;
  std::vector<float> out(static_cast<size_t>(c.rows) * stride, guard);
  for (int32_t m = 0; m < c.rows; m += variant.mr) {
    const int32_t rows = std::min(variant.mr, c.rows - m);
    variant.fn(rows, c.columns, c.depth, c.a.data() + m * c.a_stride, c.a_stride, packed.data(),
               out.data() + m * stride, stride, params);
  }
  for (int32_t m = 0; m < c.rows; ++m) {
    for (int32_t n = 0; n < c.columns; ++n) {
      double sum = 0.0, magnitude = 0.0;
      for (int32_t k = 0; k < c.depth; ++k) {
        const double product = double{c.a[m * c.a_stride + k]} * c.w[n * c.depth + k];
        sum += product;
        magnitude += std::fabs(product);
      }
      const double bias = c.bias.empty() ? 0.0 : c.bias[static_cast<size_t>(n)];
      const double exact = testing::ClampedExact(sum, bias, c.low, c.high);
      ASSERT_TRUE(testing::CloseToExact(out[m * stride + n], exact, magnitude + std::fabs(bias)))
          << variant.name << " row " << m << " column " << n << " of " << c.rows << "x"
          << c.columns << " depth " << c.depth << " prefetch tile " << c.prefetch_tile << " of " << c.prefetch_tiles;
    }
    ASSERT_EQ(out[m * stride + c.columns], guard) << variant.name << " wrote past row " << m;
  }
}

TEST(F32GemmUkernelTest, EverySupportedVariantMatchesTheExactSum) {
  const UkernelTable<F32GemmVariant>& table = F32GemmTable();
  ASSERT_GT(table.count, 0u);
  EXPECT_EQ(table.variants[table.count - 1].isa, Isa::kScalar);
  std::mt19937 rng(4321);
  int tested_variants = 0;
  for (size_t v = 0; v < table.count; ++v) {
    const F32GemmVariant& variant = table.variants[v];
    if (!internal::IsaAllows(internal::DetectedIsa(), variant.isa)) continue;
    ++tested_variants;
    for (int trial = 0; trial < 150; ++trial) CheckVariant(variant, RandomCase(rng));
  }
  EXPECT_GE(tested_variants, 1);
}

// Every shallow depth (the 1x1 expansions of MobileNetV2 have 16, 24 and
// 32): the sums start from the bias and the first steps prefetch the next
// tile's output, so depths below, at and above the tile height all run, over
// three row tiles (the last one partial) and a partial column block, with
// ReLU6 and without a clamp, with and without a bias.
TEST(F32GemmUkernelTest, EveryShallowDepthMatchesTheExactSum) {
  const UkernelTable<F32GemmVariant>& table = F32GemmTable();
  std::mt19937 rng(2468);
  std::uniform_real_distribution<float> value(-2.0f, 2.0f);
  for (size_t v = 0; v < table.count; ++v) {
    const F32GemmVariant& variant = table.variants[v];
    if (!internal::IsaAllows(internal::DetectedIsa(), variant.isa)) continue;
    for (int32_t depth = 1; depth <= 40; ++depth) {
      for (const bool relu6 : {true, false}) {
        GemmCase c;
        c.rows = 3 * variant.mr - 1;
        c.columns = variant.max_columns != 0 ? variant.max_columns - 3 : 2 * variant.nr + 5;
        c.depth = depth;
        c.a_stride = static_cast<size_t>(depth);
        c.a.resize(static_cast<size_t>(c.rows) * c.a_stride);
        c.w.resize(static_cast<size_t>(c.columns) * c.depth);
        for (float& x : c.a) x = value(rng);
        for (float& x : c.w) x = value(rng);
        if (relu6) {
          for (int32_t n = 0; n < c.columns; ++n) c.bias.push_back(value(rng) * 4.0f);
        }
        c.low = relu6 ? 0.0f : -3.0e38f;
        c.high = relu6 ? 6.0f : 3.0e38f;
        CheckVariant(variant, c);
      }
    }
  }
}

// Tiles of at most 7 rows where A's rows lie a multiple of 4 KB apart
// (depth a multiple of 1024), mr (or shallow_mr) otherwise.
TEST(F32GemmUkernelTest, TileRowsAvoidRowsInOneCacheSet) {
  const UkernelTable<F32GemmVariant>& table = F32GemmTable();
  for (size_t v = 0; v < table.count; ++v) {
    const F32GemmVariant& variant = table.variants[v];
    for (const int32_t depth : {1024, 2048, 3072}) {
      EXPECT_EQ(F32GemmTileRows(variant, depth), std::min(variant.mr, kSameSetTileRows))
          << variant.name << " depth " << depth;
    }
    for (const int32_t depth : {512, 1000, 1536}) {
      EXPECT_EQ(F32GemmTileRows(variant, depth), variant.mr) << variant.name << " depth " << depth;
    }
  }
}

// The planner's choice: a narrow variant (max_columns) only for layers it
// covers, the general one above that, none when only scalar is allowed.
TEST(F32GemmUkernelTest, SelectionHonoursMaxColumns) {
  EXPECT_EQ(SelectF32Gemm(Isa::kScalar, 16), nullptr);
  const UkernelTable<F32GemmVariant>& table = F32GemmTable();
  for (const Isa isa : {Isa::kAvx2, Isa::kAvx512}) {
    for (const int32_t columns : {1, 16, 17, 32, 1000}) {
      const F32GemmVariant* selected = SelectF32Gemm(isa, columns);
      // The first table row this ISA allows whose max_columns covers the layer.
      const F32GemmVariant* expected = nullptr;
      for (size_t v = 0; v + 1 < table.count && expected == nullptr; ++v) {
        const F32GemmVariant& variant = table.variants[v];
        if ((variant.max_columns == 0 || columns <= variant.max_columns) &&
            internal::IsaAllows(isa, variant.isa)) {
          expected = &variant;
        }
      }
      EXPECT_EQ(selected, expected) << "columns " << columns;
      if (selected != nullptr && selected->max_columns != 0) {
        EXPECT_LE(columns, selected->max_columns) << selected->name;
      }
    }
  }
  // Every narrow variant serves the layers it covers at its own ISA level.
  for (size_t v = 0; v + 1 < table.count; ++v) {
    const F32GemmVariant& variant = table.variants[v];
    if (variant.max_columns == 0) continue;
    EXPECT_EQ(SelectF32Gemm(variant.isa, variant.max_columns), &variant) << variant.name;
    EXPECT_NE(SelectF32Gemm(variant.isa, variant.max_columns + 1), &variant) << variant.name;
  }
}

}  // namespace
}  // namespace brasa
