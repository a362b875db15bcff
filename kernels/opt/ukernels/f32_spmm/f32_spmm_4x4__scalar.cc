// f32_spmm's portable oracle: plain loops over the sliced weights (any slice
// width up to 16), 4-row spmm tiles and 4-channel slices in the table.
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

void f32_spmm_4x4__scalar_spmm(int32_t rows, const float* a, size_t a_stride,
                               const F32SlicedWeights& w, float* c, size_t c_stride, float*,
                               const F32GemmParams& params) {
  for (int32_t m = 0; m < rows; ++m) {
    SlicedRow(a + static_cast<size_t>(m) * a_stride, w, c + static_cast<size_t>(m) * c_stride,
              params);
  }
}

void f32_spmm_4x4__scalar_spmv(int32_t rows, const float* a, size_t a_stride,
                               const F32SlicedWeights& w, float* c, size_t c_stride,
                               const F32GemmParams& params) {
  f32_spmm_4x4__scalar_spmm(rows, a, a_stride, w, c, c_stride, nullptr, params);
}

}  // namespace brasa
