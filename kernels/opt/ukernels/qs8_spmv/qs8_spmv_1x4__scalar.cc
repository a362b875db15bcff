// qs8_spmv's portable oracle: each block's 4 products, summed modulo 2^32.
#include "kernels/opt/ukernels/qs8_spmv/qs8_spmv.h"

namespace brasa {

void qs8_spmv_1x4__scalar(int32_t rows, const int8_t* a, size_t a_stride, const Qs8BlockRows& w,
                          int32_t* sums, size_t sums_stride) {
  for (int32_t m = 0; m < rows; ++m) {
    const int8_t* in = a + static_cast<size_t>(m) * a_stride;
    int32_t* out = sums + static_cast<size_t>(m) * sums_stride;
    for (int32_t n = 0; n < w.rows; ++n) {
      uint32_t acc = static_cast<uint32_t>(w.bias[n]);
      for (uint32_t b = w.starts[n]; b < w.starts[n] + static_cast<uint32_t>(w.counts[n]); ++b) {
        const int8_t* x = in + w.offsets[b];
        const int8_t* v = w.values + static_cast<size_t>(b) * 4;
        int32_t block = 0;  // at most 4 * 128 * 128: fits
        for (int i = 0; i < 4; ++i) block += int32_t{x[i]} * int32_t{v[i]};
        acc += static_cast<uint32_t>(block);
      }
      out[n] = static_cast<int32_t>(acc);
    }
  }
}

}  // namespace brasa
