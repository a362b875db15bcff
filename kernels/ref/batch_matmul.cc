// BATCH_MATMUL: out[..., i, j] = sum_k A[..., i, k] * B[..., k, j], A = lhs
// (transposed in its last two dims with adj_x), B = rhs (with adj_y); ranks
// 2-5, batch dimensions broadcast. LiteRT's reference (batch_matmul.cc):
// float sums over k in order; int8 and int16 (int16 x int16 or int16 x int8)
// sum (l - zp_l)(r - zp_r) in int32 (int8) or int64 (int16), then MBQM with
// M = double(float(s_l * s_r)) / double(s_out) (§1.4, or §1.6 for int64),
// + zp_out, clamped to the type; int8 x int8 -> int32 sums raw products.
#include <algorithm>
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/batch_matmul.h"
#include "kernels/ref/common/checked_multiplier.h"
#include "kernels/ref/common/conv_common.h"
#include "kernels/ref/common/hybrid_weighted.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

bool IsSupportedCombination(DataType lhs, DataType rhs, DataType out) {
  if (lhs == DataType::kFloat32) return rhs == DataType::kFloat32 && out == DataType::kFloat32;
  if (lhs == DataType::kInt8) {
    return rhs == DataType::kInt8 && (out == DataType::kInt8 || out == DataType::kInt32);
  }
  return lhs == DataType::kInt16 && (rhs == DataType::kInt16 || rhs == DataType::kInt8) &&
         out == DataType::kInt16;
}

Status PrepareQuantization(KernelContext& context, const Tensor& lhs, const Tensor& rhs,
                           const Tensor& out, BatchMatMulData* d) {
  for (const Tensor* t : {&lhs, &rhs, &out}) {
    const Quantization& q = t->quantization;
    if (!q.is_quantized() || q.scales.size() != 1) {
      return context.ErrorWithCode(StatusCode::kUnsupported,
                                   "%s operands need per-tensor quantization",
                                   DataTypeName(lhs.type));
    }
    if (t->type == DataType::kInt16 && q.zero_point() != 0) {
      return context.Error("int16 zero points must be 0, got %d", q.zero_point());
    }
    if (t->type == DataType::kInt8 && (q.zero_point() < -128 || q.zero_point() > 127)) {
      return context.Error("int8 zero point %d is out of range", q.zero_point());
    }
  }
  d->lhs_offset = -lhs.quantization.zero_point();
  d->rhs_offset = -rhs.quantization.zero_point();
  d->output_offset = out.quantization.zero_point();
  d->int64_sum = lhs.type == DataType::kInt16;
  const float product = lhs.quantization.scale() * rhs.quantization.scale();
  const double real = static_cast<double>(product) / static_cast<double>(out.quantization.scale());
  // The int64 variant of MBQM (§1.6) takes shifts up to 7 only.
  return QuantizeMultiplierChecked(context, "requantization multiplier", real,
                                   d->int64_sum ? 7 : 31, &d->multiplier);
}

Status Prepare(KernelContext& context) {
  if (context.num_inputs() != 2 || context.num_outputs() != 1) {
    return context.Error("expects 2 inputs and 1 output, got %d and %d", context.num_inputs(),
                         context.num_outputs());
  }
  const Tensor* lhs = context.input(0);
  const Tensor* rhs = context.input(1);
  if (lhs == nullptr || rhs == nullptr) return context.Error("an input is missing");
  const Tensor& out = *context.output(0);
  const BatchMatMulParams params =
      context.raw_params() != nullptr ? context.params<BatchMatMulParams>() : BatchMatMulParams{};
  const bool hybrid = lhs->type == DataType::kFloat32 && rhs->type == DataType::kInt8 &&
                      out.type == DataType::kFloat32;
  if (!hybrid && !IsSupportedCombination(lhs->type, rhs->type, out.type)) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "types %s x %s -> %s are not supported%s", DataTypeName(lhs->type),
                                 DataTypeName(rhs->type), DataTypeName(out.type),
                                 hybrid ? " (hybrid)" : "");
  }
  const int lhs_rank = lhs->rank(), rhs_rank = rhs->rank();
  if (lhs_rank < 2 || lhs_rank > 5 || rhs_rank < 2 || rhs_rank > 5) {
    return context.Error("operand ranks must be 2 to 5, got %d and %d", lhs_rank, rhs_rank);
  }
  BatchMatMulData* d = context.NewOpData<BatchMatMulData>();
  if (d == nullptr) return OutOfMemory(context);
  const int rank = std::max(lhs_rank, rhs_rank);
  Shape shape(static_cast<size_t>(rank));
  // Batch dims, aligned at the right of the batch part; strides in elements.
  const int64_t lhs_matrix = int64_t{lhs->dim(lhs_rank - 2)} * lhs->dim(lhs_rank - 1);
  const int64_t rhs_matrix = int64_t{rhs->dim(rhs_rank - 2)} * rhs->dim(rhs_rank - 1);
  int64_t lhs_stride = lhs_matrix, rhs_stride = rhs_matrix;
  for (int i = rank - 3; i >= 0; --i) {
    const int li = i - (rank - lhs_rank), ri = i - (rank - rhs_rank);
    const int32_t ld = li >= 0 ? lhs->dim(li) : 1, rd = ri >= 0 ? rhs->dim(ri) : 1;
    if (ld != rd && ld != 1 && rd != 1) {
      return context.Error("batch dimensions %d and %d do not broadcast", ld, rd);
    }
    const int slot = kMaxBatchDims - (rank - 2) + i;
    d->batches[slot] = std::max(ld, rd);
    if (ld == 0 || rd == 0) d->batches[slot] = 0;
    d->lhs_batch_stride[slot] = ld == 1 ? 0 : lhs_stride;
    d->rhs_batch_stride[slot] = rd == 1 ? 0 : rhs_stride;
    lhs_stride *= ld;
    rhs_stride *= rd;
    shape[static_cast<size_t>(i)] = d->batches[slot];
  }
  const int32_t l_rows = lhs->dim(lhs_rank - 2), l_cols = lhs->dim(lhs_rank - 1);
  const int32_t r_rows = rhs->dim(rhs_rank - 2), r_cols = rhs->dim(rhs_rank - 1);
  d->rows = params.adj_x ? l_cols : l_rows;
  d->depth = params.adj_x ? l_rows : l_cols;
  d->cols = params.adj_y ? r_rows : r_cols;
  const int32_t rhs_depth = params.adj_y ? r_cols : r_rows;
  if (rhs_depth != d->depth) {
    return context.Error("inner dimensions differ: %d (lhs) and %d (rhs)", d->depth, rhs_depth);
  }
  d->a_row = params.adj_x ? 1 : l_cols;
  d->a_depth = params.adj_x ? l_cols : 1;
  d->b_depth = params.adj_y ? 1 : r_cols;
  d->b_col = params.adj_y ? r_cols : 1;
  shape[static_cast<size_t>(rank - 2)] = d->rows;
  shape[static_cast<size_t>(rank - 1)] = d->cols;
  if (hybrid) {
    BRASA_RETURN_IF_ERROR(PrepareHybridBatchMatMul(context, params.asymmetric_quantize_inputs, d));
  } else if (lhs->type != DataType::kFloat32 && out.type != DataType::kInt32) {
    BRASA_RETURN_IF_ERROR(PrepareQuantization(context, *lhs, *rhs, out, d));
  }
  return context.ResizeOutput(0, shape);
}

