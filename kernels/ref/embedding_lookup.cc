// EMBEDDING_LOOKUP: output row i is row ids[i] of the value table (rank >= 2),
// moved raw; the output has the value's type (quantized values keep their
// parameters). An id outside the table is an error at Invoke, as in LiteRT.
// Hybrid lookup (LiteRT's EvalHybrid): an int8 or uint8 table with float32
// output, each value times its table's scale (or its row's, per-axis along
// dimension 0); the zero point must be 0. LiteRT reads a uint8 table's bytes
// as int8 there, and so does brasa. Not supported: int4/int2 tables and
// float16 output.
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "brasa/kernel.h"

namespace brasa {
namespace {

struct LookupData {
  int64_t rows = 0;
  size_t row_bytes = 0;
  // Hybrid only: the row length and the scale of each row (or of all).
  bool hybrid = false;
  int64_t row_size = 0;
  const float* scales = nullptr;
  bool per_row = false;
};

// Checks a hybrid table's quantization and keeps its scales.
Status PrepareHybrid(KernelContext& context, const Tensor& value, LookupData* data) {
  const Quantization& q = value.quantization;
  if (q.scales.empty() || q.zero_points.empty()) {
    return context.Error("a hybrid lookup table needs a scale and a zero point");
  }
  if (q.zero_points[0] != 0) {
    return context.Error("a hybrid lookup table has zero point %d, not 0", q.zero_points[0]);
  }
  data->per_row = q.scales.size() > 1;
  if (data->per_row && (q.quantized_dimension != 0 ||
                        static_cast<int64_t>(q.scales.size()) != value.dim(0))) {
    return context.Error("per-axis table scales must be one per row of dimension 0");
  }
  auto* scales = static_cast<float*>(context.AllocatePersistent(sizeof(float) * q.scales.size()));
  if (scales == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  std::copy(q.scales.begin(), q.scales.end(), scales);
  data->scales = scales;
  data->hybrid = true;
  return Status::Ok();
}

Status Prepare(KernelContext& context) {
  if (context.num_inputs() != 2 || context.num_outputs() != 1) {
    return context.Error("expects 2 inputs and 1 output, got %d and %d", context.num_inputs(),
                         context.num_outputs());
  }
  const Tensor* ids = context.input(0);
  const Tensor* value = context.input(1);
  if (ids == nullptr || value == nullptr) return context.Error("an input is missing");
  if (ids->type != DataType::kInt32 || ids->rank() != 1) {
    return context.Error("ids must be 1-D int32, got %s%s", DataTypeName(ids->type),
                         ShapeToString(ids->shape).c_str());
  }
  if (value->rank() < 2) return context.Error("value must have rank 2 or more");
  const DataType out_type = context.output(0)->type;
  const bool hybrid = out_type == DataType::kFloat32 &&
                      (value->type == DataType::kInt8 || value->type == DataType::kUInt8);
  if (out_type != value->type && !hybrid) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "%s table with %s output is not supported (hybrid lookup)",
                                 DataTypeName(value->type), DataTypeName(out_type));
  }
  const size_t element_size = DataTypeSize(value->type);
  if (element_size == 0) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "value type %s is not supported",
                                 DataTypeName(value->type));
  }
  LookupData* data = context.NewOpData<LookupData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  if (hybrid) BRASA_RETURN_IF_ERROR(PrepareHybrid(context, *value, data));
  data->rows = value->dim(0);
  data->row_size = data->rows > 0 ? value->element_count() / data->rows : 0;
  data->row_bytes =
      data->rows > 0 ? element_size * static_cast<size_t>(value->element_count() / data->rows) : 0;
  Shape shape = value->shape;
  shape[0] = ids->dim(0);
  return context.ResizeOutput(0, shape);
}

Status Eval(KernelContext& context) {
  const LookupData& d = *context.op_data<LookupData>();
  const Tensor* ids = context.input(0);
  const auto* table = static_cast<const uint8_t*>(context.input(1)->data);
  auto* out = static_cast<uint8_t*>(context.output(0)->data);
  const int32_t* id = ids->data_as<int32_t>();
  for (int64_t i = 0; i < ids->element_count(); ++i) {
    if (id[i] < 0 || id[i] >= d.rows) {
      return context.ErrorWithCode(StatusCode::kInvalidArgument,
                                   "id %d at position %lld is outside the table's %lld rows", id[i],
                                   static_cast<long long>(i), static_cast<long long>(d.rows));
    }
    if (d.hybrid) {
      const float scale = d.scales[d.per_row ? id[i] : 0];
      const auto* row = reinterpret_cast<const int8_t*>(table) + id[i] * d.row_size;
      float* out_row = context.output(0)->data_as<float>() + i * d.row_size;
      for (int64_t j = 0; j < d.row_size; ++j) out_row[j] = row[j] * scale;
      continue;
    }
    std::memcpy(out + static_cast<size_t>(i) * d.row_bytes,
                table + static_cast<size_t>(id[i]) * d.row_bytes, d.row_bytes);
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_EMBEDDING_LOOKUP() {
  static const OpKernel kernel = {"EMBEDDING_LOOKUP", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
