// SQUEEZE: drops size-1 dimensions; the bytes are unchanged (a raw move,
// QUANTIZATION.md §2.13). Follows LiteRT's squeeze.cc: with no squeeze_dims
// every size-1 dimension goes; listed dimensions (negative allowed, repeats
// ignored) must have size 1.
#include <cstring>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "kernels/ref/common/unary_op.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

constexpr int kMaxSqueezeRank = 8;

Status Prepare(KernelContext& context) {
  BRASA_RETURN_IF_ERROR(CheckOneInputOneOutput(context));
  const Tensor* input = context.input(0);
  const Tensor* output = context.output(0);
  if (output->type != input->type) {
    return context.Error("output type %s differs from input type %s", DataTypeName(output->type),
                         DataTypeName(input->type));
  }
  const int rank = input->rank();
  if (rank > kMaxSqueezeRank) {
    return context.ErrorWithCode(StatusCode::kUnsupported,
                                 "input has rank %d, at most %d supported", rank, kMaxSqueezeRank);
  }
  const SqueezeParams* params = static_cast<const SqueezeParams*>(context.raw_params());
  const int num_listed = params == nullptr ? 0 : params->num_dims;
  if (num_listed < 0 || num_listed > kMaxParamDims) {
    return context.Error("squeeze_dims has %d entries", num_listed);
  }
  bool squeeze[kMaxSqueezeRank] = {};
  if (num_listed == 0) {
    for (int d = 0; d < rank; ++d) squeeze[d] = input->dim(d) == 1;
  } else {
    for (int i = 0; i < num_listed; ++i) {
      const int listed = params->dims[i];
      const int d = listed < 0 ? listed + rank : listed;
      if (d < 0 || d >= rank) {
        return context.Error("squeeze dimension %d is out of range for rank %d", listed, rank);
      }
      if (input->dim(d) != 1) {
        return context.Error("cannot squeeze dimension %d of size %d", listed, input->dim(d));
      }
      squeeze[d] = true;
    }
  }
  Shape shape;
  for (int d = 0; d < rank; ++d) {
    if (!squeeze[d]) shape.push_back(input->dim(d));
  }
  return context.ResizeOutput(0, shape);
}

Status Eval(KernelContext& context) {
  const Tensor* input = context.input(0);
  Tensor* output = context.output(0);
  if (input->data != output->data && output->bytes > 0) {
    std::memcpy(output->data, input->data, output->bytes);
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_SQUEEZE() {
  static const OpKernel kernel = {"SQUEEZE", Prepare, Eval, internal::ParseSqueezeOptions};
  return &kernel;
}

}  // namespace brasa