void EvalFloat(const BatchMatMulData& d, const float* lhs, const float* rhs, float* out) {
  ForEachBatch(d, lhs, rhs, out, [&](const float* a, const float* b, float* o) {
    for (int32_t i = 0; i < d.rows; ++i) {
      for (int32_t j = 0; j < d.cols; ++j) {
        float total = 0.0f;
        for (int32_t k = 0; k < d.depth; ++k) {
          total += a[i * d.a_row + k * d.a_depth] * b[k * d.b_depth + j * d.b_col];
        }
        o[int64_t{i} * d.cols + j] = total;
      }
    }
  });
}

// Exact sums of (l + lhs_offset)(r + rhs_offset) in int64; int8 results wrap
// to int32 like LiteRT's int32 sum. With O = int32 (int8 -> int32) the raw
// products are summed and stored.
template <typename L, typename R, typename O>
void EvalInteger(const BatchMatMulData& d, const L* lhs, const R* rhs, O* out) {
  const bool requantize = !std::is_same<O, int32_t>::value;
  ForEachBatch(d, lhs, rhs, out, [&](const L* a, const R* b, O* o) {
    for (int32_t i = 0; i < d.rows; ++i) {
      for (int32_t j = 0; j < d.cols; ++j) {
        int64_t total = 0;
        for (int32_t k = 0; k < d.depth; ++k) {
          const int32_t l = a[i * d.a_row + k * d.a_depth], r = b[k * d.b_depth + j * d.b_col];
          total += requantize ? int64_t{l + d.lhs_offset} * (r + d.rhs_offset) : int64_t{l} * r;
        }
        if (!requantize) {
          o[int64_t{i} * d.cols + j] = static_cast<O>(WrapToInt32(total));
          continue;
        }
        const int64_t scaled =
            d.int64_sum ? MultiplyInt64ByQuantizedMultiplier(total, d.multiplier)
                        : MultiplyByQuantizedMultiplier(WrapToInt32(total), d.multiplier);
        o[int64_t{i} * d.cols + j] = static_cast<O>(std::min<int64_t>(
            std::max<int64_t>(scaled + d.output_offset, std::numeric_limits<O>::min()),
            std::numeric_limits<O>::max()));
      }
    }
  });
}

Status Eval(KernelContext& context) {
  const BatchMatMulData& d = *context.op_data<BatchMatMulData>();
  const Tensor* lhs = context.input(0);
  const Tensor* rhs = context.input(1);
  Tensor* out = context.output(0);
  if (d.hybrid.enabled) {
    EvalHybridBatchMatMul(context, d);
  } else if (lhs->type == DataType::kFloat32) {
    EvalFloat(d, lhs->data_as<float>(), rhs->data_as<float>(), out->data_as<float>());
  } else if (lhs->type == DataType::kInt8 && out->type == DataType::kInt32) {
    EvalInteger(d, lhs->data_as<int8_t>(), rhs->data_as<int8_t>(), out->data_as<int32_t>());
  } else if (lhs->type == DataType::kInt8) {
    EvalInteger(d, lhs->data_as<int8_t>(), rhs->data_as<int8_t>(), out->data_as<int8_t>());
  } else if (rhs->type == DataType::kInt16) {
    EvalInteger(d, lhs->data_as<int16_t>(), rhs->data_as<int16_t>(), out->data_as<int16_t>());
  } else {
    EvalInteger(d, lhs->data_as<int16_t>(), rhs->data_as<int8_t>(), out->data_as<int16_t>());
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_BATCH_MATMUL() {
  static const OpKernel kernel = {"BATCH_MATMUL", Prepare, Eval, internal::ParseBatchMatMulOptions};
  return &kernel;
}

}  // namespace brasa
