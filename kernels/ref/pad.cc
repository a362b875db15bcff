// PAD and PADV2 (one kernel, as in LiteRT's pad.cc): a raw copy framed by a
// pad value (QUANTIZATION.md §2.12). The pad value is PADV2's constant input
// (raw, and for quantized types it must share the output's scale and zero
// point), else the output zero point for quantized int8/uint8/int16, else 0.
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "brasa/kernel.h"

namespace brasa {
namespace {

constexpr int kInput = 0;
constexpr int kPaddings = 1;
constexpr int kConstantValue = 2;
constexpr int kMaxPadRank = 5;  // LiteRT's PadKernelMaxDimensionCount

// Shapes extended to 5-D by leading size-1, unpadded dimensions.
struct PadData {
  int32_t input_dims[kMaxPadRank];
  int32_t output_dims[kMaxPadRank];
  int32_t before[kMaxPadRank];
  int32_t pad_value = 0;  // integer types without a constant input
};

template <typename P>
Status ReadPaddings(KernelContext& context, const Tensor& paddings, int rank, PadData* data) {
  const P* values = paddings.data_as<P>();
  const int offset = kMaxPadRank - rank;
  const Tensor* input = context.input(kInput);
  for (int d = 0; d < rank; ++d) {
    const int64_t before = values[2 * d];
    const int64_t after = values[2 * d + 1];
    if (before < 0 || after < 0) {
      return context.Error("dimension %d has negative padding (%lld, %lld)", d,
                           static_cast<long long>(before), static_cast<long long>(after));
    }
    const int64_t size = input->dim(d) + before + after;
    if (size > INT32_MAX) return context.Error("padded dimension %d is too large", d);
    data->input_dims[offset + d] = input->dim(d);
    data->output_dims[offset + d] = static_cast<int32_t>(size);
    data->before[offset + d] = static_cast<int32_t>(before);
  }
  return Status::Ok();
}

bool SameQuantization(const Tensor& a, const Tensor& b) {
  return a.quantization.scale() == b.quantization.scale() &&
         a.quantization.zero_point() == b.quantization.zero_point();
}

Status Prepare(KernelContext& context) {
  if (context.num_inputs() < 2 || context.num_inputs() > 3 || context.num_outputs() != 1) {
    return context.Error("expects 2 or 3 inputs and 1 output, got %d and %d", context.num_inputs(),
                         context.num_outputs());
  }
  const Tensor* input = context.input(kInput);
  const Tensor* paddings = context.input(kPaddings);
  if (input == nullptr || paddings == nullptr) return context.Error("an input is missing");
  const Tensor* output = context.output(0);
  const DataType type = input->type;
  if (type != DataType::kFloat32 && type != DataType::kInt8 && type != DataType::kUInt8 &&
      type != DataType::kInt16 && type != DataType::kInt32) {
    return context.ErrorWithCode(StatusCode::kUnsupported, "input type %s is not supported",
                                 DataTypeName(type));
  }
  if (output->type != type) {
    return context.Error("output type %s differs from input type %s", DataTypeName(output->type),
                         DataTypeName(type));
  }
  const int rank = input->rank();
  if (rank > kMaxPadRank) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "input has rank %d, at most %d supported", rank, kMaxPadRank);
  }
  if (paddings->type != DataType::kInt32 && paddings->type != DataType::kInt64) {
    return context.Error("paddings must be int32 or int64, got %s", DataTypeName(paddings->type));
  }
  if (paddings->rank() != 2 || paddings->dim(0) != rank || paddings->dim(1) != 2) {
    return context.Error("paddings has shape %s, expected [%d,2]",
                         ShapeToString(paddings->shape).c_str(), rank);
  }
  if (paddings->allocation != Allocation::kConstant) {
    return context.ErrorWithCode(
        StatusCode::kUnsupported,
        "paddings is not a constant tensor (brasa fixes shapes at Prepare)");
  }

  // The pad value: quantized integer outputs pad with their zero point.
  const bool quantized_path =
      type == DataType::kUInt8 ||
      ((type == DataType::kInt8 || type == DataType::kInt16) && input->quantization.is_quantized());
  const Tensor* constant =
      context.num_inputs() > kConstantValue ? context.input(kConstantValue) : nullptr;
  if (constant != nullptr) {
    if (constant->type != type) {
      return context.Error("constant value type %s differs from input type %s",
                           DataTypeName(constant->type), DataTypeName(type));
    }
    if (constant->element_count() != 1) {
      return context.Error("constant value must hold 1 element, holds %lld",
                           static_cast<long long>(constant->element_count()));
    }
    if (quantized_path && !SameQuantization(*constant, *output)) {
      return context.Error("constant value quantization (%g, %d) differs from output (%g, %d)",
                           constant->quantization.scale(), constant->quantization.zero_point(),
                           output->quantization.scale(), output->quantization.zero_point());
    }
  }

