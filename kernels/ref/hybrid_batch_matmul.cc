// Hybrid BATCH_MATMUL (LiteRT batch_matmul.cc EvalHybrid): float lhs, int8
// rhs with one symmetric scale, float output. Each row of A (depth values)
// is quantized to int8 on its own (symmetric, or asymmetric with
// asymmetric_quantize_inputs); out[i, j] = float(sum_k B[k, j] (A_q[i, k] - z_i))
// * (s_i * s_rhs), which equals LiteRT's int32 sum minus z_i * column sum.
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/ref/batch_matmul.h"
#include "kernels/ref/common/conv_common.h"
#include "kernels/ref/common/hybrid_weighted.h"

namespace brasa {

Status PrepareHybridBatchMatMul(KernelContext& context, bool asymmetric, BatchMatMulData* d) {
  if (d->a_depth != 1) {  // A's rows must be contiguous for the row quantization
    return context.ErrorWithCode(StatusCode::kUnsupported, "hybrid adj_x is not supported");
  }
  const Tensor& lhs = *context.input(0);
  if (d->depth <= 0) return context.Error("hybrid needs a positive inner dimension");
  const int64_t rows = lhs.element_count() / d->depth;
  if (rows > INT32_MAX) return context.Error("too many rows (%lld)", static_cast<long long>(rows));
  return PrepareHybridWeights(context, /*channels=*/1, /*channel_dimension=*/0,
                              static_cast<int32_t>(rows), d->depth, asymmetric, &d->hybrid);
}

void EvalHybridBatchMatMul(KernelContext& context, const BatchMatMulData& d) {
  const HybridInput q = QuantizeHybridInput(context, d.hybrid);
  const int8_t* rhs = context.input(1)->data_as<int8_t>();
  const float rhs_scale = d.hybrid.channel_scales[0];
  float* out = context.output(0)->data_as<float>();
  const float* lhs = context.input(0)->data_as<float>();
  ForEachBatch(d, lhs, rhs, out, [&](const float* a_float, const int8_t* b, float* o) {
    const int64_t first_row = (a_float - lhs) / d.depth;  // A's rows are contiguous
    for (int32_t i = 0; i < d.rows; ++i) {
      const int64_t row = first_row + i;
      const int8_t* a = q.values + row * d.depth;
      const int32_t offset = q.offsets[row];
      const float scale = q.scales[row] * rhs_scale;
      for (int32_t j = 0; j < d.cols; ++j) {
        int64_t total = 0;
        for (int32_t k = 0; k < d.depth; ++k) {
          total += int32_t{b[k * d.b_depth + j * d.b_col]} * (int32_t{a[k]} - offset);
        }
        *o++ = static_cast<float>(WrapToInt32(total)) * scale;
      }
    }
  });
}

}  // namespace brasa
