// MIRROR_PAD: pads each axis with a mirror image of the input's edge.
// REFLECT leaves the edge element out ([a b c] padded by 2: c b a b c b a),
// SYMMETRIC repeats it (b a a b c c b); paddings is an int32/int64 constant
// [rank, 2] of at most size-1 (REFLECT) or size (SYMMETRIC) per side.
// Prepare builds, per axis, the input index each output index reads; Eval
// walks the output rows. A raw move of any 1/2/4/8-byte element type.
#include <cstdint>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/data_movement.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

struct MirrorPadData {
  int32_t rank = 0;
  int32_t output_dims[kMaxMoveRank];
  int64_t input_strides[kMaxMoveRank];
  int32_t* source[kMaxMoveRank];  // per axis: output index -> input index
};

Status Prepare(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckArity(context, 2, 1));
  const Tensor& input = *context.input(0);
  const Tensor& paddings = *context.input(1);
  BRASA_RETURN_IF_ERROR(CheckSameType(context, input, *context.output(0)));
  BRASA_RETURN_IF_ERROR(CheckMovableType(context, input.type));
  BRASA_RETURN_IF_ERROR(CheckRank(context, input, "input"));
  BRASA_RETURN_IF_ERROR(CheckConstantIndexInput(context, paddings, "paddings"));
  const int rank = input.rank();
  if (paddings.rank() != 2 || paddings.dim(0) != rank || paddings.dim(1) != 2) {
    return context.Error("paddings has shape %s, expected [%d,2]",
                         ShapeToString(paddings.shape).c_str(), rank);
  }
  const MirrorPadParams params =
      context.raw_params() != nullptr ? context.params<MirrorPadParams>() : MirrorPadParams();
  const int64_t skip_edge = params.mode == MirrorPadMode::kReflect ? 1 : 0;
  MirrorPadData* data = context.NewOpData<MirrorPadData>();
  if (data == nullptr) {
    return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
  }
  data->rank = rank;
  RowMajorStrides(input.shape, data->input_strides);
  Shape shape(static_cast<size_t>(rank));
  for (int d = 0; d < rank; ++d) {
    const int64_t n = input.dim(d);
    const int64_t before = IndexAt(paddings, 2 * d);
    const int64_t after = IndexAt(paddings, 2 * d + 1);
    if (before < 0 || after < 0 || before > n - skip_edge || after > n - skip_edge) {
      return context.Error("padding (%lld, %lld) of axis %d (size %lld) is invalid for this mode",
                           static_cast<long long>(before), static_cast<long long>(after), d,
                           static_cast<long long>(n));
    }
    const int64_t size = n + before + after;
    int32_t* source = static_cast<int32_t*>(
        context.AllocatePersistent(sizeof(int32_t) * static_cast<size_t>(size > 0 ? size : 1)));
    if (source == nullptr) {
      return context.ErrorWithCode(StatusCode::kResourceExhausted, "out of memory");
    }
    for (int64_t i = 0; i < size; ++i) {
      int64_t j = i - before;
      if (j < 0) j = -j - 1 + skip_edge;
      if (j >= n) j = 2 * n - 1 - j - skip_edge;
      source[i] = static_cast<int32_t>(j);
    }
    data->source[d] = source;
    data->output_dims[d] = static_cast<int32_t>(size);
    shape[static_cast<size_t>(d)] = static_cast<int32_t>(size);
  }
  return context.ResizeOutput(0, shape);
}

template <typename T>
void MirrorPad(const MirrorPadData& d, const T* input, T* output, int64_t count) {
  if (d.rank == 0) {
    *output = *input;
    return;
  }
  const int last = d.rank - 1;
  const int32_t* row_source = d.source[last];
  const int64_t row = d.output_dims[last];
  int32_t index[kMaxMoveRank] = {};
  for (int64_t o = 0; o < count; o += row) {
    int64_t offset = 0;
    for (int a = 0; a < last; ++a) offset += d.source[a][index[a]] * d.input_strides[a];
    for (int64_t j = 0; j < row; ++j) output[o + j] = input[offset + row_source[j]];
    for (int a = last - 1; a >= 0; --a) {
      if (++index[a] < d.output_dims[a]) break;
      index[a] = 0;
    }
  }
}

Status Eval(KernelContext& context) {
  const MirrorPadData& d = *context.op_data<MirrorPadData>();
  const Tensor& input = *context.input(0);
  Tensor& output = *context.output(0);
  const int64_t count = output.element_count();
  if (count == 0) return Status::Ok();
  WithCarrier(input.type, [&](auto carrier) {
    using T = decltype(carrier);
    MirrorPad(d, input.data_as<T>(), output.data_as<T>(), count);
  });
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_MIRROR_PAD() {
  static const OpKernel kernel = {"MIRROR_PAD", Prepare, Eval, internal::ParseMirrorPadOptions};
  return &kernel;
}

}  // namespace brasa
