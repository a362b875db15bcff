// RESHAPE: the same bytes under a new shape (QUANTIZATION.md §2.13: a raw
// move; quantization passes through). Follows LiteRT's reshape.cc: a 1-D int32
// shape input wins over the new_shape option; one -1 dimension is inferred.
#include <cstdint>
#include <cstring>

#include "brasa/kernel.h"
#include "kernels/params.h"
#include "src/model/option_parsers.h"

namespace brasa {
namespace {

constexpr int kInput = 0;
constexpr int kShapeInput = 1;
// Element counts past this are rejected; far above any real tensor.
constexpr int64_t kMaxElements = int64_t{1} << 40;

bool IsUsableShapeTensor(const Tensor* shape) {
  return shape != nullptr && shape->rank() == 1 && shape->type == DataType::kInt32;
}

// The requested shape, before -1 is resolved.
Status RequestedShape(KernelContext& context, Shape* shape) {
  const Tensor* shape_tensor =
      context.num_inputs() > kShapeInput ? context.input(kShapeInput) : nullptr;
  const ReshapeParams* params = static_cast<const ReshapeParams*>(context.raw_params());
  const bool has_option = params != nullptr && params->num_dims >= 0;
  if (IsUsableShapeTensor(shape_tensor)) {
    if (shape_tensor->allocation != Allocation::kConstant) {
      return context.ErrorWithCode(
          StatusCode::kUnsupported,
          "the shape input is not a constant tensor (brasa fixes shapes at Prepare)");
    }
    const int32_t* values = shape_tensor->data_as<int32_t>();
    shape->assign(values, values + shape_tensor->dim(0));
    return Status::Ok();
  }
  if (shape_tensor != nullptr && !has_option) {
    return context.Error("shape input must be a 1-D int32 tensor, got %s of rank %d",
                         DataTypeName(shape_tensor->type), shape_tensor->rank());
  }
  if (!has_option) {  // LiteRT reads an absent option as an empty (scalar) shape
    shape->clear();
    return Status::Ok();
  }
  if (params->num_dims > kMaxParamDims) {
    return context.Error("new_shape option has %d dimensions, at most %d supported",
                         params->num_dims, kMaxParamDims);
  }
  shape->assign(params->shape, params->shape + params->num_dims);
  // Legacy converters wrote [0] for a scalar.
  if (shape->size() == 1 && (*shape)[0] == 0) shape->clear();
  return Status::Ok();
}

Status Prepare(KernelContext& context) {
  if (context.num_inputs() < 1 || context.num_inputs() > 2 || context.num_outputs() != 1) {
    return context.Error("expects 1 or 2 inputs and 1 output, got %d and %d", context.num_inputs(),
                         context.num_outputs());
  }
  const Tensor* input = context.input(kInput);
  if (input == nullptr) return context.Error("input 0 is missing");
  const Tensor* output = context.output(0);
  if (output->type != input->type) {
    return context.Error("output type %s differs from input type %s", DataTypeName(output->type),
                         DataTypeName(input->type));
  }
  Shape shape;
  BRASA_RETURN_IF_ERROR(RequestedShape(context, &shape));

  int stretch_dim = -1;
  int64_t known_elements = 1;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == -1) {
      if (stretch_dim != -1) return context.Error("new shape has more than one -1 dimension");
      stretch_dim = static_cast<int>(i);
    } else if (shape[i] < 0) {
      return context.Error("new shape has a negative dimension (%d)", shape[i]);
    } else {
      known_elements *= shape[i];
      if (known_elements > kMaxElements) return context.Error("new shape is too large");
    }
  }
  const int64_t input_elements = input->element_count();
  if (stretch_dim != -1) {
    int64_t inferred = 0;
    if (known_elements != 0) {
      inferred = input_elements / known_elements;
    } else if (input_elements != 0) {
      return context.Error("cannot infer the -1 dimension: the other dimensions hold 0 elements");
    }
    if (inferred > INT32_MAX) return context.Error("inferred dimension is too large");
    shape[static_cast<size_t>(stretch_dim)] = static_cast<int32_t>(inferred);
    known_elements *= inferred;
  }
  if (known_elements != input_elements) {
    return context.Error("input has %lld elements, the new shape %s has %lld",
                         static_cast<long long>(input_elements), ShapeToString(shape).c_str(),
                         static_cast<long long>(known_elements));
  }
  return context.ResizeOutput(0, shape);
}

Status Eval(KernelContext& context) {
  const Tensor* input = context.input(kInput);
  Tensor* output = context.output(0);
  if (input->data != output->data && output->bytes > 0) {
    std::memcpy(output->data, input->data, output->bytes);
  }
  return Status::Ok();
}

}  // namespace

const OpKernel* Register_RESHAPE() {
  static const OpKernel kernel = {"RESHAPE", Prepare, Eval, internal::ParseReshapeOptions};
  return &kernel;
}

}  // namespace brasa
