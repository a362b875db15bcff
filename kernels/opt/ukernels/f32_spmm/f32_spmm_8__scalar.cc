// f32_spmm's portable oracle: plain loops over the packed weights, each
// entry's input channel recovered from its slice and offset (spmm, packed
// for tiles of 8 rows), and over the sliced weights (spmv, any slice width up to 16;
// 4-channel slices in the table).
#include <algorithm>
#include <cmath>

#include "kernels/opt/ukernels/f32_spmm/f32_spmm.h"

namespace brasa {
namespace {

// One row of A times the sliced weights.
void SlicedRow(const float* in, const F32SlicedWeights& w, float* out,
               const F32GemmParams& params) {
  const int32_t lanes = w.lanes;
  const float* step = static_cast<const float*>(w.slices);
  for (int32_t first = 0, s = 0; first < w.rows; first += lanes, ++s) {
    float sums[16] = {};
    for (int32_t t = 0; t < w.steps[s]; ++t, step += 2 * lanes) {
      const int32_t* index = reinterpret_cast<const int32_t*>(step + lanes);
      for (int32_t j = 0; j < lanes; ++j) sums[j] = std::fma(in[index[j]], step[j], sums[j]);
    }
    for (int32_t j = 0; j < lanes && first + j < w.rows; ++j) {
      out[first + j] = std::min(std::max(sums[j] + w.bias[first + j], params.min), params.max);
    }
  }
}

}  // namespace

void f32_spmm_8__scalar_spmm(int32_t rows, const float* a, size_t a_stride,
                             const F32SparseRows& w, float* c, size_t c_stride, float*,
                             const F32GemmParams& params) {
  const int32_t row_bytes = w.mr * static_cast<int32_t>(sizeof(float));
  for (int32_t m = 0; m < rows; ++m) {
    const float* in = a + static_cast<size_t>(m) * a_stride;
    float* out = c + static_cast<size_t>(m) * c_stride;
    for (int32_t n = 0; n < w.rows; ++n) {
      float sum = 0.0f;
      for (int32_t s = 0; s < w.slices; ++s) {
        const float* slice = in + static_cast<size_t>(s) * static_cast<size_t>(w.slice_depth);
        const size_t at = static_cast<size_t>(s) * static_cast<size_t>(w.stride) + n;
        const F32SparseEntry* e = w.entries + w.starts[at];
        for (int32_t i = 0; i < w.counts[at]; ++i) {
          sum = std::fma(slice[e[i].offset / row_bytes], e[i].value, sum);
        }
      }
      out[n] = std::min(std::max(sum + w.bias[n], params.min), params.max);
    }
  }
}

void f32_spmm_8__scalar_spmv(int32_t rows, const float* a, size_t a_stride,
                             const F32SlicedWeights& w, float* c, size_t c_stride,
                             const F32GemmParams& params) {
  for (int32_t m = 0; m < rows; ++m) {
    SlicedRow(a + static_cast<size_t>(m) * a_stride, w, c + static_cast<size_t>(m) * c_stride,
              params);
  }
}

}  // namespace brasa
