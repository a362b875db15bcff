// Packing pruned float32 weights into f32_spmm's sliced layout.
#include <algorithm>
#include <cstring>

#include "kernels/opt/ukernels/f32_spmm/f32_spmm.h"

namespace brasa {
namespace {

size_t RoundUp16(size_t bytes) { return (bytes + 15) & ~size_t{15}; }

int32_t RowNonzeros(const float* row, int32_t depth) {
  int32_t count = 0;
  for (int32_t k = 0; k < depth; ++k) count += row[k] != 0.0f ? 1 : 0;
  return count;
}

// Steps of the slice starting at row `first`: its longest row's nonzeros.
int32_t SliceSteps(const float* weights, int32_t rows, int32_t depth, int32_t first,
                   int32_t lanes) {
  int32_t steps = 0;
  for (int32_t n = first; n < std::min(rows, first + lanes); ++n) {
    steps = std::max(steps, RowNonzeros(weights + static_cast<size_t>(n) * depth, depth));
  }
  return steps;
}

}  // namespace

int64_t CountNonzeroWeights(const float* weights, int32_t rows, int32_t depth) {
  int64_t count = 0;
  for (int32_t n = 0; n < rows; ++n) {
    count += RowNonzeros(weights + static_cast<size_t>(n) * depth, depth);
  }
  return count;
}

namespace {

// The group of kF32SpmmOutGroup channels from `first`, over input channels
// [k0, k1): order[] (its channels by nonzero count, ascending) and padded[]
// (each pair's larger count for both; a lone last channel keeps its own).
void PlanGroup(const float* weights, int32_t rows, int32_t depth, int32_t first, int32_t k0,
               int32_t k1, uint8_t order[kF32SpmmOutGroup], int32_t padded[kF32SpmmOutGroup]) {
  const int32_t size = std::min(kF32SpmmOutGroup, rows - first);
  int32_t nonzeros[kF32SpmmOutGroup];
  for (int32_t j = 0; j < size; ++j) {
    nonzeros[j] = RowNonzeros(weights + static_cast<size_t>(first + j) * depth + k0, k1 - k0);
    order[j] = static_cast<uint8_t>(j);
  }
  std::stable_sort(order, order + size,
                   [&](uint8_t x, uint8_t y) { return nonzeros[x] < nonzeros[y]; });
  for (int32_t j = 0; j < size; j += 2) {
    const int32_t count =
        j + 1 < size ? std::max(nonzeros[order[j]], nonzeros[order[j + 1]]) : nonzeros[order[j]];
    padded[order[j]] = count;
    if (j + 1 < size) padded[order[j + 1]] = count;
  }
}

int32_t SliceCount(int32_t depth, int32_t slice_depth) {
  return slice_depth <= 0 || depth <= slice_depth ? 1 : (depth + slice_depth - 1) / slice_depth;
}

}  // namespace

size_t F32SparseRowsBytes(const float* weights, int32_t rows, int32_t depth,
                          int32_t slice_depth) {
  const int32_t slices = SliceCount(depth, slice_depth);
  const size_t r = static_cast<size_t>(rows) * static_cast<size_t>(slices);
  size_t entries = 0;
  for (int32_t s = 0; s < slices; ++s) {
    const int32_t k0 = s * slice_depth, k1 = std::min(depth, k0 + slice_depth);
    for (int32_t first = 0; first < rows; first += kF32SpmmOutGroup) {
      uint8_t order[kF32SpmmOutGroup];
      int32_t padded[kF32SpmmOutGroup];
      PlanGroup(weights, rows, depth, first, k0, k1, order, padded);
      for (int32_t j = 0; j < std::min(kF32SpmmOutGroup, rows - first); ++j) {
        entries += static_cast<size_t>(padded[j]);
      }
    }
  }
  return RoundUp16(r * sizeof(int32_t)) + RoundUp16(r * sizeof(uint32_t)) + RoundUp16(r) +
         entries * sizeof(F32SparseEntry) + RoundUp16(static_cast<size_t>(rows) * sizeof(float));
}

void PackF32SparseRows(const float* weights, const float* bias, int32_t rows, int32_t depth,
                       int32_t mr, int32_t slice_depth, void* memory, F32SparseRows* out) {
  const int32_t slices = SliceCount(depth, slice_depth);
  const size_t r = static_cast<size_t>(rows) * static_cast<size_t>(slices);
  uint8_t* at = static_cast<uint8_t*>(memory);
  int32_t* counts = reinterpret_cast<int32_t*>(at);
  at += RoundUp16(r * sizeof(int32_t));
  uint32_t* starts = reinterpret_cast<uint32_t*>(at);
  at += RoundUp16(r * sizeof(uint32_t));
  uint8_t* order = at;
  at += RoundUp16(r);
  F32SparseEntry* entries = reinterpret_cast<F32SparseEntry*>(at);
  uint32_t next = 0;
  for (int32_t s = 0; s < slices; ++s) {
    const int32_t k0 = s * slice_depth, k1 = std::min(depth, k0 + slice_depth);
    const size_t slice = static_cast<size_t>(s) * static_cast<size_t>(rows);
    for (int32_t first = 0; first < rows; first += kF32SpmmOutGroup) {
      int32_t padded[kF32SpmmOutGroup];
      PlanGroup(weights, rows, depth, first, k0, k1, order + slice + first, padded);
      for (int32_t j = 0; j < std::min(kF32SpmmOutGroup, rows - first); ++j) {
        const size_t n = static_cast<size_t>(first + j);
        const float* row = weights + n * static_cast<size_t>(depth);
        starts[slice + n] = next;
        int32_t offset = 0;
        for (int32_t k = k0; k < k1; ++k) {
          if (row[k] == 0.0f) continue;
          offset = static_cast<int32_t>(static_cast<int64_t>(k - k0) * mr * int64_t{sizeof(float)});
          entries[next++] = F32SparseEntry{row[k], offset};
        }
        // Padding: adding 0 times an input the sum already read.
        while (next - starts[slice + n] < static_cast<uint32_t>(padded[j])) {
          entries[next++] = F32SparseEntry{0.0f, offset};
        }
        counts[slice + n] = padded[j];
      }
    }
  }
  float* biases = reinterpret_cast<float*>(at + static_cast<size_t>(next) * sizeof(F32SparseEntry));
  for (int32_t n = 0; n < rows; ++n) biases[n] = bias != nullptr ? bias[n] : 0.0f;
  *out = F32SparseRows{rows,   depth,  mr,    std::min(slice_depth, depth), slices, rows,
                       counts, starts, order, entries,                      biases};
}

F32SparseRows F32SparseRowsPart(const F32SparseRows& w, int32_t first, int32_t end) {
  F32SparseRows part = w;
  part.rows = end - first;
  part.counts = w.counts + first;
  part.starts = w.starts + first;
  part.order = w.order + first;
  part.bias = w.bias + first;
  return part;
}

size_t F32SlicedBytes(const float* weights, int32_t rows, int32_t depth, int32_t lanes) {
  const size_t slices = static_cast<size_t>((rows + lanes - 1) / lanes);
  size_t steps = 0;
  for (int32_t first = 0; first < rows; first += lanes) {
    steps += static_cast<size_t>(SliceSteps(weights, rows, depth, first, lanes));
  }
  return RoundUp16(slices * sizeof(int32_t)) + steps * static_cast<size_t>(lanes) * 8 +
         RoundUp16(slices * static_cast<size_t>(lanes) * sizeof(float));
}

void PackF32Sliced(const float* weights, const float* bias, int32_t rows, int32_t depth,
                   int32_t lanes, void* memory, F32SlicedWeights* out) {
  const size_t slices = static_cast<size_t>((rows + lanes - 1) / lanes);
  const size_t l = static_cast<size_t>(lanes);
  uint8_t* at = static_cast<uint8_t*>(memory);
  int32_t* steps = reinterpret_cast<int32_t*>(at);
  at += RoundUp16(slices * sizeof(int32_t));
  uint8_t* const slice_data = at;
  for (size_t s = 0; s < slices; ++s) {
    const int32_t first = static_cast<int32_t>(s * l);
    steps[s] = SliceSteps(weights, rows, depth, first, lanes);
    float* values = reinterpret_cast<float*>(at);
    std::memset(at, 0, static_cast<size_t>(steps[s]) * l * 8);
    for (size_t j = 0; j < l && first + static_cast<int32_t>(j) < rows; ++j) {
      const float* row = weights + (static_cast<size_t>(first) + j) * depth;
      size_t step = 0;
      for (int32_t k = 0; k < depth; ++k) {
        if (row[k] == 0.0f) continue;
        float* entry = values + step * 2 * l;
        entry[j] = row[k];
        reinterpret_cast<int32_t*>(entry + l)[j] = k;
        ++step;
      }
    }
    at += static_cast<size_t>(steps[s]) * l * 8;
  }
  float* biases = reinterpret_cast<float*>(at);
  for (size_t n = 0; n < slices * l; ++n) {
    biases[n] = bias != nullptr && n < static_cast<size_t>(rows) ? bias[n] : 0.0f;
  }
  *out = F32SlicedWeights{rows, depth, lanes, steps, slice_data, biases};
}

}  // namespace brasa
