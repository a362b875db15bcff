// Every qs8_spmv variant this CPU supports against the dense int32 sum
// (bias + sum_k (x + input_offset) * w, wrapped to int32 as the reference
// does) on random shapes: weights pruned in 1x4 blocks and unstructured, no
// zeros, all zeros, rows entirely pruned, rows of blocks not a multiple of
// the vector width, with and without bias, strided rows of A and guard
// columns after every row of sums. Bit for bit.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "kernels/opt/ukernels/qs8_spmv/qs8_spmv.h"
#include "src/platform/cpu_features.h"

namespace brasa {
namespace {

struct Case {
  int32_t rows = 0, units = 0, depth = 0, input_offset = 0;
  size_t a_stride = 0;
  std::vector<int8_t> a, w;
  std::vector<int32_t> bias;  // empty: none
};

Case RandomCase(std::mt19937& rng, int trial) {
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Case c;
  c.rows = uniform(1, 5);
  c.units = uniform(1, 70);
  c.depth = 4 * uniform(1, uniform(0, 4) == 0 ? 200 : 30);
  c.input_offset = uniform(-127, 128);
  c.a_stride = static_cast<size_t>(c.depth) + static_cast<size_t>(uniform(0, 5));
  c.a.resize(static_cast<size_t>(c.rows) * c.a_stride);
  for (int8_t& v : c.a) v = static_cast<int8_t>(uniform(-128, 127));
  c.w.resize(static_cast<size_t>(c.units) * c.depth);
  const int zero_percent = (trial % 5) * 25;  // 0, 25, 50, 75, 100
  const bool blocks = trial % 2 == 0;
  for (size_t k = 0; k < c.w.size(); k += 4) {
    const bool pruned_block = blocks && uniform(0, 99) < zero_percent;
    for (size_t i = 0; i < 4; ++i) {
      const bool pruned = pruned_block || (!blocks && uniform(0, 99) < zero_percent);
      // Extreme values too: -128 * -128 products.
      c.w[k + i] = pruned ? 0 : static_cast<int8_t>(uniform(0, 3) == 0 ? -128 : uniform(-128, 127));
    }
  }
  for (int32_t n = 0; n < c.units; n += 7) {
    std::fill_n(c.w.begin() + n * c.depth, c.depth, static_cast<int8_t>(0));
  }
  if (uniform(0, 3) != 0) {
    for (int32_t n = 0; n < c.units; ++n) {
      c.bias.push_back(uniform(0, 5) == 0 ? INT32_MAX - uniform(0, 1000) : uniform(-100000, 100000));
    }
  }
  return c;
}

int32_t Expected(const Case& c, int32_t m, int32_t n) {
  int64_t sum = c.bias.empty() ? 0 : c.bias[static_cast<size_t>(n)];
  for (int32_t k = 0; k < c.depth; ++k) {
    sum += int64_t{c.a[m * c.a_stride + k] + c.input_offset} * c.w[n * c.depth + k];
  }
  return static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(sum)));
}

TEST(Qs8SpmvUkernel, EveryVariantMatchesTheDenseSumBitForBit) {
  const UkernelTable<Qs8SpmvVariant>& table = Qs8SpmvTable();
  ASSERT_GE(table.count, 1u);
  EXPECT_EQ(table.variants[table.count - 1].isa, Isa::kScalar);
  std::mt19937 rng(1511);
  int checked = 0;
  for (size_t v = 0; v < table.count; ++v) {
    const Qs8SpmvVariant& variant = table.variants[v];
    if (!internal::IsaAllows(internal::DetectedIsa(), variant.isa)) continue;
    for (int trial = 0; trial < 60; ++trial) {
      const Case c = RandomCase(rng, trial);
      SCOPED_TRACE(::testing::Message() << variant.name << " rows " << c.rows << " units "
                                        << c.units << " depth " << c.depth);
      int64_t nonzeros = 0, blocks = 0;
      CountQs8Blocks(c.w.data(), c.units, c.depth, &nonzeros, &blocks);
      std::vector<uint8_t> memory(Qs8BlockRowsBytes(c.units, blocks));
      Qs8BlockRows packed;
      PackQs8BlockRows(c.w.data(), c.bias.empty() ? nullptr : c.bias.data(), c.input_offset,
                       c.units, c.depth, memory.data(), &packed);
      ASSERT_EQ(int64_t{packed.starts[c.units]}, blocks);
      const size_t stride = static_cast<size_t>(c.units) + 2;
      const int32_t guard = -7777777;
      std::vector<int32_t> sums(static_cast<size_t>(c.rows) * stride, guard);
      // In two parts, as threads split the units.
      const int32_t half = c.units / 2;
      variant.spmv(c.rows, c.a.data(), c.a_stride, Qs8BlockRowsPart(packed, 0, half), sums.data(),
                   stride);
      variant.spmv(c.rows, c.a.data(), c.a_stride, Qs8BlockRowsPart(packed, half, c.units),
                   sums.data() + half, stride);
      for (int32_t m = 0; m < c.rows; ++m) {
        for (int32_t n = 0; n < c.units; ++n) {
          ASSERT_EQ(sums[m * stride + n], Expected(c, m, n)) << "row " << m << " unit " << n;
        }
        ASSERT_EQ(sums[m * stride + c.units], guard);
        ASSERT_EQ(sums[m * stride + c.units + 1], guard);
      }
      ++checked;
    }
  }
  EXPECT_GE(checked, 60);
}

TEST(Qs8SpmvUkernel, PackingKeepsTheNonzeroBlocksOfEachRow) {
  // Row 0: blocks [1 0 0 0] [0 0 0 0] [0 0 2 -4]; row 1: all zero.
  const int8_t w[] = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, -4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  const int32_t bias[] = {10, 20};
  int64_t nonzeros = 0, blocks = 0;
  CountQs8Blocks(w, 2, 12, &nonzeros, &blocks);
  EXPECT_EQ(nonzeros, 3);
  EXPECT_EQ(blocks, 2);
  std::vector<uint8_t> memory(Qs8BlockRowsBytes(2, blocks));
  Qs8BlockRows packed;
  PackQs8BlockRows(w, bias, 5, 2, 12, memory.data(), &packed);
  EXPECT_EQ(std::vector<int32_t>(packed.counts, packed.counts + 2), (std::vector<int32_t>{2, 0}));
  EXPECT_EQ(std::vector<int32_t>(packed.offsets, packed.offsets + 2), (std::vector<int32_t>{0, 8}));
  EXPECT_EQ(std::vector<int8_t>(packed.values, packed.values + 8),
            (std::vector<int8_t>{1, 0, 0, 0, 0, 0, 2, -4}));
  // bias + input_offset * sum(w): 10 + 5 * -1, 20 + 5 * 0.
  EXPECT_EQ(std::vector<int32_t>(packed.weight_sums, packed.weight_sums + 2),
            (std::vector<int32_t>{-1, 0}));
  EXPECT_EQ(std::vector<int32_t>(packed.bias, packed.bias + 2), (std::vector<int32_t>{5, 20}));
}

}  // namespace
}  // namespace brasa