  PadData* data = context.NewOpData<PadData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  for (int d = 0; d < kMaxPadRank; ++d) {
    data->input_dims[d] = data->output_dims[d] = 1;
    data->before[d] = 0;
  }
  BRASA_RETURN_IF_ERROR(paddings->type == DataType::kInt32
                            ? ReadPaddings<int32_t>(context, *paddings, rank, data)
                            : ReadPaddings<int64_t>(context, *paddings, rank, data));
  if (quantized_path) {
    const int32_t zero_point = output->quantization.zero_point();
    const int32_t lo = type == DataType::kUInt8 ? 0 : (type == DataType::kInt8 ? -128 : -32768);
    const int32_t hi = type == DataType::kUInt8 ? 255 : (type == DataType::kInt8 ? 127 : 32767);
    if (zero_point < lo || zero_point > hi) {
      return context.Error("output zero point %d is outside the %s range", zero_point,
                           DataTypeName(type));
    }
    data->pad_value = zero_point;
  }
  Shape shape(data->output_dims + (kMaxPadRank - rank), data->output_dims + kMaxPadRank);
  return context.ResizeOutput(0, shape);
}

// T is a raw carrier of the element's bytes (uint8/uint16/uint32).
template <typename T>
void PadRaw(const PadData& d, const T* input, T* output, T pad) {
  const int32_t* in = d.input_dims;
  const int32_t* out = d.output_dims;
  const int32_t* b = d.before;
  auto inside = [&](int dim, int32_t i) { return i >= b[dim] && i < b[dim] + in[dim]; };
  for (int32_t i0 = 0; i0 < out[0]; ++i0) {
    for (int32_t i1 = 0; i1 < out[1]; ++i1) {
      for (int32_t i2 = 0; i2 < out[2]; ++i2) {
        for (int32_t i3 = 0; i3 < out[3]; ++i3) {
          T* row = output + (((int64_t{i0} * out[1] + i1) * out[2] + i2) * out[3] + i3) * out[4];
          if (!(inside(0, i0) && inside(1, i1) && inside(2, i2) && inside(3, i3))) {
            for (int32_t i4 = 0; i4 < out[4]; ++i4) row[i4] = pad;
            continue;
          }
          int64_t source_row = i0 - b[0];
          source_row = source_row * in[1] + (i1 - b[1]);
          source_row = source_row * in[2] + (i2 - b[2]);
          source_row = source_row * in[3] + (i3 - b[3]);
          // The innermost row: pad, the input row, pad.
          const T* source = input + source_row * in[4];
          std::fill(row, row + b[4], pad);
          std::copy(source, source + in[4], row + b[4]);
          std::fill(row + b[4] + in[4], row + out[4], pad);
        }
      }
    }
  }
}

template <typename T>
void EvalRaw(KernelContext& context, const PadData& data) {
  T pad = static_cast<T>(data.pad_value);  // 0.0f is all zero bits
  const Tensor* constant =
      context.num_inputs() > kConstantValue ? context.input(kConstantValue) : nullptr;
  if (constant != nullptr) std::memcpy(&pad, constant->data, sizeof(T));
  PadRaw<T>(data, context.input(kInput)->data_as<T>(), context.output(0)->data_as<T>(), pad);
}

Status Eval(KernelContext& context) {
  const PadData& data = *context.op_data<PadData>();
  switch (DataTypeSize(context.input(kInput)->type)) {
    case 1: EvalRaw<uint8_t>(context, data); break;
    case 2: EvalRaw<uint16_t>(context, data); break;
    case 4: EvalRaw<uint32_t>(context, data); break;
    default: return context.Error("unexpected element size");
  }
  return Status::Ok();
}

}  // namespace

namespace internal {
// src/runtime/fold_pad.cc: an empty function whose reference links the PAD
// folding, which only ever folds nodes that run this kernel; an application
// that registers no PAD links none of it (about 1.3 KB of a microcontroller's flash).
void LinkPadFolding();
}  // namespace internal

const OpKernel* Register_PAD() {
  internal::LinkPadFolding();
  static const OpKernel kernel = {"PAD", Prepare, Eval};
  return &kernel;
}

const OpKernel* Register_PADV2() {
  static const OpKernel kernel = {"PADV2", Prepare, Eval};
  return &kernel;
}

}  // namespace brasa
