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
