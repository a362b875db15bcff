// Every f32_spmm variant this CPU supports, spmm and spmv, against the exact
// (double) value of clamp(sum_k A[m][k] W[n][k] + bias[n]) on random odd
// shapes and sparsities: no zero weights, half, 90%, all zero, and some
// rows all zero; rows below and above mr, channels not multiples of the
// lanes, with and without bias, A rows strided, a guard column after every
// output row.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "kernels/opt/ukernels/f32_spmm/f32_spmm.h"
#include "src/platform/cpu_features.h"
#include "tests/kernels/opt/f32_ukernel_check.h"

namespace brasa {
namespace {

struct SpmmCase {
  int32_t rows = 0, columns = 0, depth = 0;
  size_t a_stride = 0;
  std::vector<float> a, w, bias;  // bias empty: none
  float low = 0.0f, high = 0.0f;
};

SpmmCase RandomCase(std::mt19937& rng, double zero_fraction) {
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::uniform_real_distribution<float> value(-2.0f, 2.0f);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  SpmmCase c;
  c.rows = uniform(0, 3) == 0 ? uniform(1, 5) : uniform(1, 300);
  c.columns = uniform(1, 80);
  c.depth = uniform(0, 5) == 0 ? uniform(200, 400) : uniform(1, 70);
  c.a_stride = static_cast<size_t>(c.depth) + static_cast<size_t>(uniform(0, 3));
  c.a.resize(static_cast<size_t>(c.rows) * c.a_stride);
  c.w.resize(static_cast<size_t>(c.columns) * c.depth);
  for (float& v : c.a) v = value(rng);
  for (float& v : c.w) v = unit(rng) < zero_fraction ? 0.0f : value(rng);
  // Some rows entirely pruned: their outputs are the bias alone.
  for (int32_t n = 0; n < c.columns; ++n) {
    if (uniform(0, 6) == 0) std::fill_n(c.w.begin() + n * c.depth, c.depth, 0.0f);
  }
  if (uniform(0, 4) != 0) {
    for (int32_t n = 0; n < c.columns; ++n) c.bias.push_back(value(rng) * 10.0f);
  }
  testing::RandomClamp(rng, &c.low, &c.high);
  return c;
}

// Checks c's rows x columns (stride columns + 1) against the exact values
// and the guard column.
void CheckOutput(const SpmmCase& c, const std::vector<float>& out, float guard,
                 const char* what) {
  const size_t stride = static_cast<size_t>(c.columns) + 1;
  for (int32_t m = 0; m < c.rows; ++m) {
    for (int32_t n = 0; n < c.columns; ++n) {
      double sum = 0.0, magnitude = 0.0;
      for (int32_t k = 0; k < c.depth; ++k) {
        const double p = double{c.a[m * c.a_stride + k]} * c.w[n * c.depth + k];
        sum += p;
        magnitude += std::fabs(p);
      }
      const double bias = c.bias.empty() ? 0.0 : c.bias[n];
      ASSERT_TRUE(testing::CloseToExact(out[m * stride + n],
                                        testing::ClampedExact(sum, bias, c.low, c.high),
                                        magnitude + std::fabs(bias)))
          << what << " row " << m << " column " << n;
    }
    ASSERT_EQ(out[m * stride + c.columns], guard) << what << " wrote past row " << m;
  }
}

// slice_depth 0: the kernels' own (F32SpmmSliceDepth).
void CheckVariant(const F32SpmmVariant& variant, const SpmmCase& c, int32_t slice_depth) {
  const float* bias = c.bias.empty() ? nullptr : c.bias.data();
  F32GemmParams params;
  params.min = c.low;
  params.max = c.high;
  const size_t stride = static_cast<size_t>(c.columns) + 1;
  const float guard = -12345.0f;

  // spmm: rows packed for the variant's tile of mr rows in depth slices,
  // tiles of that many rows, the scratch one float off a cache line (the
  // kernels align it).
  const int32_t mr = variant.mr;
  if (slice_depth == 0) slice_depth = F32SpmmSliceDepth(mr, c.depth);
  std::vector<uint8_t> rows_memory(
      F32SparseRowsBytes(c.w.data(), c.columns, c.depth, slice_depth) + 16);
  F32SparseRows packed;
  PackF32SparseRows(c.w.data(), bias, c.columns, c.depth, mr, slice_depth, rows_memory.data(),
                    &packed);
  std::vector<float> scratch_memory(F32SpmmScratchFloats(packed) + 16);
  float* scratch = AlignSpmmScratch(scratch_memory.data()) + 1;
  std::vector<float> out(static_cast<size_t>(c.rows) * stride, guard);
  for (int32_t m = 0; m < c.rows; m += mr) {
    variant.spmm(std::min(mr, c.rows - m), c.a.data() + m * c.a_stride, c.a_stride, packed,
                 out.data() + m * stride, stride, scratch, params);
  }
  CheckOutput(c, out, guard, variant.name);

  // spmm on a part of the output channels (a tile split across threads:
  // parts are whole groups of kF32SpmmOutGroup, the last one maybe short).
  if (c.columns > kF32SpmmOutGroup + 2) {
    const int32_t first = kF32SpmmOutGroup;
    const int32_t end = c.columns > 3 * kF32SpmmOutGroup ? 2 * kF32SpmmOutGroup : c.columns;
    std::fill(out.begin(), out.end(), guard);
    const int32_t rows = std::min(mr, c.rows);
    variant.spmm(rows, c.a.data(), c.a_stride, F32SparseRowsPart(packed, first, end),
                 out.data() + first, stride, scratch, params);
    SpmmCase part = c;
    part.rows = rows;
    for (int32_t m = 0; m < rows; ++m) {
      for (int32_t n = 0; n <= c.columns; ++n) {
        if (n >= first && n < end) continue;
        ASSERT_EQ(out[m * stride + n], guard) << variant.name << " part wrote column " << n;
      }
    }
    std::vector<float> whole(static_cast<size_t>(rows) * stride, guard);
    variant.spmm(rows, c.a.data(), c.a_stride, packed, whole.data(), stride, scratch, params);
    for (int32_t m = 0; m < rows; ++m) {
      for (int32_t n = first; n < end; ++n) {
        ASSERT_EQ(out[m * stride + n], whole[m * stride + n]) << variant.name << " part";
      }
    }
  }

  // spmv: slices of the variant's lanes, every row at once.
  std::vector<uint8_t> sliced_memory(
      F32SlicedBytes(c.w.data(), c.columns, c.depth, variant.lanes) + 16);
  F32SlicedWeights sliced;
  PackF32Sliced(c.w.data(), bias, c.columns, c.depth, variant.lanes, sliced_memory.data(),
                &sliced);
  out.assign(static_cast<size_t>(c.rows) * stride, guard);
  variant.spmv(c.rows, c.a.data(), c.a_stride, sliced, out.data(), stride, params);
  CheckOutput(c, out, guard, variant.name);
}

TEST(F32SpmmUkernel, EveryVariantMatchesTheExactSum) {
  const UkernelTable<F32SpmmVariant>& table = F32SpmmTable();
  ASSERT_GE(table.count, 1u);
  EXPECT_EQ(table.variants[table.count - 1].isa, Isa::kScalar);
  std::mt19937 rng(2311);
  const double sparsities[] = {0.0, 0.5, 0.9, 1.0};
  int checked = 0;
  for (size_t v = 0; v < table.count; ++v) {
    const F32SpmmVariant& variant = table.variants[v];
    if (!internal::IsaAllows(internal::DetectedIsa(), variant.isa)) continue;
    for (int trial = 0; trial < 40; ++trial) {
      const SpmmCase c = RandomCase(rng, sparsities[trial % 4]);
      // Every third trial in small depth slices (many partial sums).
      const int32_t slice_depth = trial % 3 == 2 ? 8 * (1 + trial % 4) : 0;
      SCOPED_TRACE(::testing::Message() << variant.name << " rows " << c.rows << " columns "
                                        << c.columns << " depth " << c.depth << " slice "
                                        << slice_depth);
      CheckVariant(variant, c, slice_depth);
      if (::testing::Test::HasFatalFailure()) return;
      ++checked;
    }
  }
  EXPECT_GE(checked, 40);
}

TEST(F32SpmmUkernel, PackingListsEachRowsNonzerosWithTileOffsetsInPaddedPairs) {
  // [[0 2 0 3], [0 0 0 0], [5 0 0 0]] for tiles of 8 rows (32 bytes a channel).
  // By count: rows 1 (0), 2 (1), 0 (2); the pair (1, 2) is padded to 1 entry
  // each (row 1: value 0 at offset 0), row 0 goes alone.
  const float w[] = {0, 2, 0, 3, 0, 0, 0, 0, 5, 0, 0, 0};
  const float bias[] = {1, 2, 3};
  std::vector<uint8_t> memory(F32SparseRowsBytes(w, 3, 4, 4));
  F32SparseRows rows;
  PackF32SparseRows(w, bias, 3, 4, 8, 4, memory.data(), &rows);
  EXPECT_EQ(rows.slices, 1);
  EXPECT_EQ(std::vector<uint8_t>(rows.order, rows.order + 3), (std::vector<uint8_t>{1, 2, 0}));
  EXPECT_EQ(std::vector<int32_t>(rows.counts, rows.counts + 3), (std::vector<int32_t>{2, 1, 1}));
  EXPECT_EQ(std::vector<uint32_t>(rows.starts, rows.starts + 3),
            (std::vector<uint32_t>{0, 2, 3}));
  EXPECT_EQ(rows.entries[0].value, 2.0f);
  EXPECT_EQ(rows.entries[0].offset, 32);
  EXPECT_EQ(rows.entries[1].value, 3.0f);
  EXPECT_EQ(rows.entries[1].offset, 96);
  EXPECT_EQ(rows.entries[2].value, 0.0f);
  EXPECT_EQ(rows.entries[2].offset, 0);
  EXPECT_EQ(rows.entries[3].value, 5.0f);
  EXPECT_EQ(rows.entries[3].offset, 0);
  EXPECT_EQ(std::vector<float>(rows.bias, rows.bias + 3), (std::vector<float>{1, 2, 3}));
  const F32SparseRows part = F32SparseRowsPart(rows, 1, 3);
  EXPECT_EQ(part.rows, 2);
  EXPECT_EQ(part.counts[1], 1);
  EXPECT_EQ(part.entries[part.starts[1]].value, 5.0f);
  EXPECT_EQ(part.bias[0], 2.0f);
}

TEST(F32SpmmUkernel, PackingSplitsTheDepthIntoSlicesWithOffsetsFromEachSlice) {
  // [[0 2 0 3], [0 0 0 0], [5 0 0 0]] in depth slices of 2 channels, tiles
  // of 8 rows. Slice 0 (k 0-1): counts 1, 0, 1, by count rows 1, 0, 2: the
  // pair (1, 0) has 1 entry each, row 2 goes alone. Slice 1 (k 2-3): counts
  // 1, 0, 0: rows 1, 2, 0, the pair (1, 2) empty.
  const float w[] = {0, 2, 0, 3, 0, 0, 0, 0, 5, 0, 0, 0};
  std::vector<uint8_t> memory(F32SparseRowsBytes(w, 3, 4, 2));
  F32SparseRows rows;
  PackF32SparseRows(w, nullptr, 3, 4, 8, 2, memory.data(), &rows);
  EXPECT_EQ(rows.slices, 2);
  EXPECT_EQ(rows.slice_depth, 2);
  EXPECT_EQ(rows.stride, 3);
  EXPECT_EQ(std::vector<uint8_t>(rows.order, rows.order + 6),
            (std::vector<uint8_t>{1, 0, 2, 1, 2, 0}));
  EXPECT_EQ(std::vector<int32_t>(rows.counts, rows.counts + 6),
            (std::vector<int32_t>{1, 1, 1, 1, 0, 0}));
  EXPECT_EQ(std::vector<uint32_t>(rows.starts, rows.starts + 6),
            (std::vector<uint32_t>{0, 1, 2, 3, 4, 4}));
  // Slice 1's 3 is channel 3, one channel (32 bytes) into the slice.
  const F32SparseEntry expected[] = {{2, 32}, {0, 0}, {5, 0}, {3, 32}};
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(rows.entries[i].value, expected[i].value) << i;
    EXPECT_EQ(rows.entries[i].offset, expected[i].offset) << i;
  }
  const F32SparseRows part = F32SparseRowsPart(rows, 1, 3);
  EXPECT_EQ(part.stride, 3);
  EXPECT_EQ(part.counts[part.stride + 1], 0);
  EXPECT_EQ(part.order[part.stride], 2);
}

TEST(F32SpmmUkernel, PackingInterleavesEachSlicesNonzerosInOrder) {
  // [[0 2 0 3], [0 0 0 0], [5 0 0 0]] in slices of 2 rows.
  const float w[] = {0, 2, 0, 3, 0, 0, 0, 0, 5, 0, 0, 0};
  EXPECT_EQ(CountNonzeroWeights(w, 3, 4), 3);
  std::vector<uint8_t> memory(F32SlicedBytes(w, 3, 4, 2));
  F32SlicedWeights sliced;
  PackF32Sliced(w, nullptr, 3, 4, 2, memory.data(), &sliced);
  EXPECT_EQ(std::vector<int32_t>(sliced.steps, sliced.steps + 2), (std::vector<int32_t>{2, 1}));
  // Steps of {2 values, 2 indices}: row 1 pads with value 0 at index 0.
  const float* step = static_cast<const float*>(sliced.slices);
  const int32_t* index = reinterpret_cast<const int32_t*>(step);
  EXPECT_EQ(std::vector<float>({step[0], step[1], step[4], step[5], step[8], step[9]}),
            (std::vector<float>{2, 0, 3, 0, 5, 0}));
  EXPECT_EQ(std::vector<int32_t>({index[2], index[3], index[6], index[7], index[10], index[11]}),
            (std::vector<int32_t>{1, 0, 3, 0, 0, 0}));
  EXPECT_EQ(std::vector<float>(sliced.bias, sliced.bias + 4), (std::vector<float>{0, 0, 0, 0}));
}

}  // namespace
}  // namespace brasa
