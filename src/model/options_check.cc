#include "src/model/options_check.h"

#include <string>

#include "src/model/verify_tables.h"

namespace brasa {
namespace internal {
namespace {

using tflite::BuiltinOptions;

// 3 bytes a row (a builtin code brasa parses is below 256: a larger one
// would not compile here).
struct ExpectedOptions {
  uint8_t code;
  BuiltinOptions type;
  bool required;  // the op has no meaningful defaults (strides, block sizes, subgraphs)
};

// The options table each builtin brasa parses reads (src/model/builtin_params.cc).
constexpr ExpectedOptions kExpected[] = {
    {0, BuiltinOptions::AddOptions, false},
    {1, BuiltinOptions::Pool2DOptions, true},
    {2, BuiltinOptions::ConcatenationOptions, false},
    {3, BuiltinOptions::Conv2DOptions, true},
    {4, BuiltinOptions::DepthwiseConv2DOptions, true},
    {5, BuiltinOptions::DepthToSpaceOptions, true},
    {9, BuiltinOptions::FullyConnectedOptions, false},
    {11, BuiltinOptions::L2NormOptions, false},
    {12, BuiltinOptions::Pool2DOptions, true},
    {13, BuiltinOptions::LocalResponseNormalizationOptions, false},
    {17, BuiltinOptions::Pool2DOptions, true},
    {18, BuiltinOptions::MulOptions, false},
    {22, BuiltinOptions::ReshapeOptions, false},
    {23, BuiltinOptions::ResizeBilinearOptions, false},
    {24, BuiltinOptions::RNNOptions, false},
    {25, BuiltinOptions::SoftmaxOptions, false},
    {26, BuiltinOptions::SpaceToDepthOptions, true},
    {27, BuiltinOptions::SVDFOptions, false},
    {35, BuiltinOptions::SequenceRNNOptions, false},
    {36, BuiltinOptions::GatherOptions, false},
    {40, BuiltinOptions::ReducerOptions, false},
    {41, BuiltinOptions::SubOptions, false},
    {42, BuiltinOptions::DivOptions, false},
    {43, BuiltinOptions::SqueezeOptions, false},
    {44, BuiltinOptions::UnidirectionalSequenceLSTMOptions, false},
    {45, BuiltinOptions::StridedSliceOptions, false},
    {46, BuiltinOptions::BidirectionalSequenceRNNOptions, false},
    {49, BuiltinOptions::SplitOptions, false},
    {52, BuiltinOptions::BidirectionalSequenceLSTMOptions, false},
    {67, BuiltinOptions::TransposeConvOptions, true},
    {74, BuiltinOptions::ReducerOptions, false},
    {81, BuiltinOptions::ReducerOptions, false},
    {82, BuiltinOptions::ReducerOptions, false},
    {83, BuiltinOptions::PackOptions, false},
    {88, BuiltinOptions::UnpackOptions, false},
    {89, BuiltinOptions::ReducerOptions, false},
    {91, BuiltinOptions::ReducerOptions, false},
    {97, BuiltinOptions::ResizeNearestNeighborOptions, false},
    {98, BuiltinOptions::LeakyReluOptions, false},
    {100, BuiltinOptions::MirrorPadOptions, false},
    {102, BuiltinOptions::SplitVOptions, false},
    {118, BuiltinOptions::IfOptions, true},
    {119, BuiltinOptions::WhileOptions, true},
    {126, BuiltinOptions::BatchMatMulOptions, false},
    {128, BuiltinOptions::CumsumOptions, false},
    {129, BuiltinOptions::CallOnceOptions, false},
    {142, BuiltinOptions::VarHandleOptions, false},
    {150, BuiltinOptions::GeluOptions, false},
};

// The options table of an operator brasa parses, verified as the schema's
// generated verifier does (a bare-metal build's structural verifier leaves
// options tables to this: verify_tables.h). Only the types of kExpected.
bool VerifyOptionsTable(const ModelData& model, const void* table, BuiltinOptions type) {
  flatbuffers::Verifier verifier = ModelVerifier(model.bytes, model.size);
  switch (type) {
    case BuiltinOptions::AddOptions:
      return verifier.VerifyTable(static_cast<const tflite::AddOptions*>(table));
    case BuiltinOptions::BatchMatMulOptions:
      return verifier.VerifyTable(static_cast<const tflite::BatchMatMulOptions*>(table));
    case BuiltinOptions::BidirectionalSequenceLSTMOptions:
      return verifier.VerifyTable(static_cast<const tflite::BidirectionalSequenceLSTMOptions*>(table));
    case BuiltinOptions::BidirectionalSequenceRNNOptions:
      return verifier.VerifyTable(static_cast<const tflite::BidirectionalSequenceRNNOptions*>(table));
    case BuiltinOptions::CallOnceOptions:
      return verifier.VerifyTable(static_cast<const tflite::CallOnceOptions*>(table));
    case BuiltinOptions::ConcatenationOptions:
      return verifier.VerifyTable(static_cast<const tflite::ConcatenationOptions*>(table));
    case BuiltinOptions::Conv2DOptions:
      return verifier.VerifyTable(static_cast<const tflite::Conv2DOptions*>(table));
    case BuiltinOptions::CumsumOptions:
      return verifier.VerifyTable(static_cast<const tflite::CumsumOptions*>(table));
    case BuiltinOptions::DepthToSpaceOptions:
      return verifier.VerifyTable(static_cast<const tflite::DepthToSpaceOptions*>(table));
    case BuiltinOptions::DepthwiseConv2DOptions:
      return verifier.VerifyTable(static_cast<const tflite::DepthwiseConv2DOptions*>(table));
    case BuiltinOptions::DivOptions:
      return verifier.VerifyTable(static_cast<const tflite::DivOptions*>(table));
    case BuiltinOptions::FullyConnectedOptions:
      return verifier.VerifyTable(static_cast<const tflite::FullyConnectedOptions*>(table));
    case BuiltinOptions::GatherOptions:
      return verifier.VerifyTable(static_cast<const tflite::GatherOptions*>(table));
    case BuiltinOptions::GeluOptions:
      return verifier.VerifyTable(static_cast<const tflite::GeluOptions*>(table));
    case BuiltinOptions::IfOptions:
      return verifier.VerifyTable(static_cast<const tflite::IfOptions*>(table));
    case BuiltinOptions::L2NormOptions:
      return verifier.VerifyTable(static_cast<const tflite::L2NormOptions*>(table));
    case BuiltinOptions::LeakyReluOptions:
      return verifier.VerifyTable(static_cast<const tflite::LeakyReluOptions*>(table));
    case BuiltinOptions::LocalResponseNormalizationOptions:
      return verifier.VerifyTable(static_cast<const tflite::LocalResponseNormalizationOptions*>(table));
    case BuiltinOptions::MirrorPadOptions:
      return verifier.VerifyTable(static_cast<const tflite::MirrorPadOptions*>(table));
    case BuiltinOptions::MulOptions:
      return verifier.VerifyTable(static_cast<const tflite::MulOptions*>(table));
    case BuiltinOptions::PackOptions:
      return verifier.VerifyTable(static_cast<const tflite::PackOptions*>(table));
    case BuiltinOptions::Pool2DOptions:
      return verifier.VerifyTable(static_cast<const tflite::Pool2DOptions*>(table));
    case BuiltinOptions::RNNOptions:
      return verifier.VerifyTable(static_cast<const tflite::RNNOptions*>(table));
    case BuiltinOptions::ReducerOptions:
      return verifier.VerifyTable(static_cast<const tflite::ReducerOptions*>(table));
    case BuiltinOptions::ReshapeOptions:
      return verifier.VerifyTable(static_cast<const tflite::ReshapeOptions*>(table));
    case BuiltinOptions::ResizeBilinearOptions:
      return verifier.VerifyTable(static_cast<const tflite::ResizeBilinearOptions*>(table));
    case BuiltinOptions::ResizeNearestNeighborOptions:
      return verifier.VerifyTable(static_cast<const tflite::ResizeNearestNeighborOptions*>(table));
    case BuiltinOptions::SVDFOptions:
      return verifier.VerifyTable(static_cast<const tflite::SVDFOptions*>(table));
    case BuiltinOptions::SequenceRNNOptions:
      return verifier.VerifyTable(static_cast<const tflite::SequenceRNNOptions*>(table));
    case BuiltinOptions::SoftmaxOptions:
      return verifier.VerifyTable(static_cast<const tflite::SoftmaxOptions*>(table));
    case BuiltinOptions::SpaceToDepthOptions:
      return verifier.VerifyTable(static_cast<const tflite::SpaceToDepthOptions*>(table));
    case BuiltinOptions::SplitOptions:
      return verifier.VerifyTable(static_cast<const tflite::SplitOptions*>(table));
    case BuiltinOptions::SplitVOptions:
      return verifier.VerifyTable(static_cast<const tflite::SplitVOptions*>(table));
    case BuiltinOptions::SqueezeOptions:
      return verifier.VerifyTable(static_cast<const tflite::SqueezeOptions*>(table));
    case BuiltinOptions::StridedSliceOptions:
      return verifier.VerifyTable(static_cast<const tflite::StridedSliceOptions*>(table));
    case BuiltinOptions::SubOptions:
      return verifier.VerifyTable(static_cast<const tflite::SubOptions*>(table));
    case BuiltinOptions::TransposeConvOptions:
      return verifier.VerifyTable(static_cast<const tflite::TransposeConvOptions*>(table));
    case BuiltinOptions::UnidirectionalSequenceLSTMOptions:
      return verifier.VerifyTable(static_cast<const tflite::UnidirectionalSequenceLSTMOptions*>(table));
    case BuiltinOptions::UnpackOptions:
      return verifier.VerifyTable(static_cast<const tflite::UnpackOptions*>(table));
    case BuiltinOptions::VarHandleOptions:
      return verifier.VerifyTable(static_cast<const tflite::VarHandleOptions*>(table));
    case BuiltinOptions::WhileOptions:
      return verifier.VerifyTable(static_cast<const tflite::WhileOptions*>(table));
    default:
      return false;
  }
}

template <typename E>
bool InRange(E value) {
  return value >= E::MIN && value <= E::MAX;
}

Status CheckPadding(tflite::Padding padding) {
  if (InRange(padding)) return Status::Ok();
  return InvalidModelError("padding " + std::to_string(static_cast<int>(padding)) +
                           " is not SAME or VALID");
}

template <typename Options>
Status CheckActivation(const Options* o) {
  if (o == nullptr || InRange(o->fused_activation_function())) return Status::Ok();
  return InvalidModelError("fused activation " +
                           std::to_string(static_cast<int>(o->fused_activation_function())) +
                           " is not a known activation function");
}

Status CheckPositive(const char* what, int32_t value) {
  if (value > 0) return Status::Ok();
  return InvalidModelError(std::string(what) + " is " + std::to_string(value) +
                           ", must be positive");
}

Status CheckValues(const tflite::Operator& op) {
  if (const auto* o = op.builtin_options_as_Conv2DOptions()) {
    BRASA_RETURN_IF_ERROR(CheckPadding(o->padding()));
    BRASA_RETURN_IF_ERROR(CheckPositive("stride_w", o->stride_w()));
    BRASA_RETURN_IF_ERROR(CheckPositive("stride_h", o->stride_h()));
    BRASA_RETURN_IF_ERROR(CheckPositive("dilation_w_factor", o->dilation_w_factor()));
    BRASA_RETURN_IF_ERROR(CheckPositive("dilation_h_factor", o->dilation_h_factor()));
  }
  if (const auto* o = op.builtin_options_as_DepthwiseConv2DOptions()) {
    BRASA_RETURN_IF_ERROR(CheckPadding(o->padding()));
    BRASA_RETURN_IF_ERROR(CheckPositive("stride_w", o->stride_w()));
    BRASA_RETURN_IF_ERROR(CheckPositive("stride_h", o->stride_h()));
    BRASA_RETURN_IF_ERROR(CheckPositive("dilation_w_factor", o->dilation_w_factor()));
    BRASA_RETURN_IF_ERROR(CheckPositive("dilation_h_factor", o->dilation_h_factor()));
    // depth_multiplier is not checked: LiteRT ignores it (the kernel derives
    // it from the shapes and rejects a zero or fractional one in Prepare).
  }
  if (const auto* o = op.builtin_options_as_Pool2DOptions()) {
    BRASA_RETURN_IF_ERROR(CheckPadding(o->padding()));
    BRASA_RETURN_IF_ERROR(CheckPositive("stride_w", o->stride_w()));
    BRASA_RETURN_IF_ERROR(CheckPositive("stride_h", o->stride_h()));
    BRASA_RETURN_IF_ERROR(CheckPositive("filter_width", o->filter_width()));
    BRASA_RETURN_IF_ERROR(CheckPositive("filter_height", o->filter_height()));
  }
  if (const auto* o = op.builtin_options_as_TransposeConvOptions()) {
    BRASA_RETURN_IF_ERROR(CheckPadding(o->padding()));
    BRASA_RETURN_IF_ERROR(CheckPositive("stride_w", o->stride_w()));
    BRASA_RETURN_IF_ERROR(CheckPositive("stride_h", o->stride_h()));
  }
  if (const auto* o = op.builtin_options_as_SpaceToDepthOptions()) {
    BRASA_RETURN_IF_ERROR(CheckPositive("block_size", o->block_size()));
  }
  if (const auto* o = op.builtin_options_as_DepthToSpaceOptions()) {
    BRASA_RETURN_IF_ERROR(CheckPositive("block_size", o->block_size()));
  }
  if (const auto* o = op.builtin_options_as_FullyConnectedOptions()) {
    if (!InRange(o->weights_format())) {
      return InvalidModelError("weights format " +
                               std::to_string(static_cast<int>(o->weights_format())) +
                               " is not a known format");
    }
  }
  if (const auto* o = op.builtin_options_as_MirrorPadOptions()) {
    if (!InRange(o->mode())) {
      return InvalidModelError("mirror pad mode " + std::to_string(static_cast<int>(o->mode())) +
                               " is not REFLECT or SYMMETRIC");
    }
  }
  BRASA_RETURN_IF_ERROR(CheckActivation(op.builtin_options_as_Conv2DOptions()));
  BRASA_RETURN_IF_ERROR(CheckActivation(op.builtin_options_as_DepthwiseConv2DOptions()));
  BRASA_RETURN_IF_ERROR(CheckActivation(op.builtin_options_as_Pool2DOptions()));
  BRASA_RETURN_IF_ERROR(CheckActivation(op.builtin_options_as_FullyConnectedOptions()));
  BRASA_RETURN_IF_ERROR(CheckActivation(op.builtin_options_as_AddOptions()));
  BRASA_RETURN_IF_ERROR(CheckActivation(op.builtin_options_as_SubOptions()));
  BRASA_RETURN_IF_ERROR(CheckActivation(op.builtin_options_as_MulOptions()));
  BRASA_RETURN_IF_ERROR(CheckActivation(op.builtin_options_as_DivOptions()));
  BRASA_RETURN_IF_ERROR(CheckActivation(op.builtin_options_as_ConcatenationOptions()));
  BRASA_RETURN_IF_ERROR(CheckActivation(op.builtin_options_as_L2NormOptions()));
  BRASA_RETURN_IF_ERROR(CheckActivation(op.builtin_options_as_RNNOptions()));
  BRASA_RETURN_IF_ERROR(CheckActivation(op.builtin_options_as_SVDFOptions()));
  BRASA_RETURN_IF_ERROR(CheckActivation(op.builtin_options_as_SequenceRNNOptions()));
  BRASA_RETURN_IF_ERROR(CheckActivation(op.builtin_options_as_UnidirectionalSequenceLSTMOptions()));
  BRASA_RETURN_IF_ERROR(CheckActivation(op.builtin_options_as_BidirectionalSequenceLSTMOptions()));
  BRASA_RETURN_IF_ERROR(CheckActivation(op.builtin_options_as_BidirectionalSequenceRNNOptions()));
  return CheckActivation(op.builtin_options_as_TransposeConvOptions());
}

}  // namespace

Status CheckBuiltinOptions(int32_t code, const tflite::Operator& op, const ModelData& model) {
  const BuiltinOptions actual = op.builtin_options_type();
  for (const ExpectedOptions& expected : kExpected) {
    if (expected.code != code) continue;
    if (actual == BuiltinOptions::NONE || op.builtin_options() == nullptr) {
      if (!expected.required) return Status::Ok();
      return InvalidModelError(std::string("the operator has no options; it needs ") +
                               tflite::EnumNameBuiltinOptions(expected.type));
    }
    if (actual != expected.type) {
      const char* name = tflite::EnumNameBuiltinOptions(actual);
      return InvalidModelError(std::string("options are ") +
                               (name && *name ? name : std::to_string(static_cast<int>(actual))) +
                               ", expected " + tflite::EnumNameBuiltinOptions(expected.type));
    }
    if (!VerifyOptionsTable(model, op.builtin_options(), actual)) {
      return InvalidModelError(std::string(tflite::EnumNameBuiltinOptions(actual)) +
                               " table failed verification (corrupt file)");
    }
    return CheckValues(op);
  }
  return Status::Ok();
}

}  // namespace internal
}  // namespace brasa
